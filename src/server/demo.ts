/**
 * `redline serve --demo`: the bundled agreements and the demo scenario (the data `redline demo`
 * runs on: data/demo tracks and registry, data/facts dated facts) put into the store through the
 * same service calls the routes make, then one check, so a fresh store has findings to show.
 * Loading again adds nothing: agreements whose text is unchanged and files already submitted are
 * left as they are.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { bundled } from '../cli/paths.js';
import { formatVerifierKey, generateKeyPair } from '../record/keys.js';
import type { Caller, Role } from './auth.js';
import type { CheckOutcome, RedlineService } from './service.js';

/** The name demo data is submitted under: the service operator's, not any party's. */
export const DEMO_SUBMITTER = 'redline-demo';

function internalCaller(role: Role): Caller {
  const pair = generateKeyPair(DEMO_SUBMITTER);
  return { name: DEMO_SUBMITTER, role, vkey: formatVerifierKey(pair), key: pair };
}

const list = (dir: string, re: RegExp) =>
  readdirSync(dir)
    .filter((f) => re.test(f))
    .sort()
    .map((f) => join(dir, f));

export interface DemoLoad {
  agreements: string[];
  submitted: string[];
  check: CheckOutcome;
}

export async function loadDemo(service: RedlineService): Promise<DemoLoad> {
  const admin = internalCaller('administrator');
  const operator = internalCaller('guarantor');
  const agreements: string[] = [];
  const known = new Map(service.tables.agreements('agreement').map((a) => [a.id, a.text]));
  for (const file of list(bundled('agreements'), /\.ya?ml$/)) {
    const text = readFileSync(file, 'utf8');
    if ([...known.values()].includes(text)) continue;
    agreements.push(service.putAgreement(admin, 'agreement', { filename: basename(file), content: text, visibility: 'published' }).id);
  }
  const done = new Set(service.tables.submissions().filter((s) => s.submittedBy === DEMO_SUBMITTER).map((s) => s.filename));
  const submitted: string[] = [];
  const registry = bundled('data', 'demo', 'registry.yaml');
  const body = (file: string) => ({ party: DEMO_SUBMITTER, filename: basename(file), content: readFileSync(file, 'utf8'), encoding: 'utf8' as const, visibility: 'published' as const });
  for (const file of list(bundled('data', 'demo'), /\.geojson$/)) {
    if (done.has(basename(file))) continue;
    await service.submitObservations(operator, body(file));
    submitted.push(basename(file));
  }
  for (const file of list(bundled('data', 'facts'), /\.events\.(ya?ml|json)$/)) {
    if (done.has(basename(file))) continue;
    await service.submitDeclarations(operator, body(file));
    submitted.push(basename(file));
  }
  // A registry applies to the assets stored so far, so it comes after the tracks, as `ingest --registry` does.
  if (!done.has(basename(registry))) {
    await service.submitRegistry(operator, { filename: basename(registry), content: readFileSync(registry, 'utf8'), encoding: 'utf8' });
    submitted.push(basename(registry));
  }
  return { agreements, submitted, check: await service.check(DEMO_SUBMITTER) };
}
