import type { DataSource, EntityManager } from 'typeorm';
import { runSql } from '../database/sql';
import { caseRowMismatch, type RecordedCaseRow } from './case-row-record';

/**
 * Where each chain that belongs to no case ends (`security`, `admin`, any other such stream):
 * written in the transaction of every append, as a case row records its own chain's head, so
 * that entries cut off the end of these chains are noticed too.
 */
const UPSERT_HEAD = `INSERT INTO "chain_heads" ("stream_id", "position", "hash") VALUES (?, ?, ?)
  ON CONFLICT ("stream_id") DO UPDATE SET "position" = excluded."position", "hash" = excluded."hash"`;

export async function recordStreamHead(manager: EntityManager, streamId: string, head: { position: number; hash: string }): Promise<void> {
  await runSql(manager, UPSERT_HEAD, [streamId, head.position, head.hash]);
}

/** How a chain ends, as verification walked it: its last entry's hash, its length, and that entry's state and data. */
export interface StreamEnd {
  hash: string;
  length: number;
  toState: string | null;
  data: string;
  algorithm: string;
}

export interface BrokenChain {
  id: number | null;
  streamId: string;
  position: number | null;
  problem: string;
}

/**
 * How many case rows could be checked only by their state (their chain ends on an entry written
 * before entries recorded their row), and whether the database predates recorded heads altogether
 * (verified as it is by `verify-trail` before the service migrated it): then only case chains'
 * heads can be checked.
 */
export interface EndCheckCounts {
  stateOnly: number;
  headsRecorded: boolean;
}

/** True once the migration that records chain heads and salts case rows has run on this database. */
export async function recordsChainHeads(dataSource: DataSource): Promise<boolean> {
  const rows: Array<{ n: number | string }> = await dataSource.query(`SELECT COUNT(*) AS n FROM migrations WHERE name = 'TrailHeads1765200000000'`);
  return Number(rows[0].n) > 0;
}

interface CaseHeadRow extends RecordedCaseRow {
  id: string;
  trailHead: string;
  trailLength: number;
}

const CASE_COLUMNS = `c.id AS "id", c.trail_head AS "trailHead", c.trail_length AS "trailLength", c.procedure AS "procedure",
  c.procedure_version AS "procedureVersion", c.state AS "state", c.status AS "status", c.context AS "context", c.version AS "version",
  c.cadre_id AS "cadreId", c.applicant_id AS "applicantId", c.unit_id AS "unitId", c.jurisdiction AS "jurisdiction",
  c.accuser_user_id AS "accuserUserId", c.origin_case_id AS "originCaseId", c.origin_relation AS "originRelation",
  c.created_by AS "createdBy", c.created_at AS "createdAt", c.state_entered_at AS "stateEnteredAt"`;

/**
 * Checks the recorded head of every chain in the batch: a case chain against its case row (head
 * hash and length, then the row's state, version, status and digest against what the last entry
 * recorded), any other chain against its `chain_heads` row. A chain with neither is broken too
 * (its case row was deleted, or its head record).
 */
export async function checkStreamEnds(dataSource: DataSource, ends: Map<string, StreamEnd>, counts: EndCheckCounts): Promise<BrokenChain[]> {
  const ids = [...ends.keys()].sort();
  const broken: BrokenChain[] = [];
  if (ids.length === 0) return broken;
  const salt = counts.headsRecorded ? 'c.integrity_salt' : 'NULL';
  const rows: CaseHeadRow[] = await dataSource
    .createQueryBuilder()
    .select(`${CASE_COLUMNS}, ${salt} AS "integritySalt"`)
    .from('cases', 'c')
    .where('c.id IN (:...ids)', { ids })
    .getRawMany();
  const cases = new Map(rows.map((row) => [row.id, row]));
  const heads: Array<{ stream_id: string; position: number | string; hash: string }> = counts.headsRecorded
    ? await dataSource
        .createQueryBuilder()
        .select(['h.stream_id AS stream_id', 'h.position AS position', 'h.hash AS hash'])
        .from('chain_heads', 'h')
        .where('h.stream_id IN (:...ids)', { ids })
        .getRawMany()
    : [];
  const recorded = new Map(heads.map((head) => [head.stream_id, { position: Number(head.position), hash: head.hash }]));
  for (const id of ids) {
    const end = ends.get(id)!;
    const row = cases.get(id);
    if (row) {
      if (end.hash !== row.trailHead || end.length !== Number(row.trailLength)) {
        broken.push({
          id: null,
          streamId: id,
          position: end.length + 1,
          problem: `trail ends at ${end.length} entries but the case records ${row.trailLength}`,
        });
        continue;
      }
      const mismatch = caseRowMismatch(end, row);
      if (mismatch) {
        broken.push({ id: null, streamId: id, position: end.length, problem: `case row does not match its trail: ${mismatch}` });
        continue;
      }
      if (!end.data.includes('"caseRow"')) counts.stateOnly += 1;
      continue;
    }
    if (!counts.headsRecorded) continue;
    const head = recorded.get(id);
    if (!head) broken.push({ id: null, streamId: id, position: end.length, problem: 'chain has no recorded head (no case row and no chain head)' });
    else if (head.hash !== end.hash || head.position !== end.length) {
      broken.push({
        id: null,
        streamId: id,
        position: end.length + 1,
        problem: `chain ends at ${end.length} entries but its recorded head is at ${head.position}`,
      });
    }
  }
  return broken;
}

/** Recorded heads whose chain has no entry left at all (at most `limit` of them). */
export async function headsWithoutChain(dataSource: DataSource, counts: EndCheckCounts, limit: number): Promise<BrokenChain[]> {
  if (!counts.headsRecorded) return [];
  const rows = await dataSource
    .createQueryBuilder()
    .select(['h.stream_id AS stream_id', 'h.position AS position'])
    .from('chain_heads', 'h')
    .where('NOT EXISTS (SELECT 1 FROM audit_entries a WHERE a.stream_id = h.stream_id)')
    .orderBy('h.stream_id', 'ASC')
    .limit(limit)
    .getRawMany<{ stream_id: string; position: number | string }>();
  return rows.map((row) => ({ id: null, streamId: row.stream_id, position: 1, problem: `chain has no entries but its recorded head is at ${row.position}` }));
}
