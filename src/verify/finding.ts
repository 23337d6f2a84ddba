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

export const findingSchema = z.strictObject({
  id: z.string().describe('Deterministic id: agreement/commitment/view/sequence.'),
  agreement: z.string(),
  commitment: z.string(),
  kind: z.string(),
  article: z.string(),
  verdict: z.enum(verdicts),
  obligor: z.array(z.string()),
  beneficiary: z.array(z.string()),
  period: z.strictObject({ from: z.string().nullable(), to: z.string().nullable() }),
  view: z.string().describe('Whose map the geometry was judged on.'),
  assets: z.array(z.string()),
  measures: z.array(measure),
  evidence: z.array(z.string()).describe('Observation ids (<source>:<line>) the verdict rests on.'),
  evidenceCount: z.number().int().describe('How many observations were used; evidence lists at most 200.'),
  points: z.array(point).describe('Key positions: where the limit was approached closest or crossed deepest.'),
  explanation: z.string().describe('One plain-language paragraph.'),
  trace: z.array(traceStep).describe('The chain that produced the verdict: places, observations, figures, limit.'),
});

export const findingsDocumentSchema = z.strictObject({
  redline: z.literal(1),
  findings: z.array(findingSchema),
});

export type Finding = z.infer<typeof findingSchema>;
export type Measure = z.infer<typeof measure>;
export type KeyPoint = z.infer<typeof point>;
export type TraceStep = z.infer<typeof traceStep>;

export const MAX_EVIDENCE = 200;

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Rounds to a fixed number of decimals so output is byte-identical across runs and platforms. */
export function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

const verdictRank: Record<Verdict, number> = { breach: 0, risk: 1, unverifiable: 2, compliant: 3 };

/** The one order findings are ever listed in. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.agreement.localeCompare(b.agreement) ||
    a.commitment.localeCompare(b.commitment) ||
    a.view.localeCompare(b.view) ||
    verdictRank[a.verdict] - verdictRank[b.verdict] ||
    (a.period.from ?? '').localeCompare(b.period.from ?? '') ||
    a.assets.join(',').localeCompare(b.assets.join(','))
  );
}
