import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * Issue 18 §3: an appeal (申诉) goes to the body one level up. `cases.appeal_body` names the parent
 * body the case was referred to when the appeal was filed (NULL: never appealed); that body's staff
 * see the case and decide the appeal, the case's own body keeps it.
 */
export class AppealsOneLevelUp1796653700222 implements MigrationInterface {
  name = 'AppealsOneLevelUp1796653700222';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('cases', new TableColumn({ name: 'appeal_body', type: 'varchar', length: '64', isNullable: true }));
    await queryRunner.createIndex('cases', new TableIndex({ name: 'cases_appeal_body', columnNames: ['appeal_body', 'updated_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('cases', 'cases_appeal_body');
    await queryRunner.dropColumn('cases', 'appeal_body');
  }
}
