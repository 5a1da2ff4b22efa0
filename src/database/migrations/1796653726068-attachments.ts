import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

const text = (name: string, length: string, isNullable = false) => ({ name, type: 'varchar', length, isNullable });

/**
 * Issue 20 §1: attachments (材料). `attachments` holds one row per upload to a case; the content is
 * content-addressed. On SQLite it lives in files beside the database; on PostgreSQL in
 * `attachment_contents` and `attachment_chunks` (1 MiB chunks), so every instance reads the same
 * file with no new server. The tables exist on both so a copy between dialects needs no change.
 */
export class Attachments1796653726068 implements MigrationInterface {
  name = 'Attachments1796653726068';

  async up(queryRunner: QueryRunner): Promise<void> {
    const binary = queryRunner.connection.options.type === 'postgres' ? 'bytea' : 'blob';
    await queryRunner.createTable(
      new Table({
        name: 'attachments',
        columns: [
          { ...text('id', '36'), isPrimary: true },
          text('case_id', '36'),
          text('digest', '64'),
          text('algorithm', '10'),
          { name: 'size', type: 'integer', isNullable: false },
          text('kind', '10'),
          text('media_type', '100'),
          text('name', '255'),
          { name: 'protected', type: 'boolean', isNullable: false, default: false },
          text('uploaded_by', '64'),
          text('uploader_role', '20'),
          text('uploaded_at', '30'),
          text('cited_at', '30', true),
          text('cited_by', '60', true),
        ],
        indices: [
          new TableIndex({ name: 'attachments_case', columnNames: ['case_id', 'uploaded_at'] }),
          new TableIndex({ name: 'attachments_digest', columnNames: ['digest'] }),
          // The sweep of uploads no event cited reads these.
          new TableIndex({ name: 'attachments_uncited', columnNames: ['cited_at', 'uploaded_at'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'attachment_contents',
        columns: [
          { ...text('digest', '64'), isPrimary: true },
          { name: 'size', type: 'integer', isNullable: false },
          { name: 'chunks', type: 'integer', isNullable: false },
          text('stored_at', '30'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'attachment_chunks',
        columns: [
          { ...text('digest', '64'), isPrimary: true },
          { name: 'seq', type: 'integer', isPrimary: true, isNullable: false },
          { name: 'data', type: binary, isNullable: false },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('attachment_chunks');
    await queryRunner.dropTable('attachment_contents');
    await queryRunner.dropTable('attachments');
  }
}
