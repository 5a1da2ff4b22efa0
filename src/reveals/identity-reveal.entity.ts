import { Column, Entity, PrimaryColumn } from 'typeorm';

export type RevealStatus = 'pending' | 'approved' | 'denied';

/** A request to read a case's sealed identities, and its decision; an approval lasts until `expiresAt`. */
@Entity('identity_reveals')
export class IdentityRevealEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'case_id', type: 'varchar', length: 36 })
  caseId: string;

  @Column({ name: 'requested_by', type: 'varchar', length: 64 })
  requestedBy: string;

  @Column({ type: 'varchar', length: 1000 })
  reason: string;

  @Column({ name: 'requested_at', type: 'varchar', length: 30 })
  requestedAt: string;

  @Column({ type: 'varchar', length: 12 })
  status: RevealStatus;

  @Column({ name: 'decided_by', type: 'varchar', length: 64, nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'varchar', length: 30, nullable: true })
  decidedAt: string | null;

  @Column({ name: 'decision_note', type: 'varchar', length: 1000, nullable: true })
  decisionNote: string | null;

  @Column({ name: 'expires_at', type: 'varchar', length: 30, nullable: true })
  expiresAt: string | null;
}
