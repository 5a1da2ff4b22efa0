import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('users')
export class UserEntity {
  /** The login name, also the id cases refer to (`applicant1`). */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ name: 'display_name', type: 'varchar', length: 100 })
  displayName: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 200 })
  passwordHash: string;

  /** The unit (所在单位) the user belongs to. */
  @Column({ name: 'unit_id', type: 'varchar', length: 64, nullable: true })
  unitId: string | null;

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ name: 'failed_logins', type: 'integer' })
  failedLogins: number;

  @Column({ name: 'locked_until', type: 'varchar', length: 30, nullable: true })
  lockedUntil: string | null;

  /**
   * Set when someone else chose the password (an administrator's creation or reset, the directory
   * import): until its holder changes it, every call but the change and logout is refused.
   */
  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword: boolean;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;
}
