import { AdminApprovalEntity } from '../admin/admin-approval.entity';
import { UnitEntity } from '../admin/unit.entity';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { CaseEntity } from '../cases/case.entity';
import { CalendarYearEntity } from '../deadlines/calendar-year.entity';
import { DeadlineEntity } from '../deadlines/deadline.entity';
import { NotificationEntity } from '../deadlines/notification.entity';
import { IdempotencyKeyEntity } from '../cases/idempotency-key.entity';
import { UserRoleEntity } from '../identity/user-role.entity';
import { UserEntity } from '../identity/user.entity';
import { SessionEntity } from '../identity/session.entity';
import { IdentityRevealEntity } from '../reveals/identity-reveal.entity';
import { SupervisionLetterEntity } from '../scheduling/supervision-letter.entity';
import { NotificationReadEntity } from '../scheduling/notification-read.entity';

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
  SupervisionLetterEntity,
  NotificationReadEntity,
];
