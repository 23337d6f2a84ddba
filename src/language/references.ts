/**
 * Every name an agreement uses must be declared in it: parties, places, asset classes, parameters.
 * Checked on the raw parsed data so that problems are found even where the schema also complains.
 *
 * Commitment params follow one naming convention so this check needs no per-kind code:
 * `place`, `region`, `target`, `within` name a place; `places`, `exempt` list places;
 * `classes`, `against` list asset classes; `parties`, `sides` list parties; `alliance` names a party.
 */
import countries from 'i18n-iso-countries';
import type { LanguageIssue } from './issues.js';

interface Locator {
  /** `keyOf` points at a mapping key itself (a reading's id in `interpretations`) rather than its value. */
  issue(path: readonly PropertyKey[], code: LanguageIssue['code'], message: string, expected?: string, keyOf?: string): LanguageIssue;
}

/** The reading every agreement has: the text as encoded, no party's gloss. */
export const AS_WRITTEN = 'as-written';

const PLACE_KEYS = new Set(['place', 'region', 'target', 'within']);
const PLACE_LIST_KEYS = new Set(['places', 'exempt']);
const CLASS_LIST_KEYS = new Set(['classes', 'against']);
const PARTY_LIST_KEYS = new Set(['parties', 'sides']);
const PARTY_KEYS = new Set(['alliance']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function checkReferences(data: unknown, loc: Locator): LanguageIssue[] {
  if (!isObj(data)) return [];
  const issues: LanguageIssue[] = [];
  const declared = (section: string): Set<string> => {
    const ids = new Set<string>();
    list(data[section]).forEach((e, i) => {
      if (!isObj(e) || typeof e.id !== 'string') return;
      if (ids.has(e.id)) issues.push(loc.issue([section, i, 'id'], 'duplicate-id', `"${e.id}" is declared twice in ${section}`));
      ids.add(e.id);
    });
    return ids;
  };
  const parties = declared('parties');
  const places = declared('places');
  const classes = declared('assetClasses');
  declared('commitments');
  const interpretations = declared('interpretations');
  const conditions = declared('conditions');
  const readings = new Set([...interpretations].filter((r) => r !== AS_WRITTEN));
  const parameters = new Set(isObj(data.parameters) ? Object.keys(data.parameters) : []);

  const expect = (set: Set<string>, what: string, value: unknown, path: PropertyKey[]) => {
    if (typeof value !== 'string' || set.has(value)) return;
    const known = [...set].join(', ') || 'none declared';
    issues.push(loc.issue(path, 'unknown-reference', `${what} "${value}" is not declared`, `one of: ${known}`));
  };
  const expectEach = (set: Set<string>, what: string, value: unknown, path: PropertyKey[]) => {
    if (typeof value === 'string') expect(set, what, value, path);
    else list(value).forEach((v, i) => expect(set, what, v, [...path, i]));
  };

  list(data.parties).forEach((p, i) => {
    if (!isObj(p)) return;
    list(p.states).forEach((st, j) => {
      if (typeof st === 'string' && /^[A-Z]{3}$/.test(st) && !countries.isValid(st)) {
        issues.push(loc.issue(['parties', i, 'states', j], 'unknown-reference', `"${st}" is not an ISO 3166-1 alpha-3 code`, 'a code such as UKR, GEO, KAZ'));
      }
    });
    list(p.members).forEach((m, j) => {
      if (isObj(m) && typeof m.state === 'string' && /^[A-Z]{3}$/.test(m.state) && !countries.isValid(m.state)) {
        issues.push(loc.issue(['parties', i, 'members', j, 'state'], 'unknown-reference', `"${m.state}" is not an ISO 3166-1 alpha-3 code`, 'a code such as POL, DEU, USA'));
      }
    });
    if (p.kind === 'state') {
      const iso = typeof p.iso3 === 'string' ? p.iso3 : typeof p.id === 'string' && /^[A-Z]{3}$/.test(p.id) ? p.id : undefined;
      if (iso === undefined) issues.push(loc.issue(['parties', i], 'missing-field', 'a state needs "iso3" unless its id is its ISO 3166-1 alpha-3 code', 'iso3: XXX'));
      else if (!countries.isValid(iso)) issues.push(loc.issue(['parties', i, typeof p.iso3 === 'string' ? 'iso3' : 'id'], 'unknown-reference', `"${iso}" is not an ISO 3166-1 alpha-3 code`));
    }
  });

  list(data.places).forEach((p, i) => {
    if (!isObj(p)) return;
    if (p.kind === 'territory' || p.kind === 'territorial-sea') expect(parties, 'party', p.party, ['places', i, 'party']);
    if (p.kind === 'reach') expect(parties, 'party', p.of, ['places', i, 'of']);
    if (p.kind === 'border-belt') expectEach(parties, 'party', p.between, ['places', i, 'between']);
    if (p.kind === 'custom' && p.geometry === undefined && p.file === undefined) {
      issues.push(loc.issue(['places', i], 'missing-field', 'a custom place needs "geometry" or "file"'));
    }
  });

  list(data.views).forEach((v, i) => expect(parties, 'view party', v, ['views', i]));
  list(data.interpretations).forEach((r, i) => {
    if (!isObj(r)) return;
    expect(parties, 'party', r.party, ['interpretations', i, 'party']);
    // `all` is how a caller asks for every reading, so no reading may be called that.
    if (r.id === 'all') issues.push(loc.issue(['interpretations', i, 'id'], 'invalid-value', '"all" is reserved: `--interpretation all` asks for every reading', 'another id'));
  });

  list(data.commitments).forEach((c, i) => {
    if (!isObj(c)) return;
    expectEach(parties, 'party', c.obligor, ['commitments', i, 'obligor']);
    expectEach(parties, 'party', c.beneficiary, ['commitments', i, 'beneficiary']);
    const eff = c.effective;
    if (isObj(eff) && typeof eff.from === 'string' && typeof eff.to === 'string' && Date.parse(eff.to) < Date.parse(eff.from)) {
      issues.push(loc.issue(['commitments', i, 'effective', 'to'], 'invalid-period', `ends (${eff.to}) before it starts (${eff.from})`));
    }
    issues.push(...checkReadings(c, i, readings, conditions, loc));
    const checkParams = (params: unknown, at: PropertyKey[]) => {
      if (!isObj(params)) return;
      for (const [k, v] of Object.entries(params)) {
        const path = [...at, k];
        if (PLACE_KEYS.has(k)) expect(places, 'place', v, path);
        if (PLACE_LIST_KEYS.has(k)) expectEach(places, 'place', v, path);
        if (CLASS_LIST_KEYS.has(k)) expectEach(classes, 'asset class', v, path);
        if (PARTY_LIST_KEYS.has(k)) expectEach(parties, 'party', v, path);
        if (PARTY_KEYS.has(k)) expect(parties, 'party', v, path);
      }
    };
    checkParams(c.params, ['commitments', i, 'params']);
    // A reading's own params name places, classes and parties the same way.
    if (isObj(c.interpretations)) for (const [r, o] of Object.entries(c.interpretations)) if (isObj(o)) checkParams(o.params, ['commitments', i, 'interpretations', r, 'params']);
  });

  // "$name" anywhere refers to a declared parameter (custom geometry coordinates included).
  const walk = (v: unknown, path: PropertyKey[]) => {
    if (typeof v === 'string' && /^\$[A-Za-z]/.test(v) && !parameters.has(v.slice(1))) {
      issues.push(loc.issue(path, 'unknown-reference', `parameter "${v.slice(1)}" is not declared under parameters`, [...parameters].map((p) => `$${p}`).join(', ') || 'a declared parameter'));
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (isObj(v)) for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(data.places, ['places']);
  walk(data.commitments, ['commitments']);
  return issues;
}

/** A commitment's per-reading overrides and `onlyUnder` name declared readings and conditions. */
function checkReadings(c: Obj, i: number, readings: Set<string>, conditions: Set<string>, loc: Locator): LanguageIssue[] {
  const issues: LanguageIssue[] = [];
  const known = [...readings].join(', ') || 'none declared under interpretations';
  const only = Array.isArray(c.onlyUnder) ? c.onlyUnder.filter((x): x is string => typeof x === 'string') : undefined;
  (only ?? []).forEach((r, j) => {
    const path = ['commitments', i, 'onlyUnder', j];
    if (r === AS_WRITTEN) issues.push(loc.issue(path, 'invalid-value', `"${AS_WRITTEN}" is the text itself: a commitment the text holds needs no onlyUnder`, `one of: ${known}`));
    else if (!readings.has(r)) issues.push(loc.issue(path, 'unknown-reference', `interpretation "${r}" is not declared`, `one of: ${known}`));
  });
  if (!isObj(c.interpretations)) return issues;
  for (const [r, o] of Object.entries(c.interpretations)) {
    const path = ['commitments', i, 'interpretations'];
    if (r === AS_WRITTEN) issues.push(loc.issue(path, 'invalid-value', `"${AS_WRITTEN}" is the text itself: change the commitment rather than override it`, `one of: ${known}`, r));
    else if (!readings.has(r)) issues.push(loc.issue(path, 'unknown-reference', `interpretation "${r}" is not declared`, `one of: ${known}`, r));
    else if (only && !only.includes(r)) issues.push(loc.issue(path, 'invalid-value', `interpretation "${r}" does not hold this commitment (onlyUnder: ${only.join(', ')}), so it cannot override it`, `one of: ${only.join(', ')}`, r));
    if (!isObj(o)) continue;
    list(o.inForceWhen).forEach((cond, j) => {
      if (typeof cond === 'string' && !conditions.has(cond)) {
        issues.push(loc.issue([...path, r, 'inForceWhen', j], 'unknown-reference', `condition "${cond}" is not declared`, `one of: ${[...conditions].join(', ') || 'none declared under conditions'}`));
      }
    });
  }
  return issues;
}
