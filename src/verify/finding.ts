/**
 * A finding: the engine's verdict on one commitment for one stretch of time, with what it rests on.
 * The zod schema is the contract for `--format json` and is written out as schema/findings.schema.json.
 */
import { z } from 'zod';

export const verdicts = ['breach', 'risk', 'compliant', 'unverifiable'] as const;
export type Verdict = (typeof verdicts)[number];

const measure = z.strictObject({
  name: z.string().describe('What was measured, e.g. "closest approach", "distance to target territory".'),
  value: z.number().nullable(),
  limit: z.number().nullable(),
  unit: z.string(),
  /** "max" when value must stay at or below the limit, "min" when it must stay at or above it. */
  bound: z.enum(['max', 'min']),
  lowerBound: z.boolean().optional().describe('Present and true when the value is only a lower bound of the figure (the exact one could not be computed).'),
  assumption: z
    .strictObject({ parameter: z.string(), source: z.string().optional() })
    .optional()
    .describe('Present when the limit is a parameter the parties have not agreed: the value used is an assumption.'),
  unverifiedLimit: z
    .strictObject({ parameter: z.string(), confidence: z.enum(['partly-verified', 'not-verified']), source: z.string().optional() })
    .optional()
    .describe('Present when the limit is a parameter whose figure is marked partly or not verified against a primary source: the verdict rests on a figure still to be checked.'),
});

const point = z.strictObject({
  asset: z.string(),
  time: z.string(),
  lon: z.number(),
  lat: z.number(),
  observation: z.string().optional(),
  interpolated: z.boolean().optional(),
});

const traceStep = z.strictObject({ step: z.string(), detail: z.string() });

export const forceStates = ['in-force', 'not-in-force', 'unknown'] as const;

const inForce = z
  .strictObject({
    state: z.enum(forceStates).describe('in-force: every condition met; not-in-force: a dated fact says one is not; unknown: no fact says either.'),
    conditions: z.array(
      z.strictObject({
        id: z.string(),
        state: z.enum(['met', 'not-met', 'unknown']),
        asOf: z.string().optional().describe('The date of the fact the state rests on.'),
        observation: z.string().optional().describe('The fact (observation id) it rests on.'),
      }),
    ),
  })
  .describe('Present when the interpretation makes the commitment wait on conditions: whether it was in force over the period, and why.');

export const findingSchema = z.strictObject({
  id: z.string().describe('Deterministic id: agreement/commitment/view/sequence, with "@interpretation" after the view when not judged as written.'),
  agreement: z.string(),
  commitment: z.string(),
  kind: z.string(),
  article: z.string(),
  verdict: z.enum(verdicts),
  obligor: z.array(z.string()),
  beneficiary: z.array(z.string()),
  period: z.strictObject({ from: z.string().nullable(), to: z.string().nullable() }),
  view: z.string().describe('Whose map the geometry was judged on.'),
  interpretation: z.string().describe('Whose reading of the text the commitment was judged under; "as-written" is the text as encoded.'),
  inForce: inForce.optional(),
  assets: z.array(z.string()),
  measures: z.array(measure),
  evidence: z.array(z.string()).describe('Observation ids (<source>:<line>) the verdict rests on.'),
  evidenceCount: z.number().int().describe('How many observations were used; evidence lists at most 200.'),
  points: z.array(point).describe('Key positions: where the limit was approached closest or crossed deepest.'),
  explanation: z.string().describe('One plain-language paragraph.'),
  trace: z.array(traceStep).describe('The chain that produced the verdict: places, observations, figures, limit.'),
});

/** One commitment whose findings differ between readings (or views), with each one's outcome. */
const difference = z.strictObject({
  agreement: z.string(),
  commitment: z.string(),
  article: z.string(),
  across: z.enum(['interpretation', 'view']).describe('What differs: the reading (with the view held fixed) or the view (with the reading held fixed).'),
  under: z.string().describe('The view (across readings) or the reading (across views) held fixed.'),
  outcomes: z.array(
    z.strictObject({
      value: z.string().describe('The reading or view.'),
      outcome: z.string().describe('Its findings in brief, e.g. "breach x1", "not in force", "not held".'),
      findings: z.array(z.string()).describe('The ids of its findings.'),
    }),
  ),
});

export const findingsDocumentSchema = z.strictObject({
  redline: z.literal(1),
  findings: z.array(findingSchema),
  differences: z.array(difference).optional().describe('Present when findings were judged under several readings or several views asked for: the commitments whose findings differ.'),
});

export type Finding = z.infer<typeof findingSchema>;
export type Measure = z.infer<typeof measure>;
export type KeyPoint = z.infer<typeof point>;
export type TraceStep = z.infer<typeof traceStep>;
export type InForce = z.infer<typeof inForce>;
export type Difference = z.infer<typeof difference>;

export const MAX_EVIDENCE = 200;

const DAY_MS = 86_400_000;
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** Years 0000 to 9999, where toISOString writes four-digit years (outside it, six digits and a sign). */
const FOUR_DIGIT_YEARS = [-62167219200000, 253402300800000] as const;
let lastDay = NaN;
let lastDayText = '';

/**
 * The instant as toISOString writes it (UTC, milliseconds, "Z"), character for character. A finding
 * writes several and a year of traffic makes hundreds of thousands of findings, nearly all on a few
 * days at a time: the date part is kept from the last call and the clock part assembled from
 * tables, about six times faster than a Date per call.
 */
export function isoTime(ms: number): string {
  const t = Math.trunc(ms);
  if (!(t >= FOUR_DIGIT_YEARS[0] && t < FOUR_DIGIT_YEARS[1])) return new Date(ms).toISOString();
  const day = Math.floor(t / DAY_MS);
  if (day !== lastDay) {
    lastDay = day;
    lastDayText = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  let r = t - day * DAY_MS;
  const milli = r % 1000;
  r = (r - milli) / 1000;
  const sec = r % 60;
  r = (r - sec) / 60;
  const min = r % 60;
  return `${lastDayText}${TWO_DIGITS[(r - min) / 60]}:${TWO_DIGITS[min]}:${TWO_DIGITS[sec]}.${THREE_DIGITS[milli]}Z`;
}

/** Rounds to a fixed number of decimals so output is byte-identical across runs and platforms. */
export function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

const verdictRank: Record<Verdict, number> = { breach: 0, risk: 1, unverifiable: 2, compliant: 3 };

/** The text as written first, then the parties' readings by id. */
function readingRank(a: string, b: string): number {
  if (a === b) return 0;
  if (a === 'as-written') return -1;
  if (b === 'as-written') return 1;
  return a.localeCompare(b);
}

/** The one order findings are ever listed in. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.agreement.localeCompare(b.agreement) ||
    a.commitment.localeCompare(b.commitment) ||
    a.view.localeCompare(b.view) ||
    readingRank(a.interpretation, b.interpretation) ||
    compareInGroup(a.verdict, a.period.from ?? '', a.assets.join(','), b.verdict, b.period.from ?? '', b.assets.join(','))
  );
}

/**
 * The order of compareFindings among findings of one group (one agreement, commitment, view and
 * reading): by verdict, start of the period, then the assets joined by commas.
 */
export function compareInGroup(verdictA: Verdict, fromA: string, assetsA: string, verdictB: Verdict, fromB: string, assetsB: string): number {
  return verdictRank[verdictA] - verdictRank[verdictB] || fromA.localeCompare(fromB) || assetsA.localeCompare(assetsB);
}
