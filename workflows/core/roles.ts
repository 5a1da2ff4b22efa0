/**
 * Everyone who can send an event to a case. `system` is the service itself: deadline expiries and
 * events one case sends another (a correction decision revoking its tolerance decision).
 * domain.md §2 lists the people behind each role. The three administrators (等保 2.0 level 3:
 * system, security and audit administrator) keep the service and never act on cases.
 */
export const ROLES = [
  'applicant',
  'unit',
  'officer',
  'reviewer',
  'committee',
  'leader',
  'orgDept',
  'auditor',
  'sysAdmin',
  'secAdmin',
  'auditAdmin',
  'system',
] as const;

export type Role = (typeof ROLES)[number];

/** Who sent an event. The engine fills this from the authenticated user, never from the payload. */
export interface Actor {
  id: string;
  role: Role;
  /**
   * A leader acting as the body's principal leader (主要负责人): what a rule reserves to the
   * principal (art. 50: approving a clarification plan) a deputy cannot do. Set by the engine from
   * the leader's grant (a `principal` marker on it), never by the caller.
   */
  principal?: boolean;
}

/** The three administrators: each does only their own work, and none touches cases. */
export const ADMIN_ROLES: readonly Role[] = ['sysAdmin', 'secAdmin', 'auditAdmin'];
