import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A role a user holds, scoped to a unit or jurisdiction (`*` for the whole body). */
@Entity('user_roles')
export class UserRoleEntity {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 64 })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  role: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  scope: string;

  /** On a leader's grant: the principal leader (主要负责人) of that scope (art. 50). */
  @Column({ type: 'boolean', default: false })
  principal: boolean;
}
