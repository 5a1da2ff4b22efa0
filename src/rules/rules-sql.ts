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
