import type { Actor, Role } from '../../workflows/core';
import type { AuthUser } from '../identity/auth-user';

/**
 * The actor a machine sees for a user acting in a role on a case of a jurisdiction: a leader whose
 * grant for that jurisdiction carries the principal marker acts as the body's principal leader
 * (主要负责人), whom art. 50 reserves the approval of a clarification plan to.
 */
export function actorFor(user: AuthUser, role: Role, jurisdiction: string): Actor {
  const principal =
    role === 'leader' && user.roles.some((grant) => grant.role === 'leader' && grant.principal === true && (grant.scope === '*' || grant.scope === jurisdiction));
  return principal ? { id: user.id, role, principal: true } : { id: user.id, role };
}
