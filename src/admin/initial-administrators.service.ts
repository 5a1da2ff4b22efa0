import { Injectable, Logger } from '@nestjs/common';
import { ADMIN_ROLES } from '../../workflows/core';
import { Clock } from '../common/clock';
import { TransactionRunner } from '../database/transaction-runner';
import { assertStrongPassword } from '../identity/auth.service';
import { hashPassword } from '../identity/password-hasher';
import { UsersService } from '../identity/users.service';
import { ADMIN_STREAM, TrailWriter } from '../trail/trail-writer';

/** The accounts a new deployment starts with: one of each administrator, nothing else. */
export const INITIAL_ADMINISTRATORS = [
  { id: 'sysadmin', displayName: '系统管理员', role: 'sysAdmin' },
  { id: 'secadmin', displayName: '安全管理员', role: 'secAdmin' },
  { id: 'auditadmin', displayName: '审计管理员', role: 'auditAdmin' },
] as const;

/**
 * A deployment without demo data has no accounts, and only administrators create them: on an
 * empty database, `INITIAL_ADMIN_PASSWORD` creates the three administrators, each to change
 * their password at first login. Never touches a database that has any account.
 */
@Injectable()
export class InitialAdministrators {
  private readonly logger = new Logger('InitialAdministrators');

  constructor(
    private readonly users: UsersService,
    private readonly transactions: TransactionRunner,
    private readonly writer: TrailWriter,
    private readonly clock: Clock,
  ) {}

  async createIfNoAccounts(password: string): Promise<boolean> {
    if ((await this.users.count()) > 0) return false;
    for (const admin of INITIAL_ADMINISTRATORS) {
      assertStrongPassword(password, admin.id);
      if (!ADMIN_ROLES.includes(admin.role)) throw new Error(`${admin.role} is not an administrator role`);
    }
    const hashes = await Promise.all(INITIAL_ADMINISTRATORS.map(() => hashPassword(password)));
    // The three accounts and their entries on the `admin` chain commit together, or none of them.
    await this.transactions.run(async (manager) => {
      for (const [index, admin] of INITIAL_ADMINISTRATORS.entries()) {
        const account = {
          id: admin.id,
          displayName: admin.displayName,
          passwordHash: hashes[index],
          roles: [{ role: admin.role, scope: '*' }],
          mustChangePassword: true,
        };
        await this.users.insert(manager, account, this.clock.now().toISOString());
        await this.writer.record(manager, ADMIN_STREAM, {
          event: 'USER_CREATED',
          actorId: 'system',
          actorRole: 'system',
          outcome: 'applied',
          data: { target: admin.id, roles: [admin.role] },
        });
      }
    });
    this.logger.log(`Created the administrators ${INITIAL_ADMINISTRATORS.map((admin) => admin.id).join(', ')}; change their passwords now`);
    return true;
  }
}
