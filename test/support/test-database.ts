import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { Client } from 'pg';

/**
 * The database a test app runs on. Tests name a database by a temporary file path, as they always
 * did; in the PostgreSQL suite (TEST_DB_TYPE=postgres, set by its jest project) the same path maps
 * to a database of its own on the suite's server, created on first use, so a test that restarts
 * the service "on the same file" gets the same database back.
 */
export type TestDialect = 'sqlite' | 'postgres';

export function testDialect(): TestDialect {
  return process.env.TEST_DB_TYPE === 'postgres' ? 'postgres' : 'sqlite';
}

/** The service's configuration variables for the test database named by `dbPath`. */
export async function databaseEnv(dbPath: string): Promise<NodeJS.ProcessEnv> {
  if (testDialect() === 'sqlite') return { DB_TYPE: 'sqlite', DB_PATH: dbPath };
  const name = databaseName(dbPath);
  const admin = await adminClient();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return { DB_TYPE: 'postgres', DATABASE_URL: postgresUrl(name) };
}

/** SQL straight on the test database, behind the service's back: tampering and fault injection. */
export interface RawDatabase {
  dialect: TestDialect;
  /** `?` placeholders on both databases. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export async function openRawDatabase(dbPath: string): Promise<RawDatabase> {
  if (testDialect() === 'sqlite') {
    const db = new Database(dbPath);
    return {
      dialect: 'sqlite',
      query: async <T>(sql: string, params: unknown[] = []) =>
        inThisRealm(() => {
          const statement = db.prepare(sql);
          return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as T[];
        }),
      exec: async (sql) => inThisRealm(() => void db.exec(sql)),
      close: async () => void db.close(),
    };
  }
  const client = new Client({ connectionString: postgresUrl(databaseName(dbPath)) });
  await client.connect();
  return {
    dialect: 'postgres',
    query: async <T>(sql: string, params: unknown[] = []) => {
      let index = 0;
      return (
        await client.query(
          sql.replace(/\?/g, () => `$${++index}`),
          params,
        )
      ).rows as T[];
    },
    exec: async (sql) => void (await client.query(sql)),
    close: () => client.end(),
  };
}

/**
 * The native SQLite module is loaded once per jest worker and keeps the error class of the first
 * test file that loaded it; rethrown here, an error is an Error of this file, as matchers expect.
 */
function inThisRealm<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new Error((error as { message?: string }).message ?? String(error));
  }
}

/** The server the PostgreSQL suite runs on (jest's global setup started it or was given it). */
export function postgresAdminUrl(): string {
  const url = process.env.TEST_POSTGRES_ADMIN_URL;
  if (!url) throw new Error('TEST_POSTGRES_ADMIN_URL is not set: the PostgreSQL suite runs through its jest project (npm test)');
  return url;
}

export function postgresUrl(database: string): string {
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

export function databaseName(dbPath: string): string {
  return `cwt_${process.env.TEST_POSTGRES_RUN ?? 'dev'}_${createHash('sha1').update(dbPath).digest('hex').slice(0, 16)}`;
}

async function adminClient(): Promise<Client> {
  const client = new Client({ connectionString: postgresAdminUrl() });
  await client.connect();
  return client;
}
