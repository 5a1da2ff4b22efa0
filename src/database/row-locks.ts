import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';

/**
 * Locking that several instances on one PostgreSQL database need and SQLite does not: there the
 * single writer (and `TransactionRunner`'s queue) already runs one transaction at a time.
 */
export function isPostgres(dataSource: DataSource): boolean {
  return dataSource.options.type === 'postgres';
}

/**
 * Holds a lock on a name until the transaction ends: two transactions asking for the same name
 * run one after the other. Unrelated names may share a lock (a 64-bit hash), which only costs a wait.
 */
export async function lockNameUntilCommit(manager: EntityManager, name: string): Promise<void> {
  if (!isPostgres(manager.connection)) return;
  await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [name]);
}

/** `FOR UPDATE SKIP LOCKED`: rows another transaction holds are left to it instead of waited for. */
export function forUpdateSkipLocked<T extends object>(query: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  return isPostgres(query.connection) ? query.setLock('pessimistic_write').setOnLocked('skip_locked') : query;
}
