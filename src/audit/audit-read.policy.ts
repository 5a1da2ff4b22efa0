import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { hasRole, type AuthUser } from '../identity/auth-user';

/** The whole trail is for oversight: auditors (and the audit administrator, with the identity work). */
@Injectable()
export class AuditReadPolicy {
  assertMayReadWholeTrail(user: AuthUser): void {
    if (!hasRole(user, 'auditor')) {
      throw new DomainError('CASE.ROLE_NOT_ALLOWED', 'Only auditors may verify or export the whole trail');
    }
  }
}
