import { Inject, Injectable } from '@nestjs/common';
import { Brackets, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';
import type { ProcedureRegistry, Role } from '../../workflows/core';
import type { AuthUser, RoleGrant } from '../identity/auth-user';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import type { CaseEntity } from './case.entity';

/** Staff roles work on cases; they must not be a party to the case they act on (回避). */
export const STAFF_ROLES: readonly Role[] = ['officer', 'reviewer', 'committee', 'leader'];
/** Roles that read a whole case, within the jurisdiction their grant names. */
const JURISDICTION_ROLES: readonly Role[] = [...STAFF_ROLES, 'auditor'];
export const WHOLE_BODY = '*';

export type CaseScope = Pick<CaseEntity, 'procedure' | 'state' | 'cadreId' | 'applicantId' | 'unitId' | 'accuserUserId' | 'jurisdiction' | 'status'> &
  Partial<Pick<CaseEntity, 'appealBody'>>;

/**
 * How much of a case a caller sees: `full` for staff and auditors (internal deliberation
 * included), `party` for the cadre, applicant, unit and organisation department (their own
 * milestones and the result, never deliberation).
 */
export type CaseViewLevel = 'full' | 'party';

/**
 * True when the user is a party to the case and so may not act on it as staff. The accuser is
 * stored as the blind index of their account (src/sealed), compared with the caller's.
 */
export function isParty(user: AuthUser, parties: Pick<CaseEntity, 'cadreId' | 'applicantId' | 'accuserUserId'>): boolean {
  return parties.cadreId === user.id || parties.applicantId === user.id || isAccuser(user, parties);
}

/** Whether the caller is the case's protected accuser (or reporter). */
export function isAccuser(user: AuthUser, parties: Pick<CaseEntity, 'accuserUserId'>): boolean {
  return parties.accuserUserId !== null && parties.accuserUserId === user.accountIndex;
}

/** The grant's own body, or (a leader's or auditor's grant, issue 18 §3) a body below it in the tree. */
const covers = (grant: RoleGrant, jurisdiction: string) =>
  grant.scope === WHOLE_BODY || grant.scope === jurisdiction || (grant.below?.includes(jurisdiction) ?? false);

/**
 * Who may see a case (README: roles). A case outside the caller's view answers 404 exactly like a
 * missing one, and lists use the same rule as a WHERE clause, so counts never leak either.
 * - applicant: cases where they are the cadre or the applicant (and a false-accusation case about
 *   their own accusation, where they are its subject);
 * - unit: the cases of the units its grant names;
 * - staff and auditors: the cases of their jurisdiction (`*`: the whole body);
 * - organisation department: results only (cases in their procedure's last phase), in its jurisdiction;
 * - the three administrators: none.
 * Someone who is a party to a case sees it as a party, whatever their other roles.
 */
@Injectable()
export class CaseAccessPolicy {
  private readonly accuserSubjectProcedures: string[];
  /** `procedure:state` pairs in a procedure's last phase: a result exists (a decision in force, closed). */
  private readonly concluded: Array<{ procedure: string; state: string }>;
  private readonly concludedKeys: Set<string>;

  constructor(@Inject(PROCEDURE_REGISTRY) registry: ProcedureRegistry) {
    this.accuserSubjectProcedures = [
      ...new Set(
        registry
          .all()
          .filter((d) => d.accuserIsSubject)
          .map((d) => d.id),
      ),
    ];
    const pairs = registry.all().flatMap((definition) => {
      const last = definition.phases.length - 1;
      return Object.entries(definition.states)
        .filter(([, spec]) => spec.phase === last)
        .map(([state]) => ({ procedure: definition.id, state }));
    });
    this.concludedKeys = new Set(pairs.map((pair) => `${pair.procedure}:${pair.state}`));
    this.concluded = [...this.concludedKeys].map((key) => ({ procedure: key.split(':')[0], state: key.split(':')[1] }));
  }

  canSee(user: AuthUser, row: CaseScope): boolean {
    return this.viewLevel(user, row) !== undefined;
  }

  /** How much of the case the caller sees; undefined when they may not see it at all. */
  viewLevel(user: AuthUser, row: CaseScope): CaseViewLevel | undefined {
    const levels = user.roles.map((grant) => this.levelByGrant(user, grant, row)).filter((level) => level !== undefined);
    if (levels.length === 0) return undefined;
    return levels.includes('full') && !isParty(user, row) ? 'full' : 'party';
  }

  /** The same rule as `canSee`, as a WHERE clause for lists and counts. */
  restrictToVisible(query: SelectQueryBuilder<CaseEntity>, user: AuthUser, alias = 'c'): void {
    if (user.roles.some((grant) => JURISDICTION_ROLES.includes(grant.role) && grant.scope === WHOLE_BODY)) return;
    query.andWhere(
      new Brackets((where: WhereExpressionBuilder) => {
        where.where('1 = 0');
        if (user.roles.some((grant) => grant.role === 'applicant')) {
          where.orWhere(`(${alias}.cadreId = :visibleSelf OR ${alias}.applicantId = :visibleSelf)`, { visibleSelf: user.id });
          if (this.accuserSubjectProcedures.length > 0) {
            where.orWhere(`(${alias}.accuserUserId = :visibleSelfIndex AND ${alias}.procedure IN (:...accuserSubject))`, {
              visibleSelfIndex: user.accountIndex,
              accuserSubject: this.accuserSubjectProcedures,
            });
          }
        }
        const units = scopesOf(user, ['unit']);
        if (units.includes(WHOLE_BODY)) where.orWhere('1 = 1');
        else if (units.length > 0) where.orWhere(`${alias}.unitId IN (:...visibleUnits)`, { visibleUnits: units });
        const jurisdictions = scopesOf(user, JURISDICTION_ROLES);
        if (jurisdictions.length > 0) {
          where.orWhere(`(${alias}.jurisdiction IN (:...visibleJurisdictions) OR ${alias}.appealBody IN (:...visibleJurisdictions))`, {
            visibleJurisdictions: jurisdictions,
          });
        }
        const results = scopesOf(user, ['orgDept']);
        if (results.length > 0) {
          const inScope = results.includes(WHOLE_BODY) ? '1 = 1' : `${alias}.jurisdiction IN (:...resultJurisdictions)`;
          where.orWhere(`((${this.concludedClause(alias)}) AND ${inScope})`, { resultJurisdictions: results, ...this.concludedParameters() });
        }
      }),
    );
  }

  /**
   * The results register's rows (issue 21 §3): cases the caller sees that hold a result (finished,
   * or in their procedure's last phase with a decision in force), as a WHERE clause.
   */
  restrictToResults(query: SelectQueryBuilder<CaseEntity>, user: AuthUser, alias = 'c'): void {
    this.restrictToVisible(query, user, alias);
    this.restrictToConcluded(query, alias);
  }

  /** Cases that hold a result, whoever reads them (the body answering a vetting inquiry). */
  restrictToConcluded(query: SelectQueryBuilder<CaseEntity>, alias = 'c'): void {
    query.andWhere(`(${this.concludedClause(alias)})`, this.concludedParameters());
  }

  /**
   * Concluded cases, or cases that satisfy `also` (the results register's history adds tolerance
   * cases whose decision is in force while a review or appeal may still change it).
   */
  restrictToConcludedOr(query: SelectQueryBuilder<CaseEntity>, also: { sql: string; params: Record<string, unknown> }, alias = 'c'): void {
    query.andWhere(`(${this.concludedClause(alias)} OR (${also.sql}))`, { ...this.concludedParameters(), ...also.params });
  }

  /**
   * The `full` view level as an SQL condition on the case alias: a staff or auditor grant covers
   * its jurisdiction and the caller is no party to it. Null when the caller sees no case fully.
   * Filters on internal data (the warning ladder's colours) count only such cases.
   */
  fullViewCondition(user: AuthUser, alias = 'c'): { sql: string; params: Record<string, unknown> } | null {
    const scopes = scopesOf(user, JURISDICTION_ROLES);
    if (scopes.length === 0) return null;
    const inScope = scopes.includes(WHOLE_BODY) ? '1 = 1' : `(${alias}.jurisdiction IN (:...fullViewScopes) OR ${alias}.appealBody IN (:...fullViewScopes))`;
    const party = `${alias}.cadreId = :fullViewSelf OR (${alias}.applicantId IS NOT NULL AND ${alias}.applicantId = :fullViewSelf)
      OR (${alias}.accuserUserId IS NOT NULL AND ${alias}.accuserUserId = :fullViewIndex)`;
    return { sql: `(${inScope} AND NOT (${party}))`, params: { fullViewScopes: scopes, fullViewSelf: user.id, fullViewIndex: user.accountIndex } };
  }

  private levelByGrant(user: AuthUser, grant: RoleGrant, row: CaseScope): CaseViewLevel | undefined {
    if (JURISDICTION_ROLES.includes(grant.role)) {
      // The body an appeal went to sees the case it decides (issue 18 §3).
      return covers(grant, row.jurisdiction) || (row.appealBody ? covers(grant, row.appealBody) : false) ? 'full' : undefined;
    }
    if (grant.role === 'applicant') return this.isOwnCase(user, row) ? 'party' : undefined;
    if (grant.role === 'unit') return grant.scope === WHOLE_BODY || grant.scope === row.unitId ? 'party' : undefined;
    if (grant.role === 'orgDept') return this.isConcluded(row) && covers(grant, row.jurisdiction) ? 'party' : undefined;
    return undefined;
  }

  /** The organisation department sees results: finished cases, or cases whose decision is in force. */
  private isConcluded(row: CaseScope): boolean {
    return row.status === 'done' || this.concludedKeys.has(`${row.procedure}:${row.state}`);
  }

  private concludedClause(alias: string): string {
    return [`${alias}.status = 'done'`, ...this.concluded.map((_, i) => `(${alias}.procedure = :concludedP${i} AND ${alias}.state = :concludedS${i})`)].join(
      ' OR ',
    );
  }

  private concludedParameters(): Record<string, string> {
    return Object.fromEntries(
      this.concluded.flatMap((pair, i) => [
        [`concludedP${i}`, pair.procedure],
        [`concludedS${i}`, pair.state],
      ]),
    );
  }

  private isOwnCase(user: AuthUser, row: CaseScope): boolean {
    if (row.cadreId === user.id || row.applicantId === user.id) return true;
    return isAccuser(user, row) && this.accuserSubjectProcedures.includes(row.procedure);
  }
}

/** The bodies the user's grants in these roles cover: each grant's own, and the bodies below a leader's or auditor's. */
function scopesOf(user: AuthUser, roles: readonly Role[]): string[] {
  return [...new Set(user.roles.filter((grant) => roles.includes(grant.role)).flatMap((grant) => [grant.scope, ...(grant.below ?? [])]))];
}

/** The role a user reads in, as reads on the record name it: oversight first, then staff. */
export function readerRole(user: AuthUser): string {
  const held = user.roles.map((grant) => grant.role);
  return (['auditAdmin', 'auditor', ...STAFF_ROLES] as string[]).find((role) => held.includes(role as never)) ?? held[0] ?? 'unknown';
}
