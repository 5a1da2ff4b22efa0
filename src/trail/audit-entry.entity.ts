import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AuditOutcome = 'applied' | 'refused' | 'read';

/**
 * One line of the trail. Entries form one hash chain per stream (a case's id, or `security` for
 * events outside any case): `position` counts from 1 and `prevHash` is the hash of position - 1.
 * Insert-only: the repository offers append and read, and database triggers refuse UPDATE/DELETE.
 */
@Entity('audit_entries')
@Index('audit_entries_stream_position', ['streamId', 'position'], { unique: true })
@Index('audit_entries_case', ['caseId'])
export class AuditEntryEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'stream_id', type: 'varchar', length: 64 })
  streamId: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ name: 'case_id', type: 'varchar', length: 36, nullable: true })
  caseId: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  procedure: string | null;

  @Column({ name: 'procedure_version', type: 'integer', nullable: true })
  procedureVersion: number | null;

  @Column({ name: 'from_state', type: 'varchar', length: 60, nullable: true })
  fromState: string | null;

  @Column({ type: 'varchar', length: 60 })
  event: string;

  @Column({ name: 'to_state', type: 'varchar', length: 60, nullable: true })
  toState: string | null;

  @Column({ type: 'varchar', length: 16 })
  outcome: AuditOutcome;

  @Column({ name: 'refusal_code', type: 'varchar', length: 60, nullable: true })
  refusalCode: string | null;

  @Column({ name: 'actor_id', type: 'varchar', length: 64 })
  actorId: string;

  @Column({ name: 'actor_role', type: 'varchar', length: 20 })
  actorRole: string;

  /** Server time, ISO 8601 UTC with milliseconds: sorts as text on every database. */
  @Column({ type: 'varchar', length: 30 })
  at: string;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** The step's data as canonical JSON, sealed values already replaced. */
  @Column({ type: 'text' })
  data: string;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;

  @Column({ type: 'varchar', length: 10 })
  algorithm: string;
}
