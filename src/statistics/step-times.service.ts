import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Label, ProcedureRegistry } from '../../workflows/core';
import { SIGNED_ONLY_STEPS } from '../../workflows/indicators';
import { condition, DomainError } from '../common/domain-error';
import { CaseEntity } from '../cases/case.entity';
import { isSettledState } from '../cases/concluded-states';
import { LiveCalendar } from '../deadlines/live-calendar.service';
import type { AuthUser } from '../identity/auth-user';
import { DirectoryService } from '../org/directory.service';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import { AuditEntryEntity } from '../trail/audit-entry.entity';
import type { StatsPeriod } from './period';
import { StatisticsService } from './statistics.service';
import { nearestRank, procedureRun, stepInstances } from './step-times';
import type { StepTimesCasesQuery, StepTimesQuery } from './step-times.query';

/** Median and p90 (nearest rank) of a set of stays, in calendar and in working days. */
export interface TimeFigure {
  count: number;
  medianDays: number | null;
  p90Days: number | null;
  medianWorkingDays: number | null;
  p90WorkingDays: number | null;
}

export interface StepFigure extends TimeFigure {
  state: string;
  label: Label;
  /** Stays left after their deadline had passed, and that share of `count` (null for none). */
  overdue: number;
  overdueRate: number | null;
  /** A step only signed reports reach: an aggregate with no drill-down (docs/statistics.md). */
  secret?: true;
}

export interface ProcedureTimes {
  procedure: string;
  label: Label;
  /** From opening to closure (the first entry into a settled state), counted by the closure's date. */
  run: TimeFigure;
  steps: StepFigure[];
}

export interface StepTimesAnswer {
  period: StatsPeriod;
  filters: { body?: string; jurisdiction?: string; unit?: string; procedure?: string; step?: string };
  procedures: ProcedureTimes[];
  withheld: Array<{ procedure: string; state: string; label: Label; reason: Label }>;
}

/** One stay (or one case's run) behind a figure. */
export interface StayRow {
  caseId: string;
  caseNo: string | null;
  procedure: string;
  state: string | null;
  unitId: string;
  unitName: string;
  jurisdiction: string;
  cadreId: string;
  cadreName: string;
  startAt: string;
  endAt: string;
  event: string | null;
  days: number;
  workingDays: number;
  overdue: boolean;
}

export interface StepTimesPage {
  procedure: string;
  step?: string;
  period: StatsPeriod;
  /** Equals the figure's count (or its overdue count with `overdue=true`). */
  total: number;
  page: number;
  pageSize: number;
  items: StayRow[];
}

const WITHHELD_REASON: Label = {
  zh: '仅实名举报经过的环节在按单位筛选时不提供，以免推知个案是否实名',
  en: 'Steps only signed reports reach are not given per unit, so that no case can be told to be signed',
};

const invalid = (code: string, zh: string, en: string, field: string) => new DomainError('STATS.INVALID', en, { conditions: [condition(code, zh, en, field)] });

type Stay = Omit<StayRow, 'unitName' | 'cadreName'>;

/**
 * Processing time per step and per procedure, and the overdue rate per step (issue 21 §1), from
 * the chains of the cases with a state change in the period (统计口径: docs/statistics.md).
 */
@Injectable()
export class StepTimesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PROCEDURE_REGISTRY) private readonly registry: ProcedureRegistry,
    private readonly statistics: StatisticsService,
    private readonly directory: DirectoryService,
    private readonly calendar: LiveCalendar,
  ) {}

  async figures(user: AuthUser, query: StepTimesQuery): Promise<StepTimesAnswer> {
    this.checkStep(query);
    const { period, scope } = await this.statistics.checked(user, query);
    const stays = await this.stays(query, period, scope);
    const procedures: ProcedureTimes[] = [];
    const withheld: StepTimesAnswer['withheld'] = [];
    const ids = query.procedure ? [query.procedure] : this.registry.ids();
    for (const id of ids) {
      const definition = this.registry.latest(id)!;
      const mine = stays.filter((stay) => stay.procedure === id);
      const states = Object.keys(definition.states).filter((state) => !query.step || state === query.step);
      const steps: StepFigure[] = [];
      for (const state of states) {
        const of = mine.filter((stay) => stay.state === state);
        if (of.length === 0 && definition.states[state].turn.length === 0) continue;
        const label = definition.states[state].label;
        const secret = SIGNED_ONLY_STEPS[id]?.includes(state);
        if (secret && query.unit) {
          withheld.push({ procedure: id, state, label, reason: WITHHELD_REASON });
          continue;
        }
        const overdue = of.filter((stay) => stay.overdue).length;
        steps.push({
          state,
          label,
          ...timeFigure(of),
          overdue,
          overdueRate: of.length ? overdue / of.length : null,
          ...(secret ? { secret: true as const } : {}),
        });
      }
      procedures.push({ procedure: id, label: definition.label, run: timeFigure(mine.filter((stay) => stay.state === null)), steps });
    }
    return {
      period,
      filters: { body: query.body, jurisdiction: query.jurisdiction, unit: query.unit, procedure: query.procedure, step: query.step },
      procedures,
      withheld,
    };
  }

  async cases(user: AuthUser, query: StepTimesCasesQuery): Promise<StepTimesPage> {
    if (!query.procedure) throw invalid('STATS.PROCEDURE_REQUIRED', '查看明细须指定程序', 'The list of cases needs a procedure', 'procedure');
    this.checkStep(query);
    if (query.step && SIGNED_ONLY_STEPS[query.procedure]?.includes(query.step)) {
      throw invalid(
        'STATS.NO_DRILL_DOWN',
        '该环节仅实名举报经过，是否实名属于保密信息，只提供汇总数，不提供案件明细',
        'Only signed reports reach this step, and whether a report was signed is secret: an aggregate only, with no list of cases',
        'step',
      );
    }
    const { period, scope } = await this.statistics.checked(user, query);
    const stays = (await this.stays(query, period, scope)).filter(
      (stay) => stay.procedure === query.procedure && stay.state === (query.step ?? null) && (query.overdue !== 'true' || stay.overdue),
    );
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const slice = stays.slice((page - 1) * pageSize, page * pageSize);
    const { cadres, units } = await this.directory.names(
      this.dataSource.manager,
      slice.map((stay) => stay.cadreId),
      slice.map((stay) => stay.unitId),
    );
    return {
      procedure: query.procedure,
      step: query.step,
      period,
      total: stays.length,
      page,
      pageSize,
      items: slice.map((stay) => ({ ...stay, cadreName: cadres.get(stay.cadreId) ?? stay.cadreId, unitName: units.get(stay.unitId) ?? stay.unitId })),
    };
  }

  /** 400 for a step without a procedure, or one the procedure does not have (in any version). */
  private checkStep(query: StepTimesQuery): void {
    if (query.step === undefined) return;
    if (!query.procedure) throw invalid('STATS.STEP_WITHOUT_PROCEDURE', '按环节查询时须同时指定程序', 'step needs procedure', 'step');
    const known = this.registry.all().some((definition) => definition.id === query.procedure && definition.states[query.step!] !== undefined);
    if (!known && this.registry.latest(query.procedure)) {
      throw invalid('STATS.UNKNOWN_STEP', `该程序没有名为“${query.step.slice(0, 60)}”的环节`, `The procedure has no step ${query.step.slice(0, 60)}`, 'step');
    }
  }

  /**
   * Every stay left in the period (state set) and every run closed in it (state null), of the cases
   * the filters and grants cover, ordered by when they ended.
   */
  private async stays(query: StepTimesQuery, period: StatsPeriod, scope: string[] | null): Promise<Stay[]> {
    const select = this.dataSource
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('e')
      .innerJoin(CaseEntity, 'c', 'c.id = e.caseId')
      .select('DISTINCT e.caseId', 'caseId')
      .where("e.outcome = 'applied'")
      .andWhere('e.toState IS NOT NULL')
      .andWhere('(e.fromState IS NULL OR e.fromState <> e.toState)')
      .andWhere('e.at >= :from AND e.at < :to', { from: period.fromInstant, to: period.toInstant });
    if (query.procedure) select.andWhere('c.procedure = :procedure', { procedure: query.procedure });
    if (scope) select.andWhere('c.jurisdiction IN (:...scope)', { scope });
    if (query.jurisdiction) select.andWhere('c.jurisdiction = :jurisdiction', { jurisdiction: query.jurisdiction });
    if (query.unit) select.andWhere('c.unitId = :unit', { unit: query.unit });
    const caseIds = (await select.getRawMany<{ caseId: string }>()).map((row) => String(row.caseId));
    if (caseIds.length === 0) return [];
    const cases = new Map<string, CaseEntity>();
    for (let index = 0; index < caseIds.length; index += 500) {
      const rows = await this.dataSource
        .getRepository(CaseEntity)
        .createQueryBuilder('c')
        .select(['c.id', 'c.caseNo', 'c.procedure', 'c.procedureVersion', 'c.unitId', 'c.jurisdiction', 'c.cadreId'])
        .where('c.id IN (:...ids)', { ids: caseIds.slice(index, index + 500) })
        .getMany();
      for (const row of rows) cases.set(row.id, row);
    }
    const chains = await this.statistics.chains(caseIds);
    const calendar = this.calendar.current();
    const inPeriod = (at: string) => at >= period.fromInstant && at < period.toInstant;
    const stays: Stay[] = [];
    for (const [caseId, chain] of chains) {
      const row = cases.get(caseId)!;
      const definition = this.registry.find(row.procedure, row.procedureVersion) ?? this.registry.latest(row.procedure)!;
      const base = { caseId, caseNo: row.caseNo, procedure: row.procedure, unitId: row.unitId, jurisdiction: row.jurisdiction, cadreId: row.cadreId };
      for (const stay of stepInstances(chain, calendar)) {
        if (!inPeriod(stay.endAt) || (query.step && stay.state !== query.step)) continue;
        stays.push({
          ...base,
          state: stay.state,
          startAt: stay.startAt,
          endAt: stay.endAt,
          event: stay.event,
          days: stay.days,
          workingDays: stay.workingDays,
          overdue: stay.overdue,
        });
      }
      const run = procedureRun(chain, (state) => isSettledState(definition, state), calendar);
      if (run && inPeriod(run.endAt)) {
        stays.push({ ...base, state: null, startAt: run.startAt, endAt: run.endAt, event: null, days: run.days, workingDays: run.workingDays, overdue: false });
      }
    }
    return stays.sort((a, b) => (a.endAt < b.endAt ? -1 : a.endAt > b.endAt ? 1 : a.caseId < b.caseId ? -1 : 1));
  }
}

function timeFigure(stays: Stay[]): TimeFigure {
  const days = stays.map((stay) => stay.days);
  const working = stays.map((stay) => stay.workingDays);
  return {
    count: stays.length,
    medianDays: nearestRank(days, 0.5),
    p90Days: nearestRank(days, 0.9),
    medianWorkingDays: nearestRank(working, 0.5),
    p90WorkingDays: nearestRank(working, 0.9),
  };
}
