import { Client } from 'pg';
import type { HashAlgorithm } from '../src/config/app-config';
import { CEILING_APPEND, CEILING_READ, CEILING_UPDATE, ceilingStep, numbered, type CeilingCaseRow, type CeilingResult } from './ceiling-entry';
import { secondsSince } from './stats';

/**
 * The PostgreSQL twin of `measureCeiling`: the same work per iteration (read the case, append one
 * hash-chained entry, write the case back, one transaction and one durable commit each, each on
 * another case) with `pg` directly, named prepared statements, `synchronous_commit=on` as the
 * service asks. `connections` clients run the loop at once, each on its own share of the cases
 * (client i takes cases i, i + connections, ...), so no two ever wait on the same row; with one
 * client it is the single-commit ceiling. No locks beyond the statements' own: this is the least
 * a transition costs.
 */
export async function measurePostgresCeiling(
  url: string,
  caseIds: readonly string[],
  seconds: number,
  algorithm: HashAlgorithm,
  connections = 1,
): Promise<CeilingResult> {
  if (caseIds.length < connections) throw new Error(`ceiling: need at least ${connections} cases, have ${caseIds.length}`);
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = new Client({ connectionString: url, application_name: 'bench-ceiling', options: '-c synchronous_commit=on' });
      await client.connect();
      return client;
    }),
  );
  const read = { name: 'ceiling-read', text: numbered(CEILING_READ) };
  const append = { name: 'ceiling-append', text: numbered(CEILING_APPEND) };
  const update = { name: 'ceiling-update', text: numbered(CEILING_UPDATE) };
  const usable = caseIds.length - (caseIds.length % connections);
  try {
    const start = process.hrtime.bigint();
    const lane = async (client: Client, index: number) => {
      let done = 0;
      for (let next = index; secondsSince(start) < seconds; next += connections) {
        const caseId = caseIds[next % usable];
        await client.query('BEGIN');
        try {
          const step = ceilingStep((await client.query<CeilingCaseRow>({ ...read, values: [caseId] })).rows[0], algorithm);
          await client.query({ ...append, values: step.append });
          const changed = await client.query({ ...update, values: step.update });
          if (changed.rowCount !== 1) throw new Error(`ceiling: case ${caseId} changed under the loop`);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
        done += 1;
      }
      return done;
    };
    const done = (await Promise.all(clients.map(lane))).reduce((sum, n) => sum + n, 0);
    return { transactionsPerSecond: done / secondsSince(start), transactions: done };
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}
