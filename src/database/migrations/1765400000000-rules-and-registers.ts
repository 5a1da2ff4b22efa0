import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

const text = (name: string, length: string, nullable = false) => ({ name, type: 'varchar', length, isNullable: nullable });

/**
 * Issue 19: the catalogues of tolerance and exclusion situations (versioned per jurisdiction), the
 * committees collective decisions are held by, the register of risk-prevention filings (防错备案),
 * the credit blacklist (失信黑名单), and the principal leader's marker on a leader's grant.
 */
export class RulesAndRegisters1765400000000 implements MigrationInterface {
  name = 'RulesAndRegisters1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'catalogue_versions',
        columns: [
          { ...text('jurisdiction', '64'), isPrimary: true },
          { name: 'version', type: 'integer', isPrimary: true },
          text('created_by', '64'),
          text('created_at', '30'),
          text('note', '500', true),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'catalogue_entries',
        columns: [
          { ...text('jurisdiction', '64'), isPrimary: true },
          { name: 'version', type: 'integer', isPrimary: true },
          { ...text('code', '16'), isPrimary: true },
          { name: 'position', type: 'integer' },
          text('kind', '12'),
          text('wording_zh', '500'),
          text('wording_en', '500'),
          text('legal_basis', '500'),
          { name: 'describe', type: 'boolean' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'committees',
        columns: [
          { ...text('jurisdiction', '64'), isPrimary: true },
          { name: 'members', type: 'text' },
          { name: 'quorum', type: 'integer', isNullable: true },
          { name: 'version', type: 'integer' },
          text('updated_by', '64'),
          text('updated_at', '30'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'risk_filings',
        columns: [
          { ...text('filing_no', '200'), isPrimary: true },
          text('case_id', '36'),
          text('unit_id', '64'),
          text('jurisdiction', '64'),
          text('project', '200'),
          { name: 'scope', type: 'text' },
          text('filed_on', '10'),
          text('registered_on', '10'),
          text('registered_by', '64'),
        ],
        indices: [new TableIndex({ name: 'risk_filings_case', columnNames: ['case_id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'blacklist_entries',
        columns: [
          { ...text('id', '36'), isPrimary: true },
          text('case_id', '36'),
          text('jurisdiction', '64'),
          // The person, as a sealed value and blind indexes (src/sealed): never in plain text.
          { name: 'person_sealed', type: 'text' },
          text('account_index', '64', true),
          text('name_index', '64', true),
          text('deciding_body', '200'),
          text('decided_on', '10'),
          { name: 'measures', type: 'text' },
          text('stage', '12'),
          text('from_date', '10'),
          text('until_date', '10'),
          text('status', '12'),
          text('created_at', '30'),
          text('withdrawn_at', '30', true),
        ],
        indices: [
          new TableIndex({ name: 'blacklist_entries_case', columnNames: ['case_id'] }),
          new TableIndex({ name: 'blacklist_entries_account', columnNames: ['account_index'] }),
          new TableIndex({ name: 'blacklist_entries_name', columnNames: ['name_index'] }),
        ],
      }),
    );
    // A plain ADD COLUMN: both databases do it in place.
    await queryRunner.query('ALTER TABLE user_roles ADD COLUMN principal boolean NOT NULL DEFAULT false');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE user_roles DROP COLUMN principal');
    for (const table of ['blacklist_entries', 'risk_filings', 'committees', 'catalogue_entries', 'catalogue_versions']) await queryRunner.dropTable(table);
  }
}
