/**
 * A loaded agreement with its names resolved: who is a member of what on which date, and what a
 * "$parameter" stands for. Pure functions of the declaration; no geometry here.
 */
import { AS_WRITTEN } from './references.js';
import type { AgreementDecl, CommitmentDecl, ConditionDecl, InterpretationDecl, Parameter, PartyDecl, ReadingOverride, Source } from './schema.js';

export { AS_WRITTEN };

const DAY_MS = 86_400_000;

export function parseTime(t: string): number {
  // A bare date is the start of that day in UTC.
  return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00Z` : t);
}

/** A reading the engine can judge under; `party` is absent only for an undeclared `as-written`. */
export type Reading = Omit<InterpretationDecl, 'party'> & { party?: string };

export interface ResolvedNumber {
  value: number;
  /** The parameter's name when the number came from one. */
  parameter?: string;
  agreed: boolean;
  /** How far the figure is verified, when the parameter states it. */
  confidence?: 'verified' | 'partly-verified' | 'not-verified';
  unit?: string;
  source?: Source;
}

export class Agreement {
  readonly id: string;
  private readonly parties = new Map<string, PartyDecl>();
  /** Alliance memberships as millisecond intervals, parsed once: the engine asks per position. */
  private readonly memberships = new Map<string, { state: string; from: number; until: number }[]>();

  constructor(readonly decl: AgreementDecl, readonly file: string) {
    this.id = decl.id;
    for (const p of decl.parties) {
      this.parties.set(p.id, p);
      if (p.kind === 'alliance') {
        this.memberships.set(
          p.id,
          p.members.map((m) => ({ state: m.state, from: parseTime(m.from), until: m.to === undefined ? Infinity : parseTime(m.to) + DAY_MS })),
        );
      }
    }
  }

  /** Every instant at which some alliance membership starts or ends, sorted: between two, every state's alliances stay the same. */
  membershipChanges(): number[] {
    const times = new Set<number>();
    for (const list of this.memberships.values())
      for (const m of list) {
        times.add(m.from);
        if (m.until !== Infinity) times.add(m.until);
      }
    return [...times].sort((a, b) => a - b);
  }

  party(id: string): PartyDecl | undefined {
    return this.parties.get(id);
  }

  /** The ISO alpha-3 codes of the states a party stands for on a date (an alliance: its members then). */
  statesOf(partyId: string, atMs: number): string[] {
    const p = this.parties.get(partyId);
    if (!p) return /^[A-Z]{3}$/.test(partyId) ? [partyId] : [];
    if (p.kind === 'state') return [p.iso3 ?? p.id];
    if (p.kind === 'alliance') {
      const out: string[] = [];
      for (const m of this.memberships.get(p.id)!) if (m.from <= atMs && atMs < m.until) out.push(m.state);
      return out;
    }
    if (p.kind === 'group') return p.states;
    return [];
  }

  /**
   * The declared parties a state counts as on a date: the state itself if declared, and every
   * alliance it belongs to then. An asset flagged DEU in 2016 counts for NATO.
   */
  partiesOfState(iso3: string, atMs: number): string[] {
    const out: string[] = [];
    for (const p of this.decl.parties) {
      if (p.kind === 'state' && (p.iso3 ?? p.id) === iso3) out.push(p.id);
      else if (p.kind === 'alliance' && this.memberships.get(p.id)!.some((m) => m.state === iso3 && m.from <= atMs && atMs < m.until)) out.push(p.id);
    }
    return out;
  }

  /** A number from params or places, with whether it is agreed or an assumption. */
  number(v: number | string | undefined, fallback?: number): ResolvedNumber | undefined {
    if (v === undefined) return fallback === undefined ? undefined : { value: fallback, agreed: true };
    if (typeof v === 'number') return { value: v, agreed: true };
    const name = v.slice(1);
    const p: Parameter | undefined = this.decl.parameters?.[name];
    if (!p) throw new Error(`${this.file}: parameter "${name}" is not declared`);
    return { value: p.value, parameter: name, agreed: p.agreed, ...(p.confidence ? { confidence: p.confidence } : {}), ...(p.unit ? { unit: p.unit } : {}), ...(p.source ? { source: p.source } : {}) };
  }

  commitment(id: string): CommitmentDecl | undefined {
    return this.decl.commitments.find((c) => c.id === id);
  }

  /** The readings this agreement can be judged under: `as-written` first, then the parties' in file order. */
  readings(): string[] {
    return [AS_WRITTEN, ...(this.decl.interpretations ?? []).map((r) => r.id).filter((id) => id !== AS_WRITTEN)];
  }

  /**
   * A reading: a declared one, or `as-written`, which is there even when the file does not declare
   * it. Undeclared, it is the text as encoded, whose source is the agreement's, and no party's: only
   * a declaration says whose text it is.
   */
  interpretation(id: string): Reading | undefined {
    const declared = this.decl.interpretations?.find((r) => r.id === id);
    if (declared || id !== AS_WRITTEN) return declared;
    return { id: AS_WRITTEN, title: 'The text as encoded, no party\'s reading applied', source: this.decl.source };
  }

  condition(id: string): ConditionDecl | undefined {
    return this.decl.conditions?.find((c) => c.id === id);
  }

  /** The commitments a reading holds: the text's own (no `onlyUnder`), plus those only it holds. */
  commitmentsUnder(reading: string): CommitmentDecl[] {
    return this.decl.commitments.filter((c) => (c.onlyUnder === undefined ? true : reading !== AS_WRITTEN && c.onlyUnder.includes(reading)));
  }

  /** How a reading changes a commitment, if it does. */
  override(c: CommitmentDecl, reading: string): ReadingOverride | undefined {
    return reading === AS_WRITTEN ? undefined : c.interpretations?.[reading];
  }

  /** The commitment's params under a reading: its own, with the reading's given over them. */
  paramsUnder(c: CommitmentDecl, reading: string): Record<string, unknown> {
    const own = this.override(c, reading)?.params;
    return own ? { ...c.params, ...own } : c.params;
  }

  /** The views to judge geometry under when the caller names none. */
  defaultViews(): string[] {
    if (this.decl.views?.length) return this.decl.views;
    const first = this.decl.parties[0];
    return first ? [first.id] : [];
  }
}

export const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function sourceText(s: Source): string {
  if (typeof s === 'string') return s;
  return [s.title, s.date, s.url].filter(Boolean).join(', ');
}
