import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A deadline coming up, missed, or moved because the official calendar of its year arrived; or a
 * colour of the 三色 warning ladder (src/scheduling): blue to whose turn it is, yellow and red also
 * to the leaders (with the 提示函 / 督办函 the ladder records).
 */
export type NotificationKind =
  | 'deadlineSoon'
  | 'deadlineMissed'
  | 'deadlineMoved'
  | 'warningBlue'
  | 'warningYellow'
  | 'warningRed'
  // A limit whose expiry the table announces (`notifyOnExpiry`): an impact period has ended.
  | 'periodEnded';

/**
 * An in-app notice to whoever's turn it is on a case: a named user (the cadre) or everyone holding
 * a role who can see the case (officers).
 */
@Entity('notifications')
@Index('notifications_user', ['recipientUserId'])
@Index('notifications_role', ['recipientRole'])
@Index('notifications_created', ['createdAt'])
export class NotificationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'case_id', type: 'varchar', length: 36 })
  caseId: string;

  @Column({ name: 'recipient_role', type: 'varchar', length: 20 })
  recipientRole: string;

  @Column({ name: 'recipient_user_id', type: 'varchar', length: 64, nullable: true })
  recipientUserId: string | null;

  @Column({ type: 'varchar', length: 20 })
  kind: NotificationKind;

  @Column({ type: 'varchar', length: 80 })
  rule: string;

  @Column({ name: 'due_at', type: 'varchar', length: 30 })
  dueAt: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  /** For `deadlineMoved`: the due date before. */
  @Column({ name: 'previous_due_at', type: 'varchar', length: 30, nullable: true })
  previousDueAt: string | null;

  /** The deadline's provisional years when the notice was made (see DeadlineEntity); null: official. */
  @Column({ name: 'provisional_years', type: 'varchar', length: 40, nullable: true })
  provisionalYears: string | null;
}
