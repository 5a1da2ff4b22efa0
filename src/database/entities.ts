import { AdminApprovalEntity } from '../admin/admin-approval.entity';
import { UnitEntity } from '../org/unit.entity';
import { AuditEntryEntity } from '../trail/audit-entry.entity';
import { CaseEntity } from '../cases/case.entity';
import { CalendarYearEntity } from '../deadlines/calendar-year.entity';
import { DeadlineEntity } from '../deadlines/deadline.entity';
import { NotificationEntity } from '../scheduling/notification.entity';
import { IdempotencyKeyEntity } from '../cases/idempotency-key.entity';
import { UserRoleEntity } from '../identity/user-role.entity';
import { UserEntity } from '../identity/user.entity';
import { SessionEntity } from '../identity/session.entity';
import { IdentityRevealEntity } from '../reveals/identity-reveal.entity';

export const ENTITIES = [
  UserEntity,
  UserRoleEntity,
  CaseEntity,
  AuditEntryEntity,
  IdempotencyKeyEntity,
  DeadlineEntity,
  NotificationEntity,
  UnitEntity,
  SessionEntity,
  IdentityRevealEntity,
  CalendarYearEntity,
  AdminApprovalEntity,
];
