import type { EntityManager } from 'typeorm';
import { runSql } from '../database/sql';
import { ADMIN_STREAM } from './trail-writer';

/**
 * Retention that keeps the proofs (issue 22 §4; docs/audit.md, "Retention"). A retired entry keeps
 * every column but its payload: `data` becomes this marker and `reason` is emptied. Its hash stays,
 * so it is still the leaf of the log and the link its chain's next entry names; what can no longer
 * be done is recompute that hash from the entry. The database lets exactly this update through, and
 * only for an entry recorded in `trail_retired_payloads` (migration 1796653706625-trail-retention).
 */
export const RETIRED_DATA = '{"payloadRetired":true}';

/** The event of an audit administrator's decision to retire payloads, on the `admin` chain. */
export const RETIREMENT_EVENT = 'TRAIL_PAYLOADS_RETIRED';

/** How an export line and verification name a decision: its place on the admin chain. */
export function decisionName(position: number): string {
  return `${ADMIN_STREAM}#${position}`;
}

const BATCH = 500;

/** Retires the payloads of `entryIds` under the decision at `decisionPosition`, in the caller's transaction (the decision's). */
export async function retirePayloads(manager: EntityManager, entryIds: number[], decisionPosition: number, at: string): Promise<void> {
  for (let i = 0; i < entryIds.length; i += BATCH) {
    const batch = entryIds.slice(i, i + BATCH);
    const marks = batch.map(() => '(?, ?, ?)').join(', ');
    await runSql(
      manager,
      `INSERT INTO "trail_retired_payloads" ("entry_id", "decision_position", "retired_at") VALUES ${marks}`,
      batch.flatMap((id) => [id, decisionPosition, at]),
    );
    const list = batch.map(() => '?').join(', ');
    await runSql(manager, `UPDATE "audit_entries" SET "data" = ?, "reason" = NULL WHERE "id" IN (${list})`, [RETIRED_DATA, ...batch]);
  }
}

/** For each of `entryIds` that was retired, the decision that retired it (its admin-chain position). */
export async function retiringDecisions(manager: EntityManager, entryIds: number[]): Promise<Map<number, number>> {
  const found = new Map<number, number>();
  for (let i = 0; i < entryIds.length; i += BATCH) {
    const batch = entryIds.slice(i, i + BATCH);
    const { rows } = await runSql(
      manager,
      `SELECT "entry_id", "decision_position" FROM "trail_retired_payloads" WHERE "entry_id" IN (${batch.map(() => '?').join(', ')})`,
      batch,
    );
    for (const row of rows) found.set(Number(row.entry_id), Number(row.decision_position));
  }
  return found;
}
