import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditTrailService } from '../../src/audit/audit-trail.service';
import type { AppConfig } from '../../src/config/app-config';
import { SystemClock } from '../../src/common/clock';
import { sqliteOptions } from '../../src/database/data-source-options';
import { openDataSource } from '../../src/database/open-data-source';
import { verifyExport } from '../../src/operations/verify-export';
import { AuditEntryEntity } from '../../src/trail/audit-entry.entity';
import { checkpointText } from '../../src/trail/checkpoint-format';
import { logOrderedNdjson } from '../../src/trail/log-export';
import { DatabaseNodeReader, sequenceBatch, treeSizeOf } from '../../src/trail/log-store';
import { consistencyProof, inclusionProof, treeRoot } from '../../src/trail/merkle-tree';
import { signerFromSeed, signNote, type Signer } from '../../src/trail/signed-note';
import { TrailWriter } from '../../src/trail/trail-writer';
import { SEQUENCE_BATCH } from '../../src/trail/transparency-log.service';
import { drivenCases } from '../driven-cases';
import { measureRawHashRate } from '../hash-rate';
import type { BenchDatabase } from '../targets/bench-database';

export const ORIGIN = 'bench/case-trail';
const NEW_ENTRIES = 10_000;

export interface TlogMeasureOptions {
  /** The service's own verification too (GET /api/audit/verify): `npm run bench` measures it already. */
  serviceVerification: boolean;
}

/**
 * Issue 22 §5 on a filled database (the bench's fill and cache, SQLite), each figure beside a
 * ceiling measured in the same run, as `npm run bench` does: the raw hash-with-serialisation rate
 * (`entryHash` over the database's own entries) for verification, one durable single-commit
 * transition for what writes or reads the log.
 *
 * 1. checkpoint issue: 1 000 new entries, then sequence them, compute the root from the stored
 *    nodes, sign and store the checkpoint in one transaction (what POST /api/transparency/checkpoints
 *    and the periodic issuer do), 20 times;
 * 2. inclusion and consistency proofs, 500 each at random indexes, from the stored nodes;
 * 3. full verification: the service's own (GET /api/audit/verify) and the offline verifier on the
 *    export in log order, both as a ratio to the raw rate;
 * 4. incremental verification: the offline verifier resumed from its state at the checkpoint
 *    10 000 entries before the newest, reading only those 10 000;
 *
 * Used by `npm run bench:transparency` (with the catch-up) and by `npm run bench` (its transparency rows).
 */
export async function measureTlog(db: BenchDatabase, tag: string, log: (line: string) => void, options: TlogMeasureOptions): Promise<Record<string, unknown>> {
  const dbPath = String(db.serviceEnv.DB_PATH);
  const work = mkdtempSync(join(tmpdir(), 'tlog-figures-'));
  const figures: Record<string, unknown> = {};
  try {
    log(`${tag} ceilings: single-commit transitions, raw hash rate`);
    const ceilingCases = (await drivenCases(db)).map((item) => item.id);
    const ceiling = await db.singleCommitCeiling(ceilingCases, 3, 'sha256');
    const commitMs = 1000 / ceiling.transactionsPerSecond;
    const rawRate = await measureRawHashRate(db, 3);
    figures.ceiling = { singleCommitPerSecond: Math.round(ceiling.transactionsPerSecond), commitMs: round(commitMs), rawHashPerSecond: Math.round(rawRate) };

    const source = await openDataSource(sqliteOptions(dbPath, [AuditEntryEntity]));
    try {
      const signer = signerFromSeed(ORIGIN, randomBytes(32));
      figures.entries = await treeSizeOf(source.manager);

      log(`${tag} checkpoint issue after 1 000 new entries, 20 times`);
      const writer = new TrailWriter({ hashAlgorithm: 'sha256' } as AppConfig, new SystemClock());
      const issue: number[] = [];
      for (let round = 0; round < 20; round += 1) {
        await source.transaction(async (manager) => {
          for (let i = 0; i < 1000; i += 1) await appendSecurityEntry(writer, manager, round * 1000 + i);
        });
        const t0 = process.hrtime.bigint();
        await issueCheckpoint(source, signer);
        issue.push(ms(t0));
      }
      figures.checkpointIssueMs = percentiles(issue, commitMs);

      const size = await treeSizeOf(source.manager);
      const reader = new DatabaseNodeReader(source.manager);
      log(`${tag} proofs at tree size ${size}`);
      const inclusion: number[] = [];
      const consistency: number[] = [];
      for (let i = 0; i < 500; i += 1) {
        const index = Math.floor(Math.random() * size);
        let t0 = process.hrtime.bigint();
        await inclusionProof(reader, index, size);
        inclusion.push(ms(t0));
        t0 = process.hrtime.bigint();
        await consistencyProof(reader, 1 + index, size);
        consistency.push(ms(t0));
      }
      figures.inclusionProofMs = percentiles(inclusion, commitMs);
      figures.consistencyProofMs = percentiles(consistency, commitMs);

      if (options.serviceVerification) {
        log(`${tag} the service's verification (GET /api/audit/verify)`);
        // The raw rate again just before each verification: on a shared machine the load drifts.
        const raw = await measureRawHashRate(db, 2);
        const t0 = process.hrtime.bigint();
        const online = await new AuditTrailService(source).verify();
        const onlineSeconds = ms(t0) / 1000;
        if (!online.ok) throw new Error(`verification failed: ${JSON.stringify(online.firstBrokenEntry)}`);
        figures.serviceVerification = rate(online.checked, onlineSeconds, raw);
      }

      log(`${tag} export in log order, checkpoints at ${size - NEW_ENTRIES} and ${size}`);
      const older = size - NEW_ENTRIES;
      const files = { old: join(work, 'old.ndjson'), new: join(work, 'new.ndjson'), state: join(work, 'state.json') };
      await exportSplit(source, size, older, files.old, files.new);
      const checkpoint = async (treeSize: number, name: string) => {
        const file = join(work, name);
        writeFileSync(file, signNote(checkpointText(ORIGIN, treeSize, await treeRoot(reader, treeSize)), [signer]));
        return file;
      };
      const olderCheckpoint = await checkpoint(older, 'older.checkpoint');
      const newestCheckpoint = await checkpoint(size, 'newest.checkpoint');
      const policyFile = join(work, 'policy.txt');
      writeFileSync(policyFile, `log ${signer.vkey}\nquorum none\n`);

      log(`${tag} offline full verification of ${older} entries`);
      let raw = await measureRawHashRate(db, 2);
      let t0 = process.hrtime.bigint();
      const full = await verifyExport({ exportFile: files.old, checkpointFiles: [olderCheckpoint], policyFile, stateFile: files.state });
      const fullSeconds = ms(t0) / 1000;
      if (!full.ok) throw new Error(`offline verification failed: ${JSON.stringify(full.firstProblem)}`);
      figures.offlineFullVerification = rate(full.entries, fullSeconds, raw);

      log(`${tag} offline incremental verification of the newest ${NEW_ENTRIES}`);
      raw = await measureRawHashRate(db, 2);
      t0 = process.hrtime.bigint();
      const incremental = await verifyExport({ exportFile: files.new, checkpointFiles: [newestCheckpoint], policyFile, stateFile: files.state });
      const incrementalSeconds = ms(t0) / 1000;
      if (!incremental.ok || !incremental.incremental) throw new Error(`incremental verification failed: ${JSON.stringify(incremental.firstProblem)}`);
      figures.offlineIncrementalVerification = {
        entries: incremental.entries,
        seconds: round(incrementalSeconds, 3),
        // The hashing alone of those entries at the raw rate, against the whole check.
        ratioToRawRate: round(incremental.entries / raw / incrementalSeconds, 2),
        rawHashPerSecond: Math.round(raw),
      };
    } finally {
      await source.destroy();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return figures;
}

function appendSecurityEntry(writer: TrailWriter, manager: EntityManager, n: number): Promise<void> {
  return writer.record(manager, 'security', {
    event: 'LOGIN',
    actorId: `bench-${n % 97}`,
    actorRole: 'anonymous',
    outcome: 'refused',
    refusalCode: 'AUTH.INVALID_CREDENTIALS',
    data: { n },
  });
}

/** What the service's issuer does, on one connection: sequence, root from stored nodes, sign, store. */
async function issueCheckpoint(source: DataSource, signer: Signer): Promise<void> {
  for (;;) {
    const batch = await source.transaction((manager) => sequenceBatch(manager, SEQUENCE_BATCH));
    if (batch.added < SEQUENCE_BATCH) break;
  }
  await source.transaction(async (manager) => {
    const size = await treeSizeOf(manager);
    const root = await treeRoot(new DatabaseNodeReader(manager), size);
    const note = signNote(checkpointText(ORIGIN, size, root), [signer]);
    await manager.query('INSERT INTO tlog_checkpoints (tree_size, root_hash, issued_at, note) VALUES (?, ?, ?, ?)', [
      size,
      root.toString('hex'),
      new Date().toISOString(),
      note,
    ]);
  });
}

/** The export in log order (as GET /api/audit/export writes it), split at `older`. */
async function exportSplit(source: DataSource, size: number, older: number, oldFile: string, newFile: string): Promise<void> {
  const present = async (page: AuditEntryEntity[]) => page.map((entry) => ({ ...entry, data: JSON.parse(entry.data) as unknown }));
  const write = async (from: number, to: number, file: string) => {
    const out: WriteStream = createWriteStream(file);
    for await (const chunk of logOrderedNdjson(source, to, present, from)) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    await new Promise<void>((resolve) => out.end(() => resolve()));
  };
  await write(0, older, oldFile);
  await write(older, size, newFile);
}

export function ms(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

export function round(value: number, digits = 2): number {
  return Number(value.toFixed(digits));
}

export function percentiles(values: number[], commitMs: number): Record<string, number> {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
  return { p50: round(at(0.5)), p95: round(at(0.95)), p95InSingleCommits: round(at(0.95) / commitMs) };
}

export function rate(entries: number, seconds: number, rawRate: number): Record<string, number> {
  return {
    entries,
    seconds: round(seconds, 1),
    entriesPerSecond: Math.round(entries / seconds),
    rawHashPerSecond: Math.round(rawRate),
    ratioToRawRate: round(entries / seconds / rawRate),
  };
}
