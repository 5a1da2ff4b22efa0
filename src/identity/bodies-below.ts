import type { EntityManager } from 'typeorm';
import { runSql } from '../database/sql';
import type { Role } from '../../workflows/core';
import type { RoleGrant } from './auth-user';

/**
 * Issue 18 §3, visibility follows the tree: a higher body's leaders and auditors read the cases of
 * the bodies below theirs, never above or beside. Other roles see their own body only.
 */
export const READS_BELOW: readonly Role[] = ['leader', 'auditor'];

/**
 * The grants with the bodies below each leader's or auditor's body added (`below`), read from the
 * directory's tree (`bodies.parent_id`) by one recursive query, portable to SQLite and PostgreSQL.
 * UNION (not UNION ALL) stops on a cycle, which the directory refuses anyway.
 */
export async function withBodiesBelow(manager: EntityManager, grants: RoleGrant[]): Promise<RoleGrant[]> {
  const tops = [...new Set(grants.filter((grant) => READS_BELOW.includes(grant.role) && grant.scope !== '*').map((grant) => grant.scope))];
  if (tops.length === 0) return grants;
  const marks = tops.map(() => '?').join(', ');
  const { rows } = await runSql(
    manager,
    `WITH RECURSIVE below (id, top) AS (
       SELECT "id", "parent_id" FROM "bodies" WHERE "parent_id" IN (${marks})
       UNION SELECT b."id", below.top FROM "bodies" b JOIN below ON b."parent_id" = below.id
     ) SELECT id, top FROM below ORDER BY id`,
    tops,
  );
  const byTop = new Map<string, string[]>();
  for (const row of rows as Array<{ id: string; top: string }>) byTop.set(row.top, [...(byTop.get(row.top) ?? []), row.id]);
  return grants.map((grant) => {
    const below = READS_BELOW.includes(grant.role) ? byTop.get(grant.scope) : undefined;
    return below && below.length > 0 ? { ...grant, below } : grant;
  });
}
