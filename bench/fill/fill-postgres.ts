import { Client } from 'pg';
import { postgresOptions } from '../../src/database/data-source-options';
import { openDataSource } from '../../src/database/open-data-source';
import { benchUsers } from './bench-users';
import { CASE_COLUMNS, DEADLINE_COLUMNS, ENTRY_COLUMNS } from './case-rows';
import type { FillOptions, FillSummary } from './fill-database';
import { loadRows } from './row-source';
import { sequenceFilledLog } from './sequence-log';

export interface PostgresFillOptions extends Omit<FillOptions, 'path'> {
  /** An empty database; the service's migrations create its schema. */
  url: string;
}

/** Columns whose values are numbers; every other column the fill writes is text (varchar). */
const INTEGER_COLUMNS = new Set(['procedure_version', 'version', 'trail_length', 'position']);

/**
 * The PostgreSQL twin of `fillDatabase`: the same rows (the same templates, chains and users) into
 * a database the service's own migrations created. Rows go in as one `INSERT ... SELECT FROM
 * unnest(...)` per chunk and table (a few thousand cases, tens of thousands of entries, one array
 * per column), ten chunks to a transaction; the migrations' secondary indexes are dropped during
 * the load and rebuilt after from PostgreSQL's own definition of them, then the tables are
 * vacuumed and analysed as a database that has been running a while would be.
 */
export async function fillPostgres(options: PostgresFillOptions): Promise<FillSummary> {
  const started = Date.now();
  const schema = await openDataSource(postgresOptions(options.url, 2));
  await schema.destroy();

  const client = new Client({ connectionString: options.url, application_name: 'bench-fill' });
  await client.connect();
  try {
    // Bulk loading only: a lost fill is simply refilled. The service's sessions commit durably.
    await client.query("SET synchronous_commit = off; SET maintenance_work_mem = '512MB'");
    const indexes = (
      await client.query<{ name: string; definition: string }>(
        `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
         WHERE schemaname = current_schema() AND tablename IN ('cases', 'audit_entries', 'deadlines')
           AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))`,
      )
    ).rows;
    for (const index of indexes) await client.query(`DROP INDEX "${index.name}"`);

    const users = await benchUsers(options.now.toISOString());
    for (const row of users.users) {
      await client.query(
        'INSERT INTO users (id, display_name, password_hash, unit_id, active, failed_logins, locked_until, created_at) VALUES ($1, $2, $3, $4, true, 0, NULL, $5)',
        row,
      );
    }
    for (const row of users.roles) await client.query('INSERT INTO user_roles (user_id, role, scope) VALUES ($1, $2, $3)', row);

    const insertCases = unnestInsert('cases', CASE_COLUMNS);
    const insertEntries = unnestInsert('audit_entries', ENTRY_COLUMNS, { outcome: "'applied'" });
    const insertDeadlines = unnestInsert('deadlines', DEADLINE_COLUMNS, { status: "'cancelled'", reminded: 'false' });
    const plan = { algorithm: options.algorithm, total: options.cases, now: options.now.getTime() };
    const entries = await loadRows(
      plan,
      {
        begin: async () => void (await client.query('BEGIN')),
        insert: async (rows) => {
          // Entries first, as the SQLite fill does: their ids follow the same order.
          await client.query(insertEntries, columnsOf(rows.entries, ENTRY_COLUMNS.length));
          await client.query(insertCases, columnsOf(rows.cases, CASE_COLUMNS.length));
          await client.query(insertDeadlines, columnsOf(rows.deadlines, DEADLINE_COLUMNS.length));
        },
        commit: async () => void (await client.query('COMMIT')),
      },
      options.log,
    );
    await client.query('BEGIN');
    await sequenceFilledLog(
      {
        pending: async (after, limit) =>
          (
            await client.query<{ entry_id: number; entry_hash: string }>(
              'SELECT entry_id, entry_hash FROM tlog_pending WHERE entry_id > $1 ORDER BY entry_id LIMIT $2',
              [after, limit],
            )
          ).rows.map((row): [number, string] => [Number(row.entry_id), row.entry_hash]),
        leaves: async (rows) =>
          void (await client.query(
            'INSERT INTO tlog_leaves (leaf_index, entry_id, leaf_hash) SELECT * FROM unnest($1::int[], $2::int[], $3::text[])',
            columnsOf(rows, 3),
          )),
        nodes: async (rows) =>
          void (await client.query(
            'INSERT INTO tlog_nodes (level, node_index, hash) SELECT * FROM unnest($1::int[], $2::int[], $3::text[])',
            columnsOf(rows, 3),
          )),
        finish: async (size) => {
          await client.query('DELETE FROM tlog_pending');
          await client.query("UPDATE tlog_state SET tree_size = $1 WHERE id = 'log'", [size]);
        },
      },
      options.log,
    );
    await client.query('COMMIT');
    options.log?.(`  indexing ${entries} trail entries`);
    for (const index of indexes) await client.query(index.definition);
    options.log?.('  vacuum and analyse');
    await client.query('VACUUM (ANALYZE) cases, audit_entries, deadlines, users, user_roles');
    await client.query('CHECKPOINT');
    return { cases: options.cases, entries, seconds: (Date.now() - started) / 1000 };
  } finally {
    await client.end();
  }
}

/** `INSERT INTO table (columns) SELECT * FROM unnest($1::type[], ...)`, with constant columns added. */
function unnestInsert(table: string, columns: readonly string[], constants: Record<string, string> = {}): string {
  const arrays = columns.map((column, index) => `$${index + 1}::${INTEGER_COLUMNS.has(column) ? 'int' : 'text'}[]`);
  const names = [...columns, ...Object.keys(constants)].join(', ');
  const values = [...columns.map((_, index) => `c${index}`), ...Object.values(constants)].join(', ');
  return `INSERT INTO ${table} (${names}) SELECT ${values} FROM unnest(${arrays.join(', ')}) AS rows(${columns.map((_, index) => `c${index}`).join(', ')})`;
}

/** Rows of values turned into one array per column. */
function columnsOf(rows: unknown[][], width: number): unknown[][] {
  const columns = Array.from({ length: width }, () => new Array<unknown>(rows.length));
  rows.forEach((row, r) => row.forEach((value, c) => (columns[c][r] = value)));
  return columns;
}
