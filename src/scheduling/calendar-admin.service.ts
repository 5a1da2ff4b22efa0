import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import type { ProcedureRegistry } from '../../workflows/core';
import { ADMIN_STREAM, TrailWriter } from '../trail/trail-writer';
import { CaseEntity } from '../cases/case.entity';
import { storedSnapshotOf } from '../cases/case-snapshot';
import { condition, DomainError } from '../common/domain-error';
import { lockNameUntilCommit } from '../database/row-locks';
import { runSql } from '../database/sql';
import { TransactionRunner } from '../database/transaction-runner';
import type { AuthUser } from '../identity/auth-user';
import { Clock } from '../common/clock';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import { parseCalendarInput, type ParsedCalendarYear } from '../deadlines/calendar-input';
import type { CalendarSource } from '../deadlines/calendar-loader';
import { CalendarYearEntity } from '../deadlines/calendar-year.entity';
import { DeadlineRecompute, type RecomputeResult } from './deadline-recompute.service';
import { DeadlineStore } from '../deadlines/deadline-store.service';
import { LiveCalendar, type CalendarWarning, type KnownYear } from '../deadlines/live-calendar.service';
import { WorkingCalendar } from '../deadlines/working-calendar';

export interface CalendarDay {
  date: string;
  /** 0 Sunday … 6 Saturday. */
  weekday: number;
  name?: string;
}

export interface CalendarMonth {
  month: number;
  holidays: CalendarDay[];
  workdays: CalendarDay[];
}

export interface CalendarYearView {
  year: number;
  source: CalendarSource;
  holidays: string[];
  workdays: string[];
  labels: Record<string, string>;
  note: string | null;
  byMonth: CalendarMonth[];
  revision?: number;
  digest?: string;
  loadedBy?: string;
  loadedAt?: string;
}

export interface CalendarStatus {
  /** Every year known, with its source; the database years with who loaded them and when. */
  years: Array<Omit<CalendarYearView, 'holidays' | 'workdays' | 'labels' | 'byMonth'> & { holidays: number; workdays: number }>;
  warning: CalendarWarning | null;
  thisYear: number;
  nextYear: number;
  nextYearLoaded: boolean;
  deadlines: {
    /** Running deadlines whose due date is still counted Monday to Friday somewhere. */
    provisional: number;
    /** Of those, the ones already due: they wait for the year's calendar before anything fires. */
    provisionalPastDue: number;
    /** Deadlines a calendar load marked and the recompute has not reached yet. */
    recomputePending: number;
  };
}

export interface CalendarPreview extends Omit<CalendarYearView, 'source'> {
  /** Name this when loading: it proves the load is what was previewed. */
  digest: string;
  warnings: Array<{ code: string; zh: string; en: string; field?: string }>;
  /** What the year now rests on, and what would change. */
  replaces: {
    source: CalendarSource | null;
    revision: number;
    added: { holidays: string[]; workdays: string[] };
    removed: { holidays: string[]; workdays: string[] };
  };
  /** Running deadlines that count working days through this year. */
  impact: { deadlines: number; moved: number; movedLater: number; movedEarlier: number; confirmed: number; unchanged: number };
}

export interface CalendarLoadResult {
  year: number;
  revision: number;
  version: number;
  digest: string;
  /** Deadlines marked for recomputing (running ones that count through this year). */
  marked: number;
  /** What was recomputed before answering; the scheduler finishes the rest. */
  recompute: RecomputeResult;
}

/** Cases recomputed before the load is answered; more are left to the scheduler (it resumes from the marks). */
const RECOMPUTE_BEFORE_ANSWER = 500;

/**
 * The system administrator's calendar work: see which years are loaded, preview a year (read back
 * by month, with what it would change), and load it, in one transaction with its entry on the
 * `admin` chain. A load marks the running deadlines that count through the year; they are then
 * recomputed (DeadlineRecompute), some at once and the rest by the scheduler.
 */
@Injectable()
export class CalendarAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PROCEDURE_REGISTRY) private readonly registry: ProcedureRegistry,
    private readonly calendar: LiveCalendar,
    private readonly deadlines: DeadlineStore,
    private readonly recompute: DeadlineRecompute,
    private readonly trail: TrailWriter,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async status(): Promise<CalendarStatus> {
    await this.calendar.refresh();
    const now = this.clock.now();
    const thisYear = Number(new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 4));
    const count = async (where: string, params: unknown[] = []) =>
      Number((await runSql(this.dataSource.manager, `SELECT COUNT(*) AS n FROM "deadlines" WHERE ${where}`, params)).rows[0].n);
    return {
      years: this.calendar.years().map((year) => {
        const { holidays, workdays, labels: _labels, byMonth: _byMonth, ...rest } = yearView(year);
        return { ...rest, holidays: holidays.length, workdays: workdays.length };
      }),
      warning: this.calendar.warning(now) ?? null,
      thisYear,
      nextYear: thisYear + 1,
      nextYearLoaded: this.calendar.current().hasYear(thisYear + 1),
      deadlines: {
        provisional: await count(`"status" = 'open' AND "provisional_years" IS NOT NULL`),
        provisionalPastDue: await count(`"status" = 'open' AND "provisional_years" IS NOT NULL AND "due_at" <= ?`, [now.toISOString()]),
        recomputePending: await count('"calendar_recheck" IS NOT NULL'),
      },
    };
  }

  async year(year: number): Promise<CalendarYearView> {
    await this.calendar.refresh();
    const known = this.calendar.year(year);
    if (!known) {
      throw new DomainError('CALENDAR.NOT_FOUND', `No calendar for ${year}`, {
        conditions: [condition('CALENDAR.NOT_FOUND', `尚未载入${year}年的节假日安排。`, `The ${year} schedule is not loaded.`)],
      });
    }
    return yearView(known);
  }

  /** What a load would store and change; nothing is written. */
  async preview(body: unknown): Promise<CalendarPreview> {
    await this.calendar.refresh();
    const parsed = this.parse(body);
    const current = this.calendar.year(parsed.year);
    const view = yearView({ ...parsed, note: parsed.note ?? undefined, source: 'database' });
    return {
      year: parsed.year,
      holidays: parsed.holidays,
      workdays: parsed.workdays,
      labels: parsed.labels,
      note: parsed.note,
      byMonth: view.byMonth,
      digest: parsed.digest,
      warnings: parsed.warnings,
      replaces: {
        source: current?.source ?? null,
        revision: current?.revision ?? 0,
        added: { holidays: without(parsed.holidays, current?.holidays), workdays: without(parsed.workdays, current?.workdays) },
        removed: { holidays: without(current?.holidays ?? [], parsed.holidays), workdays: without(current?.workdays ?? [], parsed.workdays) },
      },
      impact: await this.impact(parsed),
    };
  }

  /**
   * Stores the year, once the caller names the digest the preview showed and the revision it
   * replaces (0 for a year not yet in the database): a load that is not what was shown, or that
   * someone else's load overtook, changes nothing.
   */
  async load(admin: AuthUser, body: unknown): Promise<CalendarLoadResult> {
    const stored = await this.store(admin, body);
    await this.calendar.refresh();
    const recompute = await this.recompute.pass(RECOMPUTE_BEFORE_ANSWER);
    return { ...stored, recompute };
  }

  /**
   * The load's transaction alone: the year, the marks on the deadlines it may move, and the admin
   * chain's entry commit together. What follows it (this instance re-reading the calendar, the
   * recompute) can be interrupted without loss: the marks stay until a pass clears them.
   */
  async store(admin: AuthUser, body: unknown): Promise<Omit<CalendarLoadResult, 'recompute'>> {
    const parsed = this.parse(body);
    const { confirmDigest, expectedRevision } = (body ?? {}) as { confirmDigest?: unknown; expectedRevision?: unknown };
    if (confirmDigest !== parsed.digest || !Number.isInteger(expectedRevision)) {
      throw new DomainError('CALENDAR.INVALID', 'Preview the year first and confirm it: confirmDigest and expectedRevision must be those of the preview', {
        conditions: [
          condition(
            'CALENDAR.NOT_CONFIRMED',
            '请先预览，核对无误后再确认载入（确认的内容须与预览一致）。',
            'Preview the year first, check it, then confirm the load (what you confirm must be what was previewed).',
            'confirmDigest',
          ),
        ],
      });
    }
    const at = this.clock.now().toISOString();
    const stored = await this.transactions.run(async (manager) => {
      // Loads from several instances take turns: versions stay unique and in commit order.
      await lockNameUntilCommit(manager, 'calendar-years');
      const repository = manager.getRepository(CalendarYearEntity);
      const existing = await repository.findOneBy({ year: parsed.year });
      if ((existing?.revision ?? 0) !== expectedRevision) {
        throw new DomainError('CALENDAR.CHANGED', `The ${parsed.year} calendar changed since the preview (revision ${existing?.revision ?? 0})`, {
          conditions: [
            condition(
              'CALENDAR.CHANGED',
              `预览之后，${parsed.year}年的节假日安排已被他人载入或更正（现为第${existing?.revision ?? 0}版）：请重新预览后再确认。`,
              `The ${parsed.year} schedule was loaded or corrected by someone else after your preview (now revision ${existing?.revision ?? 0}): preview again, then confirm.`,
            ),
          ],
        });
      }
      if (existing?.digest === parsed.digest) {
        throw new DomainError('CALENDAR.UNCHANGED', `The ${parsed.year} calendar is already exactly this`, {
          conditions: [
            condition('CALENDAR.UNCHANGED', `${parsed.year}年已载入完全相同的内容，无需重复载入。`, `Exactly this ${parsed.year} schedule is already loaded.`),
          ],
        });
      }
      const { rows } = await runSql(manager, 'SELECT MAX("version") AS v FROM "calendar_years"', []);
      const version = Number(rows[0]?.v ?? 0) + 1;
      const row: CalendarYearEntity = {
        year: parsed.year,
        holidays: JSON.stringify(parsed.holidays),
        workdays: JSON.stringify(parsed.workdays),
        labels: JSON.stringify(parsed.labels),
        note: parsed.note,
        digest: parsed.digest,
        revision: (existing?.revision ?? 0) + 1,
        version,
        loadedBy: admin.id,
        loadedAt: at,
      };
      if (existing) await repository.update({ year: parsed.year }, row);
      else await repository.insert(row);
      const marked = await this.markDeadlines(manager, parsed.year, version);
      // What the year rested on before: the database row, else the package or the file.
      const base = this.calendar.year(parsed.year);
      const before = existing
        ? {
            source: 'database',
            revision: existing.revision,
            digest: existing.digest,
            holidays: JSON.parse(existing.holidays) as string[],
            workdays: JSON.parse(existing.workdays) as string[],
          }
        : base && { source: base.source, revision: null, digest: null, holidays: base.holidays, workdays: base.workdays };
      await this.trail.append(manager, {
        streamId: ADMIN_STREAM,
        caseId: null,
        procedure: null,
        procedureVersion: null,
        fromState: null,
        toState: null,
        event: before ? 'CALENDAR_YEAR_CORRECTED' : 'CALENDAR_YEAR_LOADED',
        outcome: 'applied',
        actorId: admin.id,
        actorRole: 'sysAdmin',
        at,
        data: {
          year: parsed.year,
          revision: row.revision,
          version,
          digest: parsed.digest,
          holidays: parsed.holidays,
          workdays: parsed.workdays,
          labels: parsed.labels,
          note: parsed.note,
          replaced: before ?? null,
          deadlinesMarked: marked,
        },
      });
      return { revision: row.revision, version, marked };
    });
    return { year: parsed.year, revision: stored.revision, version: stored.version, digest: parsed.digest, marked: stored.marked };
  }

  private parse(body: unknown): ParsedCalendarYear {
    const result = parseCalendarInput(body);
    if (!result.ok) {
      throw new DomainError('CALENDAR.INVALID', `The calendar year is not valid: ${result.conditions.map((c) => c.en).join(' ')}`, {
        conditions: result.conditions,
        fields: result.fields,
      });
    }
    return result.year;
  }

  /**
   * Marks, in the load's own transaction, every running deadline whose count could pass through
   * the year: opened before its end and due after its start. The mark survives a crash; the
   * recompute clears it case by case.
   */
  private async markDeadlines(manager: EntityManager, year: number, version: number): Promise<number> {
    const { affected } = await runSql(
      manager,
      `UPDATE "deadlines" SET "calendar_recheck" = ? WHERE "status" IN ('open', 'overdue') AND "due_at" >= ? AND "created_at" <= ?`,
      [version, startOfYearUtc(year), startOfYearUtc(year + 1)],
    );
    return affected;
  }

  /** How the running deadlines that count through the year would change with it. */
  private async impact(parsed: ParsedCalendarYear): Promise<CalendarPreview['impact']> {
    const hypothetical = new WorkingCalendar([...this.calendar.years(), { year: parsed.year, holidays: parsed.holidays, workdays: parsed.workdays }]);
    const { rows } = await runSql(
      this.dataSource.manager,
      `SELECT DISTINCT d."case_id" FROM "deadlines" d JOIN "cases" c ON c."id" = d."case_id"
        WHERE d."status" IN ('open', 'overdue') AND d."state" = c."state" AND d."created_at" >= c."state_entered_at"
          AND d."due_at" >= ? AND d."created_at" <= ?`,
      [startOfYearUtc(parsed.year), startOfYearUtc(parsed.year + 1)],
    );
    const impact = { deadlines: 0, moved: 0, movedLater: 0, movedEarlier: 0, confirmed: 0, unchanged: 0 };
    const ids = rows.map((row) => String(row.case_id));
    for (let i = 0; i < ids.length; i += 200) {
      const cases = await this.dataSource.getRepository(CaseEntity).findBy({ id: In(ids.slice(i, i + 200)) });
      for (const row of cases) {
        const definition = this.registry.find(row.procedure, row.procedureVersion);
        if (!definition) continue;
        const timing = { id: row.id, state: row.state, stateEnteredAt: row.stateEnteredAt, context: storedSnapshotOf(row).context };
        const running = (await this.deadlines.current(this.dataSource.manager, row)).length;
        const changes = await this.deadlines.recompute(this.dataSource.manager, timing, definition, hypothetical, {
          now: this.clock.now().toISOString(),
          apply: false,
          version: 0,
          everyDeadline: true,
        });
        impact.deadlines += running;
        impact.unchanged += running - changes.length;
        for (const change of changes) {
          if (!change.moved) impact.confirmed += 1;
          else if (change.deadline.dueAt > change.previousDueAt) impact.movedLater += 1;
          else impact.movedEarlier += 1;
        }
      }
    }
    impact.moved = impact.movedLater + impact.movedEarlier;
    return impact;
  }
}

/** 00:00 on 1 January of `year`, China time, as the UTC instant deadlines are stored in. */
function startOfYearUtc(year: number): string {
  return new Date(Date.parse(`${year}-01-01T00:00:00+08:00`)).toISOString();
}

function without(list: readonly string[], other: readonly string[] | undefined): string[] {
  const excluded = new Set(other ?? []);
  return list.filter((date) => !excluded.has(date));
}

function yearView(year: KnownYear): CalendarYearView {
  const day = (date: string): CalendarDay => ({
    date,
    weekday: new Date(`${date}T00:00:00Z`).getUTCDay(),
    ...(year.labels[date] ? { name: year.labels[date] } : {}),
  });
  const byMonth: CalendarMonth[] = [];
  for (let month = 1; month <= 12; month += 1) {
    const inMonth = (date: string) => Number(date.slice(5, 7)) === month;
    const holidays = [...year.holidays].sort().filter(inMonth).map(day);
    const workdays = [...year.workdays].sort().filter(inMonth).map(day);
    if (holidays.length + workdays.length > 0) byMonth.push({ month, holidays, workdays });
  }
  return {
    year: year.year,
    source: year.source,
    holidays: [...year.holidays].sort(),
    workdays: [...year.workdays].sort(),
    labels: year.labels,
    note: year.note ?? null,
    byMonth,
    ...(year.source === 'database' ? { revision: year.revision, digest: year.digest, loadedBy: year.loadedBy, loadedAt: year.loadedAt } : {}),
  };
}
