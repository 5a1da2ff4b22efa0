import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { RowMapper, runSql } from '../database/sql';
import type { DeadlineSpec, ProcedureDefinition } from '../../workflows/core';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { DeadlineEntity } from './deadline.entity';
import type { DeadlineRules } from './deadline-rules';
import { DEADLINE_RULES, WORKING_CALENDAR } from './deadline-tokens';
import { dueAt, dueAtEndOfLocalDate, localDate } from './due-date';
import { CalendarMissingError, WorkingCalendar } from './working-calendar';

export interface CaseTiming {
  id: string;
  state: string;
  stateEnteredAt: string;
  context: Record<string, unknown>;
}

/**
 * Keeps a case's deadline rows in step with its state, inside the engine's transaction: entering a
 * state opens its deadline, leaving cancels it, an extension or a new due date moves it. It sits
 * below the engine and never calls it (architecture.md: the scheduler sits above).
 */
@Injectable()
export class DeadlineStore {
  private readonly settled = new WeakMap<object, DeadlineEntity[]>();

  constructor(
    @Inject(WORKING_CALENDAR) private readonly calendar: WorkingCalendar,
    @Inject(DEADLINE_RULES) private readonly rules: DeadlineRules,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Returns the deadlines of the state's current visit as the change left them (what `current`
   * would read), so the answer rendered in the same transaction needs no second look-up.
   */
  async sync(manager: EntityManager, timing: CaseTiming, previousState: string | null, definition: ProcedureDefinition, now: string): Promise<DeadlineEntity[]> {
    const spec = definition.states[timing.state]?.deadline;
    if (previousState !== timing.state) {
      await runSql(manager, 'UPDATE "deadlines" SET "status" = \'cancelled\', "closed_at" = ? WHERE "case_id" = ? AND "status" = \'open\'', [now, timing.id]);
      if (!spec) return [];
      const opened = this.open(timing, spec, now);
      const rows = this.rows(manager);
      await runSql(manager, `INSERT INTO ${rows.table} (${rows.columns}) VALUES (${rows.placeholders()})`, rows.values(opened));
      return [opened];
    }
    // No deadline is ever opened in a state that declares none.
    if (!spec) return [];
    const running = await this.visit(manager, timing, 'created_at DESC');
    const [current] = running;
    const due = current && this.dueOf(spec, timing);
    if (!current || due === current.dueAt) return byDueDate(running);
    // An extension granted after the limit passed reopens the deadline.
    const moved: DeadlineEntity = { ...current, dueAt: due, remindAt: this.remindOf(due), reminded: false };
    if (current.status === 'overdue' && due > now) Object.assign(moved, { status: 'open', closedAt: null });
    await manager
      .getRepository(DeadlineEntity)
      .update({ id: current.id }, { dueAt: moved.dueAt, remindAt: moved.remindAt, reminded: false, status: moved.status, closedAt: moved.closedAt });
    return byDueDate([moved, ...running.slice(1)]);
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

  /** What `sync` returned for the row a change just wrote: `current` on that row object needs no look-up. */
  remember(row: object, deadlines: DeadlineEntity[]): void {
    this.settled.set(row, deadlines);
  }

  private async visit(manager: EntityManager, timing: Pick<CaseTiming, 'id' | 'state' | 'stateEnteredAt'>, order: 'due_at ASC' | 'created_at DESC'): Promise<DeadlineEntity[]> {
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
      dueAt: due,
      remindAt: this.remindOf(due),
      onExpiry: spec.onExpiry ?? null,
      status: 'open',
      reminded: false,
      claimedBy: null,
      claimedUntil: null,
      createdAt: now,
      closedAt: null,
    });
  }

  /** The state's limit (or the jurisdiction's), counted from entry, or a date the case fixed; plus any extension. */
  private dueOf(spec: DeadlineSpec, timing: CaseTiming): string {
    return this.calendarSays(() => {
      const fixed = spec.dueDate?.(timing.context);
      const base = this.rules[spec.rule] ?? { length: spec.length, unit: spec.unit };
      const due = fixed ? dueAtEndOfLocalDate(fixed) : dueAt(timing.stateEnteredAt, base, this.calendar);
      const extension = spec.extension?.(timing.context);
      return extension ? dueAt(due, extension, this.calendar) : due;
    });
  }

  /**
   * The start of the local day `reminderWorkingDays` working days before the due date. A reminder
   * is a courtesy, not a legal limit: where next year's calendar is not loaded yet it counts
   * Monday to Friday rather than stopping the step.
   */
  private remindOf(due: string): string {
    let date = localDate(due);
    for (let left = this.config.reminderWorkingDays; left > 0; ) {
      date = previousDay(date);
      if (this.isWorkingDayOrWeekday(date)) left -= 1;
    }
    return new Date(Date.parse(`${date}T00:00:00+08:00`)).toISOString();
  }

  private isWorkingDayOrWeekday(date: string): boolean {
    try {
      return this.calendar.isWorkingDay(date);
    } catch (error) {
      if (!(error instanceof CalendarMissingError)) throw error;
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      return weekday !== 0 && weekday !== 6;
    }
  }

  /** A year without calendar data stops the step with a clear message instead of a guessed date. */
  private calendarSays<T>(compute: () => T): T {
    try {
      return compute();
    } catch (error) {
      if (error instanceof CalendarMissingError) throw new DomainError('CALENDAR.MISSING_YEAR', error.message);
      throw error;
    }
  }
}

/** The order `current` reads them in. */
function byDueDate(deadlines: DeadlineEntity[]): DeadlineEntity[] {
  return [...deadlines].sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function previousDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 24 * 3600 * 1000).toISOString().slice(0, 10);
}
