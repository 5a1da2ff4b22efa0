import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** What a request asks another administrator to approve. */
export type ApprovalKind = 'passwordReset' | 'disable';

/** `pending` until decided; `expired` when nobody decided in time. */
export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired';

/**
 * A change to an administrator's account that one administrator asks for and another must
 * approve (issue 16, item 8: the system administrator could take over the security administrator
 * by resetting their password). The proposed password is kept only as its argon2 hash, and only
 * until the request is decided.
 */
@Entity('admin_approvals')
@Index('admin_approvals_target', ['targetUserId', 'status'])
export class AdminApprovalEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 20 })
  kind: ApprovalKind;

  @Column({ name: 'target_user_id', type: 'varchar', length: 64 })
  targetUserId: string;

  @Column({ name: 'requested_by', type: 'varchar', length: 64 })
  requestedBy: string;

  @Column({ name: 'requested_at', type: 'varchar', length: 30 })
  requestedAt: string;

  @Column({ name: 'expires_at', type: 'varchar', length: 30 })
  expiresAt: string;

  @Column({ type: 'varchar', length: 12 })
  status: ApprovalStatus;

  @Column({ name: 'decided_by', type: 'varchar', length: 64, nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'varchar', length: 30, nullable: true })
  decidedAt: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note: string | null;

  @Column({ name: 'password_hash', type: 'varchar', length: 200, nullable: true })
  passwordHash: string | null;
}
