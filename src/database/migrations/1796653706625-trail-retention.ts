import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * Issue 22 §4, retention that keeps the proofs (docs/audit.md, "Retention").
 *
 * - `trail_retired_payloads`: one row per entry whose payload (its `data` and `reason`) an audit
 *   administrator's decision retired; the decision is an entry on the `admin` chain, named by its
 *   position there. Append-only, like the trail.
 * - The trail's guard against UPDATE now lets exactly one update through: an entry's `data` set to
 *   the retired marker and its `reason` emptied, every other column (its hash above all: the leaf of
 *   the log and the link of its chain) unchanged, and only for an entry recorded as retired above.
 *   Everything else is refused as before; DELETE is refused as before.
 *
 * The trigger names stay those of the initial schema, so whoever switches the guard off (the tamper
 * tests, an insider) finds them where they were.
 */
const RETIRED_DATA = '{"payloadRetired":true}';

/** The one update of an entry the guard lets through (the same condition on both databases). */
const RETIREMENT_FORM = `NEW.id = OLD.id AND NEW.stream_id = OLD.stream_id AND NEW.position = OLD.position
  AND NEW.case_id IS NOT DISTINCT FROM OLD.case_id AND NEW.procedure IS NOT DISTINCT FROM OLD.procedure
  AND NEW.procedure_version IS NOT DISTINCT FROM OLD.procedure_version AND NEW.from_state IS NOT DISTINCT FROM OLD.from_state
  AND NEW.event = OLD.event AND NEW.to_state IS NOT DISTINCT FROM OLD.to_state AND NEW.outcome = OLD.outcome
  AND NEW.refusal_code IS NOT DISTINCT FROM OLD.refusal_code AND NEW.actor_id = OLD.actor_id AND NEW.actor_role = OLD.actor_role
  AND NEW.at = OLD.at AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash AND NEW.algorithm = OLD.algorithm
  AND NEW.data = '${RETIRED_DATA}' AND NEW.reason IS NULL
  AND EXISTS (SELECT 1 FROM trail_retired_payloads r WHERE r.entry_id = OLD.id)`;

export class TrailRetention1796653706625 implements MigrationInterface {
  name = 'TrailRetention1796653706625';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'trail_retired_payloads',
        columns: [
          { name: 'entry_id', type: 'integer', isPrimary: true },
          { name: 'decision_position', type: 'integer' },
          { name: 'retired_at', type: 'varchar', length: '30' },
        ],
      }),
    );
    if (queryRunner.connection.options.type === 'postgres') {
      // SQLite spells IS NOT DISTINCT FROM as IS; PostgreSQL has both, and only this one for values.
      await queryRunner.query(`CREATE OR REPLACE FUNCTION audit_entries_refuse_change() RETURNS trigger AS $$
        BEGIN
          IF TG_OP = 'UPDATE' AND ${RETIREMENT_FORM} THEN RETURN NEW; END IF;
          RAISE EXCEPTION 'audit trail is append-only';
        END; $$ LANGUAGE plpgsql`);
      await queryRunner.query(`CREATE FUNCTION trail_retired_refuse_change() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'retired payloads are append-only'; END; $$ LANGUAGE plpgsql`);
      await queryRunner.query(`CREATE TRIGGER trail_retired_payloads_append_only BEFORE UPDATE OR DELETE ON trail_retired_payloads
        FOR EACH ROW EXECUTE FUNCTION trail_retired_refuse_change()`);
      return;
    }
    await queryRunner.query('DROP TRIGGER audit_entries_no_update');
    await queryRunner.query(`CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
      WHEN NOT (${RETIREMENT_FORM.replace(/IS NOT DISTINCT FROM/g, 'IS')})
      BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END`);
    await queryRunner.query(`CREATE TRIGGER trail_retired_payloads_no_update BEFORE UPDATE ON trail_retired_payloads
      BEGIN SELECT RAISE(ABORT, 'retired payloads are append-only'); END`);
    await queryRunner.query(`CREATE TRIGGER trail_retired_payloads_no_delete BEFORE DELETE ON trail_retired_payloads
      BEGIN SELECT RAISE(ABORT, 'retired payloads are append-only'); END`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Payloads already retired stay retired: the guard goes back to refusing every update.
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`CREATE OR REPLACE FUNCTION audit_entries_refuse_change() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'audit trail is append-only'; END; $$ LANGUAGE plpgsql`);
      await queryRunner.dropTable('trail_retired_payloads');
      await queryRunner.query('DROP FUNCTION IF EXISTS trail_retired_refuse_change()');
      return;
    }
    await queryRunner.query('DROP TRIGGER IF EXISTS audit_entries_no_update');
    await queryRunner.query(`CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
      BEGIN SELECT RAISE(ABORT, 'audit trail is append-only'); END`);
    await queryRunner.dropTable('trail_retired_payloads');
  }
}
