import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ProcedureRegistry } from '../../workflows/core';
import { SYSTEM_ACTOR } from '../cases/actor-policy';
import { CaseChain } from '../cases/case-chain';
import { lockCase } from '../cases/case-rows';
import { storedSnapshotOf } from '../cases/case-snapshot';
import { runSql } from '../database/sql';
import { TransactionRunner } from '../database/transaction-runner';
import { Clock } from '../common/clock';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import { DeadlineStore, type RecomputedDeadline } from '../deadlines/deadline-store.service';
import { localDate } from '../deadlines/due-date';
import { LiveCalendar } from '../deadlines/live-calendar.service';
import { NotificationsService } from './notifications.service';

export interface RecomputeResult {
  /** Cases looked at. */
  cases: number;
  /** Deadlines whose due date moved. */
  moved: number;
  /** Deadlines that kept their date and lost their provisional mark. */
  confirmed: number;
  /** Cases left for the next pass (the limit was reached). */
  remaining: boolean;
}

const BATCH = 100;

/**
 * When a calendar year arrives (or is corrected), the due dates counted on the old data are
 * counted again, one transaction per case with the case row locked, each change an entry on the
 * case's own chain with the calendar it now rests on, and a notice to whoever's turn it is when
 * the date moved. The work is found from the rows themselves (marked by the load, or still
 * provisional for a year now known), so a crash or restart part-way loses nothing: the next
 * scheduler tick, on any instance, carries on. Two instances doing it at once take turns per case
 * and the second finds nothing left to change.
 */
@Injectable()
export class DeadlineRecompute {
  private readonly logger = new Logger('Calendar');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PROCEDURE_REGISTRY) private readonly registry: ProcedureRegistry,
    private readonly calendar: LiveCalendar,
    private readonly deadlines: DeadlineStore,
    private readonly chain: CaseChain,
    private readonly notifications: NotificationsService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** The scheduler's part: pick up a year another instance loaded, warn while one is missing, recompute. */
  async onTick(shouldStop: () => boolean = () => false): Promise<RecomputeResult> {
    await this.calendar.refresh();
    this.calendar.logWarningOncePerDay(this.clock.now());
    return this.pass(Number.POSITIVE_INFINITY, shouldStop);
  }

  /** Recomputes the deadlines waiting for it, up to `maxCases` cases (the rest: next pass). */
  async pass(maxCases = Number.POSITIVE_INFINITY, shouldStop: () => boolean = () => false): Promise<RecomputeResult> {
    const result: RecomputeResult = { cases: 0, moved: 0, confirmed: 0, remaining: false };
    const done = new Set<string>();
    while (!shouldStop()) {
      const batch = (await this.waitingCases()).filter((caseId) => !done.has(caseId));
      if (batch.length === 0) return result;
      for (const caseId of batch) {
        if (result.cases >= maxCases || shouldStop()) return { ...result, remaining: true };
        done.add(caseId);
        const changes = await this.recomputeCase(caseId);
        result.cases += 1;
        result.moved += changes.filter((change) => change.moved).length;
        result.confirmed += changes.filter((change) => !change.moved).length;
      }
    }
    return { ...result, remaining: true };
  }

  /**
   * Cases with a deadline this instance's calendar can now count better: marked by a load it has
   * read, or provisional for a year it now knows (a row written meanwhile by an instance that had
   * not read the load yet).
   */
  private async waitingCases(): Promise<string[]> {
    const version = this.calendar.version();
    const ids = new Set<string>();
    if (version > 0) {
      const { rows } = await runSql(
        this.dataSource.manager,
        `SELECT DISTINCT "case_id" FROM "deadlines" WHERE "calendar_recheck" IS NOT NULL AND "calendar_recheck" <= ? ORDER BY "case_id" LIMIT ${BATCH}`,
        [version],
      );
      rows.forEach((row) => ids.add(String(row.case_id)));
    }
    // Years a provisional due date can have counted on: only years after the earliest the calendar
    // knows beyond last year (provisional years are always future ones when they are counted).
    const thisYear = Number(localDate(this.clock.now().toISOString()).slice(0, 4));
    const known = this.calendar
      .current()
      .years()
      .filter((year) => year >= thisYear - 1);
    if (known.length > 0) {
      const { rows } = await runSql(
        this.dataSource.manager,
        `SELECT DISTINCT d."case_id" FROM "deadlines" d JOIN "cases" c ON c."id" = d."case_id"
          WHERE d."status" IN ('open', 'overdue') AND d."state" = c."state" AND d."created_at" >= c."state_entered_at"
            AND d."provisional_years" IS NOT NULL AND (${known.map(() => 'd."provisional_years" LIKE ?').join(' OR ')})
          ORDER BY d."case_id" LIMIT ${BATCH}`,
        known.map((year) => `%${year}%`),
      );
      rows.forEach((row) => ids.add(String(row.case_id)));
    }
    return [...ids];
  }

  private async recomputeCase(caseId: string): Promise<RecomputedDeadline[]> {
    return this.transactions.run(async (manager) => {
      const version = this.calendar.version();
      const now = this.clock.now().toISOString();
      // The case first, then its deadlines, in the order every change takes them: no deadlock.
      const row = await lockCase(manager, caseId);
      if (!row) {
        await runSql(manager, 'UPDATE "deadlines" SET "calendar_recheck" = NULL WHERE "case_id" = ? AND "calendar_recheck" <= ?', [caseId, version]);
        return [];
      }
      const definition = this.registry.find(row.procedure, row.procedureVersion);
      if (!definition) throw new Error(`procedure ${row.procedure} v${row.procedureVersion} is not registered`);
      const timing = { id: row.id, state: row.state, stateEnteredAt: row.stateEnteredAt, context: storedSnapshotOf(row).context };
      const changes = await this.deadlines.recompute(manager, timing, definition, this.calendar.current(), { now, apply: true, version });
      for (const change of changes) {
        await this.chain.recordOnCase(manager, caseId, {
          event: 'DEADLINE_RECOMPUTED',
          outcome: 'applied',
          actorId: SYSTEM_ACTOR.id,
          actorRole: SYSTEM_ACTOR.role,
          data: this.entryData(change),
        });
        if (change.moved && change.deadline.status === 'open') {
          await this.notifications.notifyTurn(manager, change.deadline, 'deadlineMoved', now, { previousDueAt: change.previousDueAt });
        }
      }
      if (changes.length > 0) {
        this.logger.log(`case ${caseId}: ${changes.map((c) => `${c.deadline.rule} ${c.previousDueAt} → ${c.deadline.dueAt}`).join('; ')}`);
      }
      return changes;
    });
  }

  /**
   * What the case's chain records: the deadline, its old and new due date and provisional years,
   * and the calendar the new date rests on, year by year, with who loaded a year from the page.
   */
  private entryData(change: RecomputedDeadline): Record<string, unknown> {
    const { deadline } = change;
    const first = Number(localDate(deadline.createdAt).slice(0, 4));
    const last = Math.max(Number(localDate(deadline.dueAt).slice(0, 4)), Number(localDate(change.previousDueAt).slice(0, 4)));
    const calendar = [];
    for (let year = first; year <= last; year += 1) {
      const known = this.calendar.year(year);
      if (!known) {
        calendar.push({ year, source: 'assumedMondayToFriday' });
        continue;
      }
      calendar.push({
        year,
        source: known.source,
        ...(known.source === 'database' ? { revision: known.revision, digest: known.digest, loadedBy: known.loadedBy, loadedAt: known.loadedAt } : {}),
      });
    }
    return {
      deadline: { rule: deadline.rule, state: deadline.state },
      previousDueAt: change.previousDueAt,
      dueAt: deadline.dueAt,
      previousProvisionalYears: change.previousProvisionalYears,
      provisionalYears: change.provisionalYears,
      moved: change.moved,
      calendar,
    };
  }
}
