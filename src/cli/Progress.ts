/**
 * Progress of a long run on a terminal: a single rewritten line on stderr
 * when stderr is a TTY, nothing otherwise (CI logs stay clean). Honours NO_COLOR.
 */
export class Progress {
  private readonly enabled: boolean;
  private last = -1;

  constructor(
    private readonly label: string,
    private readonly total: number,
    quiet = false,
  ) {
    this.enabled = !quiet && process.stderr.isTTY === true;
  }

  /** Report `done` cases finished. */
  update(done: number): void {
    if (!this.enabled) return;
    const pct = Math.floor((100 * done) / this.total);
    if (pct === this.last) return;
    this.last = pct;
    const bar = '#'.repeat(Math.floor(pct / 5)).padEnd(20, '.');
    const text = `${this.label} [${bar}] ${done}/${this.total}`;
    process.stderr.write(`\r${process.env['NO_COLOR'] ? text : `\u001b[2m${text}\u001b[22m`}`);
  }

  /** Clear the line. */
  done(): void {
    if (this.enabled && this.last >= 0) process.stderr.write('\r\u001b[K');
  }
}
