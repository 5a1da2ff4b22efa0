import type { EntityManager } from 'typeorm';
import { forUpdate, RowMapper, runSql } from '../database/sql';
import { CaseEntity } from './case.entity';

/** What a transition changes on the case row. */
export type CaseChange = Pick<CaseEntity, 'state' | 'status' | 'context' | 'updatedAt' | 'stateEnteredAt' | 'trailHead' | 'trailLength'> &
  Partial<Pick<CaseEntity, 'appealBody'>>;

const cases = (manager: EntityManager) => RowMapper.of(manager.connection, CaseEntity);

/**
 * The case row for a change, locked until the transaction ends: on PostgreSQL concurrent instances
 * queue on the row; on SQLite the single writer already serialises.
 */
export async function lockCase(manager: EntityManager, caseId: string): Promise<CaseEntity | null> {
  const mapper = cases(manager);
  const { rows } = await runSql(manager, `SELECT ${mapper.columns} FROM ${mapper.table} WHERE "id" = ?${forUpdate(manager)}`, [caseId]);
  return rows.length === 1 ? mapper.toEntity(rows[0]) : null;
}

/** The cases opened from this one. */
export async function childCases(manager: EntityManager, caseId: string): Promise<CaseEntity[]> {
  const mapper = cases(manager);
  const { rows } = await runSql(manager, `SELECT ${mapper.columns} FROM ${mapper.table} WHERE "origin_case_id" = ? ORDER BY "created_at", "id"`, [caseId]);
  return rows.map((row) => mapper.toEntity(row));
}

/**
 * Writes a transition onto the row if it is still at the version read; returns the row as it now
 * is, or undefined when someone else changed it first.
 */
export async function saveCaseChange(manager: EntityManager, row: CaseEntity, change: CaseChange): Promise<CaseEntity | undefined> {
  const { affected } = await runSql(
    manager,
    `UPDATE "cases" SET "state" = ?, "status" = ?, "context" = ?, "version" = ?, "updated_at" = ?, "state_entered_at" = ?,
      "trail_head" = ?, "trail_length" = ?, "appeal_body" = ? WHERE "id" = ? AND "version" = ?`,
    [
      change.state,
      change.status,
      change.context,
      row.version + 1,
      change.updatedAt,
      change.stateEnteredAt,
      change.trailHead,
      change.trailLength,
      change.appealBody ?? row.appealBody ?? null,
      row.id,
      row.version,
    ],
  );
  return affected === 1 ? { ...row, ...change, version: row.version + 1 } : undefined;
}

/** After an entry that is not a state change (a refusal, a missed deadline, a reveal step). */
export async function moveTrailHead(manager: EntityManager, caseId: string, head: { hash: string; position: number }): Promise<void> {
  await runSql(manager, 'UPDATE "cases" SET "trail_head" = ?, "trail_length" = ? WHERE "id" = ?', [head.hash, head.position, caseId]);
}
