import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each deadline keeps the instant its limit counts from (issue 14 §2): the day its rule names, such
 * as the day a report was received, which may lie before the case entered the state. Older rows
 * leave it null and count from `created_at`, as they did.
 */
export class DeadlineStart1765300000000 implements MigrationInterface {
  name = 'DeadlineStart1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE deadlines ADD COLUMN counted_from varchar(30) NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE deadlines DROP COLUMN counted_from');
  }
}
