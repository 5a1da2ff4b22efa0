import { EntityManager } from 'typeorm';
import type { Role } from '../../workflows/core';
import { AuditEntryEntity } from '../trail/audit-entry.entity';
import type { AuthUser } from '../identity/auth-user';

/**
 * Roles one person may not both play on the same case (domain.md §2), whatever roles they hold.
 * The trail is the record of who played which role, so the check reads it: no second bookkeeping
 * that could drift from what happened.
 */
const CONFLICTS: ReadonlyArray<{ roles: [Role, Role]; rule: string }> = [
  { roles: ['officer', 'reviewer'], rule: 'whoever investigated a case may not review it (查审分离)' },
  { roles: ['officer', 'committee'], rule: "the case officer may not record the committee's decision" },
  { roles: ['officer', 'leader'], rule: 'whoever asked for an approval may not grant it' },
];

/** Why acting in `role` is barred for someone who already acted in `earlier` roles; undefined when it is not. */
export function dutyConflict(earlier: ReadonlySet<string>, role: Role): string | undefined {
  return CONFLICTS.find(({ roles: [a, b] }) => (role === a && earlier.has(b)) || (role === b && earlier.has(a)))?.rule;
}

/** Only someone holding both sides of a conflict can ever run into it; everyone else skips the look-up. */
export function mayHitConflict(user: AuthUser): boolean {
  const held = new Set(user.roles.map((grant) => grant.role));
  return CONFLICTS.some(({ roles: [a, b] }) => held.has(a) && held.has(b));
}

/** The roles in which this user has changed each of these cases. */
export async function rolesPlayed(manager: EntityManager, caseIds: string[], user: AuthUser): Promise<Map<string, Set<string>>> {
  const played = new Map<string, Set<string>>(caseIds.map((id) => [id, new Set<string>()]));
  if (caseIds.length === 0 || !mayHitConflict(user)) return played;
  const rows = await manager
    .getRepository(AuditEntryEntity)
    .createQueryBuilder('e')
    .select('e.streamId', 'caseId')
    .addSelect('e.actorRole', 'role')
    .distinct(true)
    .where('e.streamId IN (:...caseIds) AND e.actorId = :actorId AND e.outcome = :applied', { caseIds, actorId: user.id, applied: 'applied' })
    .getRawMany<{ caseId: string; role: string }>();
  for (const row of rows) played.get(row.caseId)?.add(row.role);
  return played;
}
