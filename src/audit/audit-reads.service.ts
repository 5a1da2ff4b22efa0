import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ProcedureRegistry } from '../../workflows/core';
import { STAFF_ROLES } from '../cases/case-access.policy';
import type { CaseEntity } from '../cases/case.entity';
import { lockNameUntilCommit } from '../database/row-locks';
import { runSql } from '../database/sql';
import { TransactionRunner } from '../database/transaction-runner';
import type { AuthUser } from '../identity/auth-user';
import { Clock } from '../common/clock';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import { AuditTrailService } from './audit-trail.service';

/** The chain of reads on the record: exports, trail searches, case files read outside one's queue. */
export const AUDIT_READS_STREAM = 'audit-reads';

/**
 * How long a repeated read (the same search, the same case file, by the same user) adds nothing to
 * the record: paging through results or reopening a case does not flood the trail.
 */
const REPEAT_WINDOW_MS = 3600_000;

/**
 * Reads on the record (检举控告工作规则 art. 52: the trail must show who read what). Every trail
 * export, every trail search by an auditor or the audit administrator, and every read of a full
 * case file by someone for whom it is not their own work are entries on the `audit-reads` chain
 * (who, in which role, what filter or which case, how many entries), which the audit
 * administrator reads through `GET /api/audit/entries?stream=audit-reads`.
 *
 * A case file is "in one's own queue" when the case's current step is for a staff role the reader
 * holds (it is in their work queue), or when they have taken a step on it. Everyone else reading
 * it in full — auditors always — is on the record.
 *
 * Floods: a search repeated with the same filters (other pages, a refresh) and a case file reread
 * by the same user are recorded once an hour (`read_records` remembers the last entry); exports
 * are always recorded. What remains is bounded by the per-account request limit.
 */
@Injectable()
export class AuditReads {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly trail: AuditTrailService,
    private readonly clock: Clock,
    @Inject(PROCEDURE_REGISTRY) private readonly registry: ProcedureRegistry,
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
    const subject = `search:${createHash('sha256').update(JSON.stringify(Object.entries(defined).sort())).digest('hex')}`;
    await this.transactions.run(async (manager) => {
      if (await this.recentlyRecorded(manager, user, subject)) return;
      await this.append(manager, user, 'TRAIL_SEARCHED', { filter: defined, matched });
    });
  }

  /** A full case file (the case or its trail) read by someone for whom it is not their own work. */
  async recordCaseRead(user: AuthUser, row: CaseEntity, read: 'case' | 'trail'): Promise<void> {
    await this.transactions.run(async (manager) => {
      if (await this.isOwnQueue(manager, user, row)) return;
      if (await this.recentlyRecorded(manager, user, `case:${row.id}`)) return;
      await this.append(manager, user, 'CASE_FILE_READ', { caseId: row.id, procedure: row.procedure, state: row.state, read });
    });
  }

  private async isOwnQueue(manager: EntityManager, user: AuthUser, row: CaseEntity): Promise<boolean> {
    const turn = this.registry.find(row.procedure, row.procedureVersion)?.states[row.state]?.turn ?? [];
    if (user.roles.some((grant) => STAFF_ROLES.includes(grant.role) && turn.includes(grant.role))) return true;
    const { rows } = await runSql(manager, `SELECT 1 AS "acted" FROM "audit_entries" WHERE "stream_id" = ? AND "actor_id" = ? AND "outcome" = 'applied' LIMIT 1`, [
      row.id,
      user.id,
    ]);
    return rows.length > 0;
  }

  /** True when this read was put on the record within the hour; otherwise notes that it is now. */
  private async recentlyRecorded(manager: EntityManager, user: AuthUser, subject: string): Promise<boolean> {
    await lockNameUntilCommit(manager, `read:${user.id}:${subject}`);
    const now = this.clock.now();
    const { rows } = await runSql(manager, 'SELECT "recorded_at" FROM "read_records" WHERE "user_id" = ? AND "subject" = ?', [user.id, subject]);
    if (rows.length > 0 && now.getTime() - Date.parse(String(rows[0].recorded_at)) < REPEAT_WINDOW_MS) return true;
    if (rows.length > 0) await runSql(manager, 'UPDATE "read_records" SET "recorded_at" = ? WHERE "user_id" = ? AND "subject" = ?', [now.toISOString(), user.id, subject]);
    else await runSql(manager, 'INSERT INTO "read_records" ("user_id", "subject", "recorded_at") VALUES (?, ?, ?)', [user.id, subject, now.toISOString()]);
    return false;
  }

  private async append(manager: EntityManager, user: AuthUser, event: string, data: Record<string, unknown>): Promise<void> {
    await this.trail.append(manager, {
      streamId: AUDIT_READS_STREAM,
      caseId: null,
      procedure: null,
      procedureVersion: null,
      fromState: null,
      toState: null,
      event,
      outcome: 'read',
      actorId: user.id,
      actorRole: readerRole(user),
      at: this.clock.now().toISOString(),
      data,
    });
  }
}

/** The role the user reads in: oversight first, then staff. */
function readerRole(user: AuthUser): string {
  const held = user.roles.map((grant) => grant.role);
  return (['auditAdmin', 'auditor', ...STAFF_ROLES] as string[]).find((role) => held.includes(role as never)) ?? held[0] ?? 'unknown';
}
