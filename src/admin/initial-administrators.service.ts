import { Injectable, Logger } from '@nestjs/common';
import { ADMIN_ROLES } from '../../workflows/core';
import { ADMIN_STREAM, SecurityLog } from '../trail/trail-writer';
import { assertStrongPassword } from '../identity/auth.service';
import { Clock } from '../common/clock';
import { UsersService } from '../identity/users.service';

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
    private readonly log: SecurityLog,
    private readonly clock: Clock,
  ) {}

  async createIfNoAccounts(password: string): Promise<boolean> {
    if ((await this.users.count()) > 0) return false;
    for (const admin of INITIAL_ADMINISTRATORS) {
      assertStrongPassword(password, admin.id);
      if (!ADMIN_ROLES.includes(admin.role)) throw new Error(`${admin.role} is not an administrator role`);
    }
    for (const admin of INITIAL_ADMINISTRATORS) {
      await this.users.create({ id: admin.id, displayName: admin.displayName, password, roles: [{ role: admin.role, scope: '*' }] }, this.clock.now().toISOString());
      await this.log.record(ADMIN_STREAM, { event: 'USER_CREATED', actorId: 'system', actorRole: 'system', outcome: 'applied', data: { target: admin.id, roles: [admin.role] } });
    }
    this.logger.log(`Created the administrators ${INITIAL_ADMINISTRATORS.map((admin) => admin.id).join(', ')}; change their passwords now`);
    return true;
  }
}
