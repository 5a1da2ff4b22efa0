import { Inject, Injectable } from '@nestjs/common';
import type { SelectQueryBuilder } from 'typeorm';
import type { ProcedureRegistry } from '../../workflows/core';
import { CaseAccessPolicy } from './case-access.policy';
import type { CaseEntity } from './case.entity';
import { condition, DomainError } from '../common/domain-error';
import { DeadlineEntity } from '../deadlines/deadline.entity';
import type { AuthUser } from '../identity/auth-user';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';

/**
 * The queue's view of the warning ladder: `GET /api/cases?warning=red` and `sort=urgency`. The
 * colours are the body's internal supervision, so they count only on cases the caller sees fully
 * (staff and auditors of the jurisdiction, not a party to it); a caller without such a role is
 * refused, and a limit hidden from the parties (a signed reporter's notice) orders nothing for a
 * case the caller sees as a party.
 */
@Injectable()
export class WarningQueries {
  private readonly hiddenRules: string[];

  constructor(
    private readonly access: CaseAccessPolicy,
    @Inject(PROCEDURE_REGISTRY) registry: ProcedureRegistry,
  ) {
    const rules = registry.all().flatMap((d) => Object.values(d.states).flatMap((s) => (s.deadline?.hiddenFromParties ? [s.deadline.rule] : [])));
    this.hiddenRules = [...new Set(rules)];
  }

  /** Cases whose current deadline carries `colour` (or, for `none`, none does). */
  whereColour(query: SelectQueryBuilder<CaseEntity>, user: AuthUser, colour: 'red' | 'yellow' | 'blue' | 'none'): void {
    const full = this.fullView(user, 'warning');
    const coloured = this.currentDeadlines(query)
      .andWhere('w.warningWithdrawnAt IS NULL')
      .andWhere(colour === 'none' ? 'w.warning IS NOT NULL' : 'w.warning = :warningColour')
      .getQuery();
    if (colour === 'none') query.andWhere(`(NOT ${full.sql} OR NOT EXISTS ${coloured})`, full.params);
    else query.andWhere(`${full.sql} AND EXISTS ${coloured}`, { ...full.params, warningColour: colour });
  }

  /** Red, yellow, blue, none; then the earliest running due date; cases without one last. */
  orderByUrgency(query: SelectQueryBuilder<CaseEntity>, user: AuthUser, order: 'ASC' | 'DESC'): void {
    const full = this.fullView(user, 'sort');
    const rank = this.currentDeadlines(query)
      .select("MAX(CASE w.warning WHEN 'red' THEN 3 WHEN 'yellow' THEN 2 WHEN 'blue' THEN 1 ELSE 0 END)")
      .andWhere('w.warningWithdrawnAt IS NULL')
      .getQuery();
    const visibleRules = this.hiddenRules.length > 0 ? `(${full.sql} OR w.rule NOT IN (:...urgencyHiddenRules))` : '1 = 1';
    const due = this.currentDeadlines(query).select('MIN(w.dueAt)').andWhere(visibleRules).getQuery();
    query.setParameters({ ...full.params, urgencyHiddenRules: this.hiddenRules });
    const reverse = order === 'ASC' ? 'DESC' : 'ASC';
    query.orderBy(`CASE WHEN ${full.sql} THEN COALESCE(${rank}, 0) ELSE 0 END`, order).addOrderBy(`COALESCE(${due}, '9999-12-31T23:59:59.999Z')`, reverse);
  }

  /** The deadlines of each case's current visit to its state that are still running or missed. */
  private currentDeadlines(query: SelectQueryBuilder<CaseEntity>): SelectQueryBuilder<DeadlineEntity> {
    return query
      .subQuery()
      .select('1')
      .from(DeadlineEntity, 'w')
      .where("w.caseId = c.id AND w.state = c.state AND w.createdAt >= c.stateEnteredAt AND w.status IN ('open', 'overdue')");
  }

  private fullView(user: AuthUser, what: 'warning' | 'sort'): { sql: string; params: Record<string, unknown> } {
    const full = this.access.fullViewCondition(user);
    if (full) return full;
    throw new DomainError('AUTH.FORBIDDEN', `Only staff and auditors may ${what === 'warning' ? 'filter by warning colour' : 'sort by urgency'}`, {
      conditions: [
        what === 'warning'
          ? condition(
              'warning.staffOnly',
              '按预警颜色筛选仅供纪检监察工作人员和审计人员使用',
              'Filtering by warning colour is for inspection staff and auditors only',
              'warning',
            )
          : condition(
              'warning.staffOnly',
              '按紧急程度排序仅供纪检监察工作人员和审计人员使用',
              'Sorting by urgency is for inspection staff and auditors only',
              'sort',
            ),
      ],
    });
  }
}
