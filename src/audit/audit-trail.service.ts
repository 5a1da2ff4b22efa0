import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { lockNameUntilCommit } from '../database/row-locks';
import { runSql } from '../database/sql';
import { AuditEntryEntity } from '../trail/audit-entry.entity';
import { CanonicalText, canonicalJson } from '../trail/canonical-json';
import { checkStreamEnds, headWithoutChain, recordsChainHeads, recordStreamHead, type EndCheckCounts, type StreamEnd } from '../trail/chain-heads';
import { entryHash, GENESIS_HASH, storedEntryHash, type HashedEntryFields } from '../trail/chain-hash';

/** What a caller states about a trail entry; the service adds position, chain, algorithm and hash. */
export type TrailRecord = Omit<HashedEntryFields, 'position' | 'prevHash' | 'algorithm' | 'refusalCode' | 'reason'> & {
  refusalCode?: string | null;
  reason?: string | null;
};

export interface VerificationResult {
  ok: boolean;
  checked: number;
  firstBrokenEntry?: { id: number | null; streamId: string; position: number | null; problem: string };
  /**
   * Cases whose chain ends on an entry written before entries recorded their case row: only their
   * state could be compared with the trail (docs/audit.md). Absent when there are none.
   */
  casesCheckedByStateOnly?: number;
  /**
   * The database predates recorded heads (its service has not yet migrated it): the heads of the
   * chains that belong to no case could not be checked. Absent otherwise.
   */
  otherChainHeadsNotRecorded?: true;
}

const PAGE = 1000;

/** The last entry of a stream: the next one links to it. */
export interface ChainHead {
  position: number;
  hash: string;
}

export type AppendedEntry = ChainHead;

const INSERT_ENTRY = `INSERT INTO "audit_entries" ("stream_id", "position", "case_id", "procedure", "procedure_version", "from_state", "event",
  "to_state", "outcome", "refusal_code", "actor_id", "actor_role", "at", "reason", "data", "prev_hash", "hash", "algorithm")
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** An entry as verification reads it: the stored columns, no entity around them. */
type TrailRow = Omit<HashedEntryFields, 'data' | 'algorithm'> & { id: number; data: string; hash: string; algorithm: string };

/** Column and property name of every stored field of an entry. */
const TRAIL_COLUMNS: Array<[string, keyof TrailRow]> = [
  ['id', 'id'],
  ['stream_id', 'streamId'],
  ['position', 'position'],
  ['case_id', 'caseId'],
  ['procedure', 'procedure'],
  ['procedure_version', 'procedureVersion'],
  ['from_state', 'fromState'],
  ['event', 'event'],
  ['to_state', 'toState'],
  ['outcome', 'outcome'],
  ['refusal_code', 'refusalCode'],
  ['actor_id', 'actorId'],
  ['actor_role', 'actorRole'],
  ['at', 'at'],
  ['reason', 'reason'],
  ['data', 'data'],
  ['prev_hash', 'prevHash'],
  ['hash', 'hash'],
  ['algorithm', 'algorithm'],
];

/**
 * The trail: append and read, nothing else (conventions.md §5). Appends happen inside the caller's
 * transaction so that a state change and its entry commit together or not at all.
 */
@Injectable()
export class AuditTrailService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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

  private async headOf(manager: EntityManager, streamId: string): Promise<ChainHead | undefined> {
    await lockNameUntilCommit(manager, `trail:${streamId}`);
    const { rows } = await runSql(manager, 'SELECT "position", "hash" FROM "audit_entries" WHERE "stream_id" = ? ORDER BY "position" DESC LIMIT 1', [streamId]);
    return rows.length === 1 ? { position: Number(rows[0].position), hash: String(rows[0].hash) } : undefined;
  }

  /** Appends in a transaction of its own: refusals are recorded after the refused work rolled back. */
  async appendAlone(record: TrailRecord): Promise<void> {
    await this.dataSource.transaction((manager) => this.append(manager, record));
  }

  forStream(streamId: string): Promise<AuditEntryEntity[]> {
    return this.dataSource.getRepository(AuditEntryEntity).find({ where: { streamId }, order: { position: 'ASC' } });
  }

  /**
   * Recomputes every chain in stream order, page by page so memory stays flat, and checks each
   * case's recorded head so that entries cut off the end of a chain are noticed too.
   */
  async verify(): Promise<VerificationResult> {
    let checked = 0;
    let stream = '';
    let expectedPosition = 1;
    let prevHash = GENESIS_HASH;
    let last: TrailRow | undefined;
    const counts: EndCheckCounts = { stateOnly: 0, headsRecorded: await recordsChainHeads(this.dataSource) };
    const heads = new Map<string, StreamEnd>();
    let cursor: { streamId: string; position: number } | undefined;
    for (;;) {
      const page = await this.pageAfter(cursor);
      for (const entry of page) {
        if (entry.streamId !== stream) {
          if (stream) heads.set(stream, streamEnd(prevHash, expectedPosition - 1, last));
          stream = entry.streamId;
          expectedPosition = 1;
          prevHash = GENESIS_HASH;
        }
        const problem = this.problemWith(entry, expectedPosition, prevHash);
        if (problem) return { ok: false, checked, firstBrokenEntry: { id: Number(entry.id), streamId: entry.streamId, position: Number(entry.position), problem } };
        checked += 1;
        expectedPosition += 1;
        prevHash = entry.hash;
        last = entry;
      }
      if (heads.size >= PAGE || page.length < PAGE) {
        if (page.length < PAGE && stream) heads.set(stream, streamEnd(prevHash, expectedPosition - 1, last));
        const broken = await checkStreamEnds(this.dataSource, heads, counts);
        if (broken) return { ok: false, checked, firstBrokenEntry: broken };
        heads.clear();
      }
      if (page.length < PAGE) break;
      const lastOfPage = page[page.length - 1];
      cursor = { streamId: lastOfPage.streamId, position: Number(lastOfPage.position) };
    }
    const missing = await this.caseWithoutTrail();
    if (missing) return { ok: false, checked, firstBrokenEntry: { id: null, streamId: missing, position: null, problem: 'case has no trail' } };
    const emptied = await headWithoutChain(this.dataSource, counts);
    if (emptied) return { ok: false, checked, firstBrokenEntry: emptied };
    return {
      ok: true,
      checked,
      ...(counts.stateOnly > 0 ? { casesCheckedByStateOnly: counts.stateOnly } : {}),
      ...(counts.headsRecorded ? {} : { otherChainHeadsNotRecorded: true as const }),
    };
  }

  /**
   * The whole trail as NDJSON, read page by page: the entries up to `upToId` (the export's own
   * record), each as `present` shows it (the protected person under the pseudonym).
   */
  exportNdjson(upToId = Number.MAX_SAFE_INTEGER, present = async (page: AuditEntryEntity[]) => page.map((entry) => this.toJson(entry))): Readable {
    const service = this;
    let lastId = 0;
    return new Readable({
      async read() {
        try {
          const page = await service.dataSource
            .getRepository(AuditEntryEntity)
            .createQueryBuilder('e')
            .where('e.id > :lastId AND e.id <= :upToId', { lastId, upToId })
            .orderBy('e.id', 'ASC')
            .limit(PAGE)
            .getMany();
          if (page.length === 0) return void this.push(null);
          lastId = page[page.length - 1].id;
          this.push((await present(page)).map((entry) => JSON.stringify(entry)).join('\n') + '\n');
        } catch (error) {
          this.destroy(error as Error);
        }
      },
    });
  }

  toJson(entry: AuditEntryEntity): Record<string, unknown> {
    return { ...entry, data: JSON.parse(entry.data) };
  }

  /**
   * A page of entries in chain order, as plain rows: verification reads every entry of the trail,
   * and building an entity object for each one cost more than hashing it.
   */
  private pageAfter(cursor: { streamId: string; position: number } | undefined): Promise<TrailRow[]> {
    const query = this.dataSource.createQueryBuilder().from(AuditEntryEntity, 'e');
    for (const [column, alias] of TRAIL_COLUMNS) query.addSelect(`e.${column}`, alias);
    // A row-value comparison (SQLite and PostgreSQL both have it) seeks straight to the cursor in
    // the (stream_id, position) index; SQLite 3.53 plans the equivalent OR as a scan from the
    // start of the index, which made verification quadratic in the size of the trail.
    if (cursor) query.where('(e.stream_id, e.position) > (:streamId, :position)', cursor);
    return query.orderBy('e.stream_id', 'ASC').addOrderBy('e.position', 'ASC').limit(PAGE).getRawMany<TrailRow>();
  }

  private problemWith(entry: TrailRow, expectedPosition: number, prevHash: string): string | undefined {
    if (Number(entry.position) !== expectedPosition) return `position ${entry.position} where ${expectedPosition} was expected`;
    if (entry.prevHash !== prevHash) return 'does not chain to the entry before it';
    const recomputed = storedEntryHash({
      streamId: entry.streamId,
      position: Number(entry.position),
      caseId: entry.caseId,
      procedure: entry.procedure,
      procedureVersion: entry.procedureVersion === null ? null : Number(entry.procedureVersion),
      fromState: entry.fromState,
      event: entry.event,
      toState: entry.toState,
      outcome: entry.outcome,
      refusalCode: entry.refusalCode,
      actorId: entry.actorId,
      actorRole: entry.actorRole,
      at: entry.at,
      reason: entry.reason,
      data: new CanonicalText(entry.data),
      prevHash: entry.prevHash,
      algorithm: entry.algorithm as HashedEntryFields['algorithm'],
    });
    if (recomputed !== entry.hash) return 'content does not match its hash';
    return undefined;
  }

  private async caseWithoutTrail(): Promise<string | undefined> {
    const row = await this.dataSource
      .createQueryBuilder()
      .select('c.id', 'id')
      .from('cases', 'c')
      .where('NOT EXISTS (SELECT 1 FROM audit_entries a WHERE a.stream_id = c.id)')
      .limit(1)
      .getRawOne<{ id: string }>();
    return row?.id;
  }
}

/** How a chain ends: the hash and length verification reached, and its last entry. */
function streamEnd(hash: string, length: number, last: TrailRow | undefined): StreamEnd {
  return { hash, length, toState: last?.toState ?? null, data: last?.data ?? '{}', algorithm: last?.algorithm ?? 'sha256' };
}
