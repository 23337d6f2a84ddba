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
  issue(path: readonly PropertyKey[], code: LanguageIssue['code'], message: string, expected?: string): LanguageIssue;
}

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

  list(data.commitments).forEach((c, i) => {
    if (!isObj(c)) return;
    expectEach(parties, 'party', c.obligor, ['commitments', i, 'obligor']);
    expectEach(parties, 'party', c.beneficiary, ['commitments', i, 'beneficiary']);
    const eff = c.effective;
    if (isObj(eff) && typeof eff.from === 'string' && typeof eff.to === 'string' && Date.parse(eff.to) < Date.parse(eff.from)) {
      issues.push(loc.issue(['commitments', i, 'effective', 'to'], 'invalid-period', `ends (${eff.to}) before it starts (${eff.from})`));
    }
    if (!isObj(c.params)) return;
    for (const [k, v] of Object.entries(c.params)) {
      const path = ['commitments', i, 'params', k];
      if (PLACE_KEYS.has(k)) expect(places, 'place', v, path);
      if (PLACE_LIST_KEYS.has(k)) expectEach(places, 'place', v, path);
      if (CLASS_LIST_KEYS.has(k)) expectEach(classes, 'asset class', v, path);
      if (PARTY_LIST_KEYS.has(k)) expectEach(parties, 'party', v, path);
      if (PARTY_KEYS.has(k)) expect(parties, 'party', v, path);
    }
  });

  // "$name" anywhere refers to a declared parameter.
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
