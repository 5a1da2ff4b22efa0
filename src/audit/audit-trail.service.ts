import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AuditEntryEntity } from '../trail/audit-entry.entity';
import { CanonicalText } from '../trail/canonical-json';
import { checkStreamEnds, headsWithoutChain, recordsChainHeads, type BrokenChain, type EndCheckCounts, type StreamEnd } from '../trail/chain-heads';
import { GENESIS_HASH, storedEntryHash, type HashedEntryFields } from '../trail/chain-hash';
import { RETIRED_DATA, retiringDecisions } from '../trail/payload-retirement';

export interface VerificationResult {
  ok: boolean;
  /** Entries that verified (a broken chain's entries from its first problem on are not counted). */
  checked: number;
  /** Chains seen: one per case, plus the security, admin and audit-reads streams. */
  chains: number;
  intactChains: number;
  /** How many chains are broken, and the first LISTED of them in stream order, each at its first problem. */
  brokenChainCount?: number;
  brokenChains?: BrokenChain[];
  /** The first of `brokenChains` (kept for readers of the earlier answer). */
  firstBrokenEntry?: BrokenChain;
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
  /**
   * Entries whose payload an audit administrator's decision retired under retention: their hash
   * and link verified, their content no longer recomputable (docs/audit.md, "Retention"). Absent
   * when there are none.
   */
  retiredPayloads?: number;
}

const PAGE = 1000;
/** Broken chains listed in the answer (all are counted): enough to act on, bounded for a ruined database. */
const LISTED = 200;

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
   * chain's recorded head so that entries cut off the end of a chain are noticed too. A broken
   * chain does not stop the check: the rest of that chain is skipped and every other chain is
   * still verified, so the auditor learns how many are broken and which (the first LISTED).
   */
  async verify(): Promise<VerificationResult> {
    let checked = 0;
    let chains = 0;
    let stream = '';
    let streamBroken = false;
    let expectedPosition = 1;
    let prevHash = GENESIS_HASH;
    let last: TrailRow | undefined;
    const broken: BrokenChain[] = [];
    const counts: EndCheckCounts = { stateOnly: 0, headsRecorded: await recordsChainHeads(this.dataSource) };
    const heads = new Map<string, StreamEnd>();
    const endStream = () => {
      if (stream && !streamBroken) heads.set(stream, streamEnd(prevHash, expectedPosition - 1, last));
    };
    let cursor: { streamId: string; position: number } | undefined;
    let retiredPayloads = 0;
    for (;;) {
      const page = await this.pageAfter(cursor);
      // Only an entry showing the retired marker is looked up: the common page costs no extra read.
      const marked = page.filter((entry) => entry.data === RETIRED_DATA).map((entry) => Number(entry.id));
      const retired = marked.length === 0 ? new Map<number, number>() : await retiringDecisions(this.dataSource.manager, marked);
      for (const entry of page) {
        if (entry.streamId !== stream) {
          endStream();
          stream = entry.streamId;
          streamBroken = false;
          chains += 1;
          expectedPosition = 1;
          prevHash = GENESIS_HASH;
        }
        if (streamBroken) continue;
        const isRetired = retired.has(Number(entry.id));
        const problem = this.problemWith(entry, expectedPosition, prevHash, isRetired);
        if (problem) {
          broken.push({ id: Number(entry.id), streamId: entry.streamId, position: Number(entry.position), problem });
          streamBroken = true;
          continue;
        }
        checked += 1;
        if (isRetired) retiredPayloads += 1;
        expectedPosition += 1;
        prevHash = entry.hash;
        last = entry;
      }
      if (page.length < PAGE) endStream();
      if (heads.size >= PAGE || page.length < PAGE) {
        broken.push(...(await checkStreamEnds(this.dataSource, heads, counts)));
        heads.clear();
      }
      if (page.length < PAGE) break;
      const lastOfPage = page[page.length - 1];
      cursor = { streamId: lastOfPage.streamId, position: Number(lastOfPage.position) };
    }
    const withoutTrail = await this.casesWithoutTrail();
    const emptied = await headsWithoutChain(this.dataSource, counts, LISTED);
    chains += withoutTrail.length + emptied.length;
    broken.push(...withoutTrail.map((id) => ({ id: null, streamId: id, position: null, problem: 'case has no trail' })), ...emptied);
    const summary = {
      checked,
      chains,
      intactChains: chains - broken.length,
      ...(counts.stateOnly > 0 ? { casesCheckedByStateOnly: counts.stateOnly } : {}),
      ...(counts.headsRecorded ? {} : { otherChainHeadsNotRecorded: true as const }),
      ...(retiredPayloads > 0 ? { retiredPayloads } : {}),
    };
    if (broken.length === 0) return { ok: true, ...summary };
    return { ok: false, ...summary, brokenChainCount: broken.length, brokenChains: broken.slice(0, LISTED), firstBrokenEntry: broken[0] };
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

  private problemWith(entry: TrailRow, expectedPosition: number, prevHash: string, retired: boolean): string | undefined {
    if (Number(entry.position) !== expectedPosition) return `position ${entry.position} where ${expectedPosition} was expected`;
    if (entry.prevHash !== prevHash) return 'does not chain to the entry before it';
    // Retired by a recorded decision (the marker alone, without the record, fails the hash below):
    // the hash can no longer be recomputed; it is still the link the next entry names and the log's leaf.
    if (retired && entry.reason === null) return undefined;
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

  private async casesWithoutTrail(): Promise<string[]> {
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('c.id', 'id')
      .from('cases', 'c')
      .where('NOT EXISTS (SELECT 1 FROM audit_entries a WHERE a.stream_id = c.id)')
      .orderBy('c.id', 'ASC')
      .limit(LISTED)
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }
}

/** How a chain ends: the hash and length verification reached, and its last entry. */
function streamEnd(hash: string, length: number, last: TrailRow | undefined): StreamEnd {
  return { hash, length, toState: last?.toState ?? null, data: last?.data ?? '{}', algorithm: last?.algorithm ?? 'sha256' };
}
