import { Client } from 'pg';

/** Stops the throwaway cluster, or drops this run's databases from the server TEST_DATABASE_URL named. */
export default async function teardownPostgres(): Promise<void> {
  const cluster = globalThis.__testPostgresCluster;
  if (cluster) {
    cluster.stop();
    return;
  }
  const client = new Client({ connectionString: process.env.TEST_POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `cwt_${process.env.TEST_POSTGRES_RUN}_%`,
    ]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
