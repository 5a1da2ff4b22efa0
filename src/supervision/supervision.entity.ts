import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * 上级督办 / 交办 (issue 18 §3): a higher body puts a lower body's case under supervision (督办) or
 * hands it down to that body to handle (交办), with a due date; the lower body reports back. Every
 * change is an entry on the case's own chain, which both bodies read.
 */
@Entity('supervisions')
@Index('supervisions_case', ['caseId'])
@Index('supervisions_to_body', ['toBody', 'status'])
export class SupervisionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'case_id', type: 'varchar', length: 36 })
  caseId: string;

  /** `supervise` (督办) or `assign` (交办). */
  @Column({ type: 'varchar', length: 10 })
  kind: 'supervise' | 'assign';

  /** The higher body that supervises or assigns. */
  @Column({ name: 'by_body', type: 'varchar', length: 64 })
  byBody: string;

  /** The case's own body, which reports back. */
  @Column({ name: 'to_body', type: 'varchar', length: 64 })
  toBody: string;

  /** The date the report is due (YYYY-MM-DD, China time). */
  @Column({ name: 'due_on', type: 'varchar', length: 10 })
  dueOn: string;

  @Column({ type: 'text' })
  instructions: string;

  /** `open` until the lower body reports back, then `reported`. */
  @Column({ type: 'varchar', length: 10 })
  status: 'open' | 'reported';

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ type: 'text', nullable: true })
  report: string | null;

  @Column({ name: 'reported_by', type: 'varchar', length: 64, nullable: true })
  reportedBy: string | null;

  @Column({ name: 'reported_at', type: 'varchar', length: 30, nullable: true })
  reportedAt: string | null;
}
