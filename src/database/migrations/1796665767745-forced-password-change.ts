import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18 §1, forced password change (等保 practice): an account whose password someone else set
 * (the system administrator's creation or reset, the directory import) carries
 * `must_change_password` until its holder chooses their own. Existing accounts are not forced:
 * their passwords were set before this rule and the demo's are documented.
 */
export class ForcedPasswordChange1796665767745 implements MigrationInterface {
  name = 'ForcedPasswordChange1796665767745';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "users" ADD COLUMN "must_change_password" boolean NOT NULL DEFAULT false');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "users" DROP COLUMN "must_change_password"');
  }
}
