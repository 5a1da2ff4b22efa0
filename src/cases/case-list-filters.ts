import type { SelectQueryBuilder } from 'typeorm';
import type { ProcedureRegistry } from '../../workflows/core';
import { DECISION_EVENTS } from '../../workflows/indicators';
import { condition, DomainError, type RefusalCondition } from '../common/domain-error';
import { AuditEntryEntity } from '../trail/audit-entry.entity';
import { isSettledState, revocableStates } from './concluded-states';
import type { CaseEntity } from './case.entity';
import type { ListCasesQuery } from './list-cases.query';

const CHINA_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

/** The UTC instant a China-time day begins. */
function dayStart(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - CHINA_OFFSET_MS).toISOString();
}

const RANGES = [
  { name: 'opened', zh: '登记启动', from: 'openedFrom', to: 'openedTo' },
  { name: 'closed', zh: '办结', from: 'closedFrom', to: 'closedTo' },
  { name: 'decided', zh: '作出决定', from: 'decidedFrom', to: 'decidedTo' },
] as const;

/**
 * The case list's status and date filters (issue 21). `status=done` takes concluded cases, closed
 * tolerance cases included (src/cases/concluded-states.ts); the dates are China-time days, both ends
 * inclusive: opened is the case's creation, closed an entry into a concluded state, decided an entry
 * of one of the procedure's decisions (DECISION_EVENTS), each read from the trail.
 */
export class CaseListFilters {
  private readonly revocable: Array<{ procedure: string; state: string }>;
  private readonly concluded: Array<{ procedure: string; state: string }>;

  constructor(private readonly registry: ProcedureRegistry) {
    this.revocable = revocableStates(registry);
    const pairs = new Set<string>();
    for (const definition of registry.all()) {
      for (const state of Object.keys(definition.states)) if (isSettledState(definition, state)) pairs.add(`${definition.id}\u0000${state}`);
    }
    this.concluded = [...pairs].map((pair) => ({ procedure: pair.split('\u0000')[0], state: pair.split('\u0000')[1] }));
  }

  /** Refuses a range that ends before it starts, naming it. */
  check(filters: ListCasesQuery): void {
    const reversed: RefusalCondition[] = RANGES.filter((range) => filters[range.from] && filters[range.to] && filters[range.to]! < filters[range.from]!).map(
      (range) => condition('CASE.RANGE_REVERSED', `${range.zh}日期的截止日早于起始日`, `${range.name}To is before ${range.name}From`, range.to),
    );
    if (reversed.length > 0) throw new DomainError('REQUEST.INVALID', reversed.map((c) => c.en).join('; '), { conditions: reversed });
  }

  whereStatus(query: SelectQueryBuilder<CaseEntity>, status: 'active' | 'done'): void {
    const settled = this.pairsClause('c.procedure', 'c.state', this.revocable, 'revocable');
    if (status === 'done') query.andWhere(`(c.status = 'done' OR ${settled.sql})`, settled.params);
    else query.andWhere(`(c.status <> 'done' AND NOT ${settled.sql})`, settled.params);
  }

  whereDates(query: SelectQueryBuilder<CaseEntity>, filters: ListCasesQuery): void {
    if (filters.openedFrom) query.andWhere('c.createdAt >= :openedFrom', { openedFrom: dayStart(filters.openedFrom) });
    if (filters.openedTo) query.andWhere('c.createdAt < :openedTo', { openedTo: nextDayStart(filters.openedTo) });
    if (filters.closedFrom || filters.closedTo) {
      const states = this.pairsClause('e.procedure', 'e.toState', this.concluded, 'closedState');
      this.whereEntry(query, 'closed', states, filters.closedFrom, filters.closedTo);
    }
    if (filters.decidedFrom || filters.decidedTo) {
      const pairs = Object.entries(DECISION_EVENTS).flatMap(([procedure, events]) => events.map((state) => ({ procedure, state })));
      this.whereEntry(query, 'decided', this.pairsClause('e.procedure', 'e.event', pairs, 'decision'), filters.decidedFrom, filters.decidedTo);
    }
  }

  private whereEntry(
    query: SelectQueryBuilder<CaseEntity>,
    name: string,
    match: { sql: string; params: Record<string, string> },
    from: string | undefined,
    to: string | undefined,
  ): void {
    const sub = query.subQuery().select('1').from(AuditEntryEntity, 'e').where(`e.caseId = c.id AND e.outcome = 'applied' AND ${match.sql}`);
    const params: Record<string, string> = { ...match.params };
    if (from) {
      sub.andWhere(`e.at >= :${name}From`);
      params[`${name}From`] = dayStart(from);
    }
    if (to) {
      sub.andWhere(`e.at < :${name}To`);
      params[`${name}To`] = nextDayStart(to);
    }
    query.andWhere(`EXISTS ${sub.getQuery()}`, params);
  }

  private pairsClause(procedureColumn: string, column: string, pairs: Array<{ procedure: string; state: string }>, prefix: string) {
    const params: Record<string, string> = {};
    const parts = pairs.map((pair, index) => {
      params[`${prefix}P${index}`] = pair.procedure;
      params[`${prefix}S${index}`] = pair.state;
      return `(${procedureColumn} = :${prefix}P${index} AND ${column} = :${prefix}S${index})`;
    });
    return { sql: `(${parts.length > 0 ? parts.join(' OR ') : '1 = 0'})`, params };
  }
}

function nextDayStart(day: string): string {
  return new Date(Date.parse(dayStart(day)) + DAY_MS).toISOString();
}
