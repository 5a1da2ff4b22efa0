import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A document as issued: its 文号, the template version it was filled from, its verification code,
 * its SHA-256 and the PDF itself. The bytes are stored and served as issued, never rendered again;
 * the step's trail entry records the same digest, 文号 and template version.
 */
@Entity('issued_documents')
export class IssuedDocumentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /**
   * The case it was issued on; for the one kind issued outside a case (`vettingReply`, on the
   * `results` chain) the vetting inquiry's id. Both are UUIDs, so they never collide.
   */
  @Column({ name: 'case_id', type: 'varchar', length: 36 })
  caseId: string;

  /** The step that issued it (the event of the trail entry that records it). */
  @Column({ type: 'varchar', length: 60 })
  event: string;

  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ name: 'doc_no', type: 'varchar', length: 80 })
  docNo: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ name: 'template_version', type: 'integer' })
  templateVersion: number;

  @Column({ name: 'verification_code', type: 'varchar', length: 16 })
  verificationCode: string;

  @Column({ type: 'varchar', length: 64 })
  digest: string;

  @Column({ type: 'integer' })
  size: number;

  /** Served on the party: the applicant's page lists it. */
  @Column({ name: 'served_on_party', type: 'boolean' })
  servedOnParty: boolean;

  @Column({ name: 'issued_at', type: 'varchar', length: 30 })
  issuedAt: string;

  /** The role that took the step (who, by name, is in the trail entry). */
  @Column({ name: 'issued_by_role', type: 'varchar', length: 40 })
  issuedByRole: string;

  /** The PDF, base64: one portable text column on SQLite and PostgreSQL. */
  @Column({ type: 'text' })
  pdf: string;
}
