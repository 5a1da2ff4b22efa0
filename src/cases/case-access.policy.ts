import { Brackets, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';
import type { Role } from '../../workflows/core';
import type { AuthUser } from '../identity/auth-user';
import type { CaseEntity } from './case.entity';

/** Staff roles work on cases; they must not be a party to the case they act on (回避). */
export const STAFF_ROLES: readonly Role[] = ['officer', 'reviewer', 'committee', 'leader'];
const READ_ALL_ROLES: readonly Role[] = [...STAFF_ROLES, 'auditor', 'orgDept'];

type CaseParties = Pick<CaseEntity, 'cadreId' | 'applicantId' | 'unitId' | 'accuserUserId'>;

/**
 * Who may see a case. A case outside the caller's view answers 404 exactly like a missing one.
 * Applicants see their own cases, unit users their unit's, staff and auditors every case.
 */
export function canSee(user: AuthUser, parties: CaseParties): boolean {
  return user.roles.some((grant) => {
    if (READ_ALL_ROLES.includes(grant.role)) return true;
    if (grant.role === 'applicant') return parties.cadreId === user.id || parties.applicantId === user.id;
    if (grant.role === 'unit') return grant.scope === '*' || grant.scope === parties.unitId;
    return false;
  });
}

/** True when the user is a party to the case and so may not act on it as staff. */
export function isParty(user: AuthUser, parties: CaseParties): boolean {
  return [parties.cadreId, parties.applicantId, parties.accuserUserId].includes(user.id);
}

/** The same rule as `canSee`, as a WHERE clause for lists and counts. */
export function restrictToVisible(query: SelectQueryBuilder<CaseEntity>, user: AuthUser, alias = 'c'): void {
  if (user.roles.some((grant) => READ_ALL_ROLES.includes(grant.role))) return;
  query.andWhere(
    new Brackets((where: WhereExpressionBuilder) => {
      where.where('1 = 0');
      if (user.roles.some((grant) => grant.role === 'applicant')) {
        where.orWhere(`(${alias}.cadreId = :visibleSelf OR ${alias}.applicantId = :visibleSelf)`, { visibleSelf: user.id });
      }
      const units = user.roles.filter((grant) => grant.role === 'unit').map((grant) => grant.scope);
      if (units.includes('*')) where.orWhere('1 = 1');
      else if (units.length > 0) where.orWhere(`${alias}.unitId IN (:...visibleUnits)`, { visibleUnits: units });
    }),
  );
}
