import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { CaseAccessPolicy } from '../cases/case-access.policy';
import { CaseChain } from '../cases/case-chain';
import { CaseEntity } from '../cases/case.entity';
import { condition, DomainError, type ErrorCode } from '../common/domain-error';
import { Refusals } from '../trail/refusals';
import { hasRole, type AuthUser } from '../identity/auth-user';
import { Clock } from '../common/clock';
import { IdentityRevealEntity } from './identity-reveal.entity';
import type { RevealDecisionDto } from './reveal.dto';
import { CaseSealing } from '../cases/case-sealing';
import { SealedActors, type RevealedActor } from '../sealed/sealed-actors';
import { BlacklistRegister, type BlacklistEntryView } from '../registers/blacklist.service';

const DEFAULT_VALID_HOURS = 24;

export interface RevealView {
  id: string;
  caseId: string;
  requestedBy: string;
  reason: string;
  requestedAt: string;
  /** `approved` becomes `expired` once `expiresAt` has passed. */
  status: 'pending' | 'approved' | 'denied' | 'expired';
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  expiresAt: string | null;
}

/**
 * Sealed identities (the reporter's, the accuser's) are read only through an approved request
 * (domain.md §4; 检举控告工作规则 art. 52): an officer asks with a reason, a leader other than
 * the requester grants for a limited time or denies, and only the requester reads while the grant
 * lasts. Every request, decision, read and refusal goes onto the case's own chain.
 */
@Injectable()
export class RevealsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly refusals: Refusals,
    private readonly chain: CaseChain,
    private readonly access: CaseAccessPolicy,
    private readonly clock: Clock,
    private readonly sealing: CaseSealing,
    private readonly actors: SealedActors,
    private readonly blacklist: BlacklistRegister,
  ) {}

  request(user: AuthUser, caseId: string, reason: string): Promise<RevealView> {
    return this.audited(user, caseId, 'REVEAL_REQUESTED', async (manager, row) => {
      if (!hasRole(user, 'officer'))
        throw refusal('REVEAL.NOT_ALLOWED', 'reveal.officerOnly', '只有承办人可以申请查阅保密身份', 'Only a case officer may ask to read a sealed identity');
      if (Object.keys(this.sealing.sealedValues(row)).length === 0)
        throw refusal('REVEAL.NOTHING_SEALED', 'reveal.nothingSealed', '本案没有保密的身份信息', 'This case holds no sealed identity');
      const reveal: IdentityRevealEntity = {
        id: randomUUID(),
        caseId,
        requestedBy: user.id,
        reason,
        requestedAt: this.now(),
        status: 'pending',
        decidedBy: null,
        decidedAt: null,
        decisionNote: null,
        expiresAt: null,
      };
      await manager.getRepository(IdentityRevealEntity).insert(reveal);
      return { result: this.view(reveal), data: { revealId: reveal.id }, reason };
    });
  }

  async listForCase(user: AuthUser, caseId: string): Promise<RevealView[]> {
    const row = await this.dataSource.getRepository(CaseEntity).findOneBy({ id: caseId });
    if (!row || this.access.viewLevel(user, row) !== 'full') throw new DomainError('CASE.NOT_FOUND', `No case ${caseId}`);
    const reveals = await this.dataSource.getRepository(IdentityRevealEntity).find({ where: { caseId }, order: { requestedAt: 'ASC' } });
    return reveals.map((reveal) => this.view(reveal));
  }

  /**
   * The requests still waiting for a decision on the cases the caller sees in full, oldest first,
   * each with its case's number: a leader's list of what to decide (officers see their own among
   * them). Nothing sealed is in it: a request holds who asked and why, never whom it is about.
   */
  async listPending(user: AuthUser): Promise<Array<RevealView & { caseNo: string | null; procedure: string }>> {
    if (!hasRole(user, 'leader') && !hasRole(user, 'officer')) {
      throw refusal(
        'REVEAL.NOT_ALLOWED',
        'reveal.staffOnly',
        '只有承办人和领导可以查看查阅申请',
        'Only officers and leaders see requests to read sealed identities',
      );
    }
    const pending = await this.dataSource.getRepository(IdentityRevealEntity).find({ where: { status: 'pending' }, order: { requestedAt: 'ASC' }, take: 500 });
    if (pending.length === 0) return [];
    const cases = await this.dataSource.getRepository(CaseEntity).findBy({ id: In([...new Set(pending.map((reveal) => reveal.caseId))]) });
    const visible = new Map(cases.filter((row) => this.access.viewLevel(user, row) === 'full').map((row) => [row.id, row]));
    return pending
      .filter((reveal) => visible.has(reveal.caseId))
      .map((reveal) => ({ ...this.view(reveal), caseNo: visible.get(reveal.caseId)!.caseNo, procedure: visible.get(reveal.caseId)!.procedure }));
  }

  async decide(user: AuthUser, revealId: string, decision: RevealDecisionDto): Promise<RevealView> {
    const reveal = await this.findVisible(user, revealId);
    const event = decision.approve ? 'REVEAL_APPROVED' : 'REVEAL_DENIED';
    return this.audited(user, reveal.caseId, event, async (manager) => {
      if (!hasRole(user, 'leader'))
        throw refusal('REVEAL.NOT_ALLOWED', 'reveal.leaderOnly', '只有领导可以审批查阅保密身份的申请', 'Only a leader may decide on reading a sealed identity');
      if (reveal.requestedBy === user.id)
        throw refusal(
          'REVEAL.SELF_APPROVAL',
          'reveal.selfApproval',
          '不能审批本人提出的申请，须由另一位领导审批',
          'You may not decide on your own request: another leader must',
        );
      const current = await manager.getRepository(IdentityRevealEntity).findOneByOrFail({ id: revealId });
      if (current.status !== 'pending')
        throw refusal('REVEAL.ALREADY_DECIDED', 'reveal.alreadyDecided', '该申请已经审批，不能再次审批', `This request was already ${current.status}`);
      const now = this.clock.now();
      const expiresAt = decision.approve ? new Date(now.getTime() + (decision.validHours ?? DEFAULT_VALID_HOURS) * 3600_000).toISOString() : null;
      const changes = {
        status: decision.approve ? ('approved' as const) : ('denied' as const),
        decidedBy: user.id,
        decidedAt: now.toISOString(),
        decisionNote: decision.note ?? null,
        expiresAt,
      };
      await manager.getRepository(IdentityRevealEntity).update({ id: revealId }, changes);
      return { result: this.view({ ...current, ...changes }), data: { revealId, requestedBy: reveal.requestedBy, expiresAt }, reason: decision.note };
    });
  }

  /**
   * The sealed values, for the requester only, while the grant lasts; each read is in the trail.
   * With them, the real actors behind the entries written under the case's pseudonym, each checked
   * against the commitment its entry holds (`verified`).
   */
  async read(
    user: AuthUser,
    revealId: string,
  ): Promise<{
    revealId: string;
    caseId: string;
    expiresAt: string;
    sealed: Record<string, unknown>;
    actors: RevealedActor[];
    blacklist: { listed: boolean; entries: BlacklistEntryView[] };
  }> {
    const reveal = await this.findVisible(user, revealId);
    return this.audited(user, reveal.caseId, 'REVEAL_READ', async (manager, row) => {
      if (reveal.requestedBy !== user.id)
        throw refusal('REVEAL.NO_GRANT', 'reveal.notRequester', '只有提出申请的承办人可以凭此批准查阅', 'Only the requester may read under this grant');
      const current = await manager.getRepository(IdentityRevealEntity).findOneByOrFail({ id: revealId });
      if (current.status !== 'approved')
        throw refusal(
          'REVEAL.NO_GRANT',
          'reveal.notApproved',
          current.status === 'pending' ? '该申请尚未获批准' : '该申请未获批准',
          `This request is ${current.status}, not approved`,
        );
      if (current.expiresAt! <= this.now())
        throw refusal('REVEAL.NO_GRANT', 'reveal.expired', '查阅期限已过，如仍需查阅请重新申请', `The grant expired at ${current.expiresAt}`, {
          expiresAt: current.expiresAt,
        });
      const sealed = this.sealing.sealedValues(row);
      const actors = await this.actors.reveal(manager, reveal.caseId);
      // Only here, to the holder of a granted reveal, does a report say that its reporter is on the
      // credit blacklist (issue 19 §5); the check is a read of the register, on the record.
      const listed = await this.blacklist.entriesFor(manager, user, reveal.caseId, sealed);
      return {
        result: { revealId, caseId: reveal.caseId, expiresAt: current.expiresAt!, sealed, actors, blacklist: { listed: listed.length > 0, entries: listed } },
        data: { revealId, fields: Object.keys(sealed), actors: actors.length },
      };
    });
  }

  /**
   * Runs one step with the case locked and its trail entry written in the same transaction; a
   * refusal is written after the rollback, so attempts show in the trail too.
   */
  private async audited<T>(
    user: AuthUser,
    caseId: string,
    event: string,
    step: (manager: EntityManager, row: CaseEntity) => Promise<{ result: T; data: Record<string, unknown>; reason?: string }>,
  ): Promise<T> {
    const actor = { actorId: user.id, actorRole: user.roles[0]?.role ?? 'unknown' };
    return this.refusals.change(
      async (manager) => {
        const row = await manager.getRepository(CaseEntity).findOneBy({ id: caseId });
        if (!row || this.access.viewLevel(user, row) !== 'full') throw new DomainError('CASE.NOT_FOUND', `No case ${caseId}`);
        const { result, data, reason } = await step(manager, row);
        await this.chain.recordOnCase(manager, caseId, { ...actor, event, outcome: 'applied', reason: reason ?? null, data });
        return result;
      },
      // A case the caller may not see is refused on the security chain (the error filter), as a missing one.
      async (manager, error) => {
        if (error.code === 'CASE.NOT_FOUND') return false;
        await this.chain.recordOnCase(manager, caseId, { ...actor, event, outcome: 'refused', refusalCode: error.code, data: { message: error.message } });
        return true;
      },
    );
  }

  private async findVisible(user: AuthUser, revealId: string): Promise<IdentityRevealEntity> {
    const reveal = await this.dataSource.getRepository(IdentityRevealEntity).findOneBy({ id: revealId });
    const row = reveal && (await this.dataSource.getRepository(CaseEntity).findOneBy({ id: reveal.caseId }));
    if (!reveal || !row || this.access.viewLevel(user, row) !== 'full') throw new DomainError('REVEAL.NOT_FOUND', `No request ${revealId}`);
    return reveal;
  }

  private view(reveal: IdentityRevealEntity): RevealView {
    const expired = reveal.status === 'approved' && reveal.expiresAt !== null && reveal.expiresAt <= this.now();
    return { ...reveal, status: expired ? 'expired' : reveal.status };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

/** A refusal naming its unmet condition in both languages (the page shows it next to the form). */
function refusal(code: ErrorCode, conditionCode: string, zh: string, en: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError(code, en, { ...details, conditions: [condition(conditionCode, zh, en)] });
}
