import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { lockNameUntilCommit } from '../database/row-locks';
import { runSql } from '../database/sql';
import { TrailWriter } from './trail-writer';

/** The chain of reads on the record: exports, trail searches, case files read outside one's queue. */
export const AUDIT_READS_STREAM = 'audit-reads';

/**
 * How long a repeated read (the same search, the same case file, by the same user) adds nothing to
 * the record: paging through results or reopening a case does not flood the trail.
 */
const REPEAT_WINDOW_MS = 3600_000;

/** Who read, and in which role (src/cases/case-access.policy.ts `readerRole`). */
export interface Reader {
  id: string;
  role: string;
}

/**
 * Writes reads on the record (检举控告工作规则 art. 52: the trail must show who read what) onto
 * the `audit-reads` chain, in the caller's transaction. What counts as such a read is decided by
 * the reader's side: trail searches and exports (src/audit/audit-reads.service.ts), case files
 * read outside one's own queue (src/cases/case-reads.ts).
 */
@Injectable()
export class ReadsOnRecord {
  constructor(
    private readonly writer: TrailWriter,
    private readonly clock: Clock,
  ) {}

  async append(manager: EntityManager, reader: Reader, event: string, data: Record<string, unknown>): Promise<void> {
    await this.writer.append(manager, {
      streamId: AUDIT_READS_STREAM,
      caseId: null,
      procedure: null,
      procedureVersion: null,
      fromState: null,
      toState: null,
      event,
      outcome: 'read',
      actorId: reader.id,
      actorRole: reader.role,
      at: this.clock.now().toISOString(),
      data,
    });
  }

  /**
   * True when this read was put on the record within the hour; otherwise notes that it is now
   * (`read_records` remembers the last entry per reader and subject).
   */
  async recentlyRecorded(manager: EntityManager, readerId: string, subject: string): Promise<boolean> {
    await lockNameUntilCommit(manager, `read:${readerId}:${subject}`);
    const now = this.clock.now();
    const { rows } = await runSql(manager, 'SELECT "recorded_at" FROM "read_records" WHERE "user_id" = ? AND "subject" = ?', [readerId, subject]);
    if (rows.length > 0 && now.getTime() - Date.parse(String(rows[0].recorded_at)) < REPEAT_WINDOW_MS) return true;
    if (rows.length > 0)
      await runSql(manager, 'UPDATE "read_records" SET "recorded_at" = ? WHERE "user_id" = ? AND "subject" = ?', [now.toISOString(), readerId, subject]);
    else await runSql(manager, 'INSERT INTO "read_records" ("user_id", "subject", "recorded_at") VALUES (?, ?, ?)', [readerId, subject, now.toISOString()]);
    return false;
  }
}
