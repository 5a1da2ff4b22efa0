import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { caseRowMismatch, caseRowRecord, type CaseRowRecord, type RecordedCaseRow } from '../trail/case-row-record';
import { condition, DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { runSql } from '../database/sql';
import type { CaseEntity } from './case.entity';

const HEAD_ENTRY = 'SELECT "hash", "to_state", "data", "algorithm" FROM "audit_entries" WHERE "stream_id" = ? AND "position" = ?';
const HOLD_DEADLINE = 'UPDATE "deadlines" SET "claimed_by" = ?, "claimed_until" = ? WHERE "id" = ? AND "status" = \'open\'';

/** Who holds a deadline of a case the engine refuses to act on: no scheduler claims it again. */
export const INTEGRITY_HOLD = 'integrity-hold';
const FOREVER = '9999-12-31T23:59:59.999Z';

/**
 * The engine acts on a case only when its row is what the head entry of its chain says it is
 * (issue 16, item 2): a row changed in the database without a trail entry (a closed case set back
 * to `awaitingClosure`) is refused with 409 CASE.TRAIL_MISMATCH, and nothing is appended to its
 * chain, since a new entry would record the altered row as if the service had made it. Verification
 * names the case to the auditors; the row stays as found for them to examine.
 *
 * 409 rather than 5xx: the request is sound and the service is working; what it conflicts with is
 * the state of this one case, which no retry changes (a 5xx invites retries and alerts for a fault
 * of the service). One indexed read of the chain's head entry per change.
 */
@Injectable()
export class CaseRowIntegrity {
  private readonly logger = new Logger('CaseIntegrity');
  /** Rows already found to match in this transaction (each row object is loaded by one): checked once. */
  private readonly matched = new WeakSet<CaseEntity>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** A salt for a new case's row digest. */
  newSalt(): string {
    return randomBytes(16).toString('hex');
  }

  /** What an entry records about the row as the entry leaves it. */
  record(row: RecordedCaseRow): CaseRowRecord {
    return caseRowRecord(this.config.hashAlgorithm, row);
  }

  /** Why the locked row does not match the head of its chain, or undefined. */
  async mismatch(manager: EntityManager, row: CaseEntity): Promise<string | undefined> {
    if (this.matched.has(row)) return undefined;
    const { rows } = await runSql(manager, HEAD_ENTRY, [row.id, row.trailLength]);
    const head = rows[0] as { hash: string; to_state: string | null; data: string; algorithm: string } | undefined;
    if (!head) return `the case records ${row.trailLength} trail entries but its trail has no entry ${row.trailLength}`;
    if (head.hash !== row.trailHead) return `the case records a trail head its trail does not end on`;
    const problem = caseRowMismatch({ toState: head.to_state, data: head.data, algorithm: head.algorithm }, row);
    if (!problem) this.matched.add(row);
    return problem;
  }

  /** Refuses, with 409 CASE.TRAIL_MISMATCH, a change to a case whose row does not match its chain. */
  async assertMatches(manager: EntityManager, row: CaseEntity): Promise<void> {
    const problem = await this.mismatch(manager, row);
    if (!problem) return;
    this.logger.error(`case ${row.id} refused: its row does not match its trail (${problem}); run verification`);
    throw new DomainError('CASE.TRAIL_MISMATCH', `This case's stored record does not match its audit trail: ${problem}`, {
      conditions: [
        condition(
          'case.trailMismatch',
          '本案的存储记录与其审计记录链不一致，可能被绕过系统改动过；在审计人员核查前，本案不能办理任何操作',
          "This case's stored record does not match its audit trail and may have been changed outside the service; nothing can be done on it until the auditors have examined it",
        ),
      ],
    });
  }

  /**
   * Sets a deadline of such a case aside: it stays open (and overdue once due) but no scheduler
   * claims it again, so expiries do not retry every lease period. An operator releases it once the
   * case is repaired (docs/operations.md).
   */
  async holdDeadline(manager: EntityManager, deadlineId: string): Promise<void> {
    await runSql(manager, HOLD_DEADLINE, [INTEGRITY_HOLD, FOREVER, deadlineId]);
  }
}
