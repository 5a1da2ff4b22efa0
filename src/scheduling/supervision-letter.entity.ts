import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** 提示函 at yellow (to the responsible leader), 督办函 at red (to the principal leader). */
export type LetterKind = 'reminderLetter' | 'supervisionLetter';

/**
 * Who a letter is for. Until the directory tells principal from deputy leaders (domain.md §7), a
 * letter is addressed to the `leader` role of the case's jurisdiction, and says whom it means.
 */
export type LetterAddresseeTitle = 'responsibleLeader' | 'principalLeader';

/**
 * A supervision letter the warning ladder issued, kept as data: its date, addressee, the deadline
 * it is about; the documents work renders it as an official document later. Withdrawn (撤牌) when
 * the step is done.
 */
@Entity('supervision_letters')
@Index('supervision_letters_case', ['caseId'])
@Index('supervision_letters_deadline', ['deadlineId'])
export class SupervisionLetterEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'case_id', type: 'varchar', length: 36 })
  caseId: string;

  @Column({ name: 'deadline_id', type: 'varchar', length: 36 })
  deadlineId: string;

  @Column({ type: 'varchar', length: 20 })
  kind: LetterKind;

  @Column({ type: 'varchar', length: 8 })
  colour: string;

  @Column({ type: 'varchar', length: 80 })
  rule: string;

  @Column({ type: 'varchar', length: 60 })
  state: string;

  @Column({ name: 'due_at', type: 'varchar', length: 30 })
  dueAt: string;

  @Column({ name: 'provisional_years', type: 'varchar', length: 40, nullable: true })
  provisionalYears: string | null;

  @Column({ name: 'issued_at', type: 'varchar', length: 30 })
  issuedAt: string;

  /** The letter's date, China time (`YYYY-MM-DD`). */
  @Column({ name: 'issued_on', type: 'varchar', length: 10 })
  issuedOn: string;

  @Column({ name: 'addressee_role', type: 'varchar', length: 20 })
  addresseeRole: string;

  @Column({ name: 'addressee_jurisdiction', type: 'varchar', length: 64 })
  addresseeJurisdiction: string;

  @Column({ name: 'addressee_title', type: 'varchar', length: 30 })
  addresseeTitle: LetterAddresseeTitle;

  @Column({ name: 'withdrawn_at', type: 'varchar', length: 30, nullable: true })
  withdrawnAt: string | null;
}
