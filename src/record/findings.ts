/**
 * Findings into the record: which of a run's findings are new entries, which supersede an earlier
 * entry, which are already recorded unchanged.
 *
 * A finding's identity across runs is its subject, not its positional id (`.../3` shifts when an
 * earlier stretch appears): agreement, commitment, view, reading (when not the text as written), and, for a finding about particular
 * assets, those assets and the start of the stretch; for a finding about the commitment as a whole
 * (compliant or unverifiable over the window), `overall`. When late or corrected data changes what
 * the engine says about the same subject (a stretch that lasted longer, a closer approach, a verdict
 * that changed), the new finding is appended naming the entry it supersedes; the same finding again
 * appends nothing, so recording a rerun is idempotent.
 *
 * Known limit: a subject that disappears from a later run (a stretch that starts earlier once late
 * data arrives has a new subject) is not withdrawn; its last entry stays the latest for its subject.
 */
import { createHash } from 'node:crypto';

/** The parts of a finding its subject is made of (the engine's Finding has them all). */
export interface RecordableFinding {
  agreement: string;
  commitment: string;
  view: string;
  /** The reading it was judged under; absent or "as-written" for the text as written. */
  interpretation?: string;
  assets: string[];
  period: { from: string | null; to: string | null };
  [k: string]: unknown;
}

export function findingSubject(f: RecordableFinding): string {
  const who = f.assets.length ? `${[...f.assets].sort().join(',')}@${f.period.from ?? ''}` : 'overall';
  // The text as written keeps the subject it had before readings existed, so logs made then still match.
  const reading = f.interpretation === undefined || f.interpretation === 'as-written' ? '' : `@${f.interpretation}`;
  return `${f.agreement}/${f.commitment}/${f.view}${reading}/${who}`;
}

/** Digest of the finding without its positional id: what "changed" is judged on. */
export function findingDigest(f: RecordableFinding): string {
  const { id: _id, ...rest } = f as RecordableFinding & { id?: unknown };
  return createHash('sha256').update(stableJson(rest)).digest('hex');
}

/** JSON with object keys sorted, so the digest does not depend on property order. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v as object).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export interface RecordedSubject {
  index: number;
  digest: string;
}

export interface FindingPlan<F> {
  finding: F;
  subject: string;
  digest: string;
  /** The entry this one supersedes, when the subject was recorded before with other content. */
  supersedes?: number;
}

/** Splits a run's findings into what to append (with supersession) and what is already recorded. */
export function planFindings<F extends RecordableFinding>(findings: readonly F[], latest: (subject: string) => RecordedSubject | undefined): { append: FindingPlan<F>[]; unchanged: number } {
  const append: FindingPlan<F>[] = [];
  let unchanged = 0;
  const seen = new Set<string>();
  for (const finding of findings) {
    const subject = findingSubject(finding);
    if (seen.has(subject)) throw new Error(`two findings of one run share the subject ${subject}`);
    seen.add(subject);
    const digest = findingDigest(finding);
    const prior = latest(subject);
    if (prior && prior.digest === digest) {
      unchanged++;
      continue;
    }
    append.push({ finding, subject, digest, ...(prior ? { supersedes: prior.index } : {}) });
  }
  return { append, unchanged };
}
