import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A unit (所在单位) and the jurisdiction (管辖范围) whose inspection staff handle its cases. */
@Entity('units')
export class UnitEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 64 })
  jurisdiction: string;

  /** Lower-cased name and its pinyin initials: what the pickers search (src/org/pinyin-initials.ts); never shown. */
  @Column({ name: 'search_text', type: 'varchar', length: 300, nullable: true, select: false })
  searchText?: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;
}
