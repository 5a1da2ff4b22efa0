import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, LessThan } from 'typeorm';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AttachmentEntity } from './attachment.entity';
import { ContentStore } from './content-store';

const HOUR = 3600_000;

/**
 * Removes uploads that no event cited within ATTACHMENT_UNCITED_HOURS (a form left unsent, a crash
 * between the upload and the event), run on the scheduler's tick. Only rows still uncited are
 * deleted (the DELETE re-checks `cited_at IS NULL`, so a row an event cites at the same moment
 * stays), and a content is removed from the store only when no row names its digest any more:
 * nothing a trail entry names is ever removed.
 */
@Injectable()
export class AttachmentSweep {
  private readonly logger = new Logger('Attachments');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: ContentStore,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(): Promise<{ removed: number }> {
    const before = new Date(this.clock.now().getTime() - this.config.attachments.uncitedHours * HOUR);
    const repository = this.dataSource.getRepository(AttachmentEntity);
    const stale = await repository.find({ where: { citedAt: IsNull(), uploadedAt: LessThan(before.toISOString()) }, take: 500 });
    let removed = 0;
    for (const row of stale) {
      const deleted = await repository.delete({ id: row.id, citedAt: IsNull() });
      if (!deleted.affected) continue;
      removed += 1;
      const others = await repository.count({ where: { digest: row.digest } });
      if (others === 0) await this.store.remove(row.digest);
    }
    // Staged parts are real files: their age is counted on the real clock, not a training one.
    await this.store.removeStaleStaging(new Date(Date.now() - HOUR));
    if (removed > 0) this.logger.log(`removed ${removed} upload(s) no event cited`);
    return { removed };
  }
}
