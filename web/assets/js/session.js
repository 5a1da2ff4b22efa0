// @ts-check
import { api, ApiError } from './api.js';
import { clearSession, getToken, getUser, storeToken, storeUser } from './session-store.js';

export { getUser, getToken };

/** Roles that work cases (the work queue); applicants and units have "my cases"; auditors the trail. */
export const STAFF_ROLES = ['officer', 'reviewer', 'committee', 'leader', 'orgDept'];
export const PARTY_ROLES = ['applicant', 'unit'];

export const rolesOf = (user) => (user?.roles ?? []).map((grant) => grant.role);
export const hasAnyRole = (user, roles) => rolesOf(user).some((role) => roles.includes(role));
export const isStaff = (user) => hasAnyRole(user, STAFF_ROLES);
export const isParty = (user) => hasAnyRole(user, PARTY_ROLES) && !isStaff(user);
/** The audit administrator reads and verifies the whole trail as auditors do (等保 three administrators). */
export const isAuditor = (user) => hasAnyRole(user, ['auditor', 'auditAdmin']);
/** The system administrator keeps accounts, units and the working calendar; never cases. */
/** Statistics: leaders, the case-management office (officers, reviewers) and auditors (src/statistics). */
export const isStatsReader = (user) => hasAnyRole(user, ['leader', 'officer', 'reviewer', 'auditor']);
export const isSysAdmin = (user) => hasAnyRole(user, ['sysAdmin']);
/** Accounts: the system administrator keeps them, the security administrator grants their roles. */
export const keepsAccounts = (user) => hasAnyRole(user, ['sysAdmin', 'secAdmin']);
/** Requests to reset or disable an administrator's account: the three administrators see them. */
export const seesApprovals = (user) => hasAnyRole(user, ['sysAdmin', 'secAdmin', 'auditAdmin']);
/** Identity reveals: officers ask, leaders decide (src/reveals). */
export const takesPartInReveals = (user) => hasAnyRole(user, ['officer', 'leader']);
/** The results register (结果运用): the organisation department, staff who answer its inquiries, auditors. */
export const isResultsReader = (user) => hasAnyRole(user, ['orgDept', 'officer', 'reviewer', 'committee', 'leader', 'auditor']);
/** The organisation department with no case work of its own: its start page is the register (issue 23 §15). */
export const isOrgDeptOnly = (user) => hasAnyRole(user, ['orgDept']) && !hasAnyRole(user, ['officer', 'reviewer', 'committee', 'leader']);

/**
 * Logs in: the user, or, when the password was set by someone else and must be changed first,
 * `{ mustChangePassword: true, token }`: that token is not kept (it works for the change alone).
 */
export async function login(username, password) {
  const answer = await api('/api/auth/login', { method: 'POST', body: { username, password } });
  if (answer.mustChangePassword) return { mustChangePassword: true, token: answer.accessToken };
  storeToken(answer.accessToken, answer.expiresIn);
  try {
    storeUser(await api('/api/auth/me'));
  } catch (error) {
    clearSession();
    throw error;
  }
  return getUser();
}

/** Ends the session on the server (the token stops working) and here, whatever the server says. */
export async function logout() {
  if (getToken()) {
    try {
      await api('/api/auth/logout', { method: 'POST' });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
  }
  clearSession();
}

export const forgetSession = clearSession;

/** Where a user starts: the results register (organisation department), the work queue, my cases, the trail, the calendar, or a page saying there is nothing here. */
export function homePath(user) {
  if (isOrgDeptOnly(user)) return '/app/results';
  if (isStaff(user)) return '/app/queue';
  if (isAuditor(user)) return '/app/audit';
  if (hasAnyRole(user, PARTY_ROLES)) return '/app/my';
  if (isSysAdmin(user)) return '/app/admin/calendar';
  if (keepsAccounts(user)) return '/app/admin/accounts';
  if (seesApprovals(user)) return '/app/admin/approvals';
  return '/app/no-access';
}
