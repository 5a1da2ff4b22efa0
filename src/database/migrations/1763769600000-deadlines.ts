import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

const text = (name: string, length: string, nullable = false) => ({ name, type: 'varchar', length, isNullable: nullable });

/** Deadlines as rows (claimed before they fire) and in-app notifications. */
export class Deadlines1763769600000 implements MigrationInterface {
  name = 'Deadlines1763769600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'deadlines',
        columns: [
          { ...text('id', '36'), isPrimary: true },
          text('case_id', '36'),
          text('state', '60'),
          text('rule', '80'),
          text('due_at', '30'),
          text('remind_at', '30'),
          text('on_expiry', '60', true),
          text('status', '12'),
          { name: 'reminded', type: 'boolean' },
          text('claimed_by', '64', true),
          text('claimed_until', '30', true),
          text('created_at', '30'),
          text('closed_at', '30', true),
        ],
        indices: [
          new TableIndex({ name: 'deadlines_due', columnNames: ['status', 'due_at'] }),
          new TableIndex({ name: 'deadlines_case', columnNames: ['case_id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'notifications',
        columns: [
          { ...text('id', '36'), isPrimary: true },
          text('case_id', '36'),
          text('recipient_role', '20'),
          text('recipient_user_id', '64', true),
          text('kind', '20'),
          text('rule', '80'),
          text('due_at', '30'),
          text('created_at', '30'),
        ],
        indices: [
          new TableIndex({ name: 'notifications_user', columnNames: ['recipient_user_id'] }),
          new TableIndex({ name: 'notifications_role', columnNames: ['recipient_role'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('notifications');
    await queryRunner.dropTable('deadlines');
  }
}
