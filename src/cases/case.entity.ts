import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A case: the stored machine snapshot plus the columns lists filter on. Only the case engine writes
 * it; `version` rises by one with each applied event and guards against stale screens.
 */
@Entity('cases')
@Index('cases_procedure_state_updated', ['procedure', 'state', 'updatedAt'])
@Index('cases_cadre', ['cadreId'])
@Index('cases_unit', ['unitId'])
@Index('cases_updated', ['updatedAt'])
@Index('cases_created', ['createdAt', 'id'])
@Index('cases_origin', ['originCaseId'])
@Index('cases_jurisdiction', ['jurisdiction', 'updatedAt'])
@Index('cases_appeal_body', ['appealBody', 'updatedAt'])
export class CaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 40 })
  procedure: string;

  @Column({ name: 'procedure_version', type: 'integer' })
  procedureVersion: number;

  @Column({ type: 'varchar', length: 60 })
  state: string;

  /** `active` or `done` (the machine reached a final state). */
  @Column({ type: 'varchar', length: 10 })
  status: string;

  /** The machine context as JSON. */
  @Column({ type: 'text' })
  context: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ name: 'cadre_id', type: 'varchar', length: 64 })
  cadreId: string;

  @Column({ name: 'applicant_id', type: 'varchar', length: 64, nullable: true })
  applicantId: string | null;

  @Column({ name: 'unit_id', type: 'varchar', length: 64 })
  unitId: string;

  /** The jurisdiction of the unit, copied at creation: staff see the cases of their jurisdiction. */
  @Column({ type: 'varchar', length: 64 })
  jurisdiction: string;

  @Column({ name: 'accuser_user_id', type: 'varchar', length: 64, nullable: true })
  accuserUserId: string | null;

  @Column({ name: 'origin_case_id', type: 'varchar', length: 36, nullable: true })
  originCaseId: string | null;

  @Column({ name: 'origin_relation', type: 'varchar', length: 40, nullable: true })
  originRelation: string | null;

  /**
   * The parent body the case was referred to by an appeal (申诉, issue 18 §3), or null: its staff
   * see the case and decide the appeal (the event marked `oneLevelUp: 'decide'`).
   */
  @Column({ name: 'appeal_body', type: 'varchar', length: 64, nullable: true })
  appealBody: string | null;

  /** 案件编号, e.g. 济纪容〔2026〕3号: given in the opening's transaction, unique (case-numbers.ts). */
  @Column({ name: 'case_no', type: 'varchar', length: 80, nullable: true })
  caseNo: string | null;

  /** Lower-cased text the free-text filter searches (summary, cadre, unit), besides the number and the directory's names. */
  @Column({ name: 'search_text', type: 'text' })
  searchText: string;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt: string;

  /** When the current state was entered: the clock of its deadline starts here. */
  @Column({ name: 'state_entered_at', type: 'varchar', length: 30 })
  stateEnteredAt: string;

  /** Hash and length of the case's trail: lets verification notice entries cut off the end. */
  @Column({ name: 'trail_head', type: 'varchar', length: 64 })
  trailHead: string;

  @Column({ name: 'trail_length', type: 'integer' })
  trailLength: number;

  /** Salts the digest of this row that its trail entries record (src/audit/case-row-record.ts); never shown. */
  @Column({ name: 'integrity_salt', type: 'varchar', length: 64, nullable: true })
  integritySalt: string | null;
}
