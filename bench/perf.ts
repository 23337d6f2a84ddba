/**
 * `npm run bench`: Redline's evaluation of keep-out, standoff and separation on N positions of real
 * AIS traffic (scaled deterministically, bench/perf/workload.ts) against a turf.js baseline, a
 * PostGIS baseline and the memory floor, in one run; findings must be the same, or the run fails.
 * What each leg does and how the figures are defined: bench/README.md.
 *
 *   npm run bench -- [--positions 1000000] [--threads N] [--young-mb 384] [--turf-positions 30000]
 *     [--postgis-positions 200000] [--pip-points 2000000] [--skip-turf] [--skip-postgis] [--json FILE]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ArgReader } from './lib/args.js';
import { compareLegs, keyText, type Comparison } from './perf/compare.js';
import { floorPass } from './perf/floor.js';
import { runPip, type PipLeg } from './perf/pip.js';
import { redlineTasksOf, runRedline, taskWeight, YOUNG_GENERATION_MB, type TaskTime } from './perf/redline-leg.js';
import { runPostgis } from './perf/postgis-leg.js';
import { prefixOf, type LegResult } from './perf/spec.js';
import { runTurfTask } from './perf/turf-leg.js';
import { buildWorkload, VIEWS, type Workload } from './perf/workload.js';

export interface BenchArgs {
  positions: number;
  threads: number;
  /** Each Redline worker's young generation, MB. */
  youngMb: number;
  turfPositions: number;
  postgisPositions: number;
  pipPoints: number;
  pipBudgetMs: number;
  skipTurf: boolean;
  skipPostgis: boolean;
  data: string;
  json?: string;
  quiet: boolean;
}

function usage(message: string): never {
  process.stderr.write(
    `bench: ${message}\nusage: npm run bench -- [--positions N] [--threads N] [--young-mb N] [--turf-positions N] [--postgis-positions N] [--pip-points N] [--skip-turf] [--skip-postgis] [--data DIR] [--json FILE]\n`,
  );
  process.exit(2);
}

export function parseArgs(argv: string[]): BenchArgs {
  const a: BenchArgs = {
    positions: 1_000_000,
    threads: availableParallelism(),
    youngMb: YOUNG_GENERATION_MB,
    turfPositions: 30_000,
    postgisPositions: 200_000,
    pipPoints: 2_000_000,
    pipBudgetMs: 4_000,
    skipTurf: false,
    skipPostgis: false,
    data: '../shared/data',
    quiet: false,
  };
  const r = new ArgReader(argv, usage);
  for (let k = r.next(); k !== undefined; k = r.next()) {
    const value = () => r.value();
    const count = () => r.count('a whole number above 0');
    if (k === '--positions') a.positions = count();
    else if (k === '--threads') a.threads = count();
    else if (k === '--young-mb') a.youngMb = count();
    else if (k === '--turf-positions') a.turfPositions = count();
    else if (k === '--postgis-positions') a.postgisPositions = count();
    else if (k === '--pip-points') a.pipPoints = count();
    else if (k === '--pip-budget-ms') a.pipBudgetMs = count();
    else if (k === '--skip-turf') a.skipTurf = true;
    else if (k === '--skip-postgis') a.skipPostgis = true;
    else if (k === '--data') a.data = value();
    else if (k === '--json') a.json = value();
    else if (k === '--quiet') a.quiet = true;
    else usage(`unknown option ${k}`);
  }
  return a;
}

/** One leg's figures. Throughput counts a position once for all the tasks it is judged in. */
export interface LegFigures {
  leg: string;
  positions: number;
  tasks: number;
  wallMs: number;
  /** Cores the leg kept busy (threads for Redline, 1 for the single-threaded baselines). */
  cores: number;
  perSecondPerCore: number;
  findings: number;
  note?: string;
}

export interface EqualityCheck {
  against: string;
  positions: number;
  comparison: Comparison;
}

export interface BenchReport {
  machine: { cpus: number; model: string; node: string };
  positions: number;
  tasks: number;
  threads: number;
  legs: LegFigures[];
  pip: PipLeg[];
  equality: EqualityCheck[];
  skipped: string[];
  memory: { peakRssBytes: number; baselineRssBytes: number; bytesPerPosition: number; columnBytesPerPosition: number };
  ratios: Record<string, number>;
  /** Redline's time per task (one thread each), for how each kind scales with traffic. */
  redlineTasks: TaskTime[];
}

const MAX_GAP_SLACK_MS = 30 * 60_000;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const peakRss = () => process.resourceUsage().maxRSS * 1024;

function say(args: BenchArgs, line: string): void {
  if (!args.quiet) process.stderr.write(`${line}\n`);
}

async function redlineOn(w: Workload, n: number, threads: number, youngMb: number) {
  const cols = n >= w.cols.n ? w.cols : { ...w.cols, ...prefixOf(w.cols, n), source: w.cols.source.subarray(0, n), line: w.cols.line.subarray(0, n) };
  return runRedline({ agreementPath: w.agreementPath, cols, ids: w.assets.ids, flags: w.assets.flags, polygons: [...w.polygons] }, redlineTasksOf(w.tasks), threads, taskWeight(w.tasks), youngMb);
}

function turfOn(w: Workload, n: number): LegResult & { ms: number } {
  const p = prefixOf(w.cols, n);
  const t0 = performance.now();
  const results = w.tasks.map((t) => runTurfTask(t, p, w.assets));
  return { findings: results.flatMap((r) => r.findings), ambiguous: results.flatMap((r) => r.ambiguous), ms: performance.now() - t0 };
}

function checked(against: string, positions: number, left: LegResult, right: LegResult): EqualityCheck {
  return { against, positions, comparison: compareLegs(left, right, MAX_GAP_SLACK_MS) };
}

export async function runBench(args: BenchArgs): Promise<BenchReport> {
  const dir = mkdtempSync(join(tmpdir(), 'redline-bench-'));
  try {
    const rss0 = process.memoryUsage().rss;
    say(args, `building the workload: ${fmt(args.positions)} positions from ${resolve(args.data)}`);
    let lastSaid = 0;
    const w = await buildWorkload(args.positions, resolve(args.data), dir, (done) => {
      if (done - lastSaid >= 5_000_000 || done === args.positions) {
        lastSaid = done;
        say(args, `  ${fmt(done)} positions`);
      }
    });
    const n = w.cols.n;
    const T = w.tasks.length;
    say(args, `  ${w.cols.copies} copies of ${fmt(w.base.n)} real fixes, ${fmt(w.assets.ids.length)} assets, ${T} tasks (${[...new Set(w.tasks.map((t) => t.commitment))].join(', ')}) under views ${VIEWS.join(', ')}`);
    const skipped: string[] = [];
    const legs: LegFigures[] = [];
    const equality: EqualityCheck[] = [];

    say(args, `redline: ${args.threads} worker thread(s) on ${fmt(n)} positions`);
    const red = await redlineOn(w, n, args.threads, args.youngMb);
    const peak = peakRss();
    legs.push({ leg: 'redline', positions: n, tasks: T, wallMs: red.wallMs, cores: args.threads, perSecondPerCore: n / (red.wallMs / 1000) / args.threads, findings: red.findings.length, note: `engine ${red.perWorker.map(sec).join(' + ')} per thread` });
    say(args, `  ${sec(red.wallMs)}, ${fmt(red.findings.length)} breaches (${fmt(red.findingsTotal)} findings)`);

    say(args, 'floor: one read pass per task');
    const floor = floorPass(w.cols, T);
    legs.push({ leg: 'floor', positions: n, tasks: T, wallMs: floor.ms, cores: 1, perSecondPerCore: n / (floor.ms / 1000), findings: 0, note: `checksum ${floor.checksum.toExponential(3)}` });

    say(args, 'point-in-place on one core');
    const pipPoints = prefixOf(w.cols, Math.min(args.pipPoints, n));
    const pipPlaces = [...new Set(w.tasks.flatMap((t) => (t.kind === 'keep-out' ? t.places : t.kind === 'standoff' ? [t.target, ...t.exempt] : [t.region])).map((p) => p.id))]
      .map((id) => ({ id, polygons: w.polygons.get(`${id}@${VIEWS[0]}`)!, region: w.resolver.resolve(id, { kind: 'custom', geometry: { type: 'MultiPolygon', coordinates: [] } }, VIEWS[0], () => []) }));
    const pip = runPip(pipPoints, pipPlaces, args.pipBudgetMs);

    if (args.skipTurf) skipped.push('turf: --skip-turf');
    else {
      const m = Math.min(args.turfPositions, n);
      say(args, `turf: one thread on the first ${fmt(m)} positions`);
      const turf = turfOn(w, m);
      legs.push({ leg: 'turf.js', positions: m, tasks: T, wallMs: turf.ms, cores: 1, perSecondPerCore: m / (turf.ms / 1000), findings: turf.findings.length, note: m < n ? `prefix of ${fmt(m)} positions` : undefined });
      const same = m >= n ? red : await redlineOn(w, m, args.threads, args.youngMb);
      equality.push(checked('turf.js', m, same, turf));
    }

    if (args.skipPostgis) skipped.push('PostGIS: --skip-postgis');
    else {
      const m = Math.min(args.postgisPositions, n);
      say(args, `PostGIS: the first ${fmt(m)} positions`);
      const pg = await runPostgis(prefixOf(w.cols, m), w.assets, w.tasks, { onProgress: (msg) => say(args, `  ${msg}`) });
      if ('skipped' in pg) skipped.push(`PostGIS: ${pg.skipped}`);
      else {
        legs.push({ leg: 'PostGIS', positions: m, tasks: T, wallMs: pg.evalMs, cores: 1, perSecondPerCore: m / (pg.evalMs / 1000), findings: pg.findings.length, note: `load ${sec(pg.loadMs)} not counted${m < n ? `; prefix of ${fmt(m)} positions` : ''}` });
        const same = m >= n ? red : await redlineOn(w, m, args.threads, args.youngMb);
        equality.push(checked('PostGIS', m, same, pg));
      }
    }

    const rate = (leg: string) => legs.find((l) => l.leg === leg)?.perSecondPerCore;
    const ratios: Record<string, number> = {};
    for (const other of ['turf.js', 'PostGIS', 'floor']) {
      const r = rate(other);
      if (r) ratios[`redline/${other}`] = rate('redline')! / r;
    }
    ratios['pip redline/turf'] = pip[0]!.perSecond / pip[2]!.perSecond;
    ratios['pip redline/rtree'] = pip[0]!.perSecond / pip[1]!.perSecond;
    const columnBytes = w.cols.asset.BYTES_PER_ELEMENT + w.cols.time.BYTES_PER_ELEMENT + w.cols.lon.BYTES_PER_ELEMENT + w.cols.lat.BYTES_PER_ELEMENT + w.cols.source.BYTES_PER_ELEMENT + w.cols.line.BYTES_PER_ELEMENT;
    const report: BenchReport = {
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
      positions: n,
      tasks: T,
      threads: args.threads,
      legs,
      pip,
      equality,
      skipped,
      memory: { peakRssBytes: peak, baselineRssBytes: rss0, bytesPerPosition: (peak - rss0) / n, columnBytesPerPosition: columnBytes },
      ratios,
      redlineTasks: red.perTask,
    };
    if (args.json) writeFileSync(args.json, JSON.stringify(report, null, 2));
    return report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatReport(r: BenchReport): string {
  const out: string[] = [];
  out.push(`Evaluation: ${fmt(r.positions)} positions x ${r.tasks} tasks, ${r.threads} thread(s) for Redline; ${r.machine.cpus} x ${r.machine.model}, Node ${r.machine.node}`);
  out.push('');
  out.push(`${'leg'.padEnd(10)} ${'positions'.padStart(12)} ${'wall'.padStart(10)} ${'cores'.padStart(5)} ${'positions/s/core'.padStart(17)} ${'breaches'.padStart(9)}  note`);
  for (const l of r.legs) out.push(`${l.leg.padEnd(10)} ${fmt(l.positions).padStart(12)} ${sec(l.wallMs).padStart(10)} ${String(l.cores).padStart(5)} ${fmt(l.perSecondPerCore).padStart(17)} ${String(l.findings).padStart(9)}  ${l.note ?? ''}`);
  if (r.redlineTasks.length) {
    out.push('');
    out.push('Redline per task, one thread each (ms per 1,000 positions in parentheses):');
    for (const t of [...r.redlineTasks].sort((a, b) => a.commitment.localeCompare(b.commitment) || a.view.localeCompare(b.view)))
      out.push(`  ${`${t.commitment}@${t.view}`.padEnd(24)} ${sec(t.ms).padStart(10)}  (${((t.ms / r.positions) * 1000).toFixed(3)})  ${fmt(t.findings)} findings`);
  }
  out.push('');
  out.push('Point-in-place, one core (tests = points x places):');
  for (const p of r.pip) out.push(`  ${p.name.padEnd(36)} ${fmt(p.points).padStart(12)} tests ${sec(p.ms).padStart(9)} ${fmt(p.perSecond).padStart(12)} /s${p.differ ? `  (${p.differ} answers differ from Redline's, boundary points)` : ''}`);
  out.push('');
  out.push(`Peak memory ${(r.memory.peakRssBytes / 2 ** 20).toFixed(0)} MiB RSS (${r.memory.bytesPerPosition.toFixed(0)} bytes per position over the ${(r.memory.baselineRssBytes / 2 ** 20).toFixed(0)} MiB before the workload; the columns are ${r.memory.columnBytesPerPosition} bytes per position)`);
  out.push('');
  out.push('Ratios (throughput per core):');
  for (const [k, v] of Object.entries(r.ratios)) out.push(`  ${k.padEnd(20)} ${v >= 10 ? v.toFixed(0) : v >= 0.1 ? v.toFixed(2) : v.toPrecision(2)}x${v < 1 ? `  (${k.split('/')[1]} ${(1 / v).toFixed(0)}x faster)` : ''}`);
  out.push('');
  for (const e of r.equality) {
    const c = e.comparison;
    out.push(`Same findings as ${e.against} on the first ${fmt(e.positions)} positions: ${c.onlyLeft.length + c.onlyRight.length === 0 ? 'yes' : 'NO'} (${c.compared} compared, ${c.setAside} set aside as decided within the earth models' tolerance)`);
    for (const k of c.onlyLeft.slice(0, 10)) out.push(`  only redline: ${keyText(k)}`);
    for (const k of c.onlyRight.slice(0, 10)) out.push(`  only ${e.against}: ${keyText(k)}`);
  }
  for (const s of r.skipped) out.push(`Skipped: ${s}`);
  return out.join('\n');
}

export function equalityHolds(r: BenchReport): boolean {
  return r.equality.every((e) => e.comparison.onlyLeft.length + e.comparison.onlyRight.length === 0);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgs(process.argv.slice(2));
  const report = await runBench(args);
  process.stdout.write(`${formatReport(report)}\n`);
  if (!equalityHolds(report)) {
    process.stderr.write('bench: the legs disagree on the findings (listed above); the figures are not comparable\n');
    process.exit(1);
  }
}
