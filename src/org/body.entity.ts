import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A discipline-inspection body (纪委监委, or a 派驻纪检监察组 under its body) in the tree of bodies:
 * province → city → county/district. Its id is the jurisdiction staff grants and units name.
 */
@Entity('bodies')
export class BodyEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** The short name case numbers begin with (济 in 济纪容〔2026〕3号); unique. */
  @Column({ name: 'short_name', type: 'varchar', length: 20 })
  shortName: string;

  /** `commission` (纪委监委) or `stationed` (派驻纪检监察组). */
  @Column({ type: 'varchar', length: 20 })
  kind: string;

  @Column({ name: 'parent_id', type: 'varchar', length: 64, nullable: true })
  parentId: string | null;

  /** Lower-cased name and its pinyin initials: what the pickers search (src/org/pinyin-initials.ts); never shown. */
  @Column({ name: 'search_text', type: 'varchar', length: 300, nullable: true, select: false })
  searchText?: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;
}
