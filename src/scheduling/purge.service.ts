import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { runSql } from '../database/sql';

export interface PurgeResult {
  sessions: number;
  idempotencyKeys: number;
}

const DAY_MS = 86_400_000;

/**
 * Purges what has stopped meaning anything on its own schedule (issue 22 §4; docs/operations.md,
 * "Retention and purges"): sessions past their expiry (a token of a purged session is refused like
 * one of a revoked session: its session is not found) and idempotency keys older than
 * IDEMPOTENCY_KEY_DAYS (a retry that late is a new request). Neither is a step of a case or an
 * administrator's change: the logins and logouts themselves are on the security chain and stay
 * there. Every instance may run it; a DELETE of what is gone deletes nothing. Uploads have their
 * own cleanup (src/attachments).
 */
@Injectable()
export class PurgeService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Purge');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.config.retention.purgeIntervalMs;
    if (interval <= 0) return;
    this.timer = setInterval(() => void this.purgeSafely(), interval);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  async purge(): Promise<PurgeResult> {
    const now = this.clock.now();
    const sessions = await runSql(this.dataSource.manager, 'DELETE FROM "sessions" WHERE "expires_at" <= ?', [now.toISOString()]);
    const keysBefore = new Date(now.getTime() - this.config.retention.idempotencyKeyDays * DAY_MS).toISOString();
    const keys = await runSql(this.dataSource.manager, 'DELETE FROM "idempotency_keys" WHERE "created_at" < ?', [keysBefore]);
    return { sessions: sessions.affected, idempotencyKeys: keys.affected };
  }

  private async purgeSafely(): Promise<void> {
    if (this.running) return;
    const run = this.purge();
    this.running = run;
    try {
      const { sessions, idempotencyKeys } = await run;
      if (sessions + idempotencyKeys > 0) this.logger.log(`purged ${sessions} expired sessions and ${idempotencyKeys} idempotency keys`);
    } catch (error) {
      this.logger.error(`purge failed: ${(error as Error).message}`);
    } finally {
      this.running = undefined;
    }
  }
}
