import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AttachmentSweep } from '../attachments/attachment-sweep';
import { CaseEngine } from '../cases/case-engine.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { forUpdateSkipLocked } from '../database/row-locks';
import { TransactionRunner } from '../database/transaction-runner';
import { Clock } from '../common/clock';
import { DeadlineEntity } from '../deadlines/deadline.entity';
import { DeadlineRecompute } from './deadline-recompute.service';
import { NotificationsService } from './notifications.service';
import { WarningLadderService } from '../scheduling/warning-ladder.service';

const BATCH = 50;
const LEASE_MS = 60_000;

export interface TickResult {
  fired: number;
  missed: number;
  reminded: number;
  /** Due dates counted again because a calendar year arrived or was corrected. */
  recomputed: number;
  /** Colours of the 三色 warning ladder changed, and warnings withdrawn (撤牌). */
  warnings: number;
}

/**
 * Finds due deadlines and sends their expiry through the case engine as the `system` actor, so an
 * expiry is in the trail like any other step. Each pass first re-reads the calendar and recomputes
 * due dates a calendar load changed (DeadlineRecompute). Rows are claimed with a lease first, and closed in
 * the transaction that fires them, so several instances on one database fire each exactly once;
 * a deadline that passed while the service was down fires on the first tick after start.
 */
@Injectable()
export class DeadlineScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Deadlines');
  private readonly instance = randomUUID();
  private timer?: NodeJS.Timeout;
  private running?: Promise<TickResult>;
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly engine: CaseEngine,
    private readonly transactions: TransactionRunner,
    private readonly notifications: NotificationsService,
    private readonly clock: Clock,
    private readonly recompute: DeadlineRecompute,
    private readonly ladder: WarningLadderService,
    private readonly attachments: AttachmentSweep,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.deadlinePollMs <= 0) return;
    void this.tickSafely();
    this.timer = setInterval(() => void this.tickSafely(), this.config.deadlinePollMs);
    this.timer.unref();
  }

  /** Shutting down: no new batch is claimed, the one being fired is finished. */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass: fire or flag every due deadline, then send reminders. Ticks never overlap. */
  async tick(): Promise<TickResult> {
    if (!this.running) {
      this.running = this.pass().finally(() => (this.running = undefined));
    }
    return this.running;
  }

  private async pass(): Promise<TickResult> {
    const result: TickResult = { fired: 0, missed: 0, reminded: 0, recomputed: 0, warnings: 0 };
    // First the calendar: a year loaded on another instance is read, and due dates counted on the
    // old data are corrected before anything fires on them.
    const recomputed = await this.recompute.onTick(() => this.stopping);
    result.recomputed = recomputed.moved + recomputed.confirmed;
    while (!this.stopping) {
      const claimed = await this.claimDue();
      if (claimed.length === 0) break;
      // A claimed batch is fired to the end even when shutdown begins meanwhile.
      for (const deadline of claimed) {
        if (deadline.onExpiry) {
          if (await this.engine.applyAsSystem(deadline.caseId, deadline.onExpiry, {}, deadline)) {
            result.fired += 1;
            await this.transactions.run((manager) => this.notifications.notifyExpiry(manager, deadline, this.now()));
          } else await this.engine.flagMissedDeadline(deadline);
        } else if (await this.engine.flagMissedDeadline(deadline)) {
          result.missed += 1;
          await this.transactions.run((manager) => this.notifications.notifyTurn(manager, deadline, 'deadlineMissed', this.now()));
        }
      }
    }
    // Then the warning ladder, on the deadlines as this pass left them (a duty just flagged missed turns red).
    if (!this.stopping) {
      const ladder = await this.ladder.onTick(() => this.stopping);
      result.warnings = ladder.changed + ladder.withdrawn;
    }
    if (!this.stopping) result.reminded = await this.remind();
    // Last, uploads that no event cited within a day (never one a trail entry names).
    if (!this.stopping) await this.attachments.run();
    return result;
  }

  /**
   * Claims a batch of due open deadlines for this instance; a lease lets another take over after a
   * crash. On PostgreSQL the batch is read `FOR UPDATE SKIP LOCKED`: instances polling at the same
   * moment take different rows instead of queueing on the same ones.
   */
  private async claimDue(): Promise<DeadlineEntity[]> {
    const now = this.now();
    const until = new Date(Date.parse(now) + LEASE_MS).toISOString();
    return this.transactions.run(async (manager) => {
      const due = await forUpdateSkipLocked(
        manager
          .getRepository(DeadlineEntity)
          .createQueryBuilder('d')
          .select('d.id', 'id')
          .where('d.status = :open AND d.dueAt <= :now', { open: 'open', now })
          .andWhere('(d.claimedUntil IS NULL OR d.claimedUntil < :now)', { now })
          // A provisional due date (a year counted Monday to Friday) never draws a legal consequence:
          // it waits for the year's calendar, and is recomputed and fired when it arrives.
          .andWhere('d.provisionalYears IS NULL')
          .orderBy('d.dueAt', 'ASC')
          .limit(BATCH),
      ).getRawMany<{ id: string }>();
      if (due.length === 0) return [];
      // The conditions are checked again by the UPDATE itself: of two instances, one wins each row.
      await manager
        .createQueryBuilder()
        .update(DeadlineEntity)
        .set({ claimedBy: this.instance, claimedUntil: until })
        .where('id IN (:...ids) AND status = :open', { ids: due.map((row) => row.id), open: 'open' })
        .andWhere('(claimed_until IS NULL OR claimed_until < :now)', { now })
        .execute();
      return manager.getRepository(DeadlineEntity).findBy({ claimedBy: this.instance, claimedUntil: until, status: 'open' });
    });
  }

  private async remind(): Promise<number> {
    const now = this.now();
    return this.transactions.run(async (manager) => {
      const due = await forUpdateSkipLocked(
        manager
          .getRepository(DeadlineEntity)
          .createQueryBuilder('d')
          .where('d.status = :open AND d.reminded = :no AND d.remindAt <= :now', { open: 'open', no: false, now })
          .limit(BATCH * 4),
      ).getMany();
      let sent = 0;
      for (const deadline of due) {
        const marked = await manager.getRepository(DeadlineEntity).update({ id: deadline.id, reminded: false }, { reminded: true });
        if (marked.affected !== 1) continue;
        await this.notifications.notifyTurn(manager, deadline, 'deadlineSoon', now);
        sent += 1;
      }
      return sent;
    });
  }

  private async tickSafely(): Promise<void> {
    // A pass still running when the timer fires again is left alone, and reported once, by its own timer call.
    if (this.running) return;
    try {
      const { fired, missed, reminded, recomputed, warnings } = await this.tick();
      if (fired + missed + reminded + recomputed + warnings > 0) {
        this.logger.log(
          `deadlines: ${fired} fired, ${missed} missed, ${reminded} reminders, ${recomputed} recomputed on a new calendar, ${warnings} warnings changed or withdrawn`,
        );
      }
    } catch (error) {
      this.logger.error(`deadline pass failed: ${(error as Error).stack}`);
    }
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
