import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ADMIN_ROLES, type Role } from '../../workflows/core';
import { Clock } from '../common/clock';
import { condition, DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import type { AuthUser, RoleGrant } from '../identity/auth-user';
import { assertStrongPassword } from '../identity/auth.service';
import { hashPassword } from '../identity/password-hasher';
import { SessionsService } from '../identity/sessions.service';
import { UserRoleEntity } from '../identity/user-role.entity';
import { UserEntity } from '../identity/user.entity';
import { UsersService } from '../identity/users.service';
import type { CreateUserDto, UpdateUserDto } from './admin.dto';
import { AdminApprovalsService, type ApprovalView } from './admin-approvals.service';
import { UnitsService } from '../org/units.service';
import { BodyEntity } from '../org/body.entity';
import { ADMIN_STREAM, TrailWriter } from '../trail/trail-writer';

export interface UserSummary {
  id: string;
  displayName: string;
  unitId: string | null;
  active: boolean;
  lockedUntil: string | null;
  roles: RoleGrant[];
}

/**
 * What an administrator's change came to: done (200 with the account, 204 for a password), or,
 * for a change to another administrator's account, a request waiting for approval (202).
 */
export type AdminChange = { statusCode: 200; body: UserSummary } | { statusCode: 204 } | { statusCode: 202; body: ApprovalView };

/** Grants whose scope is a unit; every other role's scope is a jurisdiction or `*`. */
const UNIT_SCOPED: readonly Role[] = ['applicant', 'unit'];

/**
 * The administrators' work on accounts. The system administrator keeps accounts (create, edit,
 * disable, reset a password) but grants no roles; the security administrator grants roles but
 * keeps no accounts. Every change is written to the `admin` chain with who made it, in the
 * change's own transaction: a change whose entry cannot be written does not happen.
 */
@Injectable()
export class UserAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly transactions: TransactionRunner,
    private readonly writer: TrailWriter,
    private readonly clock: Clock,
    private readonly approvals: AdminApprovalsService,
    private readonly units: UnitsService,
  ) {}

  async list(): Promise<UserSummary[]> {
    const users = await this.dataSource.getRepository(UserEntity).find({ order: { id: 'ASC' } });
    const grants = await this.dataSource.getRepository(UserRoleEntity).find();
    return users.map((user) =>
      summary(
        user,
        grants.filter((grant) => grant.userId === user.id),
      ),
    );
  }

  async create(admin: AuthUser, request: CreateUserDto): Promise<UserSummary> {
    assertStrongPassword(request.password, request.id);
    await this.assertKnownUnit(request.unitId);
    if (await this.users.findEntity(request.id))
      throw refusal('ADMIN.CONFLICT', 'admin.accountExists', `账户名“${request.id}”已被使用`, `User ${request.id} exists`, 'id');
    const { password, ...account } = request;
    const passwordHash = await hashPassword(password);
    await this.transactions.run(async (manager) => {
      await this.users.insert(manager, { ...account, passwordHash, roles: [], mustChangePassword: true }, this.now());
      await this.record(manager, admin, 'USER_CREATED', request.id, { displayName: request.displayName, unitId: request.unitId ?? null });
    });
    return this.summaryOf(request.id);
  }

  async update(admin: AuthUser, id: string, request: UpdateUserDto): Promise<AdminChange> {
    await this.existing(id);
    const changes = Object.fromEntries(Object.entries(request).filter(([, value]) => value !== undefined));
    if (Object.keys(changes).length === 0) {
      throw new DomainError('ADMIN.INVALID', 'Nothing to change', {
        conditions: [condition('admin.nothingToChange', '没有填写要修改的内容', 'Nothing to change')],
      });
    }
    if (id === admin.id && changes.active === false) {
      throw invalidField('active', 'admin.disableSelf', '不能停用本人的账户', 'You may not disable your own account');
    }
    await this.assertKnownUnit(request.unitId);
    // Disabling an administrator needs another administrator's approval (AdminApprovalsService).
    if (changes.active === false && (await this.approvals.administratorRoles(id)).length > 0) {
      if (Object.keys(changes).length > 1) {
        throw invalidField(
          'active',
          'admin.disableAlone',
          '停用管理员账户须单独提出申请，不能与其他修改一并提交',
          "Disabling an administrator's account is requested on its own, not with other changes",
        );
      }
      return { statusCode: 202, body: await this.approvals.requestDisable(admin, id) };
    }
    await this.transactions.run(async (manager) => {
      await manager.getRepository(UserEntity).update({ id }, changes);
      if (changes.active === false) await this.sessions.revokeAllOf(id, this.clock.now(), manager);
      await this.record(manager, admin, 'USER_UPDATED', id, changes);
    });
    return { statusCode: 200, body: await this.summaryOf(id) };
  }

  /** An ordinary account's password is reset at once; an administrator's on another administrator's approval. */
  async resetPassword(admin: AuthUser, id: string, password: string): Promise<AdminChange> {
    await this.existing(id);
    if ((await this.approvals.administratorRoles(id)).length > 0)
      return { statusCode: 202, body: await this.approvals.requestPasswordReset(admin, id, password) };
    assertStrongPassword(password, id);
    const passwordHash = await hashPassword(password);
    await this.transactions.run(async (manager) => {
      await this.users.setPasswordHash(manager, id, passwordHash);
      await this.sessions.revokeAllOf(id, this.clock.now(), manager);
      await this.record(manager, admin, 'PASSWORD_RESET', id, {});
    });
    return { statusCode: 204 };
  }

  /** An account's unit must be one the system administrator has set up (or none). */
  private async assertKnownUnit(unitId: string | null | undefined): Promise<void> {
    if (typeof unitId !== 'string') return;
    if (await this.units.find(unitId)) return;
    throw invalidField('unitId', 'admin.unknownUnit', `“所在单位”${unitId}不是已登记的单位`, `unitId ${unitId} names no registered unit`);
  }

  /** Replaces the user's grants. Administrators hold one administrator role and nothing else. */
  async setRoles(admin: AuthUser, id: string, roles: RoleGrant[]): Promise<UserSummary> {
    await this.existing(id);
    if (id === admin.id) throw refusal('ADMIN.INVALID', 'admin.ownRoles', '不能修改本人的角色', 'You may not change your own roles', 'roles');
    await this.assertGrantable(roles, id);
    await this.transactions.run(async (manager) => {
      const before = grantsOf(await manager.getRepository(UserRoleEntity).findBy({ userId: id }));
      await manager.getRepository(UserRoleEntity).delete({ userId: id });
      if (roles.length > 0) {
        await manager
          .getRepository(UserRoleEntity)
          .insert(roles.map((grant) => ({ userId: id, role: grant.role, scope: grant.scope, principal: grant.principal === true })));
      }
      await this.record(manager, admin, 'ROLES_CHANGED', id, { before, after: roles });
    });
    return this.summaryOf(id);
  }

  private async assertGrantable(roles: RoleGrant[], userId: string): Promise<void> {
    const keys = roles.map((grant) => `${grant.role}@${grant.scope}`);
    if (new Set(keys).size !== keys.length) throw refusal('ADMIN.INVALID', 'admin.grantTwice', '同一角色和范围重复授予', 'A grant is listed twice', 'roles');
    const admin = roles.filter((grant) => ADMIN_ROLES.includes(grant.role));
    if (admin.length > 0 && roles.length > 1) {
      throw refusal(
        'ADMIN.INVALID',
        'admin.adminAlone',
        '三员分立：管理员只能持有一个管理员角色，且不能兼任办案角色',
        'An administrator holds exactly one administrator role and no case role (separation of duties)',
        'roles',
      );
    }
    if (admin.some((grant) => grant.scope !== '*'))
      throw refusal('ADMIN.INVALID', 'admin.adminScope', '管理员角色的范围只能是“全部”', 'Administrator roles take the scope *', 'roles');
    // domain.md §7: a body has one principal leader (主要负责人); the marker goes on a leader's grant only.
    if (roles.some((grant) => grant.principal === true && grant.role !== 'leader')) {
      throw invalidField('roles', 'admin.principalNotLeader', '“主要负责人”标记只能用于领导角色', 'The principal marker goes on a leader grant only');
    }
    for (const grant of roles.filter((g) => g.principal === true)) {
      const holder = await this.dataSource.getRepository(UserRoleEntity).findOneBy({ role: 'leader', scope: grant.scope, principal: true });
      if (holder && holder.userId !== userId) {
        throw new DomainError('ADMIN.CONFLICT', `${holder.userId} is already the principal leader of ${grant.scope}`, {
          conditions: [
            condition(
              'admin.principalTaken',
              `“${grant.scope}”已有主要负责人（${holder.userId}），一个机关只有一位主要负责人`,
              `${grant.scope} already has a principal leader (${holder.userId})`,
              'roles',
            ),
          ],
        });
      }
    }
    const unknownUnits: string[] = [];
    for (const grant of roles.filter((g) => UNIT_SCOPED.includes(g.role) && g.scope !== '*')) {
      if (!(await this.units.find(grant.scope))) unknownUnits.push(grant.scope);
    }
    // Every other role's scope names a body of the tree (issue 18, bad input: an unknown body id).
    const unknownBodies: string[] = [];
    for (const grant of roles.filter((g) => !UNIT_SCOPED.includes(g.role) && g.scope !== '*')) {
      if (!(await this.dataSource.getRepository(BodyEntity).findOneBy({ id: grant.scope }))) unknownBodies.push(grant.scope);
    }
    if (unknownBodies.length > 0)
      throw refusal(
        'ADMIN.INVALID',
        'admin.unknownScopeBody',
        `范围“${unknownBodies.join('、')}”不是已登记的纪检监察机关`,
        `No such body: ${unknownBodies.join(', ')}`,
        'roles',
      );
    if (unknownUnits.length > 0)
      throw refusal(
        'ADMIN.INVALID',
        'admin.unknownScopeUnit',
        `范围“${unknownUnits.join('、')}”不是已登记的单位`,
        `No such unit: ${unknownUnits.join(', ')}`,
        'roles',
      );
  }

  private async existing(id: string): Promise<UserEntity> {
    const user = await this.users.findEntity(id);
    if (!user) throw refusal('ADMIN.NOT_FOUND', 'admin.noAccount', `没有账户“${id}”`, `No user ${id}`);
    return user;
  }

  private async summaryOf(id: string): Promise<UserSummary> {
    const user = await this.existing(id);
    return summary(user, await this.dataSource.getRepository(UserRoleEntity).findBy({ userId: id }));
  }

  private record(manager: EntityManager, admin: AuthUser, event: string, target: string, data: Record<string, unknown>): Promise<void> {
    return this.writer.record(manager, ADMIN_STREAM, {
      event,
      actorId: admin.id,
      actorRole: admin.roles[0]?.role ?? 'unknown',
      outcome: 'applied',
      data: { target, ...data },
    });
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

function summary(user: UserEntity, grants: UserRoleEntity[]): UserSummary {
  return {
    id: user.id,
    displayName: user.displayName,
    unitId: user.unitId,
    active: user.active,
    lockedUntil: user.lockedUntil,
    roles: grantsOf(grants),
  };
}

function grantsOf(grants: UserRoleEntity[]): RoleGrant[] {
  return grants.map((grant) => ({ role: grant.role as Role, scope: grant.scope, ...(grant.principal ? { principal: true } : {}) }));
}

/** 400 naming the field, with the unmet condition in both languages. */
function invalidField(field: string, code: string, zh: string, en: string): DomainError {
  return new DomainError('ADMIN.INVALID', en, { fields: [{ field, messages: [en] }], conditions: [condition(code, zh, en, field)] });
}

/** A refusal naming its unmet condition in both languages, and the field concerned if any. */
function refusal(code: 'ADMIN.INVALID' | 'ADMIN.CONFLICT' | 'ADMIN.NOT_FOUND', conditionCode: string, zh: string, en: string, field?: string): DomainError {
  return new DomainError(code, en, { ...(field ? { fields: [{ field, messages: [en] }] } : {}), conditions: [condition(conditionCode, zh, en, field)] });
}
