import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { ProcedureRegistry } from '../../workflows/core';
import { SYSTEM_ACTOR } from '../cases/actor-policy';
import { CaseChain } from '../cases/case-chain';
import { STAFF_ROLES } from '../cases/case-access.policy';
import { lockCase } from '../cases/case-rows';
import { DomainError } from '../common/domain-error';
import { RowMapper, runSql } from '../database/sql';
import { TransactionRunner } from '../database/transaction-runner';
import { DeadlineEntity } from '../deadlines/deadline.entity';
import { localDate } from '../deadlines/due-date';
import { LiveCalendar } from '../deadlines/live-calendar.service';
import { NotificationsService } from './notifications.service';
import type { NotificationKind } from './notification.entity';
import { Clock } from '../common/clock';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import { chineseDate } from '../../workflows/documents';
import type { CaseEntity } from '../cases/case.entity';
import { DocumentIssuer } from '../documents/document-issuer';
import { RenderThread } from '../documents/render-thread';
import { withRendersOutside } from '../documents/renders-outside';
import { SupervisionLetterEntity, type LetterAddresseeTitle, type LetterKind } from './supervision-letter.entity';
import { colourAt, ladderPoints, NEVER, nextChangeAt, type LadderPoints, type WarningColour } from './warning-ladder';
import { WarningRules } from '../deadlines/warning-rules';

export interface LadderResult {
  /** Colours changed (raised or lowered), each an entry on its case's chain. */
  changed: number;
  /** Warnings withdrawn (撤牌) because the step was done. */
  withdrawn: number;
}

/** What a colour brings besides itself: whom to tell, and the letter to record. */
const CONSEQUENCES: Record<WarningColour, { notice: NotificationKind; leaders: boolean; letter?: { kind: LetterKind; title: LetterAddresseeTitle } }> = {
  blue: { notice: 'warningBlue', leaders: false },
  yellow: { notice: 'warningYellow', leaders: true, letter: { kind: 'reminderLetter', title: 'responsibleLeader' } },
  red: { notice: 'warningRed', leaders: true, letter: { kind: 'supervisionLetter', title: 'principalLeader' } },
};

/** A deadline row with what the ladder needs of its case. */
interface Candidate {
  deadline: DeadlineEntity;
  caseState: string;
  stateEnteredAt: string;
  procedure: string;
  procedureVersion: number;
  jurisdiction: string;
}

const BATCH = 200;
/** A case the engine will not write to (its row does not match its chain) is looked at again later. */
const RETRY_MS = 3600_000;

/**
 * Moves the 三色 warning ladder on the scheduler's tick, without a click: each staff duty's colour
 * follows its thresholds (warning-ladder.ts), each change is an entry on the case's chain
 * (`WARNING_CHANGED`) written through the engine, yellow and red record a 提示函 / 督办函 and tell the
 * leaders, and the warning is withdrawn (撤牌, `WARNING_WITHDRAWN`) once the step is done. The rows
 * say when to look again (`warning_next_at`), so a pass reads only what is due; a due date that
 * moves (an extension, a calendar load) is looked at again on the next pass. Two instances doing a
 * pass at once take turns per case, and a change is written once (compare-and-set on the row).
 */
@Injectable()
export class WarningLadderService {
  private readonly logger = new Logger('Warnings');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PROCEDURE_REGISTRY) private readonly registry: ProcedureRegistry,
    private readonly rules: WarningRules,
    private readonly calendar: LiveCalendar,
    private readonly chain: CaseChain,
    private readonly notifications: NotificationsService,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    private readonly documents: DocumentIssuer,
    private readonly renderThread: RenderThread,
  ) {}

  async onTick(shouldStop: () => boolean = () => false): Promise<LadderResult> {
    const result: LadderResult = { changed: 0, withdrawn: 0 };
    const now = this.clock.now().toISOString();
    const seen = new Set<string>();
    while (!shouldStop()) {
      const batch = (await this.due(now)).filter((candidate) => !seen.has(candidate.deadline.id));
      if (batch.length === 0) break;
      const unchanged: Array<{ deadline: DeadlineEntity; next: string }> = [];
      for (const candidate of batch) {
        seen.add(candidate.deadline.id);
        const outcome = await this.evaluate(candidate, now);
        if (outcome === true) result.changed += 1;
        else if (outcome !== false) unchanged.push({ deadline: candidate.deadline, next: outcome });
      }
      // The rows whose colour stands only learn when to be looked at again: one transaction for the batch.
      await this.transactions.run(async (manager) => {
        for (const { deadline, next } of unchanged) await lookAgainAt(manager, deadline, next);
      });
    }
    if (!shouldStop()) result.withdrawn = await this.withdrawCompleted(now, shouldStop);
    return result;
  }

  /** Running deadlines whose colour may have changed: never looked at, due date moved, or a threshold passed. */
  private async due(now: string): Promise<Candidate[]> {
    const mapper = RowMapper.of(this.dataSource, DeadlineEntity);
    const columns = mapper.columns
      .split(', ')
      .map((column) => `d.${column}`)
      .join(', ');
    const { rows } = await runSql(
      this.dataSource.manager,
      `SELECT ${columns}, c."state" AS "case_state", c."state_entered_at" AS "case_state_entered_at", c."procedure" AS "case_procedure",
          c."procedure_version" AS "case_procedure_version", c."jurisdiction" AS "case_jurisdiction"
        FROM "deadlines" d JOIN "cases" c ON c."id" = d."case_id"
        WHERE d."status" IN ('open', 'overdue') AND (d."warning_next_at" IS NULL OR d."warning_next_at" <= ?)
        ORDER BY d."case_id", d."id" LIMIT ${BATCH}`,
      [now],
    );
    return rows.map((row) => ({
      deadline: mapper.toEntity(row),
      caseState: String(row.case_state),
      stateEnteredAt: String(row.case_state_entered_at),
      procedure: String(row.case_procedure),
      procedureVersion: Number(row.case_procedure_version),
      jurisdiction: String(row.case_jurisdiction),
    }));
  }

  /**
   * Brings one deadline's colour up to date: true when it changed (and the change was recorded),
   * false when another instance got there first, else when to look at the row again.
   */
  private async evaluate(candidate: Candidate, now: string): Promise<boolean | string> {
    const { deadline } = candidate;
    const thresholds = this.rules.thresholdsOf(deadline.rule);
    // A missed duty from an earlier visit to the state is history: the withdrawal pass handles its colour.
    const current = deadline.state === candidate.caseState && deadline.createdAt >= candidate.stateEnteredAt;
    if (!thresholds || !current) return NEVER;
    const ladder = {
      countedFrom: deadline.countedFrom ?? deadline.createdAt,
      dueAt: deadline.dueAt,
      overdue: deadline.status === 'overdue',
      provisional: deadline.provisionalYears !== null,
    };
    const points = ladderPoints(ladder, thresholds, this.calendar.current());
    const target = colourAt(points, ladder, now);
    const next = nextChangeAt(points, ladder, now);
    if (target === deadline.warning) return next;
    try {
      // A letter's PDF is rendered outside the transaction (renders-outside.ts).
      return await withRendersOutside(
        (inputs) => this.renderThread.render(inputs),
        () =>
          this.transactions.run((manager) =>
            this.change(manager, candidate, { from: deadline.warning as WarningColour | null, to: target, points, next, thresholds, now }),
          ),
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // The engine refuses to write onto a case whose row does not match its chain (CASE.TRAIL_MISMATCH).
      this.logger.warn(`case ${deadline.caseId}: warning not recorded (${error.code}); looking again later`);
      return new Date(Date.parse(now) + RETRY_MS).toISOString();
    }
  }

  private async change(
    manager: EntityManager,
    candidate: Candidate,
    change: {
      from: WarningColour | null;
      to: WarningColour | null;
      points: LadderPoints;
      next: string;
      thresholds: { bluePercent: number; yellowWorkingDays: number };
      now: string;
    },
  ): Promise<boolean> {
    const { deadline } = candidate;
    const { from, to, now } = change;
    // The case first, then its deadline, as every change takes them.
    const caseRow = await lockCase(manager, deadline.caseId);
    if (!caseRow) return false;
    // Written once: only if the row is still as this pass read it (another instance, a moved date).
    const { affected } = await runSql(
      manager,
      `UPDATE "deadlines" SET "warning" = ?, "warning_since" = ?, "warning_next_at" = ?
        WHERE "id" = ? AND "due_at" = ? AND "status" IN ('open', 'overdue') AND COALESCE("warning", '') = ? AND COALESCE("provisional_years", '') = ?`,
      [to, to ? now : null, change.next, deadline.id, deadline.dueAt, from ?? '', deadline.provisionalYears ?? ''],
    );
    if (affected !== 1) return false;
    const consequence = to && colourRaised(from, to) ? CONSEQUENCES[to] : undefined;
    const letter = consequence?.letter ? await this.issueLetter(manager, candidate, caseRow, consequence.letter, to!, now) : undefined;
    const staffTurn = (this.registry.find(candidate.procedure, candidate.procedureVersion)?.states[deadline.state]?.turn ?? []).filter((role) =>
      STAFF_ROLES.includes(role),
    );
    const notified = consequence ? [...new Set([...(consequence.leaders ? ['leader'] : []), ...staffTurn])] : [];
    if (consequence) await this.notifications.notifyRoles(manager, { ...deadline }, consequence.notice, notified, now);
    await this.chain.recordOnCase(manager, deadline.caseId, {
      event: 'WARNING_CHANGED',
      outcome: 'applied',
      actorId: SYSTEM_ACTOR.id,
      actorRole: SYSTEM_ACTOR.role,
      data: {
        deadline: { rule: deadline.rule, state: deadline.state, dueAt: deadline.dueAt },
        warning: {
          from: from ?? 'none',
          to: to ?? 'none',
          countedFrom: deadline.countedFrom ?? deadline.createdAt,
          ...(change.points.blueAt ? { blueAt: change.points.blueAt } : {}),
          yellowAt: change.points.yellowAt,
          thresholds: change.thresholds,
          provisional: deadline.provisionalYears !== null,
        },
        ...(letter ? { letter: letter.letter, documents: [letter.document] } : {}),
        ...(notified.length > 0 ? { notified } : {}),
      },
    });
    this.logger.log(`case ${deadline.caseId}: ${deadline.rule} ${from ?? 'none'} → ${to ?? 'none'}${letter ? ` (${letter.letter.kind})` : ''}`);
    return true;
  }

  /**
   * The letter a yellow or red colour brings, as data. Addressed to the `leader` role of the case's
   * jurisdiction until the directory distinguishes the principal leader from the deputies; its
   * title says whom it is meant for (分管领导 / 主要负责人).
   */
  private async issueLetter(
    manager: EntityManager,
    candidate: Candidate,
    caseRow: CaseEntity,
    letter: { kind: LetterKind; title: LetterAddresseeTitle },
    colour: WarningColour,
    now: string,
  ) {
    const { deadline } = candidate;
    const entity: SupervisionLetterEntity = {
      id: randomUUID(),
      caseId: deadline.caseId,
      deadlineId: deadline.id,
      kind: letter.kind,
      colour,
      rule: deadline.rule,
      state: deadline.state,
      dueAt: deadline.dueAt,
      provisionalYears: deadline.provisionalYears,
      issuedAt: now,
      issuedOn: localDate(now),
      addresseeRole: 'leader',
      addresseeJurisdiction: candidate.jurisdiction,
      addresseeTitle: letter.title,
      withdrawnAt: null,
    };
    await manager.getRepository(SupervisionLetterEntity).insert(entity);
    // The letter itself as an official document (提示函 / 督办函), numbered and recorded with the entry.
    const step = this.registry.find(candidate.procedure, candidate.procedureVersion)?.states[deadline.state]?.label.zh ?? deadline.state;
    const document = await this.documents.issue(
      manager,
      caseRow,
      'WARNING_CHANGED',
      letter.kind,
      { 办理事项: step, 办理期限: chineseDate(localDate(deadline.dueAt)) },
      SYSTEM_ACTOR.role,
      now,
    );
    return {
      letter: {
        id: entity.id,
        kind: entity.kind,
        issuedOn: entity.issuedOn,
        addressee: { role: 'leader', jurisdiction: candidate.jurisdiction, title: letter.title },
      },
      document,
    };
  }

  /**
   * 撤牌: a deadline with a colour whose step is done (the case left the state, so the row was
   * cancelled, or a missed duty was done late) loses its warning, on the case's chain with when
   * the step was done, and its letters are marked withdrawn.
   */
  private async withdrawCompleted(now: string, shouldStop: () => boolean): Promise<number> {
    const mapper = RowMapper.of(this.dataSource, DeadlineEntity);
    const columns = mapper.columns
      .split(', ')
      .map((column) => `d.${column}`)
      .join(', ');
    let withdrawn = 0;
    const seen = new Set<string>();
    while (!shouldStop()) {
      const { rows } = await runSql(
        this.dataSource.manager,
        `SELECT ${columns} FROM "deadlines" d JOIN "cases" c ON c."id" = d."case_id"
          WHERE d."warning" IS NOT NULL AND d."warning_withdrawn_at" IS NULL
            AND (d."status" IN ('cancelled', 'fired') OR d."state" <> c."state" OR d."created_at" < c."state_entered_at")
          ORDER BY d."case_id", d."id" LIMIT ${BATCH}`,
        [],
      );
      const batch = rows.map((row) => mapper.toEntity(row)).filter((deadline) => !seen.has(deadline.id));
      if (batch.length === 0) break;
      for (const deadline of batch) {
        seen.add(deadline.id);
        const done = await this.transactions
          .run((manager) => this.withdraw(manager, deadline, now))
          .catch((error: unknown) => {
            if (!(error instanceof DomainError)) throw error;
            // A case whose row does not match its chain gets nothing appended; the next pass tries again.
            this.logger.warn(`case ${deadline.caseId}: withdrawal not recorded (${error.code})`);
            return false;
          });
        if (done) withdrawn += 1;
      }
    }
    return withdrawn;
  }

  private async withdraw(manager: EntityManager, deadline: DeadlineEntity, now: string): Promise<boolean> {
    if (!(await lockCase(manager, deadline.caseId))) return false;
    const { affected } = await runSql(manager, 'UPDATE "deadlines" SET "warning_withdrawn_at" = ? WHERE "id" = ? AND "warning_withdrawn_at" IS NULL', [
      now,
      deadline.id,
    ]);
    if (affected !== 1) return false;
    // When the step was done: the entry that took the case out of the deadline's state.
    const { rows } = await runSql(
      manager,
      `SELECT "at" FROM "audit_entries" WHERE "stream_id" = ? AND "outcome" = 'applied' AND "from_state" = ? AND "to_state" <> ? AND "at" >= ?
        ORDER BY "position" LIMIT 1`,
      [deadline.caseId, deadline.state, deadline.state, deadline.createdAt],
    );
    const completedAt = rows.length > 0 ? String(rows[0].at) : (deadline.closedAt ?? now);
    const letters = await manager.getRepository(SupervisionLetterEntity).find({ where: { deadlineId: deadline.id }, order: { issuedAt: 'ASC' } });
    await runSql(manager, 'UPDATE "supervision_letters" SET "withdrawn_at" = ? WHERE "deadline_id" = ? AND "withdrawn_at" IS NULL', [now, deadline.id]);
    await this.chain.recordOnCase(manager, deadline.caseId, {
      event: 'WARNING_WITHDRAWN',
      outcome: 'applied',
      actorId: SYSTEM_ACTOR.id,
      actorRole: SYSTEM_ACTOR.role,
      data: {
        deadline: { rule: deadline.rule, state: deadline.state, dueAt: deadline.dueAt },
        warning: { from: deadline.warning ?? 'none', to: 'none', since: deadline.warningSince, completedAt },
        ...(letters.length > 0 ? { letters: letters.map((letter) => ({ id: letter.id, kind: letter.kind, issuedOn: letter.issuedOn })) } : {}),
      },
    });
    this.logger.log(`case ${deadline.caseId}: ${deadline.rule} ${deadline.warning} withdrawn`);
    return true;
  }
}

/** When to look at a row again; only if nobody moved it meanwhile (a moved due date resets the mark to "look now"). */
async function lookAgainAt(manager: EntityManager, deadline: DeadlineEntity, next: string): Promise<void> {
  await runSql(manager, 'UPDATE "deadlines" SET "warning_next_at" = ? WHERE "id" = ? AND "due_at" = ? AND COALESCE("warning_next_at", \'\') = ?', [
    next,
    deadline.id,
    deadline.dueAt,
    deadline.warningNextAt ?? '',
  ]);
}

/** Higher on the ladder than before: only a rise brings notices and letters. */
function colourRaised(from: WarningColour | null, to: WarningColour): boolean {
  const rank = (colour: WarningColour | null) => (colour === null ? 0 : ['blue', 'yellow', 'red'].indexOf(colour) + 1);
  return rank(to) > rank(from);
}
