import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A cadre (干部) a case may concern: a party to cases whether or not they have a login. A cadre
 * with a login is known by that login's id, so the cadre acting on their own case (consent,
 * acknowledgement) is recognised as before; a cadre without one has a directory code.
 */
@Entity('cadres')
export class CadreEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** 职务, e.g. 副主任. */
  @Column({ type: 'varchar', length: 100 })
  position: string;

  /** 职级, e.g. 二级调研员. */
  @Column({ type: 'varchar', length: 40 })
  rank: string;

  @Column({ name: 'unit_id', type: 'varchar', length: 64 })
  unitId: string;

  /** The body that manages the cadre (干部管理权限). */
  @Column({ name: 'managing_body', type: 'varchar', length: 64 })
  managingBody: string;

  @Column({ name: 'user_id', type: 'varchar', length: 64, nullable: true })
  userId: string | null;

  /** Lower-cased name and pinyin initials: what the pickers search. */
  @Column({ name: 'search_text', type: 'varchar', length: 300 })
  searchText: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;
}
