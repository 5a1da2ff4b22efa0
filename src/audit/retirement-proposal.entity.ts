import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** `pending` until decided; `expired` (shown, never written) when nobody decided in time. */
export type ProposalStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'expired';

/**
 * One audit administrator's proposal to retire the payloads of one kind past retention; a second
 * audit administrator's approval carries it out (issue 22 §4; docs/audit.md, "Retention"). It
 * fixes the set it would retire: the kind, the cutoff, the range of log indexes and their number.
 */
@Entity('trail_retirement_proposals')
@Index('trail_retirement_proposals_kind', ['kind', 'status'])
export class RetirementProposalEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'integer' })
  days: number;

  @Column({ type: 'varchar', length: 30 })
  cutoff: string;

  @Column({ name: 'first_log_index', type: 'integer' })
  firstLogIndex: number;

  @Column({ name: 'last_log_index', type: 'integer' })
  lastLogIndex: number;

  @Column({ type: 'integer' })
  entries: number;

  /** More was due than one decision retires: another proposal follows this one. */
  @Column({ name: 'more_due', type: 'boolean' })
  moreDue: boolean;

  @Column({ type: 'varchar', length: 500 })
  reason: string;

  @Column({ name: 'proposed_by', type: 'varchar', length: 64 })
  proposedBy: string;

  @Column({ name: 'proposed_at', type: 'varchar', length: 30 })
  proposedAt: string;

  @Column({ name: 'expires_at', type: 'varchar', length: 30 })
  expiresAt: string;

  @Column({ type: 'varchar', length: 12 })
  status: ProposalStatus;

  @Column({ name: 'decided_by', type: 'varchar', length: 64, nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'varchar', length: 30, nullable: true })
  decidedAt: string | null;

  @Column({ name: 'decision_note', type: 'varchar', length: 500, nullable: true })
  decisionNote: string | null;

  /** The retirement entry an approval wrote (`admin#<position>`). */
  @Column({ type: 'varchar', length: 30, nullable: true })
  decision: string | null;
}
