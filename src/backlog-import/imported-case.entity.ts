import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Which source row became which case (issue 18 §4): the row's SHA-256 keys the import's idempotence. */
@Entity('imported_cases')
export class ImportedCaseEntity {
  @PrimaryColumn({ name: 'source_sha256', type: 'varchar', length: 64 })
  sourceSha256: string;

  @Column({ name: 'case_id', type: 'varchar', length: 36 })
  caseId: string;

  @Column({ name: 'file_sha256', type: 'varchar', length: 64 })
  fileSha256: string;

  @Column({ name: 'source_row', type: 'integer' })
  sourceRow: number;

  @Column({ name: 'original_no', type: 'varchar', length: 64 })
  originalNo: string;

  @Column({ name: 'imported_by', type: 'varchar', length: 64 })
  importedBy: string;

  @Column({ name: 'imported_at', type: 'varchar', length: 30 })
  importedAt: string;
}
