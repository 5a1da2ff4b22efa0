import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * `open` runs; `fired` sent its expiry event; `overdue` passed with no event to send (a staff duty,
 * flagged and notified); `cancelled` the case left the state in time.
 */
export type DeadlineStatus = 'open' | 'fired' | 'overdue' | 'cancelled';

/**
 * A time limit running on a case, as a row: it survives restarts and is claimed before it fires, so
 * several instances never fire one twice (architecture.md: deadlines are rows, not timers).
 */
@Entity('deadlines')
@Index('deadlines_due', ['status', 'dueAt'])
@Index('deadlines_case', ['caseId'])
@Index('deadlines_calendar_recheck', ['calendarRecheck'])
export class DeadlineEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'case_id', type: 'varchar', length: 36 })
  caseId: string;

  @Column({ type: 'varchar', length: 60 })
  state: string;

  @Column({ type: 'varchar', length: 80 })
  rule: string;

  @Column({ name: 'due_at', type: 'varchar', length: 30 })
  dueAt: string;

  /** When the party whose turn it is gets a reminder. */
  @Column({ name: 'remind_at', type: 'varchar', length: 30 })
  remindAt: string;

  @Column({ name: 'on_expiry', type: 'varchar', length: 60, nullable: true })
  onExpiry: string | null;

  @Column({ type: 'varchar', length: 12 })
  status: DeadlineStatus;

  @Column({ name: 'reminded', type: 'boolean' })
  reminded: boolean;

  @Column({ name: 'claimed_by', type: 'varchar', length: 64, nullable: true })
  claimedBy: string | null;

  @Column({ name: 'claimed_until', type: 'varchar', length: 30, nullable: true })
  claimedUntil: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ name: 'closed_at', type: 'varchar', length: 30, nullable: true })
  closedAt: string | null;

  /**
   * Years whose working days were counted Monday to Friday because their schedule was not loaded
   * (comma-separated, e.g. `2027`): the due date is provisional. Null when it rests on official data.
   */
  @Column({ name: 'provisional_years', type: 'varchar', length: 40, nullable: true })
  provisionalYears: string | null;

  /** A calendar load (its version) this due date still has to be recomputed against; null when none. */
  @Column({ name: 'calendar_recheck', type: 'integer', nullable: true })
  calendarRecheck: number | null;

  /**
   * The instant the limit counts from: the day its rule names (a report's receipt), else the entry
   * into the state. Null on rows written before it was kept: `created_at` then.
   */
  @Column({ name: 'counted_from', type: 'varchar', length: 30, nullable: true })
  countedFrom: string | null;

  /**
   * The 三色 warning ladder (src/scheduling): the colour the scheduler last gave the deadline
   * (`blue`, `yellow`, `red`; null: none), since when, when it must look again (null: at once,
   * e.g. after the due date moved), and when the warning was withdrawn (撤牌) at completion.
   */
  @Column({ type: 'varchar', length: 8, nullable: true })
  warning: string | null;

  @Column({ name: 'warning_since', type: 'varchar', length: 30, nullable: true })
  warningSince: string | null;

  @Column({ name: 'warning_next_at', type: 'varchar', length: 30, nullable: true })
  warningNextAt: string | null;

  @Column({ name: 'warning_withdrawn_at', type: 'varchar', length: 30, nullable: true })
  warningWithdrawnAt: string | null;
}
