import type { EntityManager } from 'typeorm';
import { runSql } from '../database/sql';

/** A boolean as each database binds it: SQLite stores 0/1, PostgreSQL a boolean. */
export const dbBool = (manager: EntityManager, value: boolean): boolean | number => (manager.connection.options.type === 'postgres' ? value : value ? 1 : 0);

export const fromDbBool = (value: unknown): boolean => value === true || value === 1 || value === '1' || value === 't';

/** The jurisdictions the system knows: those of the registered units. */
export async function knownJurisdictions(manager: EntityManager): Promise<string[]> {
  const { rows } = await runSql(manager, 'SELECT DISTINCT "jurisdiction" FROM "units" ORDER BY "jurisdiction"', []);
  return rows.map((row) => String(row.jurisdiction));
}

/**
 * The jurisdictions a committee can sit for: those of the registered units and every body of the
 * directory (a body with no units of its own, like a province hearing appeals, decides too).
 */
export async function committeeJurisdictions(manager: EntityManager): Promise<string[]> {
  const { rows } = await runSql(manager, 'SELECT "jurisdiction" AS "id" FROM "units" UNION SELECT "id" FROM "bodies" ORDER BY 1', []);
  return rows.map((row) => String(row.id));
}
