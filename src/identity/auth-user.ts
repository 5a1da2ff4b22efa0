import type { Role } from '../../workflows/core';

export interface RoleGrant {
  role: Role;
  /** A unit code, or `*` for the whole jurisdiction. */
  scope: string;
  /** On a leader's grant: the body's principal leader (主要负责人) for that scope, not a deputy. */
  principal?: boolean;
  /**
   * On a leader's or auditor's grant: the bodies below its body in the tree, whose cases they read
   * (issue 18 §3: a higher body reads below, never above or beside). Reading, not acting: staff
   * act only on their own body's cases.
   */
  below?: string[];
}

/** The authenticated caller, as every service sees it. */
export interface AuthUser {
  id: string;
  displayName: string;
  unitId: string | null;
  roles: RoleGrant[];
  /** The login session behind the token (absent for the service's own work). */
  sessionId?: string;
  /**
   * The blind index of the account id (src/sealed): columns that must not hold a protected
   * person's account (a case's accuser) hold this instead, and access checks compare it.
   */
  accountIndex: string;
  /** The password was set by someone else and must be changed before anything else (AuthGuard). */
  mustChangePassword?: boolean;
}

export const hasRole = (user: AuthUser, role: Role): boolean => user.roles.some((grant) => grant.role === role);
