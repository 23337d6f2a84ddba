import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createGeo } from '../../geo/index.js';
import { readObservations } from '../observations.js';
import { check, findingsGeoJSON, findingsTable, loadAgreement, summaryLine, type Finding } from '../../verify/index.js';
import { parse } from '../args.js';
import { bundled, sharedDataDir } from '../paths.js';
import { printReadSummaries } from '../summaries.js';

const list = (dir: string, re: RegExp) =>
  readdirSync(dir)
    .filter((f) => re.test(f))
    .sort()
    .map((f) => join(dir, f));

const mb = (files: string[]) => `${(files.reduce((n, f) => n + statSync(f).size, 0) / 1e6).toFixed(2)} MB`;

/**
 * Runs every bundled agreement over the demo scenario (reconstructed incidents from public reports,
 * and the dated facts in data/facts such as NATO's accessions) and, when ../shared/data is beside
 * the checkout, over the real AIS recorded by the Danish Maritime Authority. Writes the findings as
 * GeoJSON and JSON.
 */
export async function demo(argv: string[]): Promise<number> {
  const { values } = parse(argv, { out: { type: 'string', default: 'redline-demo' } }, false);
  const outDir = values.out ?? 'redline-demo';
  const started = performance.now();
  const geo = createGeo();
  const agreementFiles = list(bundled('agreements'), /\.ya?ml$/);
  const agreements = agreementFiles.map(loadAgreement);
  console.log(`Agreements: ${agreements.map((a) => a.id).join(', ')} (${agreements.reduce((n, a) => n + a.decl.commitments.length, 0)} commitments)`);

  const runs: { name: string; files: string[]; facts?: string[]; registry?: string; note: string }[] = [
    {
      name: 'demo scenario',
      files: list(bundled('data', 'demo'), /\.geojson$/),
      facts: list(bundled('data', 'facts'), /\.events\.(ya?ml|json)$/),
      registry: bundled('data', 'demo', 'registry.yaml'),
      note: 'incidents reconstructed from public reports (data/demo/README.md); positions are reconstructions, not recordings',
    },
  ];
  const shared = sharedDataDir();
  if (shared) {
    runs.push({ name: 'real AIS', files: list(shared, /^dma-.*\.nmea(\.gz)?$/), note: `recorded AIS from ${shared}. Contains AIS data from the Danish Maritime Authority.` });
  } else {
    console.log('Real AIS: ../shared/data not found beside the checkout (set REDLINE_SHARED_DATA to point at it); running on the demo scenario only.');
  }

  const all: Finding[] = [];
  for (const run of runs) {
    const t0 = performance.now();
    const facts = run.facts ?? [];
    const obs = await readObservations([...run.files, ...facts], run.registry ? [run.registry] : []);
    const findings = check(agreements, obs, geo);
    const seconds = (performance.now() - t0) / 1000;
    const factsText = facts.length ? `, ${obs.events.length} dated facts from ${facts.map((f) => basename(f)).join(', ')}` : '';
    console.log(`\n== ${run.name}: ${run.files.length} file(s), ${mb(run.files)}, ${obs.positions.length} positions of ${obs.assets.size} assets${factsText}; ${run.note}`);
    printReadSummaries(obs, process.stdout);
    console.log(findingsTable(findings, process.stdout.isTTY === true));
    console.log(`${summaryLine(findings)} in ${seconds.toFixed(2)} s`);
    for (const f of findings) all.push({ ...f, id: `${run.name === 'real AIS' ? 'real' : 'demo'}:${f.id}` });
  }
  mkdirSync(outDir, { recursive: true });
  const geojsonPath = join(outDir, 'findings.geojson');
  writeFileSync(geojsonPath, `${JSON.stringify(findingsGeoJSON(all), null, 2)}\n`);
  writeFileSync(join(outDir, 'findings.json'), `${JSON.stringify({ redline: 1, findings: all }, null, 2)}\n`);
  console.log(`\nWrote ${all.length} findings to ${geojsonPath} (open it in QGIS or geojson.io) and ${join(outDir, 'findings.json')}; total ${((performance.now() - started) / 1000).toFixed(2)} s.`);
  console.log('Explain any finding: redline check --agreement agreements/<file>.yaml --observations <files> --explain');
  return 0;
}
