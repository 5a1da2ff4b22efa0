import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

const text = (name: string, length: string, nullable = false) => ({ name, type: 'varchar', length, isNullable: nullable });

/**
 * Issue 14 §3, the 三色 warning ladder: each deadline carries its colour, since when, when the
 * ladder must look at it again, and when the warning was withdrawn (撤牌); the 提示函 and 督办函 it
 * issued are kept as data (the documents work renders them).
 */
export class WarningLadder1765310000000 implements MigrationInterface {
  name = 'WarningLadder1765310000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Plain ADD COLUMNs: both databases do them in place.
    await queryRunner.query('ALTER TABLE deadlines ADD COLUMN warning varchar(8) NULL');
    await queryRunner.query('ALTER TABLE deadlines ADD COLUMN warning_since varchar(30) NULL');
    await queryRunner.query('ALTER TABLE deadlines ADD COLUMN warning_next_at varchar(30) NULL');
    await queryRunner.query('ALTER TABLE deadlines ADD COLUMN warning_withdrawn_at varchar(30) NULL');
    await queryRunner.createIndex('deadlines', new TableIndex({ name: 'deadlines_warning_next', columnNames: ['status', 'warning_next_at'] }));
    await queryRunner.createIndex('deadlines', new TableIndex({ name: 'deadlines_warning', columnNames: ['warning', 'warning_withdrawn_at'] }));
    await queryRunner.createTable(
      new Table({
        name: 'supervision_letters',
        columns: [
          { ...text('id', '36'), isPrimary: true },
          text('case_id', '36'),
          text('deadline_id', '36'),
          text('kind', '20'),
          text('colour', '8'),
          text('rule', '80'),
          text('state', '60'),
          text('due_at', '30'),
          text('provisional_years', '40', true),
          text('issued_at', '30'),
          text('issued_on', '10'),
          text('addressee_role', '20'),
          text('addressee_jurisdiction', '64'),
          text('addressee_title', '30'),
          text('withdrawn_at', '30', true),
        ],
        indices: [
          new TableIndex({ name: 'supervision_letters_case', columnNames: ['case_id'] }),
          new TableIndex({ name: 'supervision_letters_deadline', columnNames: ['deadline_id'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('supervision_letters');
    await queryRunner.dropIndex('deadlines', 'deadlines_warning');
    await queryRunner.dropIndex('deadlines', 'deadlines_warning_next');
    await queryRunner.query('ALTER TABLE deadlines DROP COLUMN warning_withdrawn_at');
    await queryRunner.query('ALTER TABLE deadlines DROP COLUMN warning_next_at');
    await queryRunner.query('ALTER TABLE deadlines DROP COLUMN warning_since');
    await queryRunner.query('ALTER TABLE deadlines DROP COLUMN warning');
  }
}
