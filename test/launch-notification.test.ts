/**
 * Scenario on historical facts: the 1988 ballistic missile launch notification agreement
 * (agreements/launch-notification-1988.yaml: notice of every ICBM and SLBM launch at least 24 hours
 * ahead) on the first Sarmat ICBM test of 20 April 2022 (data/facts/launches.events.yaml). The
 * launch is verified (Russian MoD: Plesetsk, 15:12 Moscow time); the US said it was "properly
 * notified" beforehand but no time of the notice was published. Worked out by hand:
 * - the launch needs notice by its class (no size threshold);
 * - the notice is on record but its time is known only as "no later than the launch", so whether it
 *   came 24 hours ahead cannot be told: unverifiable, citing the launch and the notice, and saying so;
 * - without the notice on record, and with no source listing every Russian notification:
 *   unverifiable too, for the other reason (the absence proves nothing).
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGeo } from '../src/geo/index.js';
import { loadObservationFiles } from '../src/observations/load.js';
import { emptyObservationSet, type ObservationSet } from '../src/observations/model.js';
import { check, loadAgreement, type Finding } from '../src/verify/index.js';
import { runCli } from './support/child.js';

const FACTS = 'data/facts/launches.events.yaml';
const geo = createGeo();

describe('the 1988 launch notification agreement on the Sarmat test of 20 April 2022', () => {
  it('notified beforehand with no time published: the 24-hour lead cannot be told (unverifiable), through the CLI', async () => {
    const r = await runCli(resolve('dist/src/cli/main.js'), ['check', '--agreement', 'agreements/launch-notification-1988.yaml', '--observations', FACTS, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const fs = (JSON.parse(r.stdout) as { findings: Finding[] }).findings.filter((f) => f.commitment === 'art1-launch-notice');
    expect(fs.map((f) => [f.verdict, f.period.from])).toEqual([['unverifiable', '2022-04-20T12:12:00.000Z']]);
    const [f] = fs;
    expect(f!.evidence).toEqual(['launches.events.yaml:18', 'launches.events.yaml:27']);
    expect(f!.measures).toEqual([{ name: 'notice given', value: null, limit: 24, unit: 'hours', bound: 'min' }]);
    expect(f!.explanation).toMatch(/icbm-launch Sarmat test 2022-04-20 .* needs notice by its class/);
    expect(f!.explanation).toMatch(/says only that it was given by then, not when, so whether it came at least 24 hours/);
  });

  it('without the notice on record: unverifiable, since no source lists every notification', async () => {
    const obs: ObservationSet = emptyObservationSet();
    await loadObservationFiles([FACTS], obs);
    obs.events.items.splice(obs.events.items.findIndex((e) => e.type === 'notification'), 1);
    const fs = check([loadAgreement('agreements/launch-notification-1988.yaml')], obs, geo).filter((f) => f.commitment === 'art1-launch-notice');
    expect(fs.map((f) => f.verdict)).toEqual(['unverifiable']);
    expect(fs[0]!.explanation).toMatch(/No notification of it is recorded, but no source states that it lists every notification by RUS/);
  });
});
