import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

const text = (name: string, length: string, nullable = false) => ({ name, type: 'varchar', length, isNullable: nullable });

/**
 * Issue 18 §3, 上级督办 / 交办: a higher body's supervision or assignment of a lower body's case,
 * with its due date and the lower body's report back (src/supervision).
 */
export class Supervisions1796654866708 implements MigrationInterface {
  name = 'Supervisions1796654866708';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'supervisions',
        columns: [
          { ...text('id', '36'), isPrimary: true },
          text('case_id', '36'),
          // `supervise` (督办) or `assign` (交办).
          text('kind', '10'),
          text('by_body', '64'),
          text('to_body', '64'),
          text('due_on', '10'),
          { name: 'instructions', type: 'text' },
          // `open` until reported on, then `reported`.
          text('status', '10'),
          text('created_by', '64'),
          text('created_at', '30'),
          { name: 'report', type: 'text', isNullable: true },
          text('reported_by', '64', true),
          text('reported_at', '30', true),
        ],
        indices: [
          new TableIndex({ name: 'supervisions_case', columnNames: ['case_id'] }),
          new TableIndex({ name: 'supervisions_to_body', columnNames: ['to_body', 'status'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('supervisions');
  }
}
