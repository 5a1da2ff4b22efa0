import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from '../../workflows/core';
import type { AuthUser, RoleGrant } from './auth-user';
import { hashPassword } from './password-hasher';
import { UserRoleEntity } from './user-role.entity';
import { runSql } from '../database/sql';
import { UserEntity } from './user.entity';
import { SealedBox } from '../sealed/sealed-box';

export interface NewUser {
  id: string;
  displayName: string;
  password: string;
  unitId?: string | null;
  roles: RoleGrant[];
  /** Someone else chose the password: its holder must change it at first login. */
  mustChangePassword?: boolean;
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly box: SealedBox,
  ) {}

  async create(user: NewUser, at: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const { password, ...rest } = user;
    await this.insert(manager, { ...rest, passwordHash: await hashPassword(password) }, at);
  }

  /**
   * Inside the caller's transaction, with the password already hashed: an administrator's change
   * and its entry on the `admin` chain commit together, and the slow hash is not computed while
   * the transaction holds the database.
   */
  async insert(manager: EntityManager, user: Omit<NewUser, 'password'> & { passwordHash: string }, at: string): Promise<void> {
    await manager.getRepository(UserEntity).insert({
      id: user.id,
      displayName: user.displayName,
      passwordHash: user.passwordHash,
      unitId: user.unitId ?? null,
      active: true,
      failedLogins: 0,
      lockedUntil: null,
      mustChangePassword: user.mustChangePassword === true,
      createdAt: at,
    });
    await manager
      .getRepository(UserRoleEntity)
      .insert(user.roles.map((grant) => ({ userId: user.id, role: grant.role, scope: grant.scope, principal: grant.principal === true })));
  }

  findEntity(id: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ id });
  }

  /** Asked on every request, so written as plain statements (src/database/sql.ts). */
  async findAuthUser(id: string): Promise<AuthUser | undefined> {
    const manager = this.dataSource.manager;
    const { rows } = await runSql(manager, 'SELECT "display_name", "unit_id", "active" FROM "users" WHERE "id" = ?', [id]);
    const user = rows[0] as { display_name: string; unit_id: string | null; active: boolean | number } | undefined;
    if (!user || !user.active) return undefined;
    const { rows: grants } = await runSql(manager, 'SELECT "role", "scope", "principal" FROM "user_roles" WHERE "user_id" = ? ORDER BY "role", "scope"', [id]);
    return {
      id,
      displayName: user.display_name,
      unitId: user.unit_id,
      roles: grants.map((grant) => ({
        role: grant.role as Role,
        scope: String(grant.scope),
        ...(grant.principal === true || grant.principal === 1 ? { principal: true } : {}),
      })),
      accountIndex: this.box.blind(id),
    };
  }

  async recordLoginResult(id: string, failedLogins: number, lockedUntil: string | null): Promise<void> {
    await this.dataSource.getRepository(UserEntity).update({ id }, { failedLogins, lockedUntil });
  }

  /**
   * A new password, hashed beforehand, in the caller's transaction; a lock-out ends with it.
   * `chosenByHolder`: the holder chose it themselves (their own change), so nothing is forced;
   * otherwise (an administrator's reset) they must change it at their next login.
   */
  async setPasswordHash(manager: EntityManager, id: string, passwordHash: string, chosenByHolder = false): Promise<void> {
    await manager.getRepository(UserEntity).update({ id }, { passwordHash, failedLogins: 0, lockedUntil: null, mustChangePassword: !chosenByHolder });
  }

  async count(): Promise<number> {
    return this.dataSource.getRepository(UserEntity).count();
  }
}
