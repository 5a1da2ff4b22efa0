import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What the organisation department asks about: the use the answer is for. */
export const VETTING_PURPOSES = {
  selection: { zh: '选拔任用', en: 'Selection and appointment' },
  evaluation: { zh: '评优评先', en: 'Awards and commendations' },
  assessment: { zh: '考核', en: 'Assessment' },
  other: { zh: '其他干部监督事项', en: 'Other cadre supervision' },
} as const;
export type VettingPurpose = keyof typeof VETTING_PURPOSES;

/**
 * A promotion-vetting inquiry (党风廉政意见回复, issue 21 §3): the organisation department asks a
 * body what it holds on a cadre on a day; the body answers with the results then in force under a
 * 文号 of its own. The question and the answer are each on the `results` chain of the trail.
 */
@Entity('vetting_inquiries')
export class VettingInquiryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'cadre_id', type: 'varchar', length: 64 })
  cadreId: string;

  /** The body asked (the cadre's managing body unless the question names another). */
  @Column({ type: 'varchar', length: 64 })
  jurisdiction: string;

  @Column({ type: 'varchar', length: 20 })
  purpose: VettingPurpose;

  /** The day the answer speaks for, `YYYY-MM-DD` China time. */
  @Column({ name: 'as_of', type: 'varchar', length: 10 })
  asOf: string;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  note: string | null;

  @Column({ name: 'asked_by', type: 'varchar', length: 64 })
  askedBy: string;

  @Column({ name: 'asked_at', type: 'varchar', length: 30 })
  askedAt: string;

  @Column({ type: 'varchar', length: 10 })
  status: 'open' | 'answered';

  @Column({ name: 'document_no', type: 'varchar', length: 80, nullable: true })
  documentNo: string | null;

  @Column({ name: 'answered_by', type: 'varchar', length: 64, nullable: true })
  answeredBy: string | null;

  @Column({ name: 'answered_at', type: 'varchar', length: 30, nullable: true })
  answeredAt: string | null;

  /** The reply as sent (JSON): the standing, the results in force and the letter's text. */
  @Column({ type: 'text', nullable: true })
  answer: string | null;
}
