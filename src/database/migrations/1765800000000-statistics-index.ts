import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * Issue 21: the statistics count trail entries by event over a period (docs/statistics.md); without
 * this index every figure would read the whole trail.
 */
export class StatisticsIndex1765800000000 implements MigrationInterface {
  name = 'StatisticsIndex1765800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('audit_entries', new TableIndex({ name: 'audit_entries_event_at', columnNames: ['event', 'at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('audit_entries', 'audit_entries_event_at');
  }
}
