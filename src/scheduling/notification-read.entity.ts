import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * That one user has read one notice (issue 14 §4). A notice to a role is shared by everyone holding
 * it, so the read state is a row per reader. The reader is the blind index of the account
 * (`AuthUser.accountIndex`), as in every column that could otherwise tie a protected person's
 * account to a case.
 */
@Entity('notification_reads')
@Index('notification_reads_reader', ['reader'])
export class NotificationReadEntity {
  @PrimaryColumn({ name: 'notification_id', type: 'varchar', length: 36 })
  notificationId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  reader: string;

  @Column({ name: 'read_at', type: 'varchar', length: 30 })
  readAt: string;
}
