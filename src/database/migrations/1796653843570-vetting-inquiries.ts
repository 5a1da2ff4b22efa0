import { MigrationInterface, QueryRunner, Table, TableIndex, TableUnique } from 'typeorm';

const text = (name: string, length: string, nullable = false) => ({ name, type: 'varchar', length, isNullable: nullable });

/**
 * Issue 21 §3: the organisation department's questions about a cadre for promotion vetting
 * (党风廉政意见回复) and the body's answers, each with its 文号 (unique per body).
 */
export class VettingInquiries1796653843570 implements MigrationInterface {
  name = 'VettingInquiries1796653843570';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'vetting_inquiries',
        columns: [
          { ...text('id', '36'), isPrimary: true },
          text('cadre_id', '64'),
          text('jurisdiction', '64'),
          text('purpose', '20'),
          text('as_of', '10'),
          text('note', '2000', true),
          text('asked_by', '64'),
          text('asked_at', '30'),
          text('status', '10'),
          text('document_no', '80', true),
          text('answered_by', '64', true),
          text('answered_at', '30', true),
          { name: 'answer', type: 'text', isNullable: true },
        ],
        uniques: [new TableUnique({ name: 'vetting_document_no', columnNames: ['jurisdiction', 'document_no'] })],
      }),
    );
    await queryRunner.createIndex('vetting_inquiries', new TableIndex({ name: 'vetting_cadre', columnNames: ['cadre_id', 'asked_at'] }));
    await queryRunner.createIndex('vetting_inquiries', new TableIndex({ name: 'vetting_jurisdiction', columnNames: ['jurisdiction', 'status', 'asked_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('vetting_inquiries');
  }
}
