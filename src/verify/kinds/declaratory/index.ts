/**
 * declaratory: a commitment no machine can check ("shall not regard each other as adversaries").
 * It is encoded with its text and the reason it cannot be checked, and every check reports it as
 * unverifiable, so that a reader of the findings sees it was not forgotten, only not judgeable.
 */
import { z } from 'zod';
import type { EvalContext, FindingDraft } from '../../context.js';
import { span, unverifiable } from '../common.js';
import type { CommitmentKind } from '../types.js';

const params = z.strictObject({
  reason: z.string().min(1).describe('Why no observation can show the commitment kept or broken.'),
});
type Params = z.infer<typeof params>;

function evaluate(ctx: EvalContext, p: Params): FindingDraft[] {
  const c = ctx.commitment;
  const reason = p.reason.trim().replace(/\.$/, '');
  return [
    unverifiable(
      span(ctx.window.from, ctx.window.to),
      `${c.article} ("${c.title}") is declaratory: no machine can check it, because ${reason}. It is kept among the findings as unverifiable rather than dropped; whether it is honoured is for the parties and their guarantors to judge.`,
      [
        { step: 'commitment', detail: `declaratory: ${c.text.trim()}` },
        { step: 'reason', detail: reason },
        { step: 'judged once', detail: 'no observation and no map enter the verdict' },
      ],
    ),
  ];
}

export const declaratory: CommitmentKind<Params> = {
  kind: 'declaratory',
  summary: 'a commitment no machine can check, kept with its text and the reason; always unverifiable',
  params,
  judges: 'text',
  evaluate,
};
