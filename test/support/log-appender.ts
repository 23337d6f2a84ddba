/**
 * A long append run for the crash test: appends signed submissions to a durable record log as fast
 * as it can and reports on stdout, one line each, what it has been told is durable:
 *   ack <index> <leaf hash hex>       after the append returned
 *   published <size> <base64 note>    after a checkpoint was signed and stored
 * The test kills it with SIGKILL at some moment and checks the log against these lines.
 *
 * usage: node log-appender.js DB LOG-SEED-HEX PARTY-SEED-HEX
 */
import { createEntry } from '../../src/record/entry.js';
import { keyPairFromSeed } from '../../src/record/keys.js';
import { SqliteLog } from '../../src/store/log/sqlite-log.js';

const [db, logSeed, partySeed] = process.argv.slice(2) as [string, string, string];
const logKey = keyPairFromSeed('redline.test/crash', Buffer.from(logSeed, 'hex'));
const party = keyPairFromSeed('RUS', Buffer.from(partySeed, 'hex'));
const log = new SqliteLog(db, { logKey });
const out = (line: string) => process.stdout.write(line + '\n');
let n = log.size;
for (;;) {
  // Batches of 1 to 4 entries, so both single appends and group commits are cut by the kill.
  const batch = [];
  for (let k = 0; k < 1 + (n % 4); k++, n++) {
    batch.push(createEntry({ kind: 'submission', party: 'RUS', contentType: 'text/plain', payload: `observation batch ${n}\n`.repeat(1 + (n % 7)) }, party).bytes);
  }
  for (const index of log.appendMany(batch)) out(`ack ${index} ${Buffer.from(log.leafHash(index)).toString('hex')}`);
  if (n % 25 < 4) out(`published ${log.size} ${Buffer.from(log.checkpoint(logKey)).toString('base64')}`);
}
