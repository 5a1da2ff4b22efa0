import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { condition, DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { runSql } from '../database/sql';
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

/** What one decision would retire of a kind: the entries' ids and their range of log indexes. */
export interface DueSet {
  kind: string;
  days: number;
  cutoff: string;
  ids: number[];
  firstLogIndex: number;
  lastLogIndex: number;
  /** More is due than one decision retires (MAX_PER_DECISION). */
  moreDue: boolean;
}

/** The chains that belong to no case; every other kind is a procedure (its closed cases' trails). */
const OTHER_CHAINS = new Set([ADMIN_STREAM, 'security', 'audit-reads']);

/** Bounded, so one decision is one transaction of bounded size; the administrator decides again for the rest. */
export const MAX_PER_DECISION = 20_000;

const DAY_MS = 86_400_000;

/**
 * Retention that keeps the proofs (issue 22 §4; docs/audit.md, "Retention"): a decision of two
 * audit administrators (src/audit/retirement-proposals.service.ts) retires the payloads of entries
 * past their kind's period. The decision
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

  /** Puts every entry written so far in the log (outside any transaction): only entries with a leaf are retired. */
  sequenceLog(): Promise<unknown> {
    return this.log.sequence();
  }

  /** The period of `kind`, or a refusal naming the configured kinds. */
  periodOf(kind: string): number {
    const days = this.config.retention.trailDays[kind];
    if (days !== undefined) return days;
    const known = Object.keys(this.config.retention.trailDays);
    throw new DomainError('RETENTION.NO_PERIOD', `No retention period is configured for "${kind}"`, {
      kind,
      conditions: [
        condition(
          'retention.noPeriod',
          `“${kind}”没有配置保存期限，不能清除其内容；已配置的类别：${known.join('、') || '（无）'}`,
          `No retention period is configured for "${kind}", so nothing of it may be retired; configured kinds: ${known.join(', ') || 'none'}`,
          'kind',
        ),
      ],
    });
  }

  /**
   * What one decision would retire of `kind` now (at most MAX_PER_DECISION, the earliest leaves
   * first), or a refusal when nothing is due. Only entries with a leaf: the leaf keeps the proof.
   */
  async dueSet(manager: EntityManager, kind: string): Promise<DueSet> {
    const days = this.periodOf(kind);
    const cutoff = this.cutoffOf(days);
    const rows = await this.dueRows(manager, kind, cutoff, null);
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
    return {
      kind,
      days,
      cutoff,
      ids: due.map((row) => row.id),
      firstLogIndex: due[0].leafIndex,
      lastLogIndex: due[due.length - 1].leafIndex,
      moreDue: rows.length > MAX_PER_DECISION,
    };
  }

  /**
   * The entries of a proposed set still due now, within its range and before its cutoff: exactly
   * the proposal's set when nothing changed since (an entry that became retirable since would
   * make it larger, one retired since smaller; the caller refuses either).
   */
  async stillDue(manager: EntityManager, set: { kind: string; cutoff: string; firstLogIndex: number; lastLogIndex: number }): Promise<number[]> {
    const rows = await this.dueRows(manager, set.kind, set.cutoff, [set.firstLogIndex, set.lastLogIndex]);
    return rows.map((row) => row.id);
  }

  /** Whether entries written before `cutoff` are past `kind`'s period as configured now. */
  isPastPeriod(kind: string, cutoff: string): boolean {
    const days = this.config.retention.trailDays[kind];
    return days !== undefined && cutoff <= this.cutoffOf(days);
  }

  /**
   * Retires the payloads of `ids` under a decision on the admin chain, in the caller's transaction
   * (the decision names the range and count, so the offline verifier can hold every retired line to it).
   */
  async retire(manager: EntityManager, by: AuthUser, set: Omit<DueSet, 'moreDue'>, reason: string, extra: Record<string, unknown>): Promise<string> {
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
      actorId: by.id,
      actorRole: 'auditAdmin',
      at,
      reason,
      data: {
        kind: set.kind,
        days: set.days,
        cutoff: set.cutoff,
        retired: set.ids.length,
        firstLogIndex: set.firstLogIndex,
        lastLogIndex: set.lastLogIndex,
        ...extra,
      },
    });
    await retirePayloads(manager, set.ids, decision.position, at);
    return decisionName(decision.position);
  }

  private async dueRows(
    manager: EntityManager,
    kind: string,
    cutoff: string,
    range: [number, number] | null,
  ): Promise<Array<{ id: number; leafIndex: number }>> {
    const within = range ? ` AND l."leaf_index" >= ${Number(range[0])} AND l."leaf_index" <= ${Number(range[1])}` : '';
    const { rows } = await runSql(
      manager,
      this.dueQuery(kind, 'SELECT e."id" AS "id", l."leaf_index" AS "leafIndex"', `${within} ORDER BY l."leaf_index" LIMIT ${MAX_PER_DECISION + 1}`),
      this.dueParams(kind, cutoff),
    );
    return rows.map((row) => ({ id: Number(row.id), leafIndex: Number(row.leafIndex) }));
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
