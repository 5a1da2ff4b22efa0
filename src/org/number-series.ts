import type { EntityManager } from 'typeorm';
import { runSql } from '../database/sql';

// The series row is created if missing (a twin insert waits for the first and then does nothing),
// then raised by one under its row lock: on PostgreSQL a concurrent allocation, on this instance or
// another, waits on the UPDATE until the first commits and then counts from its number; SQLite
// has one writer. The number is read back inside the same transaction.
const ENSURE_SERIES = 'INSERT INTO "case_number_series" ("jurisdiction", "year", "procedure", "last_no") VALUES (?, ?, ?, 0) ON CONFLICT DO NOTHING';
const NEXT_IN_SERIES = 'UPDATE "case_number_series" SET "last_no" = "last_no" + 1 WHERE "jurisdiction" = ? AND "year" = ? AND "procedure" = ?';
const LAST_IN_SERIES = 'SELECT "last_no" FROM "case_number_series" WHERE "jurisdiction" = ? AND "year" = ? AND "procedure" = ?';

/**
 * The next number of a body's series for a year, inside the caller's transaction: case numbers
 * (案件编号, series = the procedure) and documents' 文号 (series = `doc:` and the 机关代字). A
 * transaction that rolls back takes its number back with it, so a series has no gaps and no
 * number is given twice.
 */
export async function nextInSeries(manager: EntityManager, jurisdiction: string, year: number, series: string): Promise<number> {
  const key = [jurisdiction, year, series];
  await runSql(manager, ENSURE_SERIES, key);
  await runSql(manager, NEXT_IN_SERIES, key);
  const { rows } = await runSql(manager, LAST_IN_SERIES, key);
  return Number(rows[0].last_no);
}
