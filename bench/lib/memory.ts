/**
 * Peak memory of a benchmark leg, sampled on a timer: the legs hand control back to the event loop
 * after every batch of lines, so a 10 ms timer sees the process as it goes.
 */

export interface MemoryPeak {
  /** Highest resident set size seen, bytes. */
  rss: number;
  /** Highest V8 heap in use seen, bytes. */
  heapUsed: number;
  /** The same just before the leg started, to tell the leg's own growth from the workload held in memory. */
  rssBefore: number;
  heapBefore: number;
  samples: number;
}

export class MemorySampler {
  private timer: NodeJS.Timeout | undefined;
  private peak: MemoryPeak = { rss: 0, heapUsed: 0, rssBefore: 0, heapBefore: 0, samples: 0 };

  start(): void {
    const m = process.memoryUsage();
    this.peak = { rss: m.rss, heapUsed: m.heapUsed, rssBefore: m.rss, heapBefore: m.heapUsed, samples: 1 };
    this.timer = setInterval(() => this.sample(), 10);
  }

  sample(): void {
    const m = process.memoryUsage();
    const p = this.peak;
    if (m.rss > p.rss) p.rss = m.rss;
    if (m.heapUsed > p.heapUsed) p.heapUsed = m.heapUsed;
    p.samples++;
  }

  stop(): MemoryPeak {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    return { ...this.peak };
  }
}

export const MB = 1024 * 1024;

export function mb(bytes: number): string {
  return `${(bytes / MB).toFixed(0)} MB`;
}

/** Runs `gc()` when node was started with --expose-gc, so that each leg starts from a collected heap. */
export function collect(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) g();
}

/** Gives the event loop a turn (timers, I/O, stream callbacks). */
export function yieldToLoop(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}
