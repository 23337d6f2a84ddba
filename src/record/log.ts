/**
 * The record as a whole, in memory: entries checked and appended to the Merkle tree, checkpoints
 * signed by the log, findings appended by the engine, attestations, supersession, export.
 *
 * Every append is checked exactly as `verifyLogFile` will check it later (`checkEntry`), so the log
 * never holds an entry an offline verifier would refuse: a submission signed by party A that claims
 * party B is refused here, before it gets an index. The durable log on the store wraps this.
 */
import { signCheckpoint } from './checkpoint.js';
import { checkEntry, createEntry, decodeEntry, Keyring, leafHashHex, type Entry, type EntryKind, type Role } from './entry.js';
import { formatLogFile } from './logfile.js';
import { MemoryTree } from './merkle.js';
import { formatVerifierKey, noteSigner, noteVerifier, type KeyPair } from './keys.js';

export class RecordLog {
  readonly tree = new MemoryTree();
  readonly keyring: Keyring;
  private readonly entries: Uint8Array[] = [];
  private readonly meta: { kind: EntryKind; leafHash: string }[] = [];

  constructor(
    /** The log's own key pair: signs key registrations, findings and checkpoints. */
    readonly logKey: KeyPair,
    readonly origin: string = logKey.name,
  ) {
    this.keyring = new Keyring(noteVerifier(logKey));
  }

  get size(): number {
    return this.entries.length;
  }

  /** Checks an entry for the next index and appends it; answers the index. */
  append(bytes: Uint8Array): number {
    const index = this.entries.length;
    const entry = checkEntry(bytes, { index, keyring: this.keyring, earlier: (k) => this.meta[k] });
    this.entries.push(bytes);
    this.meta.push({ kind: entry.header.kind, leafHash: leafHashHex(bytes) });
    this.tree.append(bytes);
    return index;
  }

  entry(index: number): Entry {
    const bytes = this.entries[index];
    if (!bytes) throw new RangeError(`no entry ${index} in a log of ${this.entries.length}`);
    return decodeEntry(bytes);
  }

  entryBytes(index: number): Uint8Array {
    const bytes = this.entries[index];
    if (!bytes) throw new RangeError(`no entry ${index} in a log of ${this.entries.length}`);
    return bytes;
  }

  /** Registers a party's key (signed by the log). */
  registerKey(party: string, role: Role, key: KeyPair | string, time?: Date): number {
    const vkey = typeof key === 'string' ? key : formatVerifierKey(key);
    return this.append(createEntry({ kind: 'key', party, role, vkey, contentType: 'text/plain', payload: '', ...(time ? { time } : {}) }, this.logKey).bytes);
  }

  /** Appends an engine finding (JSON), optionally superseding an earlier finding entry. */
  appendFinding(finding: unknown, supersedes?: number, time?: Date): number {
    return this.append(
      createEntry({ kind: 'finding', contentType: 'application/json', payload: JSON.stringify(finding), ...(supersedes !== undefined ? { supersedes } : {}), ...(time ? { time } : {}) }, this.logKey).bytes,
    );
  }

  /** The finding entries from the first version to `index`, following `supersedes` back. */
  findingHistory(index: number): number[] {
    const chain: number[] = [];
    for (let i: number | undefined = index; i !== undefined; i = this.entry(i).header.supersedes) {
      if (this.meta[i]?.kind !== 'finding') throw new RangeError(`entry ${i} is not a finding`);
      chain.unshift(i);
    }
    return chain;
  }

  /** Entries that supersede `index`, and attestations of it. */
  successors(index: number): { supersededBy: number[]; attestedBy: number[] } {
    const supersededBy: number[] = [];
    const attestedBy: number[] = [];
    for (let i = index + 1; i < this.entries.length; i++) {
      const kind = this.meta[i]!.kind;
      if (kind !== 'finding' && kind !== 'attestation') continue;
      const h = this.entry(i).header;
      if (h.supersedes === index) supersededBy.push(i);
      if (h.attests?.index === index) attestedBy.push(i);
    }
    return { supersededBy, attestedBy };
  }

  leafHash(index: number): string {
    const m = this.meta[index];
    if (!m) throw new RangeError(`no entry ${index} in a log of ${this.entries.length}`);
    return m.leafHash;
  }

  /** Signs a checkpoint of the current size with the log key. */
  checkpoint(): string {
    return signCheckpoint({ origin: this.origin, size: this.size, rootHash: this.tree.root() }, [noteSigner(this.logKey)]);
  }

  export(checkpoint: string = this.checkpoint()): Uint8Array {
    return formatLogFile({ origin: this.origin, entries: this.entries, checkpoint });
  }
}
