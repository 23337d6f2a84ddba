import type { z } from 'zod';
import type { Draft, EvalContext } from '../context.js';

/** One commitment kind: the schema of its params and its evaluator. */
export interface CommitmentKind<P = unknown> {
  kind: string;
  /** One line for docs and the schema. */
  summary: string;
  params: z.ZodType<P>;
  /**
   * What the kind judges: position fixes (the default; the window is the data's span), dated facts
   * (`events`), or nothing observable (`text`). A kind that judges no positions is evaluated once,
   * under the first view asked for, since no map enters its verdict (unless a draft says it placed a
   * reported point on the view's map, `onView`: then under every view), and its window is only what
   * the effective period and the caller bound (possibly open: ±Infinity).
   */
  judges?: 'positions' | 'events' | 'text';
  evaluate(ctx: EvalContext, params: P): Draft[];
}
