/** Every commitment kind the engine knows. Adding a kind: one folder and one line here. */
import type { z } from 'zod';
import { activityLimit } from './activity-limit/index.js';
import { ceiling } from './ceiling/index.js';
import { declaratory } from './declaratory/index.js';
import { keepOut } from './keep-out/index.js';
import { noAccession } from './no-accession/index.js';
import { noAttack } from './no-attack/index.js';
import { noIncident } from './no-incident/index.js';
import { noTransfer } from './no-transfer/index.js';
import { notify } from './notify/index.js';
import { separation } from './separation/index.js';
import { sequence } from './sequence/index.js';
import { standoff } from './standoff/index.js';
import type { CommitmentKind } from './types.js';

export const kinds: Record<string, CommitmentKind<never>> = {
  'keep-out': keepOut as CommitmentKind<never>,
  standoff: standoff as CommitmentKind<never>,
  separation: separation as CommitmentKind<never>,
  'no-accession': noAccession as CommitmentKind<never>,
  declaratory: declaratory as CommitmentKind<never>,
  sequence: sequence as CommitmentKind<never>,
  'activity-limit': activityLimit as CommitmentKind<never>,
  notify: notify as CommitmentKind<never>,
  'no-attack': noAttack as CommitmentKind<never>,
  'no-transfer': noTransfer as CommitmentKind<never>,
  'no-incident': noIncident as CommitmentKind<never>,
  ceiling: ceiling as CommitmentKind<never>,
};

/** The params schema of every kind, for the agreement language. */
export function kindParamSchemas(): Record<string, z.ZodType> {
  return Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, v.params]));
}
