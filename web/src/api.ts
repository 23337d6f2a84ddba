/**
 * The API as the page uses it: same origin only (the page never talks to another server), the
 * caller's token in the Authorization header, kept in session storage so it leaves with the tab.
 */
export type Verdict = 'breach' | 'risk' | 'compliant' | 'unverifiable';

export interface Measure { name: string; value: number | null; limit: number | null; unit: string; bound: 'max' | 'min'; lowerBound?: boolean; assumption?: { parameter: string; source?: string } }
export interface KeyPoint { asset: string; time: string; lon: number; lat: number; observation?: string; interpolated?: boolean }
export interface Finding {
  id: string; agreement: string; commitment: string; kind: string; article: string; verdict: Verdict;
  obligor: string[]; beneficiary: string[]; period: { from: string | null; to: string | null };
  view: string; interpretation: string; assets: string[]; measures: Measure[]; evidence: string[];
  evidenceCount: number; points: KeyPoint[]; explanation: string;
}
export interface StoredFinding { run: number; finding: Finding; attestations: { by: string; at: string; note: string | null }[] }
export interface AgreementInfo { id: string; title: string; views: string[]; commitments: { id: string; kind: string; title: string; article: string }[] }
export interface CommitmentDecl { id: string; kind: string; title: string; article: string; text: string; source?: string; obligor?: unknown; beneficiary?: unknown; params?: Record<string, unknown> }
export interface AgreementDetail { agreement: AgreementInfo; decl: { title: string; source?: string; commitments: CommitmentDecl[]; parameters?: Record<string, { value?: unknown; unit?: string; agreed?: boolean; source?: string }> } }
export interface Track { type: 'Feature'; id: string; geometry: { type: 'LineString' | 'Point'; coordinates: number[][] | number[] }; properties: { asset: string; name?: string; party?: string; class?: string; times?: string[]; time?: string; observations: string[] } }
export interface View { id: string; assigns: Record<string, string>; source: string }

const KEY = 'redline-token';

export class Unauthenticated extends Error {}

export class Api {
  token: string | undefined = sessionStorage.getItem(KEY) ?? undefined;

  setToken(token: string | undefined): void {
    this.token = token;
    if (token) sessionStorage.setItem(KEY, token);
    else sessionStorage.removeItem(KEY);
  }

  async raw(path: string): Promise<Response> {
    const r = await fetch(path, { headers: this.token ? { authorization: `Bearer ${this.token}` } : {} });
    if (r.status === 401) throw new Unauthenticated(((await r.json()) as { message: string }).message);
    if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r;
  }

  async get<T>(path: string): Promise<T> {
    return (await (await this.raw(path)).json()) as T;
  }

  /** On `redline serve --demo` only: a read-only observer token for the page to start with. */
  async demoToken(): Promise<string | undefined> {
    const r = await fetch('/v1/demo');
    if (!r.ok) return undefined;
    return ((await r.json()) as { observer: { token: string } }).observer.token;
  }
}
