import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * Case lists filter by procedure and state and show the latest change first. With the change time
 * in the index a page is read in order and stops after its rows, instead of sorting every case in
 * the state (at a million cases the sort took seconds). The old (procedure, state) index is its
 * prefix and goes, so that a transition keeps one index fewer up to date.
 */
export class CaseListIndex1763942400000 implements MigrationInterface {
  name = 'CaseListIndex1763942400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('cases', new TableIndex({ name: 'cases_procedure_state_updated', columnNames: ['procedure', 'state', 'updated_at'] }));
    await queryRunner.dropIndex('cases', 'cases_procedure_state');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex('cases', new TableIndex({ name: 'cases_procedure_state', columnNames: ['procedure', 'state'] }));
    await queryRunner.dropIndex('cases', 'cases_procedure_state_updated');
  }
}
