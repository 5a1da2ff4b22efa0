import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

const text = (name: string, length: string) => ({ name, type: 'varchar', length, isNullable: false });

/**
 * Issue 18 §4, the backlog of existing cases: which source row became which case. The row's
 * SHA-256 is the key, so importing the same row again changes nothing (src/backlog-import).
 */
export class ImportedCases1796665888066 implements MigrationInterface {
  name = 'ImportedCases1796665888066';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'imported_cases',
        columns: [
          { ...text('source_sha256', '64'), isPrimary: true },
          text('case_id', '36'),
          text('file_sha256', '64'),
          { name: 'source_row', type: 'integer', isNullable: false },
          text('original_no', '64'),
          text('imported_by', '64'),
          text('imported_at', '30'),
        ],
        indices: [
          new TableIndex({ name: 'imported_cases_case', columnNames: ['case_id'] }),
          new TableIndex({ name: 'imported_cases_original_no', columnNames: ['original_no'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('imported_cases');
  }
}
