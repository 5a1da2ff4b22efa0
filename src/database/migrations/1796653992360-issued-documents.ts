import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

const text = (name: string, length: string, nullable = false) => ({ name, type: 'varchar', length, isNullable: nullable });

/**
 * Issue 20 §2: official documents (文书) as issued, with their PDF, and the system administrator's
 * template versions. 文号 come from `case_number_series` (series `doc:` + the 机关代字); the unique
 * indexes on the 文号 and the verification code are the backstop.
 */
export class IssuedDocuments1796653992360 implements MigrationInterface {
  name = 'IssuedDocuments1796653992360';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'issued_documents',
        columns: [
          { ...text('id', '36'), isPrimary: true },
          text('case_id', '36'),
          text('event', '60'),
          text('kind', '40'),
          text('doc_no', '80'),
          text('title', '200'),
          { name: 'template_version', type: 'integer' },
          text('verification_code', '16'),
          text('digest', '64'),
          { name: 'size', type: 'integer' },
          { name: 'served_on_party', type: 'boolean' },
          text('issued_at', '30'),
          text('issued_by_role', '40'),
          { name: 'pdf', type: 'text' },
        ],
        indices: [
          new TableIndex({ name: 'issued_documents_case', columnNames: ['case_id', 'issued_at'] }),
          new TableIndex({ name: 'issued_documents_doc_no', columnNames: ['doc_no'], isUnique: true }),
          new TableIndex({ name: 'issued_documents_code', columnNames: ['verification_code'], isUnique: true }),
          new TableIndex({ name: 'issued_documents_digest', columnNames: ['digest'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'document_templates',
        columns: [
          { ...text('kind', '40'), isPrimary: true },
          { name: 'version', type: 'integer', isPrimary: true },
          { name: 'source', type: 'text' },
          text('created_at', '30'),
          text('created_by', '64'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('document_templates');
    await queryRunner.dropTable('issued_documents');
  }
}
