/**
 * The benchmarks' command lines: `--name value` options read in order, a bad or missing value
 * reported through the benchmark's own usage message (which exits).
 */
export class ArgReader {
  private i = -1;

  constructor(
    private readonly argv: readonly string[],
    private readonly usage: (message: string) => never,
  ) {}

  /** The next option, or undefined after the last. */
  next(): string | undefined {
    return this.argv[++this.i];
  }

  /** The value after the current option. */
  value(): string {
    const k = this.argv[this.i];
    const v = this.argv[++this.i];
    if (v === undefined) return this.usage(`${k} needs a value`);
    return v;
  }

  /** The value after the current option as a whole number above 0 (`_` allowed as a separator); `what` names it in the error. */
  count(what: string): number {
    const k = this.argv[this.i];
    const v = this.value();
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < 1) return this.usage(`${k} ${v}: expected ${what}`);
    return n;
  }
}
