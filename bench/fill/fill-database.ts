import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { HashAlgorithm } from '../../src/config/app-config';
import { sqliteOptions } from '../../src/database/data-source-options';
import { openDataSource } from '../../src/database/open-data-source';
import { DEMO_USERS } from '../../src/demo/demo-users';
import { hashPassword } from '../../src/identity/password-hasher';
import { CaseRowFactory, type CaseRows, type RowPlan } from './case-rows';

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

const CHUNK = 5_000;
/** Below this a second thread costs more to start than it saves. */
const WORKER_THRESHOLD = 50_000;
const CHUNKS_PER_COMMIT = 10;

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
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('cases', 'audit_entries') AND sql IS NOT NULL")
    .all() as Array<{ name: string; sql: string }>;
  for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);

  await insertUsers(db, options.now.toISOString());
  const insertCase = db.prepare(`INSERT INTO cases (id, procedure, procedure_version, state, status, context, version, cadre_id,
    applicant_id, unit_id, accuser_user_id, origin_case_id, origin_relation, search_text, created_by, created_at, updated_at,
    state_entered_at, trail_head, trail_length) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?, ?, ?, ?, ?, ?)`);
  const insertEntry = db.prepare(`INSERT INTO audit_entries (stream_id, position, case_id, procedure, procedure_version, from_state,
    event, to_state, outcome, refusal_code, actor_id, actor_role, at, reason, data, prev_hash, hash, algorithm)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'applied', NULL, ?, ?, ?, ?, ?, ?, ?, ?)`);

  let entries = 0;
  const plan: RowPlan = { algorithm: options.algorithm, total: options.cases, now: options.now.getTime() };
  const producer = options.cases >= WORKER_THRESHOLD ? new RowProducer(plan) : new InlineRows(plan);
  try {
    const chunks = Math.ceil(options.cases / CHUNK);
    for (let chunk = 0; chunk < Math.min(2, chunks); chunk += 1) producer.request(chunk * CHUNK, Math.min(options.cases, (chunk + 1) * CHUNK));
    db.exec('BEGIN');
    for (let chunk = 0; chunk < chunks; chunk += 1) {
      const rows = await producer.next();
      const ahead = chunk + 2;
      if (ahead < chunks) producer.request(ahead * CHUNK, Math.min(options.cases, (ahead + 1) * CHUNK));
      for (const row of rows.entries) insertEntry.run(row);
      for (const row of rows.cases) insertCase.run(row);
      entries += rows.entries.length;
      if ((chunk + 1) % CHUNKS_PER_COMMIT === 0) {
        db.exec('COMMIT');
        if ((chunk + 1) % (CHUNKS_PER_COMMIT * 10) === 0) options.log?.(`  filled ${(chunk + 1) * CHUNK} of ${options.cases} cases`);
        db.exec('BEGIN');
      }
    }
    db.exec('COMMIT');
  } finally {
    await producer.close();
  }
  options.log?.(`  indexing ${entries} trail entries`);
  for (const index of indexes) db.exec(index.sql);
  db.pragma('locking_mode = NORMAL');
  db.pragma('journal_mode = WAL');
  db.close();
  removeDatabase(options.path);
  renameSync(partial, options.path);
  return { cases: options.cases, entries, seconds: (Date.now() - started) / 1000 };
}

interface Rows {
  request(from: number, to: number): void;
  next(): Promise<CaseRows>;
  close(): Promise<void>;
}

/** Rows made on demand in this thread. */
class InlineRows implements Rows {
  private readonly factory: CaseRowFactory;
  private readonly requested: Array<[number, number]> = [];

  constructor(plan: RowPlan) {
    this.factory = new CaseRowFactory(plan);
  }

  request(from: number, to: number): void {
    this.requested.push([from, to]);
  }

  async next(): Promise<CaseRows> {
    const [from, to] = this.requested.shift()!;
    return this.factory.rows(from, to);
  }

  async close(): Promise<void> {}
}

/** Rows made in a worker thread, handed over in the order they were requested. */
class RowProducer implements Rows {
  private readonly worker: Worker;
  private readonly waiting: Array<{ resolve: (rows: CaseRows) => void; reject: (error: Error) => void }> = [];
  private readonly ready: CaseRows[] = [];
  private failure: Error | undefined;

  constructor(plan: RowPlan) {
    const typescript = __filename.endsWith('.ts');
    this.worker = new Worker(join(__dirname, `fill-worker.${typescript ? 'ts' : 'js'}`), {
      workerData: plan,
      execArgv: typescript ? ['-r', 'ts-node/register/transpile-only'] : [],
    });
    this.worker.on('message', (rows: CaseRows) => {
      const waiter = this.waiting.shift();
      if (waiter) waiter.resolve(rows);
      else this.ready.push(rows);
    });
    this.worker.on('error', (error) => {
      this.failure = error;
      for (const waiter of this.waiting.splice(0)) waiter.reject(error);
    });
  }

  request(from: number, to: number): void {
    this.worker.postMessage({ from, to });
  }

  next(): Promise<CaseRows> {
    if (this.failure) return Promise.reject(this.failure);
    const rows = this.ready.shift();
    if (rows) return Promise.resolve(rows);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** The demo users (one password hash computed once: the password is the same for all). */
async function insertUsers(db: Database.Database, at: string): Promise<void> {
  const passwordHash = await hashPassword(DEMO_USERS[0].password);
  const user = db.prepare('INSERT INTO users (id, display_name, password_hash, unit_id, active, failed_logins, locked_until, created_at) VALUES (?, ?, ?, ?, 1, 0, NULL, ?)');
  const grant = db.prepare('INSERT INTO user_roles (user_id, role, scope) VALUES (?, ?, ?)');
  for (const demo of DEMO_USERS) {
    user.run(demo.id, demo.displayName, passwordHash, demo.unitId ?? null, at);
    for (const role of demo.roles) grant.run(demo.id, role.role, role.scope);
  }
}

export function removeDatabase(path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) rmSync(file);
}
