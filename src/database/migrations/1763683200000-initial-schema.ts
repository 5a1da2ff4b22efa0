import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

const time = (name: string, nullable = false) => ({ name, type: 'varchar', length: '30', isNullable: nullable });
const id = (name: string, nullable = false, length = '64') => ({ name, type: 'varchar', length, isNullable: nullable });

/**
 * The first schema: users and roles, cases, the trail and idempotency keys. Written with
 * TypeORM's Table API so the same migration runs on SQLite and PostgreSQL; only the triggers that
 * keep the trail insert-only need each database's own dialect.
 */
export class InitialSchema1763683200000 implements MigrationInterface {
  name = 'InitialSchema1763683200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { ...id('id'), isPrimary: true },
          { name: 'display_name', type: 'varchar', length: '100' },
          { name: 'password_hash', type: 'varchar', length: '200' },
          id('unit_id', true),
          { name: 'active', type: 'boolean' },
          { name: 'failed_logins', type: 'integer', default: 0 },
          time('locked_until', true),
          time('created_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'user_roles',
        columns: [
          { ...id('user_id'), isPrimary: true },
          { name: 'role', type: 'varchar', length: '20', isPrimary: true },
          { ...id('scope'), isPrimary: true },
        ],
        foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'cases',
        columns: [
          { ...id('id', false, '36'), isPrimary: true },
          { name: 'procedure', type: 'varchar', length: '40' },
          { name: 'procedure_version', type: 'integer' },
          { name: 'state', type: 'varchar', length: '60' },
          { name: 'status', type: 'varchar', length: '10' },
          { name: 'context', type: 'text' },
          { name: 'version', type: 'integer' },
          id('cadre_id'),
          id('applicant_id', true),
          id('unit_id'),
          id('accuser_user_id', true),
          id('origin_case_id', true, '36'),
          { name: 'origin_relation', type: 'varchar', length: '40', isNullable: true },
          { name: 'search_text', type: 'text' },
          id('created_by'),
          time('created_at'),
          time('updated_at'),
          time('state_entered_at'),
          { name: 'trail_head', type: 'varchar', length: '64' },
          { name: 'trail_length', type: 'integer' },
        ],
        indices: [
          new TableIndex({ name: 'cases_procedure_state', columnNames: ['procedure', 'state'] }),
          new TableIndex({ name: 'cases_cadre', columnNames: ['cadre_id'] }),
          new TableIndex({ name: 'cases_unit', columnNames: ['unit_id'] }),
          new TableIndex({ name: 'cases_updated', columnNames: ['updated_at'] }),
          new TableIndex({ name: 'cases_origin', columnNames: ['origin_case_id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_entries',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          id('stream_id'),
          { name: 'position', type: 'integer' },
          id('case_id', true, '36'),
          { name: 'procedure', type: 'varchar', length: '40', isNullable: true },
          { name: 'procedure_version', type: 'integer', isNullable: true },
          { name: 'from_state', type: 'varchar', length: '60', isNullable: true },
          { name: 'event', type: 'varchar', length: '60' },
          { name: 'to_state', type: 'varchar', length: '60', isNullable: true },
          { name: 'outcome', type: 'varchar', length: '16' },
          { name: 'refusal_code', type: 'varchar', length: '60', isNullable: true },
          id('actor_id'),
          { name: 'actor_role', type: 'varchar', length: '20' },
          time('at'),
          { name: 'reason', type: 'text', isNullable: true },
          { name: 'data', type: 'text' },
          { name: 'prev_hash', type: 'varchar', length: '64' },
          { name: 'hash', type: 'varchar', length: '64' },
          { name: 'algorithm', type: 'varchar', length: '10' },
        ],
        indices: [
          new TableIndex({ name: 'audit_entries_stream_position', columnNames: ['stream_id', 'position'], isUnique: true }),
          new TableIndex({ name: 'audit_entries_case', columnNames: ['case_id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'idempotency_keys',
        columns: [
          { ...id('actor_id'), isPrimary: true },
          { name: 'key', type: 'varchar', length: '200', isPrimary: true },
          { name: 'request_hash', type: 'varchar', length: '64' },
          { name: 'status_code', type: 'integer' },
          { name: 'response', type: 'text' },
          time('created_at'),
        ],
      }),
    );
    await this.protectTrail(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query('DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries');
      await queryRunner.query('DROP FUNCTION IF EXISTS audit_entries_refuse_change()');
    } else {
      await queryRunner.query('DROP TRIGGER IF EXISTS audit_entries_no_update');
      await queryRunner.query('DROP TRIGGER IF EXISTS audit_entries_no_delete');
    }
    for (const table of ['idempotency_keys', 'audit_entries', 'cases', 'user_roles', 'users']) {
      await queryRunner.dropTable(table);
    }
  }

  /** conventions.md §5: the database itself refuses UPDATE and DELETE on the trail. */
  private async protectTrail(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`CREATE FUNCTION audit_entries_refuse_change() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'audit trail is append-only'; END; $$ LANGUAGE plpgsql`);
      await queryRunner.query(`CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
        FOR EACH ROW EXECUTE FUNCTION audit_entries_refuse_change()`);
      return;
    }
    await queryRunner.query(`CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
      BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END`);
    await queryRunner.query(`CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
      BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END`);
  }
}
