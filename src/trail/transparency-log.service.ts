import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { lockNameUntilCommit } from '../database/row-locks';
import { runSql } from '../database/sql';
import { TransactionRunner } from '../database/transaction-runner';
import { checkpointText } from './checkpoint-format';
import { loadTransparencyKeys, publishedKeys, signingKeys, type PublishedKeys, type TransparencyKeys } from './checkpoint-keys';
import { DatabaseNodeReader, leafIndexOfEntry, sequenceBatch, treeSizeOf } from './log-store';
import { consistencyProof, inclusionProof, toBase64, treeRoot } from './merkle-tree';
import { signNote } from './signed-note';
import { attestationText, RECEIPT_FORMAT, type ReceiptPayload } from './receipt-attestation';
import { formatTlogProof } from './tlog-proof-format';
import { logOrderedNdjson, type PresentEntries } from './log-export';
import type { Readable } from 'node:stream';

/** A stored checkpoint: the signed note as the log signed it, and the witnesses' cosignature lines. */
export interface StoredCheckpoint {
  treeSize: number;
  /** base64, as in the note. */
  rootHash: string;
  issuedAt: string;
  /** The signed note with every cosignature received, ready for a verifier. */
  note: string;
  cosignatures: number;
}

/** Sequencing passes take this many entries per transaction: short transactions, O(log n) per leaf. */
export const SEQUENCE_BATCH = 2000;

/** A checkpoint the caller asked for that does not exist (404), or an index past it (400). */
export class LogLookupError extends Error {
  constructor(
    readonly kind: 'checkpoint-not-found' | 'index-beyond-tree' | 'sizes-reversed',
    message: string,
    /** The tree size concerned (the checkpoint not found). */
    readonly treeSize?: number,
  ) {
    super(message);
  }
}

/**
 * The trail as a transparency log: gives committed entries their log index (the sequencer), issues
 * signed checkpoints periodically and on demand (one issuer at a time among instances), stores and
 * lists them, and answers inclusion and consistency proofs. docs/audit.md, "The log".
 */
@Injectable()
export class TransparencyLog implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('TransparencyLog');
  readonly keys: TransparencyKeys;
  private sequenceTimer?: NodeJS.Timeout;
  private checkpointTimer?: NodeJS.Timeout;
  private sequencing?: Promise<number>;
  private stopping = false;
  /** Called with each new checkpoint (the witness client submits it). */
  private readonly listeners: Array<(checkpoint: StoredCheckpoint) => Promise<void>> = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {
    this.keys = loadTransparencyKeys(config.transparency, clock.now());
  }

  onApplicationBootstrap(): void {
    const { sequenceIntervalMs, checkpointIntervalMs } = this.config.transparency;
    if (sequenceIntervalMs > 0) {
      this.sequenceTimer = setInterval(() => void this.quietly(() => this.sequence()), sequenceIntervalMs);
      this.sequenceTimer.unref();
    }
    if (checkpointIntervalMs > 0) {
      // Checked more often than the interval, so a checkpoint follows new entries within about one interval.
      this.checkpointTimer = setInterval(() => void this.quietly(() => this.issueCheckpoint({ force: false })), Math.min(checkpointIntervalMs, 10_000));
      this.checkpointTimer.unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.sequenceTimer) clearInterval(this.sequenceTimer);
    if (this.checkpointTimer) clearInterval(this.checkpointTimer);
    await this.sequencing?.catch(() => undefined);
  }

  onCheckpoint(listener: (checkpoint: StoredCheckpoint) => Promise<void>): void {
    this.listeners.push(listener);
  }

  published(): PublishedKeys {
    return publishedKeys(this.keys);
  }

  /** Gives every committed entry waiting in the queue its log index; returns the tree size. Passes never overlap in one instance. */
  sequence(): Promise<number> {
    if (!this.sequencing) this.sequencing = this.sequenceAll().finally(() => (this.sequencing = undefined));
    return this.sequencing;
  }

  private async sequenceAll(): Promise<number> {
    for (;;) {
      const batch = await this.transactions.run((manager) => sequenceBatch(manager, SEQUENCE_BATCH));
      if (batch.added < SEQUENCE_BATCH || this.stopping) return batch.treeSize;
    }
  }

  /**
   * Issues a checkpoint of the log as sequenced now: on demand (`force`) whenever the log grew since
   * the newest checkpoint, periodically only when the newest is also older than the interval. One
   * issuer at a time (a lock; the tree size is the key, so a checkpoint is never issued twice).
   * Returns the newest checkpoint, new or not (undefined before the first).
   */
  async issueCheckpoint(options: { force: boolean }): Promise<StoredCheckpoint | undefined> {
    await this.sequence();
    const now = this.clock.now();
    const issued = await this.transactions.run(async (manager) => {
      await lockNameUntilCommit(manager, 'tlog:checkpoint');
      const size = await treeSizeOf(manager);
      const latest = await this.latestRow(manager);
      if (latest && latest.treeSize >= size) return { checkpoint: latest, fresh: false };
      // The timer issues nothing for an empty log; on demand, the empty tree's checkpoint is fine.
      if (!options.force && size === 0) return { checkpoint: latest, fresh: false };
      const due = !latest || now.getTime() - Date.parse(latest.issuedAt) >= this.config.transparency.checkpointIntervalMs;
      if (!options.force && !due) return { checkpoint: latest, fresh: false };
      const root = await treeRoot(new DatabaseNodeReader(manager), size);
      const note = signNote(checkpointText(this.keys.origin, size, root), signingKeys(this.keys, now));
      await runSql(manager, 'INSERT INTO "tlog_checkpoints" ("tree_size", "root_hash", "issued_at", "note") VALUES (?, ?, ?, ?)', [
        size,
        root.toString('hex'),
        now.toISOString(),
        note,
      ]);
      return { checkpoint: { treeSize: size, rootHash: toBase64(root), issuedAt: now.toISOString(), note, cosignatures: 0 }, fresh: true };
    });
    if (issued.fresh && issued.checkpoint) {
      this.logger.log(`checkpoint issued at tree size ${issued.checkpoint.treeSize}`);
      for (const listener of this.listeners) await listener(issued.checkpoint);
      return (await this.checkpoint(issued.checkpoint.treeSize)) ?? issued.checkpoint;
    }
    return issued.checkpoint;
  }

  /** The newest checkpoint that covers `index` (issuing one when none does yet). */
  async checkpointCovering(index: number): Promise<StoredCheckpoint> {
    const latest = await this.latest();
    if (latest && latest.treeSize > index) return latest;
    const issued = await this.issueCheckpoint({ force: true });
    if (!issued || issued.treeSize <= index) throw new LogLookupError('index-beyond-tree', `entry ${index} is not in the log yet`);
    return issued;
  }

  async latest(): Promise<StoredCheckpoint | undefined> {
    const row = await this.latestRow(this.dataSource.manager);
    return row ? this.withCosignatures(row) : undefined;
  }

  async checkpoint(treeSize: number): Promise<StoredCheckpoint | undefined> {
    const { rows } = await runSql(
      this.dataSource.manager,
      'SELECT "tree_size", "root_hash", "issued_at", "note" FROM "tlog_checkpoints" WHERE "tree_size" = ?',
      [treeSize],
    );
    return rows.length === 0 ? undefined : this.withCosignatures(checkpointOf(rows[0]));
  }

  /** Every checkpoint, newest first, a page at a time. */
  async list(page: number, pageSize: number): Promise<{ items: StoredCheckpoint[]; total: number }> {
    const manager = this.dataSource.manager;
    const { rows } = await runSql(
      manager,
      'SELECT "tree_size", "root_hash", "issued_at", "note" FROM "tlog_checkpoints" ORDER BY "tree_size" DESC LIMIT ? OFFSET ?',
      [pageSize, (page - 1) * pageSize],
    );
    const total = Number((await runSql(manager, 'SELECT COUNT(*) AS "n" FROM "tlog_checkpoints"', [])).rows[0].n);
    return { items: await Promise.all(rows.map((row) => this.withCosignatures(checkpointOf(row)))), total };
  }

  /** The inclusion proof of leaf `index` in the checkpoint of `treeSize`. */
  async inclusion(
    index: number,
    treeSize: number,
  ): Promise<{ index: number; treeSize: number; leafHash: string; proof: string[]; checkpoint: StoredCheckpoint }> {
    const checkpoint = await this.checkpoint(treeSize);
    if (!checkpoint) throw new LogLookupError('checkpoint-not-found', `no checkpoint of tree size ${treeSize}`, treeSize);
    if (index >= treeSize) throw new LogLookupError('index-beyond-tree', `index ${index} is beyond the tree of ${treeSize} leaves`);
    const reader = new DatabaseNodeReader(this.dataSource.manager);
    const [leaf] = await reader.readNodes([{ level: 0, index }]);
    const proof = await inclusionProof(reader, index, treeSize);
    return { index, treeSize, leafHash: toBase64(leaf), proof: proof.map(toBase64), checkpoint };
  }

  /** The consistency proof between the checkpoints of `from` and `to` leaves. */
  async consistency(from: number, to: number): Promise<{ from: number; to: number; proof: string[] }> {
    for (const size of [from, to]) {
      if (!(await this.checkpoint(size))) throw new LogLookupError('checkpoint-not-found', `no checkpoint of tree size ${size}`, size);
    }
    if (from > to) throw new LogLookupError('sizes-reversed', `the old size ${from} is greater than the new size ${to}`);
    return { from, to, proof: (await consistencyProof(new DatabaseNodeReader(this.dataSource.manager), from, to)).map(toBase64) };
  }

  /** A consistency proof between any two sizes the log has reached (the witness client needs sizes without checkpoints too). */
  async consistencyProofBetween(from: number, to: number): Promise<Buffer[]> {
    return consistencyProof(new DatabaseNodeReader(this.dataSource.manager), from, to);
  }

  /**
   * The trail in log order as NDJSON (GET /api/audit/export), from `fromIndex` on: everything
   * committed is sequenced first, so the export (recorded before it starts) is in it.
   */
  async exportNdjson(present: PresentEntries, fromIndex = 0): Promise<Readable> {
    const size = await this.sequence();
    return logOrderedNdjson(this.dataSource, size, present, fromIndex);
  }

  /**
   * A receipt (`.tlog-proof`, issue 22 §3) for one entry as a party sees it: the inclusion proof of
   * the entry's leaf in the newest checkpoint (issued now if none covers it yet), and in its extra
   * line the entry as shown with the log's signed attestation binding it to the entry's hash.
   */
  async receipt(entryId: number, entryHash: string, shown: Record<string, unknown>, withheld: string[]): Promise<string> {
    let index = await this.leafIndexOf(entryId);
    if (index === undefined) {
      await this.sequence();
      index = await this.leafIndexOf(entryId);
    }
    if (index === undefined) throw new Error(`entry ${entryId} is committed but not in the log after sequencing`);
    const checkpoint = await this.checkpointCovering(index);
    const reader = new DatabaseNodeReader(this.dataSource.manager);
    const proof = await inclusionProof(reader, index, checkpoint.treeSize);
    const attestation = signNote(attestationText(this.keys.origin, index, entryHash, shown, withheld), signingKeys(this.keys, this.clock.now()));
    const payload: ReceiptPayload = { format: RECEIPT_FORMAT, logIndex: index, entryHash, entry: shown, withheld, attestation };
    return formatTlogProof({ extra: Buffer.from(JSON.stringify(payload), 'utf8'), index, proof, checkpoint: checkpoint.note });
  }

  leafIndexOf(entryId: number, manager: EntityManager = this.dataSource.manager): Promise<number | undefined> {
    return leafIndexOfEntry(manager, entryId);
  }

  /** Stores a witness's cosignature on a checkpoint (already verified by the caller). */
  async storeCosignature(treeSize: number, witnessKey: string, line: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      const { rows } = await runSql(manager, 'SELECT 1 AS "x" FROM "tlog_cosignatures" WHERE "tree_size" = ? AND "witness_key" = ?', [treeSize, witnessKey]);
      if (rows.length > 0) return;
      await runSql(manager, 'INSERT INTO "tlog_cosignatures" ("tree_size", "witness_key", "line", "received_at") VALUES (?, ?, ?, ?)', [
        treeSize,
        witnessKey,
        line,
        this.clock.now().toISOString(),
      ]);
    });
  }

  /** The largest tree size this witness has cosigned, 0 if none. */
  async cosignedSize(witnessKey: string): Promise<number> {
    const { rows } = await runSql(this.dataSource.manager, 'SELECT MAX("tree_size") AS "n" FROM "tlog_cosignatures" WHERE "witness_key" = ?', [witnessKey]);
    return rows[0]?.n === null || rows[0]?.n === undefined ? 0 : Number(rows[0].n);
  }

  private async latestRow(manager: EntityManager): Promise<StoredCheckpoint | undefined> {
    const { rows } = await runSql(
      manager,
      'SELECT "tree_size", "root_hash", "issued_at", "note" FROM "tlog_checkpoints" ORDER BY "tree_size" DESC LIMIT 1',
      [],
    );
    return rows.length === 0 ? undefined : checkpointOf(rows[0]);
  }

  private async withCosignatures(checkpoint: StoredCheckpoint): Promise<StoredCheckpoint> {
    const { rows } = await runSql(this.dataSource.manager, 'SELECT "line" FROM "tlog_cosignatures" WHERE "tree_size" = ? ORDER BY "witness_key"', [
      checkpoint.treeSize,
    ]);
    if (rows.length === 0) return checkpoint;
    return { ...checkpoint, note: checkpoint.note + rows.map((row) => `${String(row.line)}\n`).join(''), cosignatures: rows.length };
  }

  private async quietly(work: () => Promise<unknown>): Promise<void> {
    if (this.stopping) return;
    try {
      await work();
    } catch (error) {
      if (!this.stopping) this.logger.error(`transparency log pass failed: ${(error as Error).message}`);
    }
  }
}

function checkpointOf(row: Record<string, unknown>): StoredCheckpoint {
  return {
    treeSize: Number(row.tree_size),
    rootHash: Buffer.from(String(row.root_hash), 'hex').toString('base64'),
    issuedAt: String(row.issued_at),
    note: String(row.note),
    cosignatures: 0,
  };
}
