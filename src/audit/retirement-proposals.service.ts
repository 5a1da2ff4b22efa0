import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { condition, DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { lockNameUntilCommit } from '../database/row-locks';
import { forUpdate, runSql } from '../database/sql';
import { TransactionRunner } from '../database/transaction-runner';
import type { AuthUser } from '../identity/auth-user';
import { ADMIN_STREAM, TrailWriter } from '../trail/trail-writer';
import { RetentionService } from './retention.service';
import { RetirementProposalEntity, type ProposalStatus } from './retirement-proposal.entity';

/** A proposal as the API shows it (the entries' ids stay inside). */
export interface ProposalView {
  id: string;
  kind: string;
  days: number;
  cutoff: string;
  firstLogIndex: number;
  lastLogIndex: number;
  entries: number;
  moreDue: boolean;
  reason: string;
  proposedBy: string;
  proposedAt: string;
  expiresAt: string;
  status: ProposalStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  decision: string | null;
}

export const RETIREMENT_PROPOSED = 'TRAIL_RETIREMENT_PROPOSED';
export const RETIREMENT_APPROVED = 'TRAIL_RETIREMENT_APPROVED';
export const RETIREMENT_REJECTED = 'TRAIL_RETIREMENT_REJECTED';
export const RETIREMENT_WITHDRAWN = 'TRAIL_RETIREMENT_WITHDRAWN';

/** Retirements take turns (one lock for proposing and approving), so two never count the same entries. */
const LOCK = 'trail-retention';

/**
 * The two-person rule for retiring payloads (issue 22 §4; docs/audit.md, "Retention"). Retiring
 * destroys what the trail said, for good; one person must not be able to do it alone. So an audit
 * administrator proposes (kind, reason; the service fixes the cutoff, the range of log indexes and
 * the count), and it is carried out only when a **different audit administrator** approves:
 * - only audit administrators decide: under 三员分立 the audit administrator alone is in charge of
 *   the audit records; the security administrator's own acts are on the trail being retired (they
 *   would approve the destruction of their own record), and the auditor only reads (a decision
 *   would make the reader a party to what they check);
 * - the proposer cannot approve; either side may reject (the proposer: withdraw) with a reason;
 * - a proposal lapses after `RETENTION_PROPOSAL_HOURS` (default 24); one pending per kind;
 * - approval retires exactly the proposed set: it refuses, naming why, when the set still due in
 *   that range before that cutoff is no longer the proposed one, or the period no longer allows it.
 * Proposal, approval, rejection are entries on the admin chain, each in the transaction of its
 * change; the approval's transaction also writes the retirement decision and retires.
 */
@Injectable()
export class RetirementProposalsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: TransactionRunner,
    private readonly writer: TrailWriter,
    private readonly retention: RetentionService,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<ProposalView[]> {
    const rows = await this.dataSource.getRepository(RetirementProposalEntity).find({ order: { proposedAt: 'DESC' }, take: 50 });
    return rows.map((row) => this.view(row));
  }

  async propose(admin: AuthUser, kind: string, reason: string): Promise<ProposalView> {
    this.retention.periodOf(kind);
    await this.retention.sequenceLog();
    return this.transactions.run(async (manager) => {
      await lockNameUntilCommit(manager, LOCK);
      const pending = await manager.getRepository(RetirementProposalEntity).findBy({ kind, status: 'pending' });
      const open = pending.find((proposal) => this.statusOf(proposal) === 'pending');
      if (open) throw alreadyPending(kind, open.id);
      const set = await this.retention.dueSet(manager, kind);
      const now = this.now();
      const proposal: RetirementProposalEntity = {
        id: randomUUID(),
        kind,
        days: set.days,
        cutoff: set.cutoff,
        firstLogIndex: set.firstLogIndex,
        lastLogIndex: set.lastLogIndex,
        entries: set.ids.length,
        moreDue: set.moreDue,
        reason,
        proposedBy: admin.id,
        proposedAt: now,
        expiresAt: new Date(Date.parse(now) + this.config.retention.proposalHours * 3_600_000).toISOString(),
        status: 'pending',
        decidedBy: null,
        decidedAt: null,
        decisionNote: null,
        decision: null,
      };
      await manager.getRepository(RetirementProposalEntity).insert(proposal);
      await this.record(manager, admin, RETIREMENT_PROPOSED, {
        proposalId: proposal.id,
        kind,
        days: set.days,
        cutoff: set.cutoff,
        entries: proposal.entries,
        firstLogIndex: set.firstLogIndex,
        lastLogIndex: set.lastLogIndex,
        expiresAt: proposal.expiresAt,
        reason,
      });
      return this.view(proposal);
    });
  }

  async approve(admin: AuthUser, id: string, note: string | undefined): Promise<ProposalView> {
    return this.transactions.run(async (manager) => {
      await lockNameUntilCommit(manager, LOCK);
      const proposal = await this.pending(manager, id);
      if (proposal.proposedBy === admin.id) throw ownProposal();
      if (!this.retention.isPastPeriod(proposal.kind, proposal.cutoff)) throw periodChanged(proposal);
      const ids = await this.retention.stillDue(manager, proposal);
      if (ids.length !== proposal.entries) throw setChanged(proposal, ids.length);
      const decidedAt = this.now();
      await this.record(manager, admin, RETIREMENT_APPROVED, {
        proposalId: id,
        proposedBy: proposal.proposedBy,
        kind: proposal.kind,
        ...(note ? { note } : {}),
      });
      const decision = await this.retention.retire(manager, admin, { ...proposal, ids }, proposal.reason, { proposalId: id, proposedBy: proposal.proposedBy });
      const decided = { status: 'approved' as const, decidedBy: admin.id, decidedAt, decisionNote: note ?? null, decision };
      await manager.getRepository(RetirementProposalEntity).update({ id }, decided);
      return this.view({ ...proposal, ...decided });
    });
  }

  /** The other administrator rejects; the proposer withdraws. Either gives a reason. */
  async reject(admin: AuthUser, id: string, note: string): Promise<ProposalView> {
    return this.transactions.run(async (manager) => {
      await lockNameUntilCommit(manager, LOCK);
      const proposal = await this.pending(manager, id);
      const status: ProposalStatus = proposal.proposedBy === admin.id ? 'withdrawn' : 'rejected';
      const decided = { status, decidedBy: admin.id, decidedAt: this.now(), decisionNote: note };
      await manager.getRepository(RetirementProposalEntity).update({ id }, decided);
      await this.record(manager, admin, status === 'withdrawn' ? RETIREMENT_WITHDRAWN : RETIREMENT_REJECTED, {
        proposalId: id,
        proposedBy: proposal.proposedBy,
        kind: proposal.kind,
        note,
      });
      return this.view({ ...proposal, ...decided });
    });
  }

  /** The proposal, locked, if it still waits for a decision; otherwise a refusal saying what it is. */
  private async pending(manager: EntityManager, id: string): Promise<RetirementProposalEntity> {
    const { rows } = await runSql(manager, `SELECT "id" FROM "trail_retirement_proposals" WHERE "id" = ?${forUpdate(manager)}`, [id]);
    const proposal = rows.length === 1 ? await manager.getRepository(RetirementProposalEntity).findOneBy({ id }) : null;
    if (!proposal) {
      throw new DomainError('RETENTION.PROPOSAL_NOT_FOUND', `No retirement proposal ${id}`, {
        conditions: [condition('retirementProposal.notFound', '没有这项清除内容的提议', 'There is no such retirement proposal')],
      });
    }
    const status = this.statusOf(proposal);
    if (status !== 'pending') throw closed(status, this.config.retention.proposalHours);
    return proposal;
  }

  private record(manager: EntityManager, actor: AuthUser, event: string, data: Record<string, unknown>): Promise<void> {
    return this.writer.record(manager, ADMIN_STREAM, { event, actorId: actor.id, actorRole: 'auditAdmin', outcome: 'applied', data });
  }

  /** A pending proposal past its time shows (and counts) as expired; nothing needs to write that. */
  private statusOf(proposal: RetirementProposalEntity): ProposalStatus {
    return proposal.status === 'pending' && proposal.expiresAt <= this.now() ? 'expired' : proposal.status;
  }

  private view(proposal: RetirementProposalEntity): ProposalView {
    return {
      id: proposal.id,
      kind: proposal.kind,
      days: proposal.days,
      cutoff: proposal.cutoff,
      firstLogIndex: proposal.firstLogIndex,
      lastLogIndex: proposal.lastLogIndex,
      entries: proposal.entries,
      moreDue: Boolean(proposal.moreDue),
      reason: proposal.reason,
      proposedBy: proposal.proposedBy,
      proposedAt: proposal.proposedAt,
      expiresAt: proposal.expiresAt,
      status: this.statusOf(proposal),
      decidedBy: proposal.decidedBy,
      decidedAt: proposal.decidedAt,
      decisionNote: proposal.decisionNote,
      decision: proposal.decision,
    };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

function alreadyPending(kind: string, id: string): DomainError {
  return new DomainError('RETENTION.PROPOSAL_PENDING', `A retirement of "${kind}" is already proposed and waiting for approval`, {
    kind,
    proposalId: id,
    conditions: [
      condition(
        'retirementProposal.pending',
        `“${kind}”已有一项待审批的清除内容提议，请等待审批、撤回或待其过期`,
        `A retirement of "${kind}" is already proposed and waiting for approval; wait for it, withdraw it or let it lapse`,
        'kind',
      ),
    ],
  });
}

function ownProposal(): DomainError {
  const en = 'You may not approve your own retirement proposal: another audit administrator must';
  return new DomainError('RETENTION.OWN_PROPOSAL', en, {
    conditions: [condition('retirementProposal.self', '不能审批本人提出的清除内容提议，须由另一名审计管理员审批', en)],
  });
}

function closed(status: ProposalStatus, hours: number): DomainError {
  const texts: Record<Exclude<ProposalStatus, 'pending'>, [string, string]> = {
    expired: [`该提议已过期（${hours} 小时内未审批），不能再审批，请重新提出`, `This proposal lapsed (not decided within ${hours} hours); make a new one`],
    approved: ['该提议已经批准并执行，不能再次审批', 'This proposal has already been approved and carried out'],
    rejected: ['该提议已被驳回，不能再审批', 'This proposal has already been rejected'],
    withdrawn: ['该提议已被提议人撤回，不能再审批', 'This proposal has been withdrawn by its proposer'],
  };
  const [zh, en] = texts[status as Exclude<ProposalStatus, 'pending'>];
  return new DomainError('RETENTION.PROPOSAL_CLOSED', en, { status, conditions: [condition(`retirementProposal.${status}`, zh, en)] });
}

function periodChanged(proposal: RetirementProposalEntity): DomainError {
  const en = `The retention period of "${proposal.kind}" configured now no longer puts the proposed entries (before ${proposal.cutoff}) past it; nothing was retired`;
  return new DomainError('RETENTION.PROPOSAL_STALE', en, {
    conditions: [condition('retirementProposal.periodChanged', `按现行配置，“${proposal.kind}”的保存期限已变更，提议中的条目尚未超过保存期限，未作清除`, en)],
  });
}

function setChanged(proposal: RetirementProposalEntity, now: number): DomainError {
  const en = `The proposal covers ${proposal.entries} entries (log indexes ${proposal.firstLogIndex}–${proposal.lastLogIndex}), but ${now} of that range are retirable now; nothing was retired: propose again`;
  return new DomainError('RETENTION.PROPOSAL_STALE', en, {
    proposed: proposal.entries,
    now,
    conditions: [
      condition(
        'retirementProposal.setChanged',
        `提议清除的是日志序号 ${proposal.firstLogIndex}—${proposal.lastLogIndex} 的 ${proposal.entries} 条，但该范围内现可清除的为 ${now} 条（提议后已有变化），未作清除，请重新提出`,
        en,
      ),
    ],
  });
}
