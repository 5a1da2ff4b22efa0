import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, ROOT } from '../service-process';
import { PeerProcess } from './peer-process';

export interface DbosRun {
  baseUrl: string;
  /** The DBOS application process (PostgreSQL's processes are counted through the postmaster). */
  pids: number[];
  stop(): Promise<void>;
}

/** DBOS's system database for the run, on the same cluster; dropped at the end. */
const SYSTEM_DATABASE = 'dbos_peer_sys';

/**
 * Copies the filled database's cases and trail, with the same columns and indexes, into the schema
 * `dbos_peer` of the same database, before anything has changed them: DBOS then starts from the
 * very rows the service starts from.
 */
export async function prepareDbosTables(databaseUrl: string): Promise<void> {
  await withClient(databaseUrl, async (client) => {
    await client.query('DROP SCHEMA IF EXISTS dbos_peer CASCADE');
    await client.query('CREATE SCHEMA dbos_peer');
    for (const table of ['cases', 'audit_entries']) {
      await client.query(`CREATE TABLE dbos_peer.${table} (LIKE public.${table} INCLUDING ALL)`);
      await client.query(`INSERT INTO dbos_peer.${table} SELECT * FROM public.${table}`);
      await client.query(`ANALYZE dbos_peer.${table}`);
    }
  });
}

/**
 * Starts the DBOS application (bench/peers/dbos-app.ts) on the filled database, with its system
 * database on the same cluster. DBOS creates the system database and its own tables at launch
 * (`DBOS.launch()`), and the datasource its `transaction_completion` table.
 */
export async function startDbos(
  adminUrl: string,
  databaseUrl: string,
  options: { tokenSecret: string; algorithm: string },
  log: (line: string) => void,
): Promise<DbosRun> {
  const systemUrl = new URL(adminUrl);
  systemUrl.pathname = `/${SYSTEM_DATABASE}`;
  await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${SYSTEM_DATABASE}`));
  const port = await freePort();
  log(`dbos: application on 127.0.0.1:${port}, system database ${SYSTEM_DATABASE}`);
  const app = await PeerProcess.start({
    name: 'dbos-app',
    command: process.execPath,
    args: [join(ROOT, 'dist', 'bench', 'peers', 'dbos-app.js')],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      DBOS_SYSTEM_DATABASE_URL: systemUrl.toString(),
      TOKEN_SECRET: options.tokenSecret,
      HASH_ALGORITHM: options.algorithm,
    },
    cwd: ROOT,
    readyWhen: 'listening on',
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pids: [app.pid],
    stop: async () => {
      await app.stop();
      await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${SYSTEM_DATABASE} WITH (FORCE)`));
    },
  };
}

/** The postmaster of the cluster behind `url`: the parent of a backend. */
export async function postmasterPid(url: string): Promise<number> {
  return withClient(url, async (client) => {
    // Read while connected: the backend ends with the connection.
    const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const stat = readFileSync(`/proc/${backend}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  });
}

/** Writes everything dirty to disk, so that a phase does not pay for the writes of the one before. */
export async function checkpoint(url: string): Promise<void> {
  await withClient(url, (client) => client.query('CHECKPOINT'));
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
