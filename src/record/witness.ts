/**
 * A witness (a guarantor) cosigns a log's checkpoint only after checking that it is consistent with
 * the last checkpoint it cosigned for that log: the log can then never show one history to one
 * guarantor and another to the next, since at least one of them would have refused to sign.
 *
 * Rules, per origin:
 *   - the first checkpoint is taken on trust (there is nothing to compare it with);
 *   - a smaller size than the last cosigned one is refused (a log only grows);
 *   - the same size with another root is refused (a fork);
 *   - a larger size needs a consistency proof from the last cosigned size that verifies.
 * The state is the last cosigned (size, root) per origin; the caller keeps it durable (a file) and
 * must save it BEFORE handing out the cosignature, or a crash could let the witness sign a fork.
 */
import { openCheckpoint, type Checkpoint } from './checkpoint.js';
import { hashesEqual, verifyConsistency } from './merkle.js';
import { addSignatures, decodeBase64Strict, encodeBase64, type NoteVerifier } from './note.js';
import { noteSigner, type KeyPair } from './keys.js';

export interface WitnessState {
  /** origin -> last cosigned size (decimal string: sizes may pass 2^53) and root (base64). */
  [origin: string]: { size: string; rootHash: string };
}

export type WitnessRefusalCode = 'smaller-size' | 'fork' | 'bad-proof' | 'bad-checkpoint';

export class WitnessRefusal extends Error {
  constructor(
    readonly code: WitnessRefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'WitnessRefusal';
  }
}

export interface CosignRequest {
  /** The signed checkpoint note, as the log published it. */
  checkpoint: string;
  /** Consistency proof from the witness's last cosigned size to this checkpoint's size. */
  proof: readonly Uint8Array[];
  log: NoteVerifier;
  origin?: string;
}

export interface Cosigned {
  /** The checkpoint with the witness's signature added. */
  note: string;
  checkpoint: Checkpoint;
  /** The state to save before the note is handed out. */
  state: WitnessState;
}

export function cosign(witness: KeyPair, state: Readonly<WitnessState>, req: CosignRequest): Cosigned {
  let cp: Checkpoint;
  try {
    cp = openCheckpoint(req.checkpoint, { log: req.log, ...(req.origin !== undefined ? { origin: req.origin } : {}) }).checkpoint;
  } catch (e) {
    throw new WitnessRefusal('bad-checkpoint', `not a checkpoint of this log: ${(e as Error).message}`);
  }
  const last = state[cp.origin];
  if (last) {
    const lastSize = BigInt(last.size);
    const lastRoot = decodeBase64Strict(last.rootHash);
    if (!lastRoot) throw new Error(`witness state for ${cp.origin} holds a bad root`);
    if (cp.size < lastSize) throw new WitnessRefusal('smaller-size', `size ${cp.size} is smaller than ${lastSize}, already cosigned for ${cp.origin}`);
    if (cp.size === lastSize) {
      if (!hashesEqual(cp.rootHash, lastRoot)) throw new WitnessRefusal('fork', `size ${cp.size} was cosigned with another root: the log has forked`);
    } else {
      const check = verifyConsistency({ size1: lastSize, size2: cp.size, root1: lastRoot, root2: cp.rootHash, proof: req.proof });
      if (!check.ok) throw new WitnessRefusal('bad-proof', `no consistency from size ${lastSize} to ${cp.size}: ${check.message}`);
    }
  }
  const next: WitnessState = { ...state, [cp.origin]: { size: cp.size.toString(), rootHash: encodeBase64(cp.rootHash) } };
  return { note: addSignatures(req.checkpoint, [noteSigner(witness)]), checkpoint: cp, state: next };
}
