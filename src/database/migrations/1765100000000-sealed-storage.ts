import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

const text = (name: string, length: string, nullable = false) => ({ name, type: 'varchar', length, isNullable: nullable });

/**
 * Sealed identities at rest (issue 15):
 * - `sealed_actors`: the real account behind a trail entry written under a pseudonym (the entry's
 *   data holds a salted commitment to it; this row holds the salt and the account, encrypted);
 * - `read_records`: when a user's read of a case file or a trail search was last put on the
 *   `audit-reads` chain, so that rereading within the hour does not add entries;
 * - `sealed_storage_state`: which encryption keys the stored ciphertexts use, and whether the
 *   plaintext of older versions has been sealed.
 */
export class SealedStorage1765100000000 implements MigrationInterface {
  name = 'SealedStorage1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'sealed_actors',
        columns: [
          { ...text('commitment', '64'), isPrimary: true },
          text('stream_id', '64'),
          { name: 'position', type: 'integer' },
          text('case_id', '36', true),
          text('key_id', '40'),
          { name: 'sealed', type: 'text' },
          text('created_at', '30'),
        ],
        indices: [new TableIndex({ name: 'sealed_actors_case', columnNames: ['case_id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'read_records',
        columns: [{ ...text('user_id', '64'), isPrimary: true }, { ...text('subject', '200'), isPrimary: true }, text('recorded_at', '30')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'sealed_storage_state',
        columns: [
          { ...text('name', '40'), isPrimary: true },
          { name: 'value', type: 'text' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sealed_storage_state');
    await queryRunner.dropTable('read_records');
    await queryRunner.dropTable('sealed_actors');
  }
}
