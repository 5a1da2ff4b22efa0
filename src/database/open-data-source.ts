import { DataSource, MigrationExecutor, type DataSourceOptions } from 'typeorm';

/** Any fixed number: every instance of the service takes the same lock before migrating. */
const MIGRATION_LOCK = 7_263_683_200;

/**
 * Connects and brings the schema up to date before anything else may use the database. On
 * PostgreSQL several instances may start at once: the migrations run under an advisory lock, so
 * one instance migrates and the others wait, then find nothing pending.
 */
export async function openDataSource(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource(options).initialize();
  try {
    await runMigrations(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

async function runMigrations(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  try {
    const postgres = dataSource.options.type === 'postgres';
    if (postgres) await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = dataSource.options.migrationsTransactionMode ?? 'all';
      await executor.executePendingMigrations();
    } finally {
      if (postgres) await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
