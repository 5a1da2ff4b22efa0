import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One year of the State Council holiday schedule as the system administrator loaded it while the
 * service ran. It takes precedence over CALENDAR_FILE and the shipped package for its year
 * (docs/operations.md), and every instance reads it, so all of them count the same working days.
 */
@Entity('calendar_years')
export class CalendarYearEntity {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  /** JSON array of `YYYY-MM-DD`, sorted: official days off. */
  @Column({ type: 'text' })
  holidays: string;

  /** JSON array of `YYYY-MM-DD`, sorted: make-up working days (调休) on weekends. */
  @Column({ type: 'text' })
  workdays: string;

  /** JSON object date → festival name as the notice gives it (元旦, 春节 …); may be `{}`. */
  @Column({ type: 'text' })
  labels: string;

  /** Where the dates come from, e.g. the notice's number (国办发明电〔2026〕…号). */
  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  /** Digest of the year and its two lists: what the preview showed and the trail records. */
  @Column({ type: 'varchar', length: 64 })
  digest: string;

  /** 1 for the first load of this year, then one more per correction. */
  @Column({ type: 'integer' })
  revision: number;

  /** Across all years, one more per load: instances compare it to know they must re-read. */
  @Column({ type: 'integer', unique: true })
  version: number;

  @Column({ name: 'loaded_by', type: 'varchar', length: 64 })
  loadedBy: string;

  @Column({ name: 'loaded_at', type: 'varchar', length: 30 })
  loadedAt: string;
}
