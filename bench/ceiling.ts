import Database from 'better-sqlite3';
import type { HashAlgorithm } from '../src/config/app-config';
import { CEILING_APPEND, CEILING_READ, CEILING_UPDATE, ceilingStep, type CeilingCaseRow, type CeilingResult } from './ceiling-entry';
import { secondsSince } from './stats';

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
  const read = db.prepare(CEILING_READ);
  const append = db.prepare(CEILING_APPEND);
  const update = db.prepare(CEILING_UPDATE);
  const transition = db.transaction((caseId: string) => {
    const step = ceilingStep(read.get(caseId) as CeilingCaseRow, algorithm);
    append.run(step.append);
    const changed = update.run(step.update);
    if (changed.changes !== 1) throw new Error(`ceiling: case ${caseId} changed under the loop`);
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
