import Database from 'better-sqlite3';
import { copyFileSync, existsSync, statSync } from 'node:fs';
import { Client } from 'pg';
import type { AppConfig } from '../config/app-config';
import { runPostgresTool } from './postgres-tools';

type DatabaseConfig = Pick<AppConfig, 'dbType' | 'dbPath' | 'databaseUrl'>;

/**
 * A consistent copy of the whole database, taken while the service runs: SQLite's `VACUUM INTO`
 * (one read transaction, so one moment of the file), PostgreSQL's `pg_dump` in its custom format
 * (one snapshot). Returns the size of the backup in bytes.
 */
export async function backupDatabase(config: DatabaseConfig, file: string): Promise<number> {
  if (existsSync(file)) throw new Error(`${file} exists: a backup never overwrites a file`);
  if (config.dbType === 'postgres') {
    await runPostgresTool('pg_dump', config.databaseUrl!, ['--format=custom', '--no-owner', `--file=${file}`]);
  } else {
    if (!existsSync(config.dbPath)) throw new Error(`no SQLite database at ${config.dbPath}`);
    const db = new Database(config.dbPath, { fileMustExist: true, timeout: 10_000 });
    try {
      db.prepare('VACUUM INTO ?').run(file);
    } finally {
      db.close();
    }
  }
  return statSync(file).size;
}

/**
 * Puts a backup into an empty place: a SQLite file that does not exist yet (the service is
 * stopped), or a PostgreSQL database without tables. Refuses anything else, so a restore never
 * mixes with live data.
 */
export async function restoreDatabase(config: DatabaseConfig, file: string): Promise<void> {
  if (!existsSync(file)) throw new Error(`no backup at ${file}`);
  if (config.dbType === 'postgres') {
    await assertEmptyPostgres(config.databaseUrl!);
    await runPostgresTool('pg_restore', config.databaseUrl!, ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', file]);
    return;
  }
  if (existsSync(config.dbPath)) throw new Error(`${config.dbPath} exists: restore into a new file, with the service stopped`);
  copyFileSync(file, config.dbPath);
}

async function assertEmptyPostgres(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema()');
    if (Number(rows[0].n) > 0) throw new Error('the target database has tables: restore into an empty database');
  } finally {
    await client.end();
  }
}
