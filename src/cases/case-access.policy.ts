import { Inject, Injectable } from '@nestjs/common';
import { Brackets, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';
import type { ProcedureRegistry, Role } from '../../workflows/core';
import type { AuthUser } from '../identity/auth-user';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import type { CaseEntity } from './case.entity';

/** Staff roles work on cases; they must not be a party to the case they act on (回避). */
export const STAFF_ROLES: readonly Role[] = ['officer', 'reviewer', 'committee', 'leader'];
const READ_ALL_ROLES: readonly Role[] = [...STAFF_ROLES, 'auditor', 'orgDept'];

type CaseParties = Pick<CaseEntity, 'procedure' | 'cadreId' | 'applicantId' | 'unitId' | 'accuserUserId'>;

/** True when the user is a party to the case and so may not act on it as staff. */
export function isParty(user: AuthUser, parties: CaseParties): boolean {
  return [parties.cadreId, parties.applicantId, parties.accuserUserId].includes(user.id);
}

/**
 * Who may see a case. A case outside the caller's view answers 404 exactly like a missing one.
 * Applicants see their own cases (and a case about their own accusation), unit users their
 * unit's, staff and auditors every case.
 */
@Injectable()
export class CaseAccessPolicy {
  private readonly accuserSubjectProcedures: string[];

  constructor(@Inject(PROCEDURE_REGISTRY) registry: ProcedureRegistry) {
    this.accuserSubjectProcedures = [...new Set(registry.all().filter((d) => d.accuserIsSubject).map((d) => d.id))];
  }

  canSee(user: AuthUser, parties: CaseParties): boolean {
    return user.roles.some((grant) => {
      if (READ_ALL_ROLES.includes(grant.role)) return true;
      if (grant.role === 'applicant') return this.isOwnCase(user, parties);
      if (grant.role === 'unit') return grant.scope === '*' || grant.scope === parties.unitId;
      return false;
    });
  }

  /** The same rule as `canSee`, as a WHERE clause for lists and counts. */
  restrictToVisible(query: SelectQueryBuilder<CaseEntity>, user: AuthUser, alias = 'c'): void {
    if (user.roles.some((grant) => READ_ALL_ROLES.includes(grant.role))) return;
    query.andWhere(
      new Brackets((where: WhereExpressionBuilder) => {
        where.where('1 = 0');
        if (user.roles.some((grant) => grant.role === 'applicant')) {
          where.orWhere(`(${alias}.cadreId = :visibleSelf OR ${alias}.applicantId = :visibleSelf)`, { visibleSelf: user.id });
          if (this.accuserSubjectProcedures.length > 0) {
            where.orWhere(`(${alias}.accuserUserId = :visibleSelf AND ${alias}.procedure IN (:...accuserSubject))`, {
              visibleSelf: user.id,
              accuserSubject: this.accuserSubjectProcedures,
            });
          }
        }
        const units = user.roles.filter((grant) => grant.role === 'unit').map((grant) => grant.scope);
        if (units.includes('*')) where.orWhere('1 = 1');
        else if (units.length > 0) where.orWhere(`${alias}.unitId IN (:...visibleUnits)`, { visibleUnits: units });
      }),
    );
  }

  private isOwnCase(user: AuthUser, parties: CaseParties): boolean {
    if (parties.cadreId === user.id || parties.applicantId === user.id) return true;
    return parties.accuserUserId === user.id && this.accuserSubjectProcedures.includes(parties.procedure);
  }
}
