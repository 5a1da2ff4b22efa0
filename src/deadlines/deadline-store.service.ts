import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { RowMapper, runSql } from '../database/sql';
import type { DeadlineSpec, ProcedureDefinition } from '../../workflows/core';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DeadlineEntity } from './deadline.entity';
import type { DeadlineRules } from './deadline-rules';
import { DEADLINE_RULES } from './deadline-tokens';
import { dueDate, dueAtEndOfLocalDate, localDate, type DueDate } from './due-date';
import { LiveCalendar } from './live-calendar.service';
import { provisionalList, provisionalText } from './provisional';
import type { WorkingCalendar } from './working-calendar';

export interface CaseTiming {
  id: string;
  state: string;
  stateEnteredAt: string;
  context: Record<string, unknown>;
}

/** A deadline whose due date a calendar change recomputed: before and after. */
export interface RecomputedDeadline {
  deadline: DeadlineEntity;
  previousDueAt: string;
  previousProvisionalYears: number[];
  provisionalYears: number[];
  moved: boolean;
}

/**
 * The column `calendar_recheck` takes on every write of a due date: a calendar load newer than the
 * one this instance counted on, if the database already has one. An instance that has not yet
 * re-read the calendar thus leaves a mark, and the recompute pass of an up-to-date instance
 * corrects the date (and the trail says so) instead of it staying wrong.
 */
const NEWER_CALENDAR = '(SELECT MAX("version") FROM "calendar_years" WHERE "version" > ?)';

/**
 * Keeps a case's deadline rows in step with its state, inside the engine's transaction: entering a
 * state opens its deadline, leaving cancels it, an extension or a new due date moves it. It sits
 * below the engine and never calls it (architecture.md: the scheduler sits above).
 */
@Injectable()
export class DeadlineStore {
  private readonly settled = new WeakMap<object, DeadlineEntity[]>();

  constructor(
    private readonly calendar: LiveCalendar,
    @Inject(DEADLINE_RULES) private readonly rules: DeadlineRules,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Returns the deadlines of the state's current visit as the change left them (what `current`
   * would read), so the answer rendered in the same transaction needs no second look-up.
   */
  async sync(
    manager: EntityManager,
    timing: CaseTiming,
    previousState: string | null,
    definition: ProcedureDefinition,
    now: string,
  ): Promise<DeadlineEntity[]> {
    const spec = definition.states[timing.state]?.deadline;
    if (previousState !== timing.state) {
      await runSql(manager, 'UPDATE "deadlines" SET "status" = \'cancelled\', "closed_at" = ? WHERE "case_id" = ? AND "status" = \'open\'', [now, timing.id]);
      if (!spec || spec.appliesTo?.(timing.context) === false) return [];
      const opened = this.open(timing, spec, now);
      await this.insert(manager, opened);
      return [opened];
    }
    // No deadline is ever opened in a state that declares none.
    if (!spec) return [];
    const running = await this.visit(manager, timing, 'created_at DESC');
    const [current] = running;
    const due = current && this.dueOf(spec, timing);
    if (!current || (due.dueAt === current.dueAt && provisionalText(due.provisionalYears) === current.provisionalYears)) return byDueDate(running);
    // An extension granted after the limit passed reopens the deadline.
    const moved = this.movedTo(current, due, now, false);
    await this.writeDue(manager, moved);
    return byDueDate([moved, ...running.slice(1)]);
  }

  /**
   * Counts the due dates of the case's current deadlines again on `calendar` (the calendar as it
   * is now, or as a load would make it: the preview). Only deadlines the calendar can change are
   * looked at: those marked provisional or marked for a recheck by a calendar load (or, for a
   * preview, `everyDeadline` of the current visit). With `apply`,
   * changed rows are written (a missed one whose new date is still ahead reopens) and the case's
   * recheck marks up to `version` are cleared; the caller holds the case row's lock and records
   * each change on the case's chain.
   */
  async recompute(
    manager: EntityManager,
    row: CaseTiming,
    definition: ProcedureDefinition,
    calendar: WorkingCalendar,
    options: { now: string; apply: boolean; version: number; everyDeadline?: boolean },
  ): Promise<RecomputedDeadline[]> {
    const spec = definition.states[row.state]?.deadline;
    const running = spec ? await this.visit(manager, row, 'due_at ASC') : [];
    const candidates = options.everyDeadline ? running : running.filter((d) => d.provisionalYears !== null || d.calendarRecheck !== null);
    const changes: RecomputedDeadline[] = [];
    for (const current of candidates) {
      const due = this.dueOf(spec!, row, calendar);
      const previousProvisionalYears = provisionalList(current.provisionalYears);
      if (due.dueAt === current.dueAt && provisionalText(due.provisionalYears) === current.provisionalYears) continue;
      const changed = this.movedTo(current, due, options.now, true);
      if (options.apply) await this.writeDue(manager, changed);
      changes.push({
        deadline: changed,
        previousDueAt: current.dueAt,
        previousProvisionalYears,
        provisionalYears: due.provisionalYears,
        moved: due.dueAt !== current.dueAt,
      });
    }
    if (options.apply) {
      await runSql(manager, 'UPDATE "deadlines" SET "calendar_recheck" = NULL WHERE "case_id" = ? AND "calendar_recheck" <= ?', [row.id, options.version]);
    }
    return changes;
  }

  /**
   * The row with a new due date. A missed deadline whose new date is still ahead reopens. A
   * reminder already sent stays sent when a recount leaves its time in the past (no second notice
   * for the same deadline); an extension always re-arms it.
   */
  private movedTo(current: DeadlineEntity, due: DueDate & { countedFrom: string }, now: string, keepPastReminder: boolean): DeadlineEntity {
    const remindAt = this.remindOf(due.dueAt);
    const reminded = keepPastReminder && current.reminded && remindAt <= now;
    const moved: DeadlineEntity = {
      ...current,
      dueAt: due.dueAt,
      remindAt,
      reminded,
      provisionalYears: provisionalText(due.provisionalYears),
      calendarRecheck: null,
      countedFrom: due.countedFrom,
    };
    if (current.status === 'overdue' && due.dueAt > now) Object.assign(moved, { status: 'open', closedAt: null });
    return moved;
  }

  private async writeDue(manager: EntityManager, moved: DeadlineEntity): Promise<void> {
    await runSql(
      manager,
      // A moved due date is looked at again by the warning ladder at its next pass.
      `UPDATE "deadlines" SET "due_at" = ?, "remind_at" = ?, "reminded" = ?, "status" = ?, "closed_at" = ?, "provisional_years" = ?, "counted_from" = ?,
        "warning_next_at" = NULL, "calendar_recheck" = ${NEWER_CALENDAR} WHERE "id" = ?`,
      [moved.dueAt, moved.remindAt, moved.reminded, moved.status, moved.closedAt, moved.provisionalYears, moved.countedFrom, this.calendar.version(), moved.id],
    );
  }

  private async insert(manager: EntityManager, deadline: DeadlineEntity): Promise<void> {
    const rows = this.rows(manager);
    const columns = rows.columns.split(', ');
    const recheck = columns.indexOf('"calendar_recheck"');
    const values = rows.values(deadline);
    values[recheck] = this.calendar.version();
    const placeholders = columns.map((_, index) => (index === recheck ? NEWER_CALENDAR : '?')).join(', ');
    await runSql(manager, `INSERT INTO ${rows.table} (${rows.columns}) VALUES (${placeholders})`, values);
  }

  /** Marks a claimed deadline fired inside the transaction that sends its event; false if already closed. */
  async close(manager: EntityManager, deadlineId: string, status: 'fired' | 'overdue', now: string): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(DeadlineEntity)
      .set({ status, closedAt: now, claimedBy: null, claimedUntil: null })
      .where('id = :deadlineId AND status = :open', { deadlineId, open: 'open' })
      .execute();
    return result.affected === 1;
  }

  /**
   * The running and missed deadlines of the case's current visit to its state. A deadline missed
   * on an earlier visit stays in the table as history but no longer counts: the case has since
   * left that state and come back.
   */
  async current(manager: EntityManager, row: Pick<CaseTiming, 'id' | 'state' | 'stateEnteredAt'>): Promise<DeadlineEntity[]> {
    return this.settled.get(row) ?? this.visit(manager, row, 'due_at ASC');
  }

  /** `current` for a page of cases, in one query. */
  async currentOfMany(
    manager: EntityManager,
    rows: ReadonlyArray<Pick<CaseTiming, 'id' | 'state' | 'stateEnteredAt'>>,
  ): Promise<Map<string, DeadlineEntity[]>> {
    const byCase = new Map<string, DeadlineEntity[]>();
    if (rows.length === 0) return byCase;
    const mapper = this.rows(manager);
    const { rows: found } = await runSql(
      manager,
      `SELECT ${mapper.columns} FROM ${mapper.table} WHERE "case_id" IN (${rows.map(() => '?').join(', ')}) AND "status" IN ('open', 'overdue') ORDER BY "due_at", "id"`,
      rows.map((row) => row.id),
    );
    const visits = new Map(rows.map((row) => [row.id, row]));
    for (const deadline of found.map((row) => mapper.toEntity(row))) {
      const visit = visits.get(deadline.caseId)!;
      // This visit's deadlines only, as `current` reads them.
      if (deadline.state !== visit.state || deadline.createdAt < visit.stateEnteredAt) continue;
      byCase.set(deadline.caseId, [...(byCase.get(deadline.caseId) ?? []), deadline]);
    }
    return byCase;
  }

  /** What `sync` returned for the row a change just wrote: `current` on that row object needs no look-up. */
  remember(row: object, deadlines: DeadlineEntity[]): void {
    this.settled.set(row, deadlines);
  }

  private async visit(
    manager: EntityManager,
    timing: Pick<CaseTiming, 'id' | 'state' | 'stateEnteredAt'>,
    order: 'due_at ASC' | 'created_at DESC',
  ): Promise<DeadlineEntity[]> {
    const rows = this.rows(manager);
    const { rows: found } = await runSql(
      manager,
      `SELECT ${rows.columns} FROM ${rows.table}
        WHERE "case_id" = ? AND "state" = ? AND "created_at" >= ? AND "status" IN ('open', 'overdue') ORDER BY ${order}, "id"`,
      [timing.id, timing.state, timing.stateEnteredAt],
    );
    return found.map((row) => rows.toEntity(row));
  }

  private rows(manager: EntityManager): RowMapper<DeadlineEntity> {
    return RowMapper.of(manager.connection, DeadlineEntity);
  }

  private open(timing: CaseTiming, spec: DeadlineSpec, now: string): DeadlineEntity {
    const due = this.dueOf(spec, timing);
    return Object.assign(new DeadlineEntity(), {
      id: randomUUID(),
      caseId: timing.id,
      state: timing.state,
      rule: spec.rule,
      dueAt: due.dueAt,
      remindAt: this.remindOf(due.dueAt),
      provisionalYears: provisionalText(due.provisionalYears),
      calendarRecheck: null,
      onExpiry: spec.onExpiry ?? null,
      status: 'open',
      reminded: false,
      claimedBy: null,
      claimedUntil: null,
      createdAt: now,
      closedAt: null,
      countedFrom: due.countedFrom,
      warning: null,
      warningSince: null,
      warningNextAt: null,
      warningWithdrawnAt: null,
    });
  }

  /**
   * The state's limit (or the jurisdiction's), counted from the day its rule names (entry into the
   * state unless the table says otherwise), or a date the case fixed; plus any extension. Working
   * days in a year without official data are counted Monday to Friday and the answer says so
   * (provisional); nothing is refused for a missing year.
   */
  private dueOf(spec: DeadlineSpec, timing: CaseTiming, calendar: WorkingCalendar = this.calendar.current()): DueDate & { countedFrom: string } {
    const countedFrom = countedFromOf(spec, timing);
    const fixed = spec.dueDate?.(timing.context);
    const base = this.rules[spec.rule] ?? { length: spec.length, unit: spec.unit };
    const due = fixed ? { dueAt: dueAtEndOfLocalDate(fixed), provisionalYears: [] } : dueDate(countedFrom, base, calendar);
    const extension = spec.extension?.(timing.context);
    if (!extension) return { ...due, countedFrom };
    const extended = dueDate(due.dueAt, extension, calendar);
    return {
      dueAt: extended.dueAt,
      provisionalYears: [...new Set([...due.provisionalYears, ...extended.provisionalYears])].sort((a, b) => a - b),
      countedFrom,
    };
  }

  /**
   * The start of the local day `reminderWorkingDays` working days before the due date. Where a
   * year's calendar is not loaded yet it counts Monday to Friday, like the due date itself.
   */
  private remindOf(due: string): string {
    const calendar = this.calendar.current();
    let date = localDate(due);
    for (let left = this.config.reminderWorkingDays; left > 0;) {
      date = previousDay(date);
      if (calendar.dayKind(date).working) left -= 1;
    }
    return new Date(Date.parse(`${date}T00:00:00+08:00`)).toISOString();
  }
}

/**
 * The instant a limit counts from: the day its table names, read from the case's record (a report's
 * receipt, a decision's meeting), or the entry into the state. A named day later than the entry,
 * or one that is not a date, counts from the entry: a limit never starts after its own step.
 */
export function countedFromOf(spec: DeadlineSpec, timing: Pick<CaseTiming, 'stateEnteredAt' | 'context'>): string {
  const day = spec.startsAt?.day?.(timing.context);
  if (typeof day !== 'string') return timing.stateEnteredAt;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T00:00:00.000+08:00` : day);
  if (Number.isNaN(ms)) return timing.stateEnteredAt;
  const instant = new Date(ms).toISOString();
  return instant < timing.stateEnteredAt ? instant : timing.stateEnteredAt;
}

/** The order `current` reads them in. */
function byDueDate(deadlines: DeadlineEntity[]): DeadlineEntity[] {
  return [...deadlines].sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function previousDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 24 * 3600 * 1000).toISOString().slice(0, 10);
}
