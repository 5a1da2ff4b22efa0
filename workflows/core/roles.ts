/**
 * Everyone who can send an event to a case. `system` is the service itself: deadline expiries and
 * events one case sends another (a correction decision revoking its tolerance decision).
 * domain.md §2 lists the people behind each role.
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
  'admin',
  'system',
] as const;

export type Role = (typeof ROLES)[number];

/** Who sent an event. The engine fills this from the authenticated user, never from the payload. */
export interface Actor {
  id: string;
  role: Role;
}
