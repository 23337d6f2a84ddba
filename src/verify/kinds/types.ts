import type { z } from 'zod';
import type { EvalContext, FindingDraft } from '../context.js';

/** One commitment kind: the schema of its params and its evaluator. */
export interface CommitmentKind<P = unknown> {
  kind: string;
  /** One line for docs and the schema. */
  summary: string;
  params: z.ZodType<P>;
  evaluate(ctx: EvalContext, params: P): FindingDraft[];
}
