import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

const text = (name: string, length: string, nullable = false) => ({ name, type: 'varchar', length, isNullable: nullable });

/**
 * Working-day calendar years loaded by the system administrator while the service runs, in the
 * database so that every instance sees them; and on deadlines and notices, whether a due date was
 * counted Monday to Friday for a year without official data (provisional) and whether a calendar
 * load still has to be applied to it.
 */
export class CalendarYears1765000000000 implements MigrationInterface {
  name = 'CalendarYears1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'calendar_years',
        columns: [
          { name: 'year', type: 'integer', isPrimary: true },
          { name: 'holidays', type: 'text' },
          { name: 'workdays', type: 'text' },
          { name: 'labels', type: 'text' },
          text('note', '500', true),
          text('digest', '64'),
          { name: 'revision', type: 'integer' },
          { name: 'version', type: 'integer', isUnique: true },
          text('loaded_by', '64'),
          text('loaded_at', '30'),
        ],
      }),
    );
    // Plain ADD COLUMNs: both databases do them in place, where TypeORM's SQLite path would copy the table.
    await queryRunner.query('ALTER TABLE deadlines ADD COLUMN provisional_years varchar(40) NULL');
    await queryRunner.query('ALTER TABLE deadlines ADD COLUMN calendar_recheck integer NULL');
    await queryRunner.createIndex('deadlines', new TableIndex({ name: 'deadlines_calendar_recheck', columnNames: ['calendar_recheck'] }));
    await queryRunner.query('ALTER TABLE notifications ADD COLUMN previous_due_at varchar(30) NULL');
    await queryRunner.query('ALTER TABLE notifications ADD COLUMN provisional_years varchar(40) NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE notifications DROP COLUMN provisional_years');
    await queryRunner.query('ALTER TABLE notifications DROP COLUMN previous_due_at');
    await queryRunner.dropIndex('deadlines', 'deadlines_calendar_recheck');
    await queryRunner.query('ALTER TABLE deadlines DROP COLUMN calendar_recheck');
    await queryRunner.query('ALTER TABLE deadlines DROP COLUMN provisional_years');
    await queryRunner.dropTable('calendar_years');
  }
}
