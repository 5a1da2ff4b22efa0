import { Client } from 'pg';
import { findPostgresBinDir, startThrowawayCluster, type ThrowawayCluster } from '../../test/support/postgres-cluster';
import { numbered } from '../ceiling-entry';
import { measurePostgresCeiling } from '../ceiling-postgres';
import { fillPostgres } from '../fill/fill-postgres';
import type { BenchOptions } from '../options';
import type { BenchDatabase, DatabaseTarget } from './bench-database';

/**
 * The server settings of the run's cluster beyond the throwaway cluster's own (which keeps
 * fsync, full-page writes and synchronous commit on when durable): a buffer cache of a size a
 * server of this machine would be given, and checkpoints spaced out enough that a fill does not
 * checkpoint every few seconds.
 */
export const BENCH_POSTGRES_SETTINGS = { shared_buffers: '2GB', max_wal_size: '8GB', checkpoint_timeout: '15min' };

/**
 * One durable throwaway PostgreSQL cluster for the whole run (stopped at the end, and on any way
 * out of the process), a database per size in it, filled through the service's migrations. The
 * cluster does not outlive the run, so nothing is cached: each size is filled in every run.
 */
export class PostgresTarget implements DatabaseTarget {
  readonly kind = 'postgres';

  private constructor(
    /** The server's version, as `SHOW server_version` gives it. */
    readonly version: string,
    private readonly cluster: ThrowawayCluster,
    private readonly options: BenchOptions,
    private readonly log: (line: string) => void,
  ) {}

  /** Undefined, with a line on the log, when this machine has no PostgreSQL server binaries. */
  static async start(options: BenchOptions, log: (line: string) => void): Promise<PostgresTarget | undefined> {
    const binDir = findPostgresBinDir();
    if (!binDir) {
      log('postgres: skipped, no PostgreSQL server binaries found (no /usr/lib/postgresql/*/bin, no pg_config); set BENCH_DATABASES=sqlite to silence this');
      return undefined;
    }
    log(`postgres: starting a durable throwaway cluster from ${binDir}`);
    const cluster = await startThrowawayCluster(binDir, { durable: true, settings: BENCH_POSTGRES_SETTINGS });
    // An interrupted or failed run still stops the server it started (stop() is synchronous).
    process.once('exit', () => {
      try {
        cluster.stop();
      } catch {
        // Already gone (a Ctrl-C reaches the server too).
      }
    });
    const version = await withClient(
      cluster.adminUrl,
      async (client) => (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version,
    );
    return new PostgresTarget(version, cluster, options, log);
  }

  async prepare(cases: number): Promise<BenchDatabase> {
    const name = `bench_${cases}`;
    await withClient(this.cluster.adminUrl, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${name}`);
      await client.query(`CREATE DATABASE ${name}`);
    });
    const url = new URL(this.cluster.adminUrl);
    url.pathname = `/${name}`;
    this.log(`[postgres ${cases}] filling ${cases} cases into database ${name}`);
    const summary = await fillPostgres({ url: url.toString(), cases, algorithm: this.options.algorithm, now: new Date(), log: this.log });
    this.log(`  ${summary.entries} trail entries in ${summary.seconds.toFixed(1)} s`);
    const reader = new Client({ connectionString: url.toString(), application_name: 'bench-reader' });
    await reader.connect();
    return {
      kind: 'postgres',
      fillSeconds: summary.seconds,
      serviceEnv: { DB_TYPE: 'postgres', DATABASE_URL: url.toString() },
      groupCommit: false,
      query: async <T>(sql: string, params: unknown[] = []) => (await reader.query(numbered(sql), params)).rows as T[],
      singleCommitCeiling: (caseIds, seconds, algorithm) => measurePostgresCeiling(url.toString(), caseIds, seconds, algorithm, 1),
      parallelCeiling: (caseIds, seconds, algorithm, connections) => measurePostgresCeiling(url.toString(), caseIds, seconds, algorithm, connections),
      close: async () => {
        await reader.end();
        await withClient(this.cluster.adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name}`));
      },
    };
  }

  async close(): Promise<void> {
    this.cluster.stop();
  }
}

/** One short connection (the cluster's administrator, or a database of it). */
async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
