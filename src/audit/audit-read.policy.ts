import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { hasRole, type AuthUser } from '../identity/auth-user';

/** The whole trail (every case, the security and admin chains) is for oversight: auditors and the audit administrator. */
@Injectable()
export class AuditReadPolicy {
  assertMayReadWholeTrail(user: AuthUser): void {
    if (!hasRole(user, 'auditor') && !hasRole(user, 'auditAdmin')) {
      throw new DomainError('AUTH.FORBIDDEN', 'Only auditors and the audit administrator may read, verify or export the whole trail');
    }
  }
}
