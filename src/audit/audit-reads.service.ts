import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { readerRole } from '../cases/case-access.policy';
import { runSql } from '../database/sql';
import { TransactionRunner } from '../database/transaction-runner';
import type { AuthUser } from '../identity/auth-user';
import { ReadsOnRecord } from '../trail/reads-on-record';

/**
 * Reads of the whole trail on the record: every trail export and every trail search by an auditor
 * or the audit administrator is an entry on the `audit-reads` chain (who, in which role, what
 * filter, how many entries), which the audit administrator reads through
 * `GET /api/audit/entries?stream=audit-reads`. Case files read outside one's own queue are on the
 * same chain (src/cases/case-reads.ts).
 *
 * Floods: a search repeated with the same filters (other pages, a refresh) is recorded once an
 * hour; exports are always recorded. What remains is bounded by the per-account request limit.
 */
@Injectable()
export class AuditReads {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly reads: ReadsOnRecord,
  ) {}

  /**
   * An export is about to be streamed: recorded first, with the size of the trail at that moment.
   * Returns the id of the last entry the export holds (this record's), so the file is one moment.
   */
  recordExport(user: AuthUser): Promise<number> {
    return this.transactions.run(async (manager) => {
      const { rows } = await runSql(manager, 'SELECT count(*) AS "n" FROM "audit_entries"', []);
      await this.append(manager, user, 'TRAIL_EXPORTED', { format: 'ndjson', entries: Number(rows[0].n) });
      const { rows: last } = await runSql(manager, 'SELECT max("id") AS "id" FROM "audit_entries"', []);
      return Number(last[0].id);
    });
  }

  /** A search of the trail, with its filters (paging aside) and how many entries matched. */
  async recordSearch(user: AuthUser, filters: Record<string, unknown>, matched: number): Promise<void> {
    const { page: _page, pageSize: _size, order: _order, ...filter } = filters;
    const defined = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined && value !== ''));
    const subject = `search:${createHash('sha256')
      .update(JSON.stringify(Object.entries(defined).sort()))
      .digest('hex')}`;
    await this.transactions.run(async (manager) => {
      if (await this.reads.recentlyRecorded(manager, user.id, subject)) return;
      await this.append(manager, user, 'TRAIL_SEARCHED', { filter: defined, matched });
    });
  }

  private append(manager: EntityManager, user: AuthUser, event: string, data: Record<string, unknown>): Promise<void> {
    return this.reads.append(manager, { id: user.id, role: readerRole(user) }, event, data);
  }
}
