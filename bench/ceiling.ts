import Database from 'better-sqlite3';
import { canonicalJson } from '../src/audit/canonical-json';
import { entryHash, type HashedEntryFields } from '../src/audit/chain-hash';
import type { HashAlgorithm } from '../src/config/app-config';
import { secondsSince } from './stats';

export interface CeilingResult {
  transactionsPerSecond: number;
  transactions: number;
}

interface CaseRow {
  id: string;
  context: string;
  procedure: string;
  procedure_version: number;
  state: string;
  version: number;
  trail_head: string;
  trail_length: number;
}

/**
 * The most one writer can commit on this disk: what a transition must do at the least, with
 * nothing else — read the case, append one hash-chained trail entry, write the case back (its
 * snapshot, version, change time and chain head) — one transaction and one durable commit each,
 * on the same file with the same
 * pragmas as the service (WAL, synchronous=FULL). Each iteration takes another case, as the load
 * does. The entries it appends are valid links of their chains (event `BENCH_CEILING`), so the
 * database still verifies afterwards.
 */
export function measureCeiling(dbPath: string, caseIds: readonly string[], seconds: number, algorithm: HashAlgorithm): CeilingResult {
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const read = db.prepare('SELECT id, procedure, procedure_version, state, context, version, trail_head, trail_length FROM cases WHERE id = ?');
  const append = db.prepare(`INSERT INTO audit_entries (stream_id, position, case_id, procedure, procedure_version, from_state, event,
    to_state, outcome, refusal_code, actor_id, actor_role, at, reason, data, prev_hash, hash, algorithm)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'applied', NULL, ?, ?, ?, NULL, ?, ?, ?, ?)`);
  const update = db.prepare('UPDATE cases SET context = ?, version = ?, updated_at = ?, trail_head = ?, trail_length = ? WHERE id = ? AND version = ?');
  const transition = db.transaction((caseId: string) => {
    const row = read.get(caseId) as CaseRow;
    const at = new Date().toISOString();
    const data = { note: 'single-commit ceiling' };
    const fields: HashedEntryFields = {
      streamId: row.id,
      position: row.trail_length + 1,
      caseId: row.id,
      procedure: row.procedure,
      procedureVersion: row.procedure_version,
      fromState: row.state,
      event: 'BENCH_CEILING',
      toState: row.state,
      outcome: 'applied',
      refusalCode: null,
      actorId: 'bench',
      actorRole: 'system',
      at,
      reason: null,
      data,
      prevHash: row.trail_head,
      algorithm,
    };
    const hash = entryHash(fields);
    append.run(row.id, fields.position, row.id, row.procedure, row.procedure_version, row.state, fields.event, row.state, 'bench', 'system', at, canonicalJson(data), row.trail_head, hash, algorithm);
    const changed = update.run(row.context, row.version + 1, at, hash, fields.position, row.id, row.version);
    if (changed.changes !== 1) throw new Error(`ceiling: case ${row.id} changed under the loop`);
  });
  try {
    const start = process.hrtime.bigint();
    let done = 0;
    while (secondsSince(start) < seconds) {
      transition(caseIds[done % caseIds.length]);
      done += 1;
    }
    return { transactionsPerSecond: done / secondsSince(start), transactions: done };
  } finally {
    db.close();
  }
}
