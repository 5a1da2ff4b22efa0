import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

const text = (name: string, length: string, nullable = false) => ({ name, type: 'varchar', length, isNullable: nullable });

/**
 * Issue 16, item 8: a password reset or the disabling of an administrator's account is a request
 * that another administrator approves (src/admin/admin-approvals.service.ts).
 */
export class AdminApprovals1765200100000 implements MigrationInterface {
  name = 'AdminApprovals1765200100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'admin_approvals',
        columns: [
          { ...text('id', '36'), isPrimary: true },
          text('kind', '20'),
          text('target_user_id', '64'),
          text('requested_by', '64'),
          text('requested_at', '30'),
          text('expires_at', '30'),
          text('status', '12'),
          text('decided_by', '64', true),
          text('decided_at', '30', true),
          text('note', '1000', true),
          text('password_hash', '200', true),
        ],
        indices: [new TableIndex({ name: 'admin_approvals_target', columnNames: ['target_user_id', 'status'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('admin_approvals');
  }
}
