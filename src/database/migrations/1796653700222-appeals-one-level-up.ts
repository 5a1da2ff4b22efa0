import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18 §3: an appeal (申诉) goes to the body one level up. `cases.appeal_body` names the parent
 * body the case was referred to when the appeal was filed (NULL: never appealed); that body's staff
 * see the case and decide the appeal, the case's own body keeps it.
 */
export class AppealsOneLevelUp1796653700222 implements MigrationInterface {
  name = 'AppealsOneLevelUp1796653700222';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain SQL, the same on both databases: TypeORM's SQLite addColumn rebuilds the table and trips over its indexes.
    await queryRunner.query('ALTER TABLE "cases" ADD COLUMN "appeal_body" varchar(64)');
    await queryRunner.query('CREATE INDEX "cases_appeal_body" ON "cases" ("appeal_body", "updated_at")');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "cases_appeal_body"');
    await queryRunner.query('ALTER TABLE "cases" DROP COLUMN "appeal_body"');
  }
}
