import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * Issue 22: the trail as a transparency log (docs/audit.md, "The log").
 *
 * - `tlog_pending`: every trail entry as it commits, filled by a trigger on `audit_entries` in the
 *   entry's own transaction (whatever code path wrote it). The sequencer takes committed rows from
 *   here and gives them their log index: on PostgreSQL the auto-increment id is not commit order,
 *   so indexes are assigned after commit, in a separate pass, one sequencer at a time.
 * - `tlog_leaves`: index → entry, with the leaf hash SHA-256(0x00 ‖ entry hash).
 * - `tlog_nodes`: the hash of every complete perfect subtree above the leaves (level ≥ 1); they
 *   never change once complete, so an append writes O(log n) rows and a proof reads O(log n).
 * - `tlog_state`: the tree size the sequencer reached.
 * - `tlog_checkpoints`: every signed checkpoint (one per tree size), `tlog_cosignatures` the
 *   witnesses' cosignatures on them.
 * - `tlog_witnessed`: as a witness for other bodies' logs, the latest checkpoint cosigned per origin.
 * Existing entries are queued in id order, so the log of an existing database starts with its trail.
 * The log's own tables are append-only like the trail (updates of the state and witness rows aside).
 */
export class TransparencyLog1765600000000 implements MigrationInterface {
  name = 'TransparencyLog1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const hash = (name: string) => ({ name, type: 'varchar', length: '64' });
    const time = (name: string) => ({ name, type: 'varchar', length: '30' });
    await queryRunner.createTable(new Table({ name: 'tlog_pending', columns: [{ name: 'entry_id', type: 'integer', isPrimary: true }, hash('entry_hash')] }));
    await queryRunner.createTable(
      new Table({
        name: 'tlog_leaves',
        columns: [{ name: 'leaf_index', type: 'integer', isPrimary: true }, { name: 'entry_id', type: 'integer', isUnique: true }, hash('leaf_hash')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'tlog_nodes',
        columns: [{ name: 'level', type: 'integer', isPrimary: true }, { name: 'node_index', type: 'integer', isPrimary: true }, hash('hash')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'tlog_state',
        columns: [
          { name: 'id', type: 'varchar', length: '16', isPrimary: true },
          { name: 'tree_size', type: 'integer' },
        ],
      }),
    );
    await queryRunner.query(`INSERT INTO tlog_state (id, tree_size) VALUES ('log', 0)`);
    await queryRunner.createTable(
      new Table({
        name: 'tlog_checkpoints',
        columns: [{ name: 'tree_size', type: 'integer', isPrimary: true }, hash('root_hash'), time('issued_at'), { name: 'note', type: 'text' }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'tlog_cosignatures',
        columns: [
          { name: 'tree_size', type: 'integer', isPrimary: true },
          { name: 'witness_key', type: 'varchar', length: '300', isPrimary: true },
          { name: 'line', type: 'text' },
          time('received_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'tlog_witnessed',
        columns: [
          { name: 'origin', type: 'varchar', length: '300', isPrimary: true },
          { name: 'tree_size', type: 'integer' },
          hash('root_hash'),
          { name: 'checkpoint', type: 'text' },
          time('updated_at'),
        ],
      }),
    );
    await queryRunner.query('INSERT INTO tlog_pending (entry_id, entry_hash) SELECT id, hash FROM audit_entries');
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`CREATE FUNCTION tlog_enqueue_entry() RETURNS trigger AS $$
        BEGIN INSERT INTO tlog_pending (entry_id, entry_hash) VALUES (NEW.id, NEW.hash); RETURN NULL; END; $$ LANGUAGE plpgsql`);
      await queryRunner.query(`CREATE TRIGGER audit_entries_enqueue_leaf AFTER INSERT ON audit_entries
        FOR EACH ROW EXECUTE FUNCTION tlog_enqueue_entry()`);
      await queryRunner.query(`CREATE FUNCTION tlog_refuse_change() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'the transparency log is append-only'; END; $$ LANGUAGE plpgsql`);
      for (const table of ['tlog_leaves', 'tlog_nodes', 'tlog_checkpoints', 'tlog_cosignatures']) {
        await queryRunner.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION tlog_refuse_change()`);
      }
      return;
    }
    await queryRunner.query(`CREATE TRIGGER audit_entries_enqueue_leaf AFTER INSERT ON audit_entries
      BEGIN INSERT INTO tlog_pending (entry_id, entry_hash) VALUES (NEW.id, NEW.hash); END`);
    for (const table of ['tlog_leaves', 'tlog_nodes', 'tlog_checkpoints', 'tlog_cosignatures']) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, 'the transparency log is append-only'); END`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query('DROP TRIGGER IF EXISTS audit_entries_enqueue_leaf ON audit_entries');
      await queryRunner.query('DROP FUNCTION IF EXISTS tlog_enqueue_entry()');
    } else {
      await queryRunner.query('DROP TRIGGER IF EXISTS audit_entries_enqueue_leaf');
    }
    for (const table of ['tlog_witnessed', 'tlog_cosignatures', 'tlog_checkpoints', 'tlog_state', 'tlog_nodes', 'tlog_leaves', 'tlog_pending']) {
      await queryRunner.dropTable(table);
    }
    if (queryRunner.connection.options.type === 'postgres') await queryRunner.query('DROP FUNCTION IF EXISTS tlog_refuse_change()');
  }
}
