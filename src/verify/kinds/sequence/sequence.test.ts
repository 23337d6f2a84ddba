/**
 * The sequence kind's params as the agreement language checks them (a plan whose steps cannot all
 * be ordered is refused at its line), and the order a plan implies, on the Minsk II dependencies
 * of ../shared/facts/agreements-facts.md §8 (1 -> 2 -> 3, 4 -> 12 -> 9; 11 -> 9), layered by hand.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createGeo } from '../../../geo/index.js';
import { Agreement, formatIssue, parseAgreementText } from '../../../language/index.js';
import { readEvents } from '../../../observations/events/reader.js';
import { emptyObservationSet } from '../../../observations/model.js';
import { check } from '../../engine.js';
import { kindParamSchemas } from '../registry.js';

const agreementWith = (steps: unknown[]) =>
  stringify({
    redline: 1,
    id: 'seq',
    title: 'Sequence test',
    source: 'test',
    parties: [{ id: 'UKR', kind: 'state', name: 'Ukraine' }],
    commitments: [{ id: 'order', kind: 'sequence', title: 'Order', article: 'Art. 1', text: 'In order.', source: 'test', obligor: 'UKR', params: { plan: 'p', steps } }],
  });

describe('sequence', () => {
  it('refuses steps that depend on each other in a circle, on undeclared steps, or twice declared', () => {
    const text = agreementWith([{ id: 'a', after: ['c'] }, { id: 'b', after: ['a'] }, { id: 'c', after: ['b', 'z'] }, { id: 'a' }]);
    const r = parseAgreementText(text, 'seq.yaml', kindParamSchemas());
    expect(r.agreement).toBeUndefined();
    const messages = r.issues.map(formatIssue).join('\n');
    expect(messages).toMatch(/steps\[2\]\.after\[1\]: step "z" is not declared in steps/);
    expect(messages).toMatch(/steps\[3\]\.id: step "a" is declared twice/);
    expect(messages).toMatch(/in a circle \(a -> c -> b -> a\)/);
  });

  it('gives the order the Minsk II dependencies imply, and cites both reports of a breach', () => {
    const steps = [
      { id: 'point-1' },
      { id: 'point-2', after: ['point-1'] },
      { id: 'point-3', after: ['point-2'] },
      { id: 'point-4', after: ['point-2'] },
      { id: 'point-11' },
      { id: 'point-12', after: ['point-4'] },
      { id: 'point-9', after: ['point-12', 'point-11'] },
    ];
    const r = parseAgreementText(agreementWith(steps), 'seq.yaml', kindParamSchemas());
    expect(r.issues.map(formatIssue)).toEqual([]);
    const obs = emptyObservationSet();
    const events = [
      '{ type: step, time: 2015-02-15, party: UKR, plan: p, step: point-1, status: completed, source: s }',
      '{ type: step, time: 2015-03-01, party: UKR, plan: p, step: point-2, status: completed, source: s }',
      '{ type: step, time: 2015-04-01, party: UKR, plan: p, step: point-4, status: completed, source: s }',
      '{ type: step, time: 2015-05-01, party: UKR, plan: p, step: point-12, status: completed, source: s }',
      '{ type: step, time: 2015-04-15, party: UKR, plan: p, step: point-9, status: completed, source: s }',
    ];
    readEvents(['redline-events: 1', 'events:', ...events.map((e) => `  - ${e}`)].join('\n'), 'steps.events.yaml', obs);
    const [f, ...rest] = check([new Agreement(r.agreement!, 'seq.yaml')], obs, createGeo());
    expect(rest).toEqual([]);
    expect(f!.verdict).toBe('breach');
    // point-9 on line 7 came before point-12 (line 6, 2015-05-01) and point-11 (never reported).
    expect(f!.evidence).toEqual(['steps.events.yaml:7', 'steps.events.yaml:6']);
    expect(f!.explanation).toMatch(/point-12, completed only on 2015-05-01 .*; point-11, not reported completed at all/);
    expect(f!.trace[0]!.detail).toBe('the order the plan implies: point-1, point-11 ; point-2 ; point-3, point-4 ; point-12 ; point-9');
  });
});
