import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

const text = (name: string, length: string) => ({ name, type: 'varchar', length, isNullable: false });

/**
 * Issue 14 §4: each user's read state of their notices, persisted. A notice to a role is shared, so
 * it is a row per notice and reader (the blind index of the reader's account).
 */
export class NotificationReads1765320000000 implements MigrationInterface {
  name = 'NotificationReads1765320000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'notification_reads',
        columns: [{ ...text('notification_id', '36'), isPrimary: true }, { ...text('reader', '64'), isPrimary: true }, text('read_at', '30')],
        indices: [new TableIndex({ name: 'notification_reads_reader', columnNames: ['reader'] })],
      }),
    );
    // The reminders page lists a user's notices newest first.
    await queryRunner.createIndex('notifications', new TableIndex({ name: 'notifications_created', columnNames: ['created_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('notifications', 'notifications_created');
    await queryRunner.dropTable('notification_reads');
  }
}
