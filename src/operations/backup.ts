import Database from 'better-sqlite3';
import { copyFileSync, cpSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import type { AppConfig } from '../config/app-config';
import { runPostgresTool } from './postgres-tools';

type DatabaseConfig = Pick<AppConfig, 'dbType' | 'dbPath' | 'databaseUrl'> & Partial<Pick<AppConfig, 'attachments'>>;

/** Where a SQLite backup keeps the attachments' files: beside the backup file, in the store's own layout. */
export const attachmentsBackupOf = (file: string): string => `${file}.attachments`;

/**
 * A consistent copy of the whole database, taken while the service runs: SQLite's `VACUUM INTO`
 * (one read transaction, so one moment of the file), PostgreSQL's `pg_dump` in its custom format
 * (one snapshot). Returns the size of the backup in bytes.
 *
 * Attachments: on PostgreSQL their content is in the database, so in the dump. On SQLite it is in
 * files (ATTACHMENT_DIR): after the database copy, every file its `attachments` rows name is copied
 * to `<backup>.attachments/` (contents never change under a digest, so copying after the snapshot
 * is consistent with it; an upload no event cited that the sweep removed meanwhile is skipped).
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
    if (config.attachments) return statSync(file).size + copyAttachments(file, config.attachments.directory);
  }
  return statSync(file).size;
}

/** Copies the files the backup's rows name; a cited one missing from the store stops the backup. */
function copyAttachments(file: string, directory: string): number {
  const backup = new Database(file, { readonly: true, fileMustExist: true });
  let rows: Array<{ digest: string; cited: number }>;
  try {
    const hasTable = backup.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachments'").get();
    rows = hasTable ? (backup.prepare('SELECT digest, MAX(cited_at IS NOT NULL) AS cited FROM attachments GROUP BY digest').all() as typeof rows) : [];
  } finally {
    backup.close();
  }
  let bytes = 0;
  for (const { digest, cited } of rows) {
    const source = join(directory, digest.slice(0, 2), digest);
    if (!existsSync(source)) {
      if (cited) throw new Error(`attachment ${digest} is named by the trail but missing from ${directory}`);
      continue;
    }
    const target = join(attachmentsBackupOf(file), digest.slice(0, 2), digest);
    mkdirSync(join(attachmentsBackupOf(file), digest.slice(0, 2)), { recursive: true });
    copyFileSync(source, target);
    bytes += statSync(target).size;
  }
  return bytes;
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
  // The attachments' files go back into the configured store (files already there are the same content).
  if (config.attachments && existsSync(attachmentsBackupOf(file))) {
    cpSync(attachmentsBackupOf(file), config.attachments.directory, { recursive: true, force: false, errorOnExist: false });
  }
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
