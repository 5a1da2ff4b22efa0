import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * Issue 16: heads for the chains that belong to no case, and a salt for the digest a case's trail
 * entries record of its row.
 *
 * - `chain_heads` holds where `security`, `admin` and any other non-case chain ends, written in
 *   the transaction of each append (a case row already records its own chain's head). It is filled
 *   here from the trail as it stands, so an existing database verifies; entries cut off before this
 *   migration cannot be noticed by it.
 * - `cases.integrity_salt`: a random value per case that salts the digest of the row recorded in
 *   trail entries (src/audit/case-row-record.ts). Every existing case gets one now.
 */
export class TrailHeads1765200000000 implements MigrationInterface {
  name = 'TrailHeads1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'chain_heads',
        columns: [
          { name: 'stream_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'position', type: 'integer' },
          { name: 'hash', type: 'varchar', length: '64' },
        ],
      }),
    );
    await queryRunner.query(`INSERT INTO chain_heads (stream_id, position, hash)
      SELECT e.stream_id, e.position, e.hash FROM audit_entries e
      WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = e.stream_id)
        AND e.position = (SELECT MAX(x.position) FROM audit_entries x WHERE x.stream_id = e.stream_id)`);
    // A plain ADD COLUMN: both databases do it in place, where TypeORM's SQLite path would copy the table.
    await queryRunner.query('ALTER TABLE cases ADD COLUMN integrity_salt varchar(64)');
    const random = queryRunner.connection.options.type === 'postgres' ? "replace(gen_random_uuid()::text, '-', '')" : 'lower(hex(randomblob(16)))';
    await queryRunner.query(`UPDATE cases SET integrity_salt = ${random}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE cases DROP COLUMN integrity_salt');
    await queryRunner.dropTable('chain_heads');
  }
}
