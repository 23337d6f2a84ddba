/**
 * Checks the PostGIS leg against Redline's engine on one workload: both judge the same tasks, and
 * their findings must be the same apart from those touched by an ambiguous decision (compare.ts).
 *
 *   npm run compile && node dist/bench/perf/postgis-check.js [--positions 40000] [--threads 2]
 *     [--data ../shared/data] [--connection postgres://postgres@127.0.0.1:5432/test]
 *
 * Exits 1 when the findings differ, 2 on bad arguments, 0 when they agree or PostGIS is skipped
 * (the reason is printed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compareLegs, keyText } from './compare.js';
import { runPostgis } from './postgis-leg.js';
import { redlineTasksOf, runRedline, taskWeight } from './redline-leg.js';
import { buildWorkload } from './workload.js';
import type { Ambiguous, FindingKey } from './spec.js';

interface Args {
  positions: number;
  threads: number;
  data: string;
  connection?: string;
}

function usage(message: string): never {
  process.stderr.write(`postgis-check: ${message}\nusage: node dist/bench/perf/postgis-check.js [--positions N] [--threads N] [--data DIR] [--connection URL]\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const a: Args = { positions: 40_000, threads: 2, data: '../shared/data' };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    const v = argv[++i];
    if (v === undefined) usage(`${k} needs a value`);
    const count = () => (/^\d+$/.test(v) && Number(v) > 0 ? Number(v) : usage(`${k}: expected a positive whole number, got "${v}"`));
    if (k === '--positions') a.positions = count();
    else if (k === '--threads') a.threads = count();
    else if (k === '--data') a.data = v;
    else if (k === '--connection') a.connection = v;
    else usage(`unknown option ${k}`);
  }
  return a;
}

/** The same weights as the bench runner: separation is the heavy task. */
const SLACK_MS = 30 * 60_000;
const say = (s: string) => process.stderr.write(`${s}\n`);

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'redline-postgis-check-'));
  try {
    const t0 = performance.now();
    const w = await buildWorkload(args.positions, resolve(args.data), dir);
    say(`workload: ${w.cols.n} positions, ${w.assets.ids.length} assets, ${w.tasks.length} tasks (${((performance.now() - t0) / 1000).toFixed(1)} s)`);

    const red = await runRedline({ agreementPath: w.agreementPath, cols: w.cols, ids: w.assets.ids, flags: w.assets.flags, polygons: [...w.polygons] }, redlineTasksOf(w.tasks), args.threads, taskWeight(w.tasks));
    say(`redline: ${red.findings.length} breaches, ${red.ambiguous.length} ambiguous, eval ${(red.evalMs / 1000).toFixed(2)} s on ${args.threads} thread(s)`);

    const pg = await runPostgis(w.cols, w.assets, w.tasks, { ...(args.connection ? { connection: args.connection } : {}), onProgress: (m) => say(`  ${m}`) });
    if ('skipped' in pg) {
      say(`postgis: skipped: ${pg.skipped}`);
      return 0;
    }
    say(`postgis: ${pg.findings.length} breaches, ${pg.ambiguous.length} ambiguous, load ${(pg.loadMs / 1000).toFixed(2)} s (places ${(pg.placesMs / 1000).toFixed(2)} s), eval ${(pg.evalMs / 1000).toFixed(2)} s`);
    say('  task                     breaches redline/postgis  ambiguous redline/postgis  equal  set aside  postgis time');
    w.tasks.forEach((t, i) => {
      const mine = (f: { commitment: string; view: string }) => f.commitment === t.commitment && f.view === t.view;
      const only = (r: { findings: FindingKey[]; ambiguous: Ambiguous[] }) => ({ findings: r.findings.filter(mine), ambiguous: r.ambiguous.filter(mine) });
      const [a, b] = [only(red), only(pg)];
      const c = compareLegs(a, b, SLACK_MS);
      const pad = (x: number, n: number) => String(x).padStart(n);
      say(`  ${`${t.commitment}@${t.view}`.padEnd(24)} ${pad(a.findings.length, 8)} / ${pad(b.findings.length, 6)}  ${pad(a.ambiguous.length, 9)} / ${pad(b.ambiguous.length, 6)}  ${pad(c.compared, 6)} ${pad(c.setAside, 9)}  ${(pg.perTaskMs[i]! / 1000).toFixed(2)} s`);
    });

    const c = compareLegs(red, pg, SLACK_MS);
    say(`compared: ${c.compared} equal, ${c.setAside} set aside as ambiguous, ${c.onlyLeft.length} only in redline, ${c.onlyRight.length} only in postgis`);
    // For the record: the same comparison with a decision touching only findings of its own asset(s),
    // and with nothing set aside, to show how much the ambiguous decisions actually change.
    const amb = [...red.ambiguous, ...pg.ambiguous];
    const sameAssets = (k: FindingKey) =>
      amb.some((d) => d.commitment === k.commitment && d.view === k.view && d.assets.join('+') === k.assets.join('+') && d.time >= k.from - SLACK_MS && d.time <= k.to + SLACK_MS);
    const strict = compareLegs({ findings: red.findings.filter((k) => !sameAssets(k)), ambiguous: [] }, { findings: pg.findings.filter((k) => !sameAssets(k)), ambiguous: [] }, SLACK_MS);
    const raw = compareLegs({ findings: red.findings, ambiguous: [] }, { findings: pg.findings, ambiguous: [] }, SLACK_MS);
    say(`  a decision touching only findings of exactly its asset(s): ${strict.compared} equal, ${[...red.findings, ...pg.findings].filter(sameAssets).length} set aside, ${strict.onlyLeft.length} only in redline, ${strict.onlyRight.length} only in postgis`);
    say(`  nothing set aside: ${raw.compared} equal, ${raw.onlyLeft.length} only in redline, ${raw.onlyRight.length} only in postgis`);
    for (const k of c.onlyLeft.slice(0, 20)) say(`  only redline: ${keyText(k)}`);
    for (const k of c.onlyRight.slice(0, 20)) say(`  only postgis: ${keyText(k)}`);
    return c.onlyLeft.length || c.onlyRight.length ? 1 : 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: Error) => {
    say(`postgis-check: ${e.stack ?? e.message}`);
    process.exit(1);
  },
);
