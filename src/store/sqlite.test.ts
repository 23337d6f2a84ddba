/**
 * The SQLite store: the shared Store contract, and what is SQLite's own (journal mode, schema
 * version and migrations, a file that is not a store).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../observations/load.js';
import { openExistingStore, openSqliteStore, SCHEMA_VERSION, SqliteStore } from './sqlite.js';
import { storeContract } from './store.contract.js';

storeContract('SQLite', async (dir) => new SqliteStore(join(dir, 'redline.db')));

describe('SQLite specifics', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redline-sqlite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens in WAL mode with synchronous NORMAL, or FULL when asked, at the schema version', async () => {
    const path = join(dir, 'a.db');
    await new SqliteStore(path).close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
    const normal = new SqliteStore(path);
    // 1 = NORMAL, 2 = FULL (https://sqlite.org/pragma.html#pragma_synchronous)
    expect((normal as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true })).toBe(1);
    await normal.close();
    const full = new SqliteStore(path, { durability: 'full' });
    expect((full as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true })).toBe(2);
    await full.close();
  });

  it('keeps what it stored across a close and reopen, and migrates nothing twice', async () => {
    const path = join(dir, 'b.db');
    const s = new SqliteStore(path);
    await s.putAssets([{ id: 'mmsi:1', mmsi: 1 }]);
    const digest = await s.contentDigest();
    await s.close();
    const again = new SqliteStore(path);
    expect(await again.contentDigest()).toBe(digest);
    expect(await again.schemaVersion()).toBe(SCHEMA_VERSION);
    await again.close();
  });

  it('refuses a store from a newer Redline', async () => {
    const path = join(dir, 'c.db');
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => new SqliteStore(path)).toThrow(/newer than this Redline/);
  });

  it('names a file that is not a store, and a store that does not exist', () => {
    const path = join(dir, 'not-a-db.db');
    writeFileSync(path, 'just text, not SQLite'.repeat(100));
    expect(() => openSqliteStore(path)).toThrow(new InputError(`${path}: not a Redline store (not an SQLite database)`));
    expect(() => openExistingStore(join(dir, 'missing.db'))).toThrow(InputError);
  });
});
