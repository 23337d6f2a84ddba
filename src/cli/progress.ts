/**
 * A progress bar on stderr for long runs (ingest of a day of AIS, watch replaying a file): records
 * per second, share done and time left. Shown only on a terminal, and never with --quiet or under
 * CI, so logs and pipes stay clean; `stop()` then prints one plain summary line on the terminal.
 *
 * Share done is measured on the input's bytes read (compressed bytes for gzip and zip, see
 * OpenedInput.bytesRead), the only size known before the end; records/s on what the reader made.
 */
import cliProgress from 'cli-progress';

export interface ProgressOptions {
  /** What is being done, e.g. the file name. */
  label: string;
  /** Total units (bytes) when known; without it the bar shows counts and rate only. */
  total: number | undefined;
  /** What `records` counts, e.g. "sentences" or "positions". */
  unit: string;
  /** Where to draw; process.stderr by default. */
  stream?: NodeJS.WriteStream | NodeJS.WritableStream;
  /** --quiet. */
  quiet?: boolean;
  /** Environment consulted for CI; process.env by default. */
  env?: NodeJS.ProcessEnv;
}

export interface Progress {
  /** Bytes done so far (against `total`) and records made so far. Cheap: redraws are throttled. */
  update(doneBytes: number, records: number): void;
  /** Removes the bar and, on a terminal, prints a one-line summary. */
  stop(): void;
  /** Whether a bar is being drawn. */
  readonly shown: boolean;
}

/** Whether a bar would be drawn: on a TTY, not quiet, not under CI. */
export function progressWanted(stream: NodeJS.WriteStream | NodeJS.WritableStream, quiet = false, env: NodeJS.ProcessEnv = process.env): boolean {
  if (quiet) return false;
  if (env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false') return false;
  return (stream as NodeJS.WriteStream).isTTY === true;
}

const silent: Progress = { update: () => undefined, stop: () => undefined, shown: false };

export function startProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  if (!progressWanted(stream, options.quiet, options.env)) return silent;
  const known = options.total !== undefined && options.total > 0;
  const started = Date.now();
  const rateOf = (records: number) => {
    const s = (Date.now() - started) / 1000;
    return s > 0 ? Math.round(records / s) : 0;
  };
  const format = known
    ? `${options.label} [{bar}] {percentage}% | {records} ${options.unit} | {rate} ${options.unit}/s | {eta_formatted} left`
    : `${options.label} | {records} ${options.unit} | {rate} ${options.unit}/s | {duration_formatted}`;
  const bar = new cliProgress.SingleBar(
    {
      format,
      stream: stream as NodeJS.WritableStream,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      fps: 5,
      barsize: 30,
      // A 2 GB file's byte count would otherwise be shown as a ratio; only the share matters here.
      formatValue: (v, _o, type) => (type === 'percentage' ? String(v) : v.toLocaleString('en-US')),
    },
    cliProgress.Presets.shades_classic,
  );
  let lastRecords = 0;
  bar.start(known ? options.total! : 1, 0, { records: '0', rate: '0' });
  return {
    shown: true,
    update(doneBytes, records) {
      lastRecords = records;
      bar.update(known ? Math.min(doneBytes, options.total!) : 0, { records: records.toLocaleString('en-US'), rate: rateOf(records).toLocaleString('en-US') });
    },
    stop() {
      bar.stop();
      const secs = (Date.now() - started) / 1000;
      stream.write(`${options.label}: ${lastRecords.toLocaleString('en-US')} ${options.unit} in ${secs.toFixed(1)} s (${rateOf(lastRecords).toLocaleString('en-US')} ${options.unit}/s)\n`);
    },
  };
}
