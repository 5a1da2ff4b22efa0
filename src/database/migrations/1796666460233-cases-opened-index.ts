import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * Issue 21 §2: the case-list export pages by the time a case was opened and its id (keyset paging,
 * src/cases/cases.service.ts `listAfter`); this index lets each page start where the last ended
 * instead of sorting the whole list again.
 */
export class CasesOpenedIndex1796666460233 implements MigrationInterface {
  name = 'CasesOpenedIndex1796666460233';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('cases', new TableIndex({ name: 'cases_created', columnNames: ['created_at', 'id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('cases', 'cases_created');
  }
}
