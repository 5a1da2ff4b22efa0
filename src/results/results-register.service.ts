import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Label, ProcedureRegistry } from '../../workflows/core';
import { CaseAccessPolicy } from '../cases/case-access.policy';
import { CaseEntity } from '../cases/case.entity';
import { isSettledState } from '../cases/concluded-states';
import { Clock } from '../common/clock';
import { condition, DomainError } from '../common/domain-error';
import { localDate } from '../deadlines/due-date';
import type { AuthUser } from '../identity/auth-user';
import { UserEntity } from '../identity/user.entity';
import { DirectoryService } from '../org/directory.service';
import { checkListFilters } from '../org/filter-references';
import { UnitEntity } from '../org/unit.entity';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import {
  EFFECT_LABELS,
  resultEffect,
  standingOf,
  stateLabel,
  USE_LABELS,
  type ResultEffect,
  type ResultEffectKey,
  type ResultSource,
  type ResultUse,
} from './result-effect';
import { ResultsHistory } from './results-history';
import type { RegisterQuery } from './results.query';

/** One result on the register: the case, its outcome and what it means for the cadre's use. */
export interface RegisterResult {
  caseId: string;
  caseNo: string | null;
  procedure: string;
  procedureLabel: Label;
  state: string;
  stateLabel: Label;
  /** A closed tolerance decision that a linked correction case may still revoke. */
  revocable: boolean;
  effect: ResultEffectKey;
  effectLabel: Label;
  use: ResultUse;
  useLabel: Label;
  resultOn: string;
  impactFrom?: string;
  impactUntil?: string;
  documentNos: string[];
}

export interface Standing {
  use: ResultUse;
  label: Label;
  /** Within an impact period: the first day of normal use again. */
  until?: string;
}

export interface RegisterCadre {
  cadreId: string;
  name: string;
  unitId: string;
  unitName: string;
  standing: Standing;
  results: number;
  latestResultOn: string;
}

export interface RegisterPage {
  asOf: string;
  cadres: RegisterCadre[];
  /** More cadres matched than `limit`: narrow the search. */
  truncated: boolean;
}

export interface CadreResults {
  asOf: string;
  cadre: { id: string; name: string; unitId: string | null; unitName: string | null; position: string };
  standing: Standing;
  results: RegisterResult[];
}

/** How many result rows one register page reads at most (the newest): a search narrows it. */
const ROWS_READ = 5000;
const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export const invalid = (code: string, zh: string, en: string, field: string) =>
  new DomainError('RESULTS.INVALID', en, { conditions: [condition(code, zh, en, field)] });

/**
 * The organisation department's results register (结果运用, issue 21 §3): per cadre, every result
 * the caller may see (the access policy's results clause: the organisation department reads
 * results in its jurisdiction only) with its effect on a day. Computed from the case rows on read,
 * so it always agrees with the cases and their trail; never a reporter or accuser, only the cadre.
 */
@Injectable()
export class ResultsRegister {
  private readonly history: ResultsHistory;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PROCEDURE_REGISTRY) private readonly registry: ProcedureRegistry,
    private readonly access: CaseAccessPolicy,
    private readonly directory: DirectoryService,
    private readonly clock: Clock,
  ) {
    this.history = new ResultsHistory(registry);
  }

  today(): string {
    return localDate(this.clock.now().toISOString());
  }

  async list(user: AuthUser, query: RegisterQuery): Promise<RegisterPage> {
    const asOf = this.checkedDay(query.asOf);
    const limit = query.limit ?? DEFAULT_LIMIT;
    if (limit < 1 || limit > MAX_LIMIT) {
      throw invalid('results.limit', `每页条数须在1至${MAX_LIMIT}之间`, `A page holds 1 to ${MAX_LIMIT} cadres`, 'limit');
    }
    await checkListFilters(this.dataSource.manager, user, { unit: query.unit });
    let matching: { cadreIds: string[]; unitIds: string[] } | undefined;
    const text = query.q?.trim();
    if (text) {
      matching = await this.matching(text);
      if (matching.cadreIds.length === 0 && matching.unitIds.length === 0) return { asOf, cadres: [], truncated: false };
    }
    const rows = await this.rows(this.dataSource.manager, user, { matching, unitId: query.unit, procedure: query.procedure });
    const byCadre = new Map<string, { unitId: string; effects: ResultEffect[] }>();
    for (const { row, effect } of await this.onDay(rows, asOf)) {
      const entry = byCadre.get(row.cadreId) ?? { unitId: row.unitId, effects: [] };
      entry.effects.push(effect);
      byCadre.set(row.cadreId, entry);
    }
    const names = await this.directory.names(
      this.dataSource.manager,
      [...byCadre.keys()],
      [...byCadre.values()].map((entry) => entry.unitId),
    );
    const cadres = [...byCadre.entries()]
      .map(([cadreId, entry]) => ({
        cadreId,
        name: names.cadres.get(cadreId) ?? cadreId,
        unitId: entry.unitId,
        unitName: names.units.get(entry.unitId) ?? entry.unitId,
        standing: this.standing(entry.effects),
        results: entry.effects.length,
        latestResultOn: entry.effects
          .map((e) => e.resultOn)
          .sort()
          .at(-1)!,
      }))
      .filter((cadre) => !query.use || cadre.standing.use === query.use)
      .sort((a, b) => b.latestResultOn.localeCompare(a.latestResultOn) || a.name.localeCompare(b.name, 'zh-CN') || a.cadreId.localeCompare(b.cadreId));
    return { asOf, cadres: cadres.slice(0, limit), truncated: cadres.length > limit };
  }

  /**
   * What a search names: cadres whose name, pinyin initials or id contain the text (the
   * directory's, and cadres known only by their login, by the account's name), and units whose
   * name contains it (every result of the unit's cadres).
   */
  private async matching(text: string): Promise<{ cadreIds: string[]; unitIds: string[] }> {
    const listed = (await this.directory.searchCadres(text, ROWS_READ)).map((cadre) => cadre.id);
    const like = `%${text.toLowerCase().replace(/[\\%_]/g, '')}%`;
    const accounts = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .select('u.id', 'id')
      .where('LOWER(u.displayName) LIKE :like OR LOWER(u.id) LIKE :like', { like })
      .limit(ROWS_READ)
      .getRawMany<{ id: string }>();
    const units = await this.dataSource
      .getRepository(UnitEntity)
      .createQueryBuilder('u')
      .select('u.id', 'id')
      .where('LOWER(u.name) LIKE :like', { like })
      .limit(ROWS_READ)
      .getRawMany<{ id: string }>();
    return { cadreIds: [...new Set([...listed, ...accounts.map((row) => row.id)])], unitIds: units.map((row) => row.id) };
  }

  /** One cadre's results in force on `asOf` (default today), as the caller may see them. */
  async cadre(user: AuthUser, cadreId: string, asOf?: string): Promise<CadreResults> {
    const day = this.checkedDay(asOf);
    const known = await this.directory.cadre(cadreId);
    const rows = await this.rows(this.dataSource.manager, user, { cadreIds: [cadreId] });
    if (!known && rows.length === 0) {
      throw new DomainError('RESULTS.NOT_FOUND', `No cadre ${cadreId.slice(0, 64)} in the directory or the register`, {
        conditions: [
          condition('results.unknownCadre', '干部名录和结果台账中均无此干部', 'The cadre is neither in the directory nor on the register', 'cadreId'),
        ],
      });
    }
    const results = await this.inForce(rows, day);
    const unitId = known?.unitId ?? rows[0]?.unitId ?? null;
    const unitName = unitId ? ((await this.directory.names(this.dataSource.manager, [], [unitId])).units.get(unitId) ?? unitId) : null;
    return {
      asOf: day,
      cadre: { id: cadreId, name: known?.name ?? cadreId, unitId, unitName, position: known?.position ?? '' },
      standing: this.standing(results),
      results,
    };
  }

  /**
   * The results of a cadre in one jurisdiction in force on a day (the vetting reply): read as the
   * body holds them, whoever asks.
   */
  async inJurisdiction(
    manager: EntityManager,
    cadreId: string,
    jurisdiction: string,
    asOf: string,
  ): Promise<{ standing: Standing; results: RegisterResult[] }> {
    const query = manager
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .where('c.cadreId = :cadreId AND c.jurisdiction = :jurisdiction', { cadreId, jurisdiction });
    this.access.restrictToConcludedOr(query, this.history.candidates('c'), 'c');
    const rows = await this.concludedRows(query);
    const results = await this.inForce(rows, asOf, manager);
    return { standing: this.standing(results), results };
  }

  /** A day `YYYY-MM-DD` not after today, China time; absent: today. */
  checkedDay(asOf: string | undefined): string {
    const today = this.today();
    if (asOf === undefined || asOf === '') return today;
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(asOf) ||
      Number.isNaN(Date.parse(`${asOf}T00:00:00Z`)) ||
      new Date(`${asOf}T00:00:00Z`).toISOString().slice(0, 10) !== asOf
    ) {
      throw invalid('results.asOf', '截止日期须为有效日期（年-月-日）', 'The date must be a valid day (YYYY-MM-DD)', 'asOf');
    }
    if (asOf > today) throw invalid('results.asOfFuture', '截止日期不能晚于今天', 'The date cannot be later than today', 'asOf');
    return asOf;
  }

  private async inForce(rows: CaseEntity[], asOf: string, manager: EntityManager = this.dataSource.manager): Promise<RegisterResult[]> {
    return (await this.onDay(rows, asOf, manager))
      .sort((a, b) => b.effect.resultOn.localeCompare(a.effect.resultOn) || a.row.id.localeCompare(b.row.id))
      .map(({ row, source, effect }) => this.view(row, source, effect));
  }

  /**
   * The rows that held a result on `asOf`, each as it stood then (read from the trail: a later
   * review, appeal, revocation or conclusion does not show) with its effect on that day.
   */
  private async onDay(
    rows: CaseEntity[],
    asOf: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Array<{ row: CaseEntity; source: ResultSource; effect: ResultEffect }>> {
    const sources = await this.history.onDay(manager, rows, asOf);
    return rows.flatMap((row) => {
      const source = sources.get(row.id);
      if (!source) return [];
      const effect = resultEffect(source, asOf);
      return effect.resultOn <= asOf ? [{ row, source, effect }] : [];
    });
  }

  private standing(effects: ReadonlyArray<Pick<ResultEffect, 'use' | 'impactUntil'>>): Standing {
    const standing = standingOf(effects as ResultEffect[]);
    const label = standing.use === 'normal' ? { zh: '可正常使用', en: 'May be used normally' } : USE_LABELS[standing.use];
    return { ...standing, label };
  }

  private async rows(
    manager: EntityManager,
    user: AuthUser,
    filters: { cadreIds?: string[]; matching?: { cadreIds: string[]; unitIds: string[] }; unitId?: string; procedure?: string },
  ): Promise<CaseEntity[]> {
    const query = manager.getRepository(CaseEntity).createQueryBuilder('c');
    this.access.restrictToVisible(query, user, 'c');
    this.access.restrictToConcludedOr(query, this.history.candidates('c'), 'c');
    if (filters.cadreIds) query.andWhere('c.cadreId IN (:...registerCadres)', { registerCadres: filters.cadreIds });
    if (filters.matching) {
      const { cadreIds, unitIds } = filters.matching;
      const either = [cadreIds.length > 0 ? 'c.cadreId IN (:...matchedCadres)' : '', unitIds.length > 0 ? 'c.unitId IN (:...matchedUnits)' : ''].filter(
        Boolean,
      );
      query.andWhere(`(${either.join(' OR ')})`, { matchedCadres: cadreIds, matchedUnits: unitIds });
    }
    if (filters.unitId) query.andWhere('c.unitId = :registerUnit', { registerUnit: filters.unitId });
    if (filters.procedure) query.andWhere('c.procedure = :registerProcedure', { registerProcedure: filters.procedure });
    return this.concludedRows(query);
  }

  private concludedRows(query: SelectQueryBuilder<CaseEntity>): Promise<CaseEntity[]> {
    return query.orderBy('c.updatedAt', 'DESC').addOrderBy('c.id', 'ASC').take(ROWS_READ).getMany();
  }

  private view(row: CaseEntity, source: ResultSource, effect: ResultEffect): RegisterResult {
    const definition = this.registry.find(row.procedure, row.procedureVersion);
    const machineStates = (definition?.machine as { config?: { states?: Record<string, { type?: string }> } } | undefined)?.config?.states ?? {};
    return {
      caseId: row.id,
      caseNo: row.caseNo,
      procedure: row.procedure,
      procedureLabel: definition?.label ?? { zh: row.procedure, en: row.procedure },
      state: source.state,
      stateLabel: stateLabel(definition, source.state),
      revocable: definition !== undefined && isSettledState(definition, source.state) && machineStates[source.state]?.type !== 'final',
      effect: effect.effect,
      effectLabel: EFFECT_LABELS[effect.effect],
      use: effect.use,
      useLabel: effect.use === 'normal' ? { zh: '不影响使用', en: 'No bearing on use' } : USE_LABELS[effect.use],
      resultOn: effect.resultOn,
      ...(effect.impactFrom ? { impactFrom: effect.impactFrom } : {}),
      ...(effect.impactUntil ? { impactUntil: effect.impactUntil } : {}),
      documentNos: effect.documentNos,
    };
  }
}
