/**
 * A growable ring buffer: a FIFO queue with indexed access. Records pass
 * through a consumer's buffers by the million; a ring reuses its slots, where
 * an array consumed from the front must be sliced or regrown, and leaves
 * behind garbage that every minor collection then has to step over.
 */

/** A FIFO queue of `T` with O(1) push, shift and access by offset from the front. */
export class Ring<T> {
  /** No slots until the first push: many lanes of a high ParallelizationFactor never hold a record. */
  private slots: Array<T | undefined> = [];
  private readonly initialSlots: number;
  /** Slot of the front element. */
  private head = 0;
  private size = 0;

  /** @param capacity slots taken at the first push, rounded up to a power of two (the ring doubles when full). */
  constructor(capacity = 16) {
    let c = 1;
    while (c < capacity) c *= 2;
    this.initialSlots = c;
  }

  /** Elements held. */
  get length(): number {
    return this.size;
  }

  /** Add `value` at the back. */
  push(value: T): void {
    if (this.size === this.slots.length) this.grow();
    this.slots[(this.head + this.size) & (this.slots.length - 1)] = value;
    this.size++;
  }

  /** Remove and return the front element; the ring must not be empty. */
  shift(): T {
    if (this.size === 0) throw new RangeError('shift of an empty ring');
    const value = this.slots[this.head] as T;
    this.slots[this.head] = undefined; // let go of it
    this.head = (this.head + 1) & (this.slots.length - 1);
    this.size--;
    return value;
  }

  /** The element `i` places from the front (0 is the front); `i` must be below `length`. */
  at(i: number): T {
    if (i < 0 || i >= this.size) throw new RangeError(`ring offset ${i} outside 0..${this.size - 1}`);
    return this.slots[(this.head + i) & (this.slots.length - 1)] as T;
  }

  /** Replace the element `i` places from the front; `i` must be below `length`. */
  set(i: number, value: T): void {
    if (i < 0 || i >= this.size) throw new RangeError(`ring offset ${i} outside 0..${this.size - 1}`);
    this.slots[(this.head + i) & (this.slots.length - 1)] = value;
  }

  /** Remove the first `n` elements and return them in order. */
  take(n: number): T[] {
    if (n > this.size) throw new RangeError(`take ${n} of a ring of ${this.size}`);
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) out[i] = this.shift();
    return out;
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Array<T | undefined>(Math.max(this.initialSlots, old.length * 2)).fill(undefined);
    for (let i = 0; i < this.size; i++) slots[i] = old[(this.head + i) & (old.length - 1)];
    this.slots = slots;
    this.head = 0;
  }
}
