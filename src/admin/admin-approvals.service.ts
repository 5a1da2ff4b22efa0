import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { ADMIN_ROLES, type Role } from '../../workflows/core';
import { ADMIN_STREAM, TrailWriter } from '../trail/trail-writer';
import { condition, DomainError } from '../common/domain-error';
import { forUpdate, runSql } from '../database/sql';
import { TransactionRunner } from '../database/transaction-runner';
import { hasRole, type AuthUser } from '../identity/auth-user';
import { assertStrongPassword } from '../identity/auth.service';
import { Clock } from '../common/clock';
import { hashPassword } from '../identity/password-hasher';
import { SessionEntity } from '../identity/session.entity';
import { UserRoleEntity } from '../identity/user-role.entity';
import { UserEntity } from '../identity/user.entity';
import { AdminApprovalEntity, type ApprovalKind, type ApprovalStatus } from './admin-approval.entity';

/** A request not decided within a day lapses: an approval is given for a request made now, not one found later. */
const VALID_HOURS = 24;

export interface ApprovalView {
  id: string;
  kind: ApprovalKind;
  target: string;
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  status: ApprovalStatus;
  /** Who must decide: the security administrator, or for a security administrator's account the audit administrator. */
  approverRole: Role;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
}

const EVENTS: Record<ApprovalKind, { requested: string; approved: string; denied: string }> = {
  passwordReset: { requested: 'PASSWORD_RESET_REQUESTED', approved: 'PASSWORD_RESET_APPROVED', denied: 'PASSWORD_RESET_DENIED' },
  disable: { requested: 'ACCOUNT_DISABLE_REQUESTED', approved: 'ACCOUNT_DISABLE_APPROVED', denied: 'ACCOUNT_DISABLE_DENIED' },
};

/**
 * The two-person rule for administrators' accounts (等保 2.0 level 3, 三员分立). Resetting an
 * administrator's password or disabling an administrator's account would let one administrator
 * take over or shut out another (issue 16, item 8: the system administrator reset the security
 * administrator's password and granted roles as them). So such a change is only requested by the
 * system administrator, and takes effect when a different administrator approves it:
 * - the security administrator decides, except on a security administrator's own account, which
 *   the audit administrator decides (the security administrator never approves a change to
 *   themselves, and the audit administrator, who changes nothing else, is the independent check);
 * - nobody decides a request they made, or one about their own account;
 * - a request lapses after 24 hours; one pending request per account and kind.
 * Each request, decision and the change it makes is an entry on the `admin` chain, in the same
 * transaction as the change. The proposed password exists only as its argon2 hash until decided;
 * the requester tells it to the account holder in person, who changes it at once.
 */
@Injectable()
export class AdminApprovalsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    private readonly writer: TrailWriter,
    private readonly clock: Clock,
  ) {}

  /** The administrator roles an account holds (none for an ordinary account). */
  async administratorRoles(userId: string, manager: EntityManager = this.dataSource.manager): Promise<Role[]> {
    const grants = await manager.getRepository(UserRoleEntity).findBy({ userId });
    return grants.map((grant) => grant.role as Role).filter((role) => ADMIN_ROLES.includes(role));
  }

  async requestPasswordReset(admin: AuthUser, targetId: string, password: string): Promise<ApprovalView> {
    assertStrongPassword(password, targetId);
    const passwordHash = await hashPassword(password);
    return this.request(admin, 'passwordReset', targetId, passwordHash);
  }

  requestDisable(admin: AuthUser, targetId: string): Promise<ApprovalView> {
    return this.request(admin, 'disable', targetId, null);
  }

  async list(): Promise<ApprovalView[]> {
    const rows = await this.dataSource.getRepository(AdminApprovalEntity).find({ order: { requestedAt: 'DESC' } });
    const approvers = new Map<string, Role>();
    for (const target of new Set(rows.map((row) => row.targetUserId))) approvers.set(target, approverRoleFor(await this.administratorRoles(target)));
    return rows.map((row) => this.view(row, approvers.get(row.targetUserId)!));
  }

  async decide(user: AuthUser, id: string, decision: { approve: boolean; note?: string }): Promise<ApprovalView> {
    return this.transactions.run(async (manager) => {
      const { rows } = await runSql(manager, `SELECT "id" FROM "admin_approvals" WHERE "id" = ?${forUpdate(manager)}`, [id]);
      const approval = rows.length === 1 ? await manager.getRepository(AdminApprovalEntity).findOneBy({ id }) : null;
      if (!approval) {
        throw new DomainError('ADMIN.NOT_FOUND', `No approval request ${id}`, {
          conditions: [condition('approval.notFound', '没有这项待审批的申请', 'There is no such request')],
        });
      }
      const now = this.now();
      const status = this.statusOf(approval);
      if (status !== 'pending') throw closed(status);
      const targetRoles = await this.administratorRoles(approval.targetUserId, manager);
      const approverRole = approverRoleFor(targetRoles);
      if (approval.requestedBy === user.id) throw selfApproval('own request');
      if (approval.targetUserId === user.id) throw selfApproval('own account');
      if (!hasRole(user, approverRole)) throw wrongApprover(approverRole);
      const decided = {
        status: (decision.approve ? 'approved' : 'denied') as ApprovalStatus,
        decidedBy: user.id,
        decidedAt: now,
        note: decision.note ?? null,
        passwordHash: null,
      };
      await manager.getRepository(AdminApprovalEntity).update({ id }, decided);
      const events = EVENTS[approval.kind];
      const base = { target: approval.targetUserId, requestId: id, requestedBy: approval.requestedBy, ...(decision.note ? { note: decision.note } : {}) };
      await this.record(manager, user, approverRole, decision.approve ? events.approved : events.denied, base);
      if (decision.approve) await this.carryOut(manager, user, approverRole, approval);
      return this.view({ ...approval, ...decided }, approverRole);
    });
  }

  private async request(admin: AuthUser, kind: ApprovalKind, targetId: string, passwordHash: string | null): Promise<ApprovalView> {
    return this.transactions.run(async (manager) => {
      const now = this.now();
      const pending = await manager.getRepository(AdminApprovalEntity).findBy({ targetUserId: targetId, kind, status: 'pending' });
      if (pending.some((request) => this.statusOf(request) === 'pending')) throw alreadyPending(kind);
      const approval: AdminApprovalEntity = {
        id: randomUUID(),
        kind,
        targetUserId: targetId,
        requestedBy: admin.id,
        requestedAt: now,
        expiresAt: new Date(Date.parse(now) + VALID_HOURS * 3600_000).toISOString(),
        status: 'pending',
        decidedBy: null,
        decidedAt: null,
        note: null,
        passwordHash,
      };
      await manager.getRepository(AdminApprovalEntity).insert(approval);
      const approverRole = approverRoleFor(await this.administratorRoles(targetId, manager));
      await this.record(manager, admin, admin.roles[0]?.role ?? 'sysAdmin', EVENTS[kind].requested, {
        target: targetId,
        requestId: approval.id,
        expiresAt: approval.expiresAt,
        approverRole,
      });
      return this.view(approval, approverRole);
    });
  }

  /** The approved change itself, as its own entry: the account's sessions end either way. */
  private async carryOut(manager: EntityManager, approver: AuthUser, approverRole: Role, approval: AdminApprovalEntity): Promise<void> {
    const users = manager.getRepository(UserEntity);
    const data = { target: approval.targetUserId, requestId: approval.id, requestedBy: approval.requestedBy, approvedBy: approver.id };
    if (approval.kind === 'passwordReset') {
      await users.update({ id: approval.targetUserId }, { passwordHash: approval.passwordHash!, failedLogins: 0, lockedUntil: null, mustChangePassword: true });
      await this.endSessions(manager, approval.targetUserId);
      await this.record(manager, approver, approverRole, 'PASSWORD_RESET', data);
    } else {
      await users.update({ id: approval.targetUserId }, { active: false });
      await this.endSessions(manager, approval.targetUserId);
      await this.record(manager, approver, approverRole, 'USER_UPDATED', { ...data, active: false });
    }
  }

  private async endSessions(manager: EntityManager, userId: string): Promise<void> {
    await manager.getRepository(SessionEntity).update({ userId, revokedAt: IsNull() }, { revokedAt: this.now() });
  }

  private record(manager: EntityManager, actor: AuthUser, role: Role, event: string, data: Record<string, unknown>): Promise<void> {
    return this.writer.record(manager, ADMIN_STREAM, { event, actorId: actor.id, actorRole: role, outcome: 'applied', data });
  }

  /** A pending request past its time shows (and counts) as expired; nothing needs to write that. */
  private statusOf(approval: AdminApprovalEntity): ApprovalStatus {
    return approval.status === 'pending' && approval.expiresAt <= this.now() ? 'expired' : approval.status;
  }

  private view(approval: AdminApprovalEntity, approverRole: Role): ApprovalView {
    return {
      id: approval.id,
      kind: approval.kind,
      target: approval.targetUserId,
      requestedBy: approval.requestedBy,
      requestedAt: approval.requestedAt,
      expiresAt: approval.expiresAt,
      status: this.statusOf(approval),
      approverRole,
      decidedBy: approval.decidedBy,
      decidedAt: approval.decidedAt,
      note: approval.note,
    };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

/** Who decides on a change to an account with these administrator roles. */
export function approverRoleFor(targetRoles: readonly Role[]): Role {
  return targetRoles.includes('secAdmin') ? 'auditAdmin' : 'secAdmin';
}

function alreadyPending(kind: ApprovalKind): DomainError {
  const what = kind === 'passwordReset' ? ['重置密码', 'password reset'] : ['停用账户', 'disabling'];
  return new DomainError('ADMIN.CONFLICT', `A ${what[1]} request for this account is already waiting for approval`, {
    conditions: [
      condition(
        'approval.pending',
        `该账户已有一项待审批的${what[0]}申请，请等待审批或待其过期`,
        `A ${what[1]} request for this account is already waiting for approval`,
      ),
    ],
  });
}

function closed(status: ApprovalStatus): DomainError {
  const [zh, en] =
    status === 'expired'
      ? ['该申请已过期（24 小时内未审批），请重新提出', 'This request lapsed (not decided within 24 hours); make a new one']
      : ['该申请已经审批，不能再次审批', 'This request has already been decided'];
  return new DomainError('ADMIN.APPROVAL_CLOSED', en, { status, conditions: [condition(`approval.${status}`, zh, en)] });
}

function selfApproval(whose: 'own request' | 'own account'): DomainError {
  const [zh, en] =
    whose === 'own request'
      ? ['不能审批自己提出的申请，须由另一名管理员审批', 'You may not decide your own request: another administrator must']
      : ['不能审批与本人账户有关的申请', 'You may not decide a request about your own account'];
  return new DomainError('ADMIN.SELF_APPROVAL', en, { conditions: [condition('approval.self', zh, en)] });
}

function wrongApprover(approverRole: Role): DomainError {
  const [zh, en] =
    approverRole === 'auditAdmin'
      ? ['重置或停用安全管理员的账户，须由审计管理员审批', "A change to a security administrator's account is decided by the audit administrator"]
      : ['重置或停用管理员的账户，须由安全管理员审批', "A change to an administrator's account is decided by the security administrator"];
  return new DomainError('ADMIN.APPROVER_ROLE', en, { approverRole, conditions: [condition('approval.approverRole', zh, en)] });
}
