import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

const text = (name: string, length: string, nullable = false) => ({ name, type: 'varchar', length, isNullable: nullable });

/**
 * Who may see what: units and the jurisdiction each belongs to (copied onto cases so lists filter
 * on one indexed column), login sessions that logout and administrators can revoke, and requests
 * to read a sealed identity.
 */
export class Identity1763856000000 implements MigrationInterface {
  name = 'Identity1763856000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'units',
        columns: [{ ...text('id', '64'), isPrimary: true }, text('name', '100'), text('jurisdiction', '64'), text('created_at', '30')],
      }),
    );
    // A plain ADD COLUMN: both databases do it in place, where TypeORM's SQLite path would copy the table.
    await queryRunner.query(`ALTER TABLE cases ADD COLUMN jurisdiction varchar(64) NOT NULL DEFAULT ''`);
    await queryRunner.createIndex('cases', new TableIndex({ name: 'cases_jurisdiction', columnNames: ['jurisdiction', 'updated_at'] }));
    await queryRunner.createTable(
      new Table({
        name: 'sessions',
        columns: [
          { ...text('id', '36'), isPrimary: true },
          text('user_id', '64'),
          text('created_at', '30'),
          text('expires_at', '30'),
          text('revoked_at', '30', true),
        ],
        indices: [new TableIndex({ name: 'sessions_user', columnNames: ['user_id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'identity_reveals',
        columns: [
          { ...text('id', '36'), isPrimary: true },
          text('case_id', '36'),
          text('requested_by', '64'),
          text('reason', '1000'),
          text('requested_at', '30'),
          text('status', '12'),
          text('decided_by', '64', true),
          text('decided_at', '30', true),
          text('decision_note', '1000', true),
          text('expires_at', '30', true),
        ],
        indices: [new TableIndex({ name: 'identity_reveals_case', columnNames: ['case_id'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('identity_reveals');
    await queryRunner.dropTable('sessions');
    await queryRunner.dropIndex('cases', 'cases_jurisdiction');
    await queryRunner.query('ALTER TABLE cases DROP COLUMN jurisdiction');
    await queryRunner.dropTable('units');
  }
}
