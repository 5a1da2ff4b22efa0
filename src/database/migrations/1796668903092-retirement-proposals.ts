import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

const text = (name: string, length: string, nullable = false) => ({ name, type: 'varchar', length, isNullable: nullable });
const whole = (name: string) => ({ name, type: 'integer', isNullable: false });

/**
 * Issue 22 §4, a second person's approval of a retirement: one audit administrator proposes, another
 * approves (src/audit/retirement-proposals.service.ts).
 */
export class RetirementProposals1796668903092 implements MigrationInterface {
  name = 'RetirementProposals1796668903092';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'trail_retirement_proposals',
        columns: [
          { ...text('id', '36'), isPrimary: true },
          text('kind', '40'),
          whole('days'),
          text('cutoff', '30'),
          whole('first_log_index'),
          whole('last_log_index'),
          whole('entries'),
          { name: 'more_due', type: 'boolean', isNullable: false },
          text('reason', '500'),
          text('proposed_by', '64'),
          text('proposed_at', '30'),
          text('expires_at', '30'),
          text('status', '12'),
          text('decided_by', '64', true),
          text('decided_at', '30', true),
          text('decision_note', '500', true),
          text('decision', '30', true),
        ],
        indices: [new TableIndex({ name: 'trail_retirement_proposals_kind', columnNames: ['kind', 'status'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('trail_retirement_proposals');
  }
}
