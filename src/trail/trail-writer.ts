import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { lockNameUntilCommit } from '../database/row-locks';
import { runSql } from '../database/sql';
import { canonicalJson } from './canonical-json';
import { recordStreamHead } from './chain-heads';
import { entryHash, GENESIS_HASH, type HashedEntryFields } from './chain-hash';
import { storableText, storableValue } from './storable-text';

/** What a caller states about a trail entry; the writer adds position, chain, algorithm and hash. */
export type TrailRecord = Omit<HashedEntryFields, 'position' | 'prevHash' | 'algorithm' | 'refusalCode' | 'reason'> & {
  refusalCode?: string | null;
  reason?: string | null;
};

/** The last entry of a stream: the next one links to it. */
export interface ChainHead {
  position: number;
  hash: string;
}

export type AppendedEntry = ChainHead;

/** Rewrites an entry before it is appended and stores what it took out (src/sealed: a protected actor). */
export type EntrySealing = (record: TrailRecord) => { record: TrailRecord; store: (manager: EntityManager, appended: AppendedEntry) => Promise<void> };

export const SECURITY_STREAM = 'security';
export const ADMIN_STREAM = 'admin';

/** The chains that belong to no case and are written through `record`. */
export type OtherChain = typeof SECURITY_STREAM | typeof ADMIN_STREAM;

export interface SecurityEvent {
  /** What was attempted: `GET /api/cases/:id`, `LOGIN`, `ROLES_CHANGED` … */
  event: string;
  actorId: string;
  actorRole: string;
  outcome: 'applied' | 'refused';
  refusalCode?: string;
  data: Record<string, unknown>;
}

const INSERT_ENTRY = `INSERT INTO "audit_entries" ("stream_id", "position", "case_id", "procedure", "procedure_version", "from_state", "event",
  "to_state", "outcome", "refusal_code", "actor_id", "actor_role", "at", "reason", "data", "prev_hash", "hash", "algorithm")
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * The one writer of the trail (conventions.md §5: append and read, nothing else). Every write
 * takes the caller's transaction: a change and its entry commit together or not at all, and
 * there is no way here to write an entry on its own (a refusal, recorded after its work rolled
 * back, goes through `Refusals`, which opens the transaction it writes in).
 */
@Injectable()
export class TrailWriter {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /**
   * The chain head is read inside the caller's transaction, under a lock on the stream that lasts
   * until it commits: two instances appending to one stream take turns, so the chain never forks.
   * A caller holding the lock of the case row already knows its stream's head (the row records it)
   * and passes it as `head`. The unique (stream, position) index refuses a fork either way.
   */
  async append(manager: EntityManager, record: TrailRecord, head?: ChainHead): Promise<AppendedEntry> {
    const last = head ?? (await this.headOf(manager, record.streamId));
    const data = canonicalJson(record.data ?? {});
    const fields: HashedEntryFields = {
      streamId: record.streamId,
      position: (last?.position ?? 0) + 1,
      caseId: record.caseId,
      procedure: record.procedure,
      procedureVersion: record.procedureVersion,
      fromState: record.fromState,
      event: record.event,
      toState: record.toState,
      outcome: record.outcome,
      refusalCode: record.refusalCode ?? null,
      actorId: record.actorId,
      actorRole: record.actorRole,
      at: record.at,
      reason: record.reason ?? null,
      data: JSON.parse(data),
      prevHash: last?.hash ?? GENESIS_HASH,
      algorithm: this.config.hashAlgorithm,
    };
    const hash = entryHash(fields);
    await runSql(manager, INSERT_ENTRY, [
      fields.streamId,
      fields.position,
      fields.caseId,
      fields.procedure,
      fields.procedureVersion,
      fields.fromState,
      fields.event,
      fields.toState,
      fields.outcome,
      fields.refusalCode,
      fields.actorId,
      fields.actorRole,
      fields.at,
      fields.reason,
      data,
      fields.prevHash,
      hash,
      fields.algorithm,
    ]);
    // A case row records its chain's head; every other chain's head is recorded here.
    if (record.caseId === null) await recordStreamHead(manager, fields.streamId, { position: fields.position, hash });
    return { position: fields.position, hash };
  }

  /**
   * An entry on one of the two chains that belong to no case: `security` (refusals, probing,
   * lockouts) and `admin` (what the administrators changed). Both are hash-chained like a case's
   * trail, so an auditor can see who probed what and who granted which role, and verify that
   * nothing was removed.
   */
  async record(manager: EntityManager, stream: OtherChain, entry: SecurityEvent, sealing?: EntrySealing): Promise<void> {
    const record: TrailRecord = {
      streamId: stream,
      caseId: null,
      procedure: null,
      procedureVersion: null,
      fromState: null,
      toState: null,
      event: storableText(entry.event, 60),
      outcome: entry.outcome,
      refusalCode: entry.refusalCode ?? null,
      actorId: storableText(entry.actorId, 64),
      actorRole: storableText(entry.actorRole, 20),
      at: this.clock.now().toISOString(),
      data: storableValue(entry.data),
    };
    const sealed = sealing?.(record);
    const appended = await this.append(manager, sealed?.record ?? record);
    await sealed?.store(manager, appended);
  }

  private async headOf(manager: EntityManager, streamId: string): Promise<ChainHead | undefined> {
    await lockNameUntilCommit(manager, `trail:${streamId}`);
    const { rows } = await runSql(manager, 'SELECT "position", "hash" FROM "audit_entries" WHERE "stream_id" = ? ORDER BY "position" DESC LIMIT 1', [streamId]);
    return rows.length === 1 ? { position: Number(rows[0].position), hash: String(rows[0].hash) } : undefined;
  }
}
