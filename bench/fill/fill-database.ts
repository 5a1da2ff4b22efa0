import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync } from 'node:fs';
import type { HashAlgorithm } from '../../src/config/app-config';
import { sqliteOptions } from '../../src/database/data-source-options';
import { openDataSource } from '../../src/database/open-data-source';
import { benchUsers } from './bench-users';
import { CASE_COLUMNS, DEADLINE_COLUMNS, ENTRY_COLUMNS } from './case-rows';
import { loadRows } from './row-source';
import { sequenceFilledLog } from './sequence-log';

export interface FillOptions {
  path: string;
  cases: number;
  algorithm: HashAlgorithm;
  /** "Now": histories end before it. */
  now: Date;
  log?: (line: string) => void;
}

export interface FillSummary {
  cases: number;
  entries: number;
  seconds: number;
}

/**
 * Builds a database of `cases` cases through the real schema: the service's own migrations create
 * it, then the rows go in with prepared statements in large transactions. Every case's trail is a
 * valid hash chain computed with the service's digest over the canonical JSON the service would
 * have written, and each case row records its chain's head and length, so the service's
 * verification really verifies. Written to a temporary file and renamed when complete, so an
 * interrupted fill never looks finished.
 */
export async function fillDatabase(options: FillOptions): Promise<FillSummary> {
  const started = Date.now();
  const partial = `${options.path}.filling`;
  removeDatabase(partial);
  // The service's own start-up path: connect, then run the pending migrations.
  const schema = await openDataSource(sqliteOptions(partial));
  await schema.destroy();

  const db = new Database(partial);
  // Bulk loading only: the file is switched back to WAL before the service ever sees it.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('cache_size = -1000000');
  db.pragma('temp_store = MEMORY');
  // Rows go in first and the migrations' own indexes are rebuilt after, by sorting once instead
  // of inserting millions of random UUIDs into B-trees one by one. The schema ends up identical.
  const indexes = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('cases', 'audit_entries', 'deadlines') AND sql IS NOT NULL")
    .all() as Array<{ name: string; sql: string }>;
  for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);

  const users = await benchUsers(options.now.toISOString());
  const insertUser = db.prepare(
    'INSERT INTO users (id, display_name, password_hash, unit_id, active, failed_logins, locked_until, created_at) VALUES (?, ?, ?, ?, 1, 0, NULL, ?)',
  );
  const grant = db.prepare('INSERT INTO user_roles (user_id, role, scope) VALUES (?, ?, ?)');
  for (const row of users.users) insertUser.run(row);
  for (const row of users.roles) grant.run(row);

  const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');
  const insertCase = db.prepare(`INSERT INTO cases (${CASE_COLUMNS.join(', ')}) VALUES (${placeholders(CASE_COLUMNS.length)})`);
  const insertEntry = db.prepare(`INSERT INTO audit_entries (${ENTRY_COLUMNS.join(', ')}, outcome, refusal_code)
    VALUES (${placeholders(ENTRY_COLUMNS.length)}, 'applied', NULL)`);
  const insertDeadline = db.prepare(`INSERT INTO deadlines (${DEADLINE_COLUMNS.join(', ')}, status, reminded, claimed_by, claimed_until)
    VALUES (${placeholders(DEADLINE_COLUMNS.length)}, 'cancelled', 0, NULL, NULL)`);
  const plan = { algorithm: options.algorithm, total: options.cases, now: options.now.getTime() };
  const entries = await loadRows(
    plan,
    {
      begin: () => void db.exec('BEGIN'),
      insert: (rows) => {
        for (const row of rows.entries) insertEntry.run(row);
        for (const row of rows.cases) insertCase.run(row);
        for (const row of rows.deadlines) insertDeadline.run(row);
      },
      commit: () => void db.exec('COMMIT'),
    },
    options.log,
  );
  const pending = db.prepare('SELECT entry_id, entry_hash FROM tlog_pending WHERE entry_id > ? ORDER BY entry_id LIMIT ?').raw();
  const insertLeaf = db.prepare('INSERT INTO tlog_leaves (leaf_index, entry_id, leaf_hash) VALUES (?, ?, ?)');
  const insertNode = db.prepare('INSERT INTO tlog_nodes (level, node_index, hash) VALUES (?, ?, ?)');
  db.exec('BEGIN');
  await sequenceFilledLog(
    {
      pending: async (after, limit) => pending.all(after, limit) as Array<[number, string]>,
      leaves: async (rows) => void rows.forEach((row) => insertLeaf.run(row)),
      nodes: async (rows) => void rows.forEach((row) => insertNode.run(row)),
      finish: async (size) => {
        db.exec('DELETE FROM tlog_pending');
        db.prepare("UPDATE tlog_state SET tree_size = ? WHERE id = 'log'").run(size);
      },
    },
    options.log,
  );
  db.exec('COMMIT');
  options.log?.(`  indexing ${entries} trail entries`);
  for (const index of indexes) db.exec(index.sql);
  db.pragma('locking_mode = NORMAL');
  db.pragma('journal_mode = WAL');
  db.close();
  removeDatabase(options.path);
  renameSync(partial, options.path);
  return { cases: options.cases, entries, seconds: (Date.now() - started) / 1000 };
}

export function removeDatabase(path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) rmSync(file);
}
