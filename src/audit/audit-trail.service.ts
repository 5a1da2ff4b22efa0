import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AuditEntryEntity } from '../trail/audit-entry.entity';
import { CanonicalText } from '../trail/canonical-json';
import { checkStreamEnds, headWithoutChain, recordsChainHeads, type EndCheckCounts, type StreamEnd } from '../trail/chain-heads';
import { GENESIS_HASH, storedEntryHash, type HashedEntryFields } from '../trail/chain-hash';

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
 * The trail as auditors read it: verification of every chain, the export, one stream in order.
 * Nothing here writes (src/trail/trail-writer.ts does).
 */
@Injectable()
export class AuditTrailService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
        if (problem)
          return { ok: false, checked, firstBrokenEntry: { id: Number(entry.id), streamId: entry.streamId, position: Number(entry.position), problem } };
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
    // Pulled page by page as the response drains; a failed read ends the stream with its error.
    return Readable.from(this.ndjsonPages(upToId, present), { objectMode: false });
  }

  private async *ndjsonPages(upToId: number, present: (page: AuditEntryEntity[]) => Promise<unknown[]>): AsyncGenerator<string> {
    let lastId = 0;
    for (;;) {
      const page = await this.dataSource
        .getRepository(AuditEntryEntity)
        .createQueryBuilder('e')
        .where('e.id > :lastId AND e.id <= :upToId', { lastId, upToId })
        .orderBy('e.id', 'ASC')
        .limit(PAGE)
        .getMany();
      if (page.length === 0) return;
      lastId = page[page.length - 1].id;
      yield (await present(page)).map((entry) => JSON.stringify(entry)).join('\n') + '\n';
    }
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
