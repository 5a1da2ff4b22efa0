import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from '../../workflows/core';
import type { AuthUser, RoleGrant } from './auth-user';
import { hashPassword } from './password-hasher';
import { UserRoleEntity } from './user-role.entity';
import { UserEntity } from './user.entity';

export interface NewUser {
  id: string;
  displayName: string;
  password: string;
  unitId?: string | null;
  roles: RoleGrant[];
}

@Injectable()
export class UsersService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async create(user: NewUser, at: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.getRepository(UserEntity).insert({
      id: user.id,
      displayName: user.displayName,
      passwordHash: await hashPassword(user.password),
      unitId: user.unitId ?? null,
      active: true,
      failedLogins: 0,
      lockedUntil: null,
      createdAt: at,
    });
    await manager.getRepository(UserRoleEntity).insert(user.roles.map((grant) => ({ userId: user.id, ...grant })));
  }

  findEntity(id: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ id });
  }

  async findAuthUser(id: string): Promise<AuthUser | undefined> {
    const user = await this.findEntity(id);
    if (!user || !user.active) return undefined;
    const grants = await this.dataSource.getRepository(UserRoleEntity).findBy({ userId: id });
    return {
      id: user.id,
      displayName: user.displayName,
      unitId: user.unitId,
      roles: grants.map((grant) => ({ role: grant.role as Role, scope: grant.scope })),
    };
  }

  async recordLoginResult(id: string, failedLogins: number, lockedUntil: string | null): Promise<void> {
    await this.dataSource.getRepository(UserEntity).update({ id }, { failedLogins, lockedUntil });
  }

  async setPassword(id: string, password: string): Promise<void> {
    await this.dataSource.getRepository(UserEntity).update({ id }, { passwordHash: await hashPassword(password), failedLogins: 0, lockedUntil: null });
  }

  async count(): Promise<number> {
    return this.dataSource.getRepository(UserEntity).count();
  }
}
