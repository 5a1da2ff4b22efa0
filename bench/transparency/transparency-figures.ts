import { sqliteOptions } from '../../src/database/data-source-options';
import { openDataSource } from '../../src/database/open-data-source';
import { AuditEntryEntity } from '../../src/trail/audit-entry.entity';
import { sequenceBatch } from '../../src/trail/log-store';
import { SEQUENCE_BATCH } from '../../src/trail/transparency-log.service';
import { benchOptions } from '../options';
import { SqliteTarget } from '../targets/sqlite-target';
import { measureTlog, ms, round } from './tlog-measure';

/**
 * `npm run bench:transparency`: the transparency log's figures on the bench's filled database
 * (bench/transparency/tlog-measure.ts, with the service's own verification), then the catch-up
 * after an upgrade: the log emptied, every entry queued as the migration does, and the service's
 * sequencer (2 000 entries a transaction) run until the tree is built.
 *
 * `BENCH_TLOG_CASES=100000 npm run bench:transparency` (BENCH_CACHE_DIR, BENCH_FRESH as for the bench).
 */
async function main(): Promise<void> {
  const cases = Number(process.env.BENCH_TLOG_CASES ?? 100_000);
  const options = { ...benchOptions(), sizes: [cases], databases: ['sqlite' as const] };
  const log = (line: string) => console.error(line);
  const target = new SqliteTarget(options, log);
  const db = await target.prepare(cases);
  const dbPath = String(db.serviceEnv.DB_PATH);
  let figures: Record<string, unknown> = { cases };
  try {
    figures = { cases, ...(await measureTlog(db, `[tlog ${cases}]`, log, { serviceVerification: true })) };
    log(`[tlog ${cases}] catch-up: the log rebuilt from an existing trail, as after the upgrade`);
    figures.catchUp = await catchUp(dbPath);
  } finally {
    await db.close();
    await target.close();
  }
  console.log(JSON.stringify(figures, null, 2));
}

/**
 * The upgrade's catch-up on this database: the log's tables emptied (their guards dropped first),
 * every entry queued as migration 1765600000000 does, then the service's sequencer run.
 */
async function catchUp(dbPath: string): Promise<Record<string, unknown>> {
  const source = await openDataSource(sqliteOptions(dbPath, [AuditEntryEntity]));
  try {
    for (const table of ['tlog_leaves', 'tlog_nodes']) {
      await source.query(`DROP TRIGGER IF EXISTS ${table}_no_delete`);
    }
    await source.query('DELETE FROM tlog_leaves');
    await source.query('DELETE FROM tlog_nodes');
    await source.query('DELETE FROM tlog_pending');
    await source.query(`UPDATE tlog_state SET tree_size = 0 WHERE id = 'log'`);
    let t0 = process.hrtime.bigint();
    await source.query('INSERT INTO tlog_pending (entry_id, entry_hash) SELECT id, hash FROM audit_entries');
    const queueSeconds = ms(t0) / 1000;
    t0 = process.hrtime.bigint();
    let size = 0;
    for (;;) {
      const batch = await source.transaction((manager) => sequenceBatch(manager, SEQUENCE_BATCH));
      size = batch.treeSize;
      if (batch.added < SEQUENCE_BATCH) break;
    }
    const sequenceSeconds = ms(t0) / 1000;
    return {
      entries: size,
      queueSeconds: round(queueSeconds, 1),
      sequenceSeconds: round(sequenceSeconds, 1),
      entriesPerSecond: Math.round(size / sequenceSeconds),
    };
  } finally {
    await source.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
