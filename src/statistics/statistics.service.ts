import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Label, ProcedureRegistry } from '../../workflows/core';
import { findIndicator, INDICATORS, payloadValue, type IndicatorSpec } from '../../workflows/indicators';
import { Clock } from '../common/clock';
import { condition, DomainError } from '../common/domain-error';
import { CaseEntity } from '../cases/case.entity';
import { WHOLE_BODY } from '../cases/case-access.policy';
import type { AuthUser } from '../identity/auth-user';
import { DirectoryService } from '../org/directory.service';
import { UnitEntity } from '../org/unit.entity';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import { AuditEntryEntity } from '../trail/audit-entry.entity';
import { LiveCalendar } from '../deadlines/live-calendar.service';
import { BodyEntity } from '../org/body.entity';
import { chinaMonth, chinaQuarter, parsePeriod, type StatsPeriod } from './period';
import { timingOf, type ChainEntry } from './timeliness';
import type { DrillDownQuery, Grouping, StatsQuery } from './stats.query';

/**
 * Who reads statistics: the leaders, the case-management office (officers and reviewers) and the
 * auditors, each over the jurisdictions their grants name. The figures count cases a grant covers
 * fully; parties and the organisation department read their own cases and results elsewhere.
 */
export const STATS_READER_ROLES = ['leader', 'officer', 'reviewer', 'auditor'] as const;

/** One counted trail entry, with the case's dimensions and the breakdown values it falls under. */
export interface CountedEntry {
  entryId: number;
  caseId: string;
  /** The case's number (src/cases/case-numbers.ts); null only for a case the numbering has not reached. */
  caseNo: string | null;
  procedure: string;
  unitId: string;
  jurisdiction: string;
  cadreId: string;
  event: string;
  at: string;
  values: string[];
}

/** A drill-down row as read by people: the cadre and unit by name from the directory. */
export interface NamedEntry extends CountedEntry {
  cadreName: string;
  unitName: string;
}

export interface Figure {
  id: string;
  label: Label;
  group: Label;
  procedure: string | null;
  definition: Label;
  total: number;
  breakdown?: { label: Label; values: Array<{ value: string; label: Label; count: number }> };
  groups?: Array<{ key: string; count: number }>;
  /** About signed reports: an aggregate with no drill-down (docs/statistics.md). */
  secret?: true;
}

export interface StatsAnswer {
  period: StatsPeriod;
  filters: { body?: string; jurisdiction?: string; unit?: string; procedure?: string; groupBy?: Grouping };
  indicators: Figure[];
  /** Indicators about signed reports left out because the filter or grouping narrows them to a unit (docs/statistics.md). */
  withheld: Array<{ id: string; label: Label; reason: Label }>;
}

const WITHHELD_REASON: Label = {
  zh: '涉及实名举报的指标在按单位筛选或分组时不提供，以免推知个案是否实名',
  en: 'Indicators about signed reports are not given per unit, so that no case can be told to be signed',
};

export interface DrillDownPage {
  indicator: string;
  value?: string;
  group?: string;
  period: StatsPeriod;
  /** Equals the figure (the breakdown's count for `value`, the group's for `group`). */
  total: number;
  page: number;
  pageSize: number;
  items: NamedEntry[];
}

const forbidden = () =>
  new DomainError('AUTH.FORBIDDEN', 'Statistics are for leaders, officers, reviewers and auditors', {
    conditions: [
      condition('STATS.READER_ROLE', '统计数据仅供领导、承办人员、审理人员和审计人员查阅', 'Statistics are for leaders, officers, reviewers and auditors'),
    ],
  });

const invalid = (code: string, zh: string, en: string, field: string) => new DomainError('STATS.INVALID', en, { conditions: [condition(code, zh, en, field)] });

/**
 * The figures of the defined indicators (workflows/indicators.ts, docs/statistics.md), computed
 * from the trail: the applied entries of the indicator's events in the period, on the chains of
 * the cases the caller's grants cover. Every figure is the number of entries, and the drill-down
 * lists exactly those entries with their cases, so the list's count is the figure.
 */
@Injectable()
export class StatisticsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PROCEDURE_REGISTRY) private readonly registry: ProcedureRegistry,
    private readonly clock: Clock,
    private readonly directory: DirectoryService,
    private readonly calendar: LiveCalendar,
  ) {}

  catalogue(user: AuthUser): Array<Omit<IndicatorSpec, 'match'>> {
    this.scopeOf(user);
    return INDICATORS.map(({ match: _match, ...spec }) => spec);
  }

  async figures(user: AuthUser, query: StatsQuery): Promise<StatsAnswer> {
    const only = query.indicator === undefined ? undefined : this.indicator(query.indicator);
    const { period, scope } = await this.checked(user, query);
    const indicators = INDICATORS.filter(
      (spec) => (!only || spec === only) && (!query.procedure || spec.procedure === null || spec.procedure === query.procedure),
    );
    const figures: Figure[] = [];
    const withheld: StatsAnswer['withheld'] = [];
    for (const spec of indicators) {
      if (spec.secret && (query.unit || query.groupBy === 'unit')) {
        withheld.push({ id: spec.id, label: spec.label, reason: WITHHELD_REASON });
        continue;
      }
      const entries = await this.countedEntries(spec, query, period, scope);
      figures.push(figureOf(spec, entries, query.groupBy));
    }
    return {
      period,
      filters: { body: query.body, jurisdiction: query.jurisdiction, unit: query.unit, procedure: query.procedure, groupBy: query.groupBy },
      indicators: figures,
      withheld,
    };
  }

  async drillDown(user: AuthUser, indicatorId: string, query: DrillDownQuery): Promise<DrillDownPage> {
    const spec = this.indicator(indicatorId);
    const { period, scope } = await this.checked(user, query);
    const entries = await this.drillDownEntries(spec, query, period, scope);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    return {
      indicator: spec.id,
      value: query.value,
      group: query.group,
      period,
      total: entries.length,
      page,
      pageSize,
      items: await this.named(entries.slice((page - 1) * pageSize, page * pageSize)),
    };
  }

  /** The entries with their cadres' and units' names (an id the directory does not know is shown as itself). */
  async named(entries: CountedEntry[]): Promise<NamedEntry[]> {
    const { cadres, units } = await this.directory.names(
      this.dataSource.manager,
      entries.map((entry) => entry.cadreId),
      entries.map((entry) => entry.unitId),
    );
    return entries.map((entry) => ({
      ...entry,
      cadreName: cadres.get(entry.cadreId) ?? entry.cadreId,
      unitName: units.get(entry.unitId) ?? entry.unitId,
    }));
  }

  /** Every entry behind a figure (the export streams these). */
  async drillDownEntries(spec: IndicatorSpec, query: DrillDownQuery, period: StatsPeriod, scope: string[] | null): Promise<CountedEntry[]> {
    if (spec.secret) {
      // Any list of these entries would name the cases whose reports were signed (domain.md §4).
      throw invalid(
        'STATS.NO_DRILL_DOWN',
        '该指标涉及检举控告是否实名，属于保密信息，只提供汇总数，不提供案件明细',
        'Whether a report was signed is secret: this indicator is an aggregate only, with no list of cases',
        'indicator',
      );
    }
    if (query.value !== undefined && !spec.breakdown?.values[query.value]) {
      throw invalid('STATS.UNKNOWN_VALUE', `该指标没有“${query.value}”这一分类`, `The indicator has no breakdown value ${query.value}`, 'value');
    }
    if (query.group !== undefined && !query.groupBy) {
      throw invalid('STATS.GROUP_WITHOUT_GROUPING', '按分组查看明细时须同时指定分组方式', 'group needs groupBy', 'group');
    }
    const entries = await this.countedEntries(spec, query, period, scope);
    return entries.filter(
      (entry) =>
        (query.value === undefined || entry.values.includes(query.value)) && (query.group === undefined || groupKey(entry, query.groupBy!) === query.group),
    );
  }

  indicator(id: string): IndicatorSpec {
    const spec = findIndicator(id);
    if (!spec) throw invalid('STATS.UNKNOWN_INDICATOR', `没有名为“${id.slice(0, 60)}”的统计指标`, `No indicator ${id.slice(0, 60)}`, 'indicator');
    return spec;
  }

  /** The period and the jurisdictions the figures may count; every filter checked before anything is read. */
  async checked(user: AuthUser, query: StatsQuery): Promise<{ period: StatsPeriod; scope: string[] | null }> {
    const scope = this.scopeOf(user);
    const period = parsePeriod(query, this.clock.now());
    if (query.procedure && !this.registry.latest(query.procedure)) {
      throw invalid('STATS.UNKNOWN_PROCEDURE', `没有名为“${query.procedure}”的程序`, `No procedure ${query.procedure}`, 'procedure');
    }
    const units = this.dataSource.getRepository(UnitEntity);
    if (query.jurisdiction) {
      if (!(await units.exists({ where: { jurisdiction: query.jurisdiction } }))) {
        throw invalid('STATS.UNKNOWN_JURISDICTION', `没有名为“${query.jurisdiction}”的管辖范围`, `No jurisdiction ${query.jurisdiction}`, 'jurisdiction');
      }
      this.assertCovers(scope, query.jurisdiction, 'jurisdiction');
    }
    if (query.unit) {
      const unit = await units.findOneBy({ id: query.unit });
      if (!unit) throw invalid('STATS.UNKNOWN_UNIT', `没有编号为“${query.unit}”的单位`, `No unit ${query.unit}`, 'unit');
      this.assertCovers(scope, unit.jurisdiction, 'unit');
    }
    if (query.body) {
      const subtree = await this.subtree(query.body);
      if (!subtree) throw invalid('STATS.UNKNOWN_BODY', `没有编号为“${query.body}”的机关`, `No body ${query.body}`, 'body');
      this.assertCovers(scope, query.body, 'body');
      // The body with every body below it, as far as the caller's grants reach.
      return { period, scope: scope === null ? subtree : subtree.filter((id) => scope.includes(id)) };
    }
    return { period, scope };
  }

  /** A body and every body below it in the tree (issue 18); undefined when there is no such body. */
  private async subtree(bodyId: string): Promise<string[] | undefined> {
    const bodies = await this.dataSource.getRepository(BodyEntity).find({ select: { id: true, parentId: true } });
    if (!bodies.some((body) => body.id === bodyId)) return undefined;
    const found = [bodyId];
    for (let index = 0; index < found.length; index++) {
      for (const body of bodies) if (body.parentId === found[index] && !found.includes(body.id)) found.push(body.id);
    }
    return found;
  }

  /** The jurisdictions the caller's reader grants name; null: the whole body. */
  scopeOf(user: AuthUser): string[] | null {
    const scopes = user.roles.filter((grant) => (STATS_READER_ROLES as readonly string[]).includes(grant.role)).map((grant) => grant.scope);
    if (scopes.length === 0) throw forbidden();
    return scopes.includes(WHOLE_BODY) ? null : [...new Set(scopes)];
  }

  private assertCovers(scope: string[] | null, jurisdiction: string, field: string): void {
    if (scope === null || scope.includes(jurisdiction)) return;
    // 400 naming the field (issue 18, bad input): the request names a body or unit beyond the grants.
    throw new DomainError('STATS.INVALID', `Your grants do not cover ${jurisdiction}`, {
      conditions: [condition('STATS.OUT_OF_SCOPE', '您的授权范围不包括该管辖范围', 'Your grants do not cover this jurisdiction', field)],
    });
  }

  private async countedEntries(spec: IndicatorSpec, query: StatsQuery, period: StatsPeriod, scope: string[] | null): Promise<CountedEntry[]> {
    const select = this.dataSource
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('e')
      .innerJoin(CaseEntity, 'c', 'c.id = e.caseId')
      .select(['e.id AS "entryId"', 'e.caseId AS "caseId"', 'e.position AS "position"', 'e.event AS "event"', 'e.at AS "at"', 'e.data AS "data"'])
      .addSelect(['c.procedure AS "procedure"', 'c.caseNo AS "caseNo"', 'c.unitId AS "unitId"', 'c.jurisdiction AS "jurisdiction"', 'c.cadreId AS "cadreId"'])
      .where("e.outcome = 'applied'")
      .andWhere('e.event IN (:...events)', { events: spec.events })
      .andWhere('e.at >= :from AND e.at < :to', { from: period.fromInstant, to: period.toInstant });
    // A payload field the entry must hold is checked by the database, so entries without it are not
    // read and parsed at all (the check below stays the rule's definition).
    for (const path of spec.present ?? []) select.andWhere(`${this.jsonPath('e.data', path)} IS NOT NULL`);
    if (spec.procedure) select.andWhere('c.procedure = :specProcedure', { specProcedure: spec.procedure });
    if (query.procedure) select.andWhere('c.procedure = :procedure', { procedure: query.procedure });
    if (scope) select.andWhere('c.jurisdiction IN (:...scope)', { scope });
    if (query.jurisdiction) select.andWhere('c.jurisdiction = :jurisdiction', { jurisdiction: query.jurisdiction });
    if (query.unit) select.andWhere('c.unitId = :unit', { unit: query.unit });
    select.orderBy('e.at', 'ASC').addOrderBy('e.id', 'ASC');
    const rows = await select.getRawMany<Record<string, unknown>>();
    const matches = (data: Record<string, unknown>, match: Record<string, readonly string[]> | undefined) =>
      Object.entries(match ?? {}).every(([path, allowed]) => allowed.includes(String(payloadValue(data, path))));
    const parsed = rows
      .map((row) => ({ row, data: JSON.parse(String(row.data)) as Record<string, unknown> }))
      .filter(({ data }) => matches(data, spec.match))
      .filter(({ data }) => (spec.present ?? []).every((path) => payloadValue(data, path) !== undefined && payloadValue(data, path) !== null))
      // An indicator that counts list elements (each item of an order) counts one per matching element.
      .flatMap(({ row, data }) => {
        if (!spec.each) return [{ row, data, element: undefined as Record<string, unknown> | undefined }];
        const list = payloadValue(data, spec.each.list);
        const elements = Array.isArray(list) ? (list as Array<Record<string, unknown>>) : [];
        return elements.filter((element) => matches(element, spec.each!.match)).map((element) => ({ row, data, element }));
      });
    const caseIds = parsed.map(({ row }) => String(row.caseId));
    const earlier = spec.breakdown?.fromEarlier ? await this.earlierValues(spec.breakdown.fromEarlier, caseIds) : undefined;
    const chains = spec.breakdown?.timing ? await this.chains(caseIds) : undefined;
    const calendar = this.calendar.current();
    return parsed.map(({ row, data, element }) => {
      const caseId = String(row.caseId);
      let values: string[];
      if (spec.breakdown?.timing) {
        const chain = chains!.get(caseId) ?? [];
        const index = chain.findIndex((entry) => entry.position === Number(row.position));
        const timing = index < 0 ? undefined : timingOf(spec.breakdown.timing, chain, index, element, calendar);
        values = timing ? [timing] : [];
      } else {
        values = breakdownValues(spec, element ?? data, String(row.event), earlier?.get(caseId), Number(row.position));
      }
      return {
        entryId: Number(row.entryId),
        caseId,
        caseNo: typeof row.caseNo === 'string' ? row.caseNo : null,
        procedure: String(row.procedure),
        unitId: String(row.unitId),
        jurisdiction: String(row.jurisdiction),
        cadreId: String(row.cadreId),
        event: String(row.event),
        at: String(row.at),
        values,
      };
    });
  }

  /** SQL for the value at a dotted path of a JSON text column (SQLite's json_extract, PostgreSQL's #>>). */
  private jsonPath(column: string, path: string): string {
    const keys = path.split('.');
    if (!keys.every((key) => /^[A-Za-z0-9_]+$/.test(key))) throw new Error(`not a payload path: ${path}`);
    if (this.dataSource.options.type === 'postgres') return `(${column}::jsonb #>> '{${keys.join(',')}}')`;
    return `json_extract(${column}, '$.${keys.join('.')}')`;
  }

  /** The applied entries of each case's chain, in chain order: what the timing rules read. */
  async chains(caseIds: string[]): Promise<Map<string, ChainEntry[]>> {
    const found = new Map<string, ChainEntry[]>();
    const unique = [...new Set(caseIds)];
    for (let index = 0; index < unique.length; index += 500) {
      const rows = await this.dataSource
        .getRepository(AuditEntryEntity)
        .createQueryBuilder('e')
        .select([
          'e.caseId AS "caseId"',
          'e.position AS "position"',
          'e.event AS "event"',
          'e.at AS "at"',
          'e.fromState AS "fromState"',
          'e.toState AS "toState"',
          'e.data AS "data"',
        ])
        .where("e.outcome = 'applied'")
        .andWhere('e.caseId IN (:...ids)', { ids: unique.slice(index, index + 500) })
        .orderBy('e.position', 'ASC')
        .getRawMany<Record<string, unknown>>();
      for (const row of rows) {
        const list = found.get(String(row.caseId)) ?? [];
        list.push({
          position: Number(row.position),
          event: String(row.event),
          at: String(row.at),
          fromState: typeof row.fromState === 'string' ? row.fromState : null,
          toState: typeof row.toState === 'string' ? row.toState : null,
          data: JSON.parse(String(row.data)) as Record<string, unknown>,
        });
        found.set(String(row.caseId), list);
      }
    }
    return found;
  }

  /** Per case, the earlier entries of one event with the value they recorded, in chain order. */
  private async earlierValues(source: { event: string; field: string }, caseIds: string[]): Promise<Map<string, Array<{ position: number; value: unknown }>>> {
    const found = new Map<string, Array<{ position: number; value: unknown }>>();
    const unique = [...new Set(caseIds)];
    for (let index = 0; index < unique.length; index += 500) {
      const rows = await this.dataSource
        .getRepository(AuditEntryEntity)
        .createQueryBuilder('e')
        .select(['e.caseId AS "caseId"', 'e.position AS "position"', 'e.data AS "data"'])
        .where("e.outcome = 'applied'")
        .andWhere('e.event = :event', { event: source.event })
        .andWhere('e.caseId IN (:...ids)', { ids: unique.slice(index, index + 500) })
        .orderBy('e.position', 'ASC')
        .getRawMany<Record<string, unknown>>();
      for (const row of rows) {
        const list = found.get(String(row.caseId)) ?? [];
        list.push({ position: Number(row.position), value: payloadValue(JSON.parse(String(row.data)) as Record<string, unknown>, source.field) });
        found.set(String(row.caseId), list);
      }
    }
    return found;
  }
}

function breakdownValues(
  spec: IndicatorSpec,
  data: Record<string, unknown>,
  event: string,
  earlier: Array<{ position: number; value: unknown }> | undefined,
  position: number,
): string[] {
  const breakdown = spec.breakdown;
  if (!breakdown) return [];
  let value: unknown;
  if (breakdown.byEvent) value = event;
  else if (breakdown.fromEarlier) value = [...(earlier ?? [])].reverse().find((candidate) => candidate.position < position)?.value;
  else if (breakdown.field) value = payloadValue(data, breakdown.field);
  const values = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return [...new Set(values.map(String))];
}

export function groupKey(entry: CountedEntry, grouping: Grouping): string {
  if (grouping === 'month') return chinaMonth(entry.at);
  if (grouping === 'quarter') return chinaQuarter(entry.at);
  if (grouping === 'unit') return entry.unitId;
  return entry.jurisdiction;
}

function figureOf(spec: IndicatorSpec, entries: CountedEntry[], grouping?: Grouping): Figure {
  const figure: Figure = { id: spec.id, label: spec.label, group: spec.group, procedure: spec.procedure, definition: spec.definition, total: entries.length };
  if (spec.secret) figure.secret = true;
  if (spec.breakdown) {
    const counts = new Map<string, number>();
    for (const entry of entries) for (const value of entry.values) counts.set(value, (counts.get(value) ?? 0) + 1);
    figure.breakdown = {
      label: spec.breakdown.label,
      values: Object.entries(spec.breakdown.values).map(([value, label]) => ({ value, label, count: counts.get(value) ?? 0 })),
    };
  }
  if (grouping) {
    const counts = new Map<string, number>();
    for (const entry of entries) counts.set(groupKey(entry, grouping), (counts.get(groupKey(entry, grouping)) ?? 0) + 1);
    figure.groups = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, count]) => ({ key, count }));
  }
  return figure;
}
