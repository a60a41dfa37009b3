/**
 * The model's pending timers: a binary min-heap ordered by due time, ties by
 * the order they were set. That is the order `@sinonjs/fake-timers` fires
 * timers in; here a timer costs three array slots instead of a timer object
 * with its own closures, which is what a week of retries is made of.
 *
 * Stored as parallel arrays (due time, sequence, callback) so that setting a
 * timer allocates nothing beyond its callback.
 */
export class TimerHeap {
  private readonly due: number[] = [];
  private readonly seq: number[] = [];
  private readonly fns: Array<() => void> = [];
  private nextSeq = 0;

  /** Timers pending. */
  get size(): number {
    return this.due.length;
  }

  /** Due time of the earliest timer (undefined when none). */
  peekDue(): number | undefined {
    return this.due[0];
  }

  /** Add `fn`, due at `at`; among equal due times, earlier additions fire first. */
  push(at: number, fn: () => void): void {
    let i = this.due.length;
    const s = this.nextSeq++;
    this.due.push(at);
    this.seq.push(s);
    this.fns.push(fn);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(at, s, this.due[parent]!, this.seq[parent]!)) break;
      this.move(parent, i);
      i = parent;
    }
    this.place(i, at, s, fn);
  }

  /** Remove and return the earliest timer's callback (the heap must not be empty). */
  pop(): () => void {
    const top = this.fns[0]!;
    const last = this.due.length - 1;
    const at = this.due[last]!;
    const s = this.seq[last]!;
    const fn = this.fns[last]!;
    this.due.pop();
    this.seq.pop();
    this.fns.pop();
    if (last > 0) this.siftDown(at, s, fn, last);
    return top;
  }

  private siftDown(at: number, s: number, fn: () => void, n: number): void {
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && less(this.due[right]!, this.seq[right]!, this.due[left]!, this.seq[left]!) ? right : left;
      if (!less(this.due[child]!, this.seq[child]!, at, s)) break;
      this.move(child, i);
      i = child;
    }
    this.place(i, at, s, fn);
  }

  private move(from: number, to: number): void {
    this.due[to] = this.due[from]!;
    this.seq[to] = this.seq[from]!;
    this.fns[to] = this.fns[from]!;
  }

  private place(i: number, at: number, s: number, fn: () => void): void {
    this.due[i] = at;
    this.seq[i] = s;
    this.fns[i] = fn;
  }
}

/** Does a timer due at `aAt`, set `aSeq`-th, fire before one due at `bAt`, set `bSeq`-th? */
function less(aAt: number, aSeq: number, bAt: number, bSeq: number): boolean {
  return aAt < bAt || (aAt === bAt && aSeq < bSeq);
}
