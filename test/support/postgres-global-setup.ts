import { randomBytes } from 'node:crypto';
import { findPostgresBinDir, startThrowawayCluster, type ThrowawayCluster } from './postgres-cluster';

declare global {
  // Shared with the teardown, which jest runs in the same process.
  var __testPostgresCluster: ThrowawayCluster | undefined;
}

/**
 * Gives the PostgreSQL suite a server: the one named by TEST_DATABASE_URL (a role that may create
 * databases), or a throwaway cluster from the installed binaries. No PostgreSQL is a failure that
 * says what to do; only SKIP_POSTGRES_TESTS=1 (read in jest.config.js) leaves the suite out.
 */
export default async function setupPostgres(): Promise<void> {
  process.env.TEST_POSTGRES_RUN = randomBytes(3).toString('hex');
  if (process.env.TEST_DATABASE_URL) {
    process.env.TEST_POSTGRES_ADMIN_URL = process.env.TEST_DATABASE_URL;
    return;
  }
  const binDir = findPostgresBinDir();
  if (!binDir) {
    throw new Error(
      [
        'The PostgreSQL suite needs PostgreSQL, and none was found (no /usr/lib/postgresql/*/bin, no pg_config).',
        'Install it (Debian: apt-get install postgresql), or set TEST_DATABASE_URL to a server where this role may',
        'create databases, or set SKIP_POSTGRES_TESTS=1 to run the SQLite suite only.',
      ].join('\n'),
    );
  }
  const cluster = await startThrowawayCluster(binDir);
  globalThis.__testPostgresCluster = cluster;
  process.env.TEST_POSTGRES_ADMIN_URL = cluster.adminUrl;
  process.env.TEST_POSTGRES_BIN = binDir;
  // A run cut short (Ctrl-C) still stops the server it started.
  process.once('exit', () => cluster.stop());
}
