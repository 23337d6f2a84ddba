/**
 * `redline log ...`: the record, as its operator, its submitters, its witnesses and anyone checking
 * it use it. Signing happens where the key is (`log sign` on the submitter's machine); the log only
 * ever receives signed entries and checks them before they get an index.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cosign, type WitnessState } from '../../record/witness.js';
import { createEntry, ROLES, type EntryKind, type Role } from '../../record/entry.js';
import { verifyLogFile } from '../../record/logfile.js';
import { noteVerifier } from '../../record/keys.js';
import { SqliteLog } from '../../store/log/sqlite-log.js';
import { DEFAULT_STORE_PATH } from '../../store/sqlite.js';
import { InputError } from '../../observations/load.js';
import { parse, UsageError } from '../args.js';
import { readSignerKey, readVerifierKey } from '../keyfiles.js';

const DEFAULT_STORE = DEFAULT_STORE_PATH;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function readFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw new InputError(`${path}: no such file`);
  }
}

function contentTypeOf(path: string): string {
  const p = path.toLowerCase().replace(/\.gz$/, '');
  if (/\.(nmea|ais|log|txt)$/.test(p)) return 'application/x-nmea';
  if (p.endsWith('.csv')) return 'text/csv';
  if (p.endsWith('.geojson')) return 'application/geo+json';
  if (p.endsWith('.json')) return 'application/json';
  if (p.endsWith('.yaml') || p.endsWith('.yml')) return 'application/yaml';
  return 'application/octet-stream';
}

const subcommands: Record<string, { run: (argv: string[]) => number; help: string }> = {
  init: {
    help: 'log init --log-key FILE [--origin NAME] [--store PATH]      create the record log in the store',
    run(argv) {
      const { values } = parse(argv, { 'log-key': { type: 'string' }, origin: { type: 'string' }, store: { type: 'string' } }, false);
      if (!values['log-key']) throw new UsageError('log init needs --log-key FILE (make one with: redline keys new --party <log name>)');
      const key = readSignerKey(values['log-key']);
      const log = new SqliteLog(values.store ?? DEFAULT_STORE, { logKey: key, ...(values.origin ? { origin: values.origin } : {}) });
      console.log(`record log of ${log.origin} in ${values.store ?? DEFAULT_STORE}: ${log.size} entries; verifier key ${log.verifierKey()}`);
      log.close();
      return 0;
    },
  },
  register: {
    help: 'log register --party ID --role party|guarantor|observer|administrator --vkey FILE --log-key FILE [--store PATH]',
    run(argv) {
      const { values } = parse(argv, { party: { type: 'string' }, role: { type: 'string' }, vkey: { type: 'string' }, 'log-key': { type: 'string' }, store: { type: 'string' } }, false);
      if (!values.party || !values.role || !values.vkey || !values['log-key']) throw new UsageError('log register needs --party, --role, --vkey and --log-key');
      if (!ROLES.includes(values.role as Role)) throw new UsageError(`--role: "${values.role}" is not one of ${ROLES.join(', ')}`);
      const logKey = readSignerKey(values['log-key']);
      const log = new SqliteLog(values.store ?? DEFAULT_STORE, { logKey });
      try {
        const entry = createEntry({ kind: 'key', party: values.party, role: values.role as Role, vkey: readVerifierKey(values.vkey).text, contentType: 'text/plain', payload: '' }, logKey);
        const index = log.append(entry.bytes);
        console.log(`entry ${index}: ${values.party} registered as ${values.role}`);
      } finally {
        log.close();
      }
      return 0;
    },
  },
  sign: {
    help: 'log sign --key FILE --party ID FILE --out ENTRY [--type CONTENT-TYPE] [--attests N --leaf-hash HEX]   sign an entry where the key is',
    run(argv) {
      const { values, positionals } = parse(argv, {
        key: { type: 'string' }, party: { type: 'string' }, out: { type: 'string' }, type: { type: 'string' }, attests: { type: 'string' }, 'leaf-hash': { type: 'string' },
      });
      if (!values.key || !values.out) throw new UsageError('log sign needs --key FILE and --out ENTRY');
      const key = readSignerKey(values.key);
      let kind: EntryKind = 'submission';
      let attests: { index: number; leafHash: string } | undefined;
      if (values.attests !== undefined) {
        if (!/^\d+$/.test(values.attests) || !values['leaf-hash']) throw new UsageError('--attests N needs an entry index and --leaf-hash HEX (from redline log proof --entry N)');
        kind = 'attestation';
        attests = { index: Number(values.attests), leafHash: values['leaf-hash'] };
      } else if (!values.party) throw new UsageError('a submission needs --party ID: the party it comes from');
      if (positionals.length > 1) throw new UsageError('log sign signs one file per entry');
      const path = positionals[0];
      const payload = path === undefined ? Buffer.alloc(0) : readFile(path);
      const entry = createEntry({
        kind, contentType: values.type ?? (path ? contentTypeOf(path) : 'text/plain'), payload, ...(values.party && kind === 'submission' ? { party: values.party } : {}), ...(attests ? { attests } : {}),
      }, key);
      writeFileSync(values.out, entry.bytes);
      console.error(`wrote ${values.out}: ${kind} signed by ${key.name}, ${payload.length} payload bytes`);
      return 0;
    },
  },
  append: {
    help: 'log append ENTRY... [--store PATH]                      append signed entries (all or none); prints each index once durable',
    run(argv) {
      const { values, positionals } = parse(argv, { store: { type: 'string' } });
      if (positionals.length === 0) throw new UsageError('log append needs at least one entry file (made with redline log sign)');
      const log = new SqliteLog(values.store ?? DEFAULT_STORE);
      try {
        const batch = positionals.map(readFile);
        let indices: number[];
        try {
          indices = log.appendMany(batch.map((b) => new Uint8Array(b)));
        } catch (e) {
          if (e instanceof Error && e.name === 'EntryError') throw new InputError(`refused, nothing appended: ${e.message}`);
          throw e;
        }
        indices.forEach((index, k) => console.log(`entry ${index}: ${positionals[k]} (leaf hash ${hex(log.leafHash(index))})`));
      } finally {
        log.close();
      }
      return 0;
    },
  },
  checkpoint: {
    help: 'log checkpoint --log-key FILE [--store PATH] [--out FILE]   sign the durable size and publish it',
    run(argv) {
      const { values } = parse(argv, { 'log-key': { type: 'string' }, store: { type: 'string' }, out: { type: 'string' } }, false);
      if (!values['log-key']) throw new UsageError('log checkpoint needs --log-key FILE');
      const log = new SqliteLog(values.store ?? DEFAULT_STORE);
      try {
        const note = log.checkpoint(readSignerKey(values['log-key']));
        if (values.out) writeFileSync(values.out, note);
        else process.stdout.write(note);
      } finally {
        log.close();
      }
      return 0;
    },
  },
  cosign: {
    help: 'log cosign --witness-key FILE --state FILE [--store PATH] [--out FILE]   a guarantor cosigns the latest checkpoint if consistent',
    run(argv) {
      const { values } = parse(argv, { 'witness-key': { type: 'string' }, state: { type: 'string' }, store: { type: 'string' }, out: { type: 'string' } }, false);
      if (!values['witness-key'] || !values.state) throw new UsageError('log cosign needs --witness-key FILE and --state FILE (the witness\'s memory of what it cosigned)');
      const witness = readSignerKey(values['witness-key']);
      let state: WitnessState = {};
      try {
        state = JSON.parse(readFileSync(values.state, 'utf8')) as WitnessState;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new InputError(`${values.state}: not a witness state file (${(e as Error).message})`);
      }
      const log = new SqliteLog(values.store ?? DEFAULT_STORE);
      try {
        const latest = log.latestCheckpoint();
        if (!latest) throw new InputError('the log has signed no checkpoint yet');
        const last = state[log.origin];
        const proof = last && Number(last.size) > 0 && Number(last.size) < latest.size ? log.consistencyProof(Number(last.size), latest.size) : [];
        let result;
        try {
          result = cosign(witness, state, { checkpoint: latest.note, proof, log: noteVerifier(log.verifierKey()), origin: log.origin });
        } catch (e) {
          throw new InputError(`${witness.name} refuses to cosign: ${(e as Error).message}`);
        }
        // The state first: a witness that crashed after signing but before remembering could be led to sign a fork.
        writeFileSync(values.state, JSON.stringify(result.state, null, 2) + '\n');
        log.saveCosigned(latest.size, result.note);
        if (values.out) writeFileSync(values.out, result.note);
        else process.stdout.write(result.note);
      } finally {
        log.close();
      }
      return 0;
    },
  },
  proof: {
    help: 'log proof --entry N [--size M] [--store PATH]  |  log proof --from M [--size N]   inclusion or consistency proof as JSON',
    run(argv) {
      const { values } = parse(argv, { entry: { type: 'string' }, size: { type: 'string' }, from: { type: 'string' }, store: { type: 'string' } }, false);
      const num = (name: string, v: string | undefined) => {
        if (v === undefined) return undefined;
        if (!/^\d+$/.test(v)) throw new UsageError(`--${name}: "${v}" is not an index or size`);
        return Number(v);
      };
      const entry = num('entry', values.entry);
      const from = num('from', values.from);
      if ((entry === undefined) === (from === undefined)) throw new UsageError('log proof needs either --entry N (inclusion) or --from M (consistency)');
      const log = new SqliteLog(values.store ?? DEFAULT_STORE);
      try {
        const size = num('size', values.size) ?? log.size;
        if (size > log.size) throw new InputError(`the log has ${log.size} entries, not ${size}`);
        let out: object;
        if (entry !== undefined) {
          if (entry >= size) throw new InputError(`entry ${entry} is not in a log of ${size} entries`);
          out = { type: 'inclusion', index: entry, size, leafHash: hex(log.leafHash(entry)), root: hex(log.root(size)), proof: log.inclusionProof(entry, size).map(hex) };
        } else {
          if (from! > size) throw new InputError(`--from ${from} is larger than the size ${size}`);
          out = { type: 'consistency', size1: from, size2: size, root1: hex(log.root(from!)), root2: hex(log.root(size)), proof: from === 0 ? [] : log.consistencyProof(from!, size).map(hex) };
        }
        console.log(JSON.stringify(out, null, 2));
      } finally {
        log.close();
      }
      return 0;
    },
  },
  history: {
    help: 'log history --entry N [--store PATH]                      every version of a finding, and who attested each',
    run(argv) {
      const { values } = parse(argv, { entry: { type: 'string' }, store: { type: 'string' } }, false);
      if (values.entry === undefined || !/^\d+$/.test(values.entry)) throw new UsageError('log history needs --entry N');
      const log = new SqliteLog(values.store ?? DEFAULT_STORE);
      try {
        const index = Number(values.entry);
        if (index >= log.size) throw new InputError(`entry ${index} is not in a log of ${log.size} entries`);
        if (log.kindOf(index) !== 'finding') throw new InputError(`entry ${index} is a ${log.kindOf(index)} entry, not a finding`);
        for (const i of log.findingHistory(index)) {
          const e = log.entry(i);
          const attested = log.attestationsOf(i).map((a) => `${log.entry(a).header.signer} (entry ${a})`);
          const body = Buffer.from(e.payload).toString('utf8');
          console.log(`entry ${i}  ${e.header.time}${e.header.supersedes !== undefined ? `  supersedes ${e.header.supersedes}` : ''}${attested.length ? `  attested by ${attested.join(', ')}` : ''}\n  ${body.length > 300 ? body.slice(0, 300) + '...' : body}`);
        }
      } finally {
        log.close();
      }
      return 0;
    },
  },
  export: {
    help: 'log export --out FILE [--store PATH]                       every entry and the latest checkpoint, for offline checking',
    run(argv) {
      const { values } = parse(argv, { out: { type: 'string' }, store: { type: 'string' } }, false);
      if (!values.out) throw new UsageError('log export needs --out FILE');
      const log = new SqliteLog(values.store ?? DEFAULT_STORE);
      try {
        const bytes = log.export();
        writeFileSync(values.out, bytes);
        console.error(`wrote ${values.out}: ${bytes.length} bytes; verify with redline log verify ${values.out} --log-vkey '${log.verifierKey()}'`);
      } finally {
        log.close();
      }
      return 0;
    },
  },
  verify: {
    help: 'log verify FILE --log-vkey VKEY [--from CHECKPOINT]       re-derive every hash and signature offline; exit 1 if anything is wrong',
    run(argv) {
      const { values, positionals } = parse(argv, { 'log-vkey': { type: 'string' }, from: { type: 'string' } });
      if (positionals.length !== 1 || !values['log-vkey']) throw new UsageError('log verify needs one exported log FILE and --log-vkey VKEY (a file or the key itself)');
      const file = positionals[0]!;
      const bytes = readFile(file);
      const v = verifyLogFile(bytes, { logKey: readVerifierKey(values['log-vkey']).text, ...(values.from ? { from: readFile(values.from).toString('utf8') } : {}) });
      if (v.ok) {
        const k = v.kinds;
        console.log(`${file}: ok. ${v.size} entries (${k.key} keys, ${k.submission} submissions, ${k.finding} findings, ${k.attestation} attestations), root ${v.root}${v.cosignedBy.length ? `, cosigned by ${v.cosignedBy.join(', ')}` : ''}${values.from ? `; extends ${values.from}` : ''}`);
        return 0;
      }
      for (const p of v.problems) console.error(`${file}: ${p.where} (byte ${p.offset}${p.line !== undefined ? `, line ${p.line}` : ''}): ${p.code}: ${p.message}`);
      console.error(`${v.problems.length} problem(s) found`);
      return 1;
    },
  },
};

export function logHelp(): string {
  return Object.values(subcommands).map((s) => s.help).join('\n        ');
}

export function logCommand(argv: string[]): number {
  const [sub, ...rest] = argv;
  const cmd = sub === undefined ? undefined : subcommands[sub];
  if (!cmd) throw new UsageError(`log needs a subcommand: ${Object.keys(subcommands).join(', ')}`);
  try {
    return cmd.run(rest);
  } catch (e) {
    if (e instanceof Error && ['LogStateError', 'KeyError', 'EntryError', 'NoteError', 'CheckpointError'].includes(e.name)) throw new InputError(e.message);
    throw e;
  }
}
