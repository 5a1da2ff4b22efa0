import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { condition, DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { lockNameUntilCommit } from '../database/row-locks';
import { runSql } from '../database/sql';
import { TransactionRunner } from '../database/transaction-runner';
import type { AuthUser } from '../identity/auth-user';
import { decisionName, RETIRED_DATA, RETIREMENT_EVENT, retirePayloads } from '../trail/payload-retirement';
import { ADMIN_STREAM, TrailWriter } from '../trail/trail-writer';
import { TransparencyLog } from '../trail/transparency-log.service';

/** A kind of payload, its period and what is due now (GET /api/audit/retention). */
export interface RetentionKind {
  kind: string;
  days: number;
  /** Entries written before this instant are past retention. */
  cutoff: string;
  /** Entries past retention whose payload is not yet retired. */
  due: number;
}

/** The answer to a decision: what it retired, and whether more is due (one decision retires at most MAX_PER_DECISION). */
export interface RetirementDecision {
  decision: string;
  kind: string;
  cutoff: string;
  retired: number;
  firstLogIndex: number;
  lastLogIndex: number;
  moreDue: boolean;
}

/** The chains that belong to no case; every other kind is a procedure (its closed cases' trails). */
const OTHER_CHAINS = new Set([ADMIN_STREAM, 'security', 'audit-reads']);

/** Bounded, so one decision is one transaction of bounded size; the administrator decides again for the rest. */
export const MAX_PER_DECISION = 20_000;

const DAY_MS = 86_400_000;

/**
 * Retention that keeps the proofs (issue 22 §4; docs/audit.md, "Retention"): an audit
 * administrator's decision retires the payloads of entries past their kind's period. The decision
 * is an entry on the admin chain, in the same transaction as the retirement, and names the range
 * of log indexes and the number it retired, so the offline verifier can hold every retired line
 * to a decision. Only entries already in the log are retired (their leaf is the proof that stays);
 * a case's trail only once the case is closed, and never its last entry (the case row is checked
 * against it); never a decision to retire.
 */
@Injectable()
export class RetentionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: TransactionRunner,
    private readonly writer: TrailWriter,
    private readonly log: TransparencyLog,
    private readonly clock: Clock,
  ) {}

  async kinds(): Promise<RetentionKind[]> {
    const kinds: RetentionKind[] = [];
    for (const [kind, days] of Object.entries(this.config.retention.trailDays)) {
      const cutoff = this.cutoffOf(days);
      const { rows } = await runSql(this.dataSource.manager, this.dueQuery(kind, 'SELECT COUNT(*) AS "due"', ''), this.dueParams(kind, cutoff));
      kinds.push({ kind, days, cutoff, due: Number(rows[0].due) });
    }
    return kinds;
  }

  async retire(admin: AuthUser, kind: string, reason: string): Promise<RetirementDecision> {
    const days = this.config.retention.trailDays[kind];
    if (days === undefined) {
      const known = Object.keys(this.config.retention.trailDays).join('、') || '（无）';
      throw new DomainError('RETENTION.NO_PERIOD', `No retention period is configured for "${kind}"`, {
        kind,
        conditions: [
          condition(
            'retention.noPeriod',
            `“${kind}”没有配置保存期限，不能清除其内容；已配置的类别：${known}`,
            `No retention period is configured for "${kind}", so nothing of it may be retired; configured kinds: ${Object.keys(this.config.retention.trailDays).join(', ') || 'none'}`,
            'kind',
          ),
        ],
      });
    }
    // Only entries with a leaf are retired: the leaf is what keeps the proof.
    await this.log.sequence();
    const cutoff = this.cutoffOf(days);
    return this.transactions.run(async (manager) => {
      // Two administrators deciding at once take turns: the second finds only what the first left.
      await lockNameUntilCommit(manager, 'trail-retention');
      const { rows } = await runSql(
        manager,
        this.dueQuery(kind, 'SELECT e."id" AS "id", l."leaf_index" AS "leafIndex"', ` ORDER BY l."leaf_index" LIMIT ${MAX_PER_DECISION + 1}`),
        this.dueParams(kind, cutoff),
      );
      if (rows.length === 0) {
        throw new DomainError('RETENTION.NOTHING_DUE', `No entry of "${kind}" is past its retention period of ${days} days`, {
          kind,
          cutoff,
          conditions: [
            condition(
              'retention.nothingDue',
              `“${kind}”没有超过保存期限（${days} 日，即 ${cutoff.slice(0, 10)} 以前）且尚未清除内容的条目`,
              `No entry of "${kind}" written before ${cutoff} (its period of ${days} days) still holds its payload`,
              'kind',
            ),
          ],
        });
      }
      const due = rows.slice(0, MAX_PER_DECISION);
      const indexes = due.map((row) => Number(row.leafIndex));
      const firstLogIndex = indexes[0];
      const lastLogIndex = indexes[indexes.length - 1];
      const at = this.clock.now().toISOString();
      const decision = await this.writer.append(manager, {
        streamId: ADMIN_STREAM,
        caseId: null,
        procedure: null,
        procedureVersion: null,
        fromState: null,
        toState: null,
        event: RETIREMENT_EVENT,
        outcome: 'applied',
        actorId: admin.id,
        actorRole: 'auditAdmin',
        at,
        reason,
        data: { kind, days, cutoff, retired: due.length, firstLogIndex, lastLogIndex },
      });
      await retirePayloads(
        manager,
        due.map((row) => Number(row.id)),
        decision.position,
        at,
      );
      return {
        decision: decisionName(decision.position),
        kind,
        cutoff,
        retired: due.length,
        firstLogIndex,
        lastLogIndex,
        moreDue: rows.length > MAX_PER_DECISION,
      };
    });
  }

  private cutoffOf(days: number): string {
    return new Date(this.clock.now().getTime() - days * DAY_MS).toISOString();
  }

  /** The entries of `kind` past `cutoff` still holding their payload, with their leaf. */
  private dueQuery(kind: string, select: string, tail: string): string {
    const common = `FROM "audit_entries" e JOIN "tlog_leaves" l ON l."entry_id" = e."id"`;
    const notRetired = `e."at" < ? AND e."data" <> '${RETIRED_DATA}' AND NOT EXISTS (SELECT 1 FROM "trail_retired_payloads" r WHERE r."entry_id" = e."id")`;
    if (OTHER_CHAINS.has(kind))
      return `${select} ${common} WHERE e."stream_id" = ? AND e."case_id" IS NULL AND e."event" <> '${RETIREMENT_EVENT}' AND ${notRetired}${tail}`;
    return `${select} ${common} JOIN "cases" c ON c."id" = e."case_id" WHERE c."procedure" = ? AND c."status" = 'done' AND e."position" < c."trail_length" AND ${notRetired}${tail}`;
  }

  private dueParams(kind: string, cutoff: string): unknown[] {
    return [kind, cutoff];
  }
}
