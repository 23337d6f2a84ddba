/**
 * notify by activity class with a lead in hours and a notified impact area (the 1988 launch
 * notification agreement's rule: every ICBM/SLBM launch notified at least 24 hours ahead, with its
 * impact area). The launches are written for the test; the figures are worked out by hand:
 * - L1 at 2024-05-01T12:00Z, notified 2024-04-30T06:00Z (30 h ahead) with a 50 km circle around
 *   (167.7, 9.0) and impact at (167.9, 9.1): about 24.4 km from the centre, inside: compliant;
 * - L2 at 2024-05-02T12:00Z, notified 2024-05-01T16:00Z: 20 h ahead, late: breach, 20 hours against 24;
 * - L3 at 2024-05-03T12:00Z, notified 48 h ahead, impact (169.0, 9.0), 1 degree of longitude at 9 N
 *   east of the box's east edge 168.0 (about 110 km): breach, impact outside the notified area;
 * - E, an exercise with 20,000 troops but no class: not of the classes, not judged;
 * - L4 at 2024-05-04T12:00Z recorded as not verified, with no notice and a source listing every
 *   notification of RUS: a risk (not a breach) for no notice.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createGeo } from '../../../geo/index.js';
import { geodesicDistance } from '../../../geo/index.js';
import { Agreement, parseAgreementText } from '../../../language/index.js';
import { readEvents } from '../../../observations/events/reader.js';
import { emptyObservationSet } from '../../../observations/model.js';
import { check } from '../../engine.js';
import { kindParamSchemas } from '../registry.js';

const agreement = () => {
  const r = parseAgreementText(
    stringify({
      redline: 1,
      id: 'launch',
      title: 'Launch notice test',
      source: 'test',
      parties: [
        { id: 'RUS', kind: 'state', name: 'Russian Federation' },
        { id: 'USA', kind: 'state', name: 'United States of America' },
      ],
      commitments: [{ id: 'notice', kind: 'notify', title: 'Launch notice', article: 'Art. 1', text: 'Every launch notified 24 hours ahead.', source: 'test', obligor: 'RUS', beneficiary: 'USA', params: { activityClasses: ['icbm-launch'], leadHours: 24 } }],
    }),
    'launch.yaml',
    kindParamSchemas(),
  );
  return new Agreement(r.agreement!, 'launch.yaml');
};

const events = [
  'redline-events: 1',
  'source: test',
  'confidence: verified',
  'covers:',
  '  - { type: notification, party: RUS, from: 2024-05-01, to: 2024-05-05 }',
  'events:',
  '  - { type: activity, party: RUS, name: L1, class: icbm-launch, start: 2024-05-01T12:00:00Z, end: 2024-05-01T12:00:00Z, impact: [167.9, 9.1] }',
  '  - { type: notification, party: RUS, activity: L1, time: 2024-04-30T06:00:00Z, from: 2024-05-01T00:00:00Z, to: 2024-05-01T23:59:00Z, impactArea: { center: [167.7, 9.0], radiusKm: 50 } }',
  '  - { type: activity, party: RUS, name: L2, class: icbm-launch, start: 2024-05-02T12:00:00Z, end: 2024-05-02T12:00:00Z }',
  '  - { type: notification, party: RUS, activity: L2, time: 2024-05-01T16:00:00Z, from: 2024-05-02T00:00:00Z, to: 2024-05-02T23:59:00Z }',
  '  - { type: activity, party: RUS, name: L3, class: icbm-launch, start: 2024-05-03T12:00:00Z, end: 2024-05-03T12:00:00Z, impact: [169.0, 9.0] }',
  '  - { type: notification, party: RUS, activity: L3, time: 2024-05-01T12:00:00Z, from: 2024-05-03T00:00:00Z, to: 2024-05-03T23:59:00Z, impactArea: { bbox: [167.0, 8.0, 168.0, 10.0] } }',
  '  - { type: activity, party: RUS, name: E, start: 2024-05-01, end: 2024-05-02, reports: [{ basis: declared, troops: 20000 }] }',
  '  - { type: activity, party: RUS, name: L4, class: icbm-launch, start: 2024-05-04T12:00:00Z, end: 2024-05-04T12:00:00Z, confidence: not-verified }',
].join('\n');

describe('notify by class, with a lead in hours and an impact area', () => {
  it('judges each launch: in time and inside the area, late, outside the area, and unnotified', () => {
    const obs = emptyObservationSet();
    const s = readEvents(events, 'launches.yaml', obs);
    expect([s.read, s.accepted, s.quarantined]).toEqual([9, 9, 0]);
    const fs = check([agreement()], obs, createGeo());
    const by = (name: string) => fs.find((f) => f.explanation.includes(` ${name} `))!;
    expect(geodesicDistance(167.9, 9.1, 167.7, 9.0) / 1000).toBeLessThan(50);
    // A faulty launch is reported on its own; launches in order show only when none is faulty.
    expect(fs.map((f) => [f.verdict, f.period.from])).toEqual([
      ['breach', '2024-05-02T12:00:00.000Z'],
      ['breach', '2024-05-03T12:00:00.000Z'],
      ['risk', '2024-05-04T12:00:00.000Z'],
    ]);
    obs.events.items.splice(0, obs.events.items.length, ...obs.events.items.filter((e) => e.type === 'notification' ? e.activity === 'L1' : e.type === 'activity' && e.name === 'L1'));
    const [l1, ...rest] = check([agreement()], obs, createGeo());
    expect(rest).toEqual([]);
    expect([l1!.verdict, l1!.explanation]).toEqual(['compliant', 'Notified in time, with a window holding their dates and figures no lower than reported: L1.']);
    expect(by('L2').measures).toEqual([{ name: 'notice given', value: 20, limit: 24, unit: 'hours', bound: 'min' }]);
    const l3 = by('L3').measures[0]!;
    expect(l3.name).toBe('impact outside the notified area');
    expect(l3.value).toBeGreaterThan(105);
    expect(l3.value).toBeLessThan(115);
    expect(by('L4').explanation).toMatch(/recorded as not verified, so this is a risk/);
    expect(fs.some((f) => f.explanation.includes(' E '))).toBe(false);
  });

  it('refuses a notice period given both ways, or neither, and a class list with no lead', () => {
    const bad = (params: unknown) =>
      parseAgreementText(
        stringify({ redline: 1, id: 'x', title: 'x', source: 'x', parties: [{ id: 'RUS', kind: 'state', name: 'R' }], commitments: [{ id: 'n', kind: 'notify', title: 'n', article: 'a', text: 't', source: 's', obligor: 'RUS', params }] }),
        'x.yaml',
        kindParamSchemas(),
      ).issues.map((i) => i.message);
    expect(bad({ activityClasses: ['icbm-launch'], leadHours: 24, leadDays: 1 }).join()).toMatch(/either "leadDays" or "leadHours"/);
    expect(bad({ activityClasses: ['icbm-launch'] }).join()).toMatch(/either "leadDays" or "leadHours"/);
    expect(bad({ leadDays: 3 }).join()).toMatch(/give "activityClasses" or at least one threshold/);
  });

  it('the events reader: a classed activity needs no size; a window needs both ends; a bad impact area is quarantined', () => {
    const obs = emptyObservationSet();
    const s = readEvents(
      [
        'redline-events: 1',
        'source: test',
        'events:',
        '  - { type: activity, party: RUS, name: A, start: 2024-05-01, end: 2024-05-01, class: icbm-launch }',
        '  - { type: notification, party: RUS, activity: A, time: 2024-04-29, from: 2024-05-01 }',
        '  - { type: notification, party: RUS, activity: A, time: 2024-04-28, impactArea: { center: [200, 9], radiusKm: 5 } }',
        '  - { type: notification, party: RUS, activity: A, time: 2024-04-27, latest: true }',
      ].join('\n'),
      'n.yaml',
      obs,
    );
    expect([s.read, s.accepted, s.quarantined]).toEqual([4, 2, 2]);
    expect(obs.quarantine.map((q) => [q.line, q.code])).toEqual([
      [5, 'bad-field'],
      [6, 'bad-field'],
    ]);
    expect(obs.quarantine[0]!.reason).toMatch(/^events\[1\]\.to: give both "from" and "to"/);
    expect(obs.quarantine[1]!.reason).toMatch(/^events\[2\]\.impactArea/);
    expect(obs.events.ofType('notification')[0]).toMatchObject({ latest: true });
    expect(obs.events.ofType('notification')[0]!.from).toBeUndefined();
  });
});
