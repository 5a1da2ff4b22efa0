import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { caseNumberYear, DEFAULT_CASE_NUMBER_FORMAT, DEFAULT_CASE_NUMBER_KINDS, formatCaseNumber } from '../../config/case-number-format';

const text = (name: string, length: string, nullable = false) => ({ name, type: 'varchar', length, isNullable: nullable });

/** Staff grants name a jurisdiction (a body) as their scope; applicant and unit grants name a unit. */
const BODY_SCOPED_ROLES = ['officer', 'reviewer', 'committee', 'leader', 'auditor', 'orgDept'];

/**
 * Issue 18: the directory (bodies in a tree, cadres under their units) and case numbers.
 *
 * - `bodies`: every jurisdiction string in use becomes a body of the same id, named by its id and
 *   with its id as short name until the system administrator names it; they start as roots of the
 *   tree (`parent_id` NULL). Units keep their `jurisdiction` column: it is the id of their body.
 * - `cadres`: every cadre a case names, named by the login of the same id where there is one.
 * - `case_number_series`: the last number given per body, year and procedure; `cases.case_no`
 *   with a unique index. Existing cases get numbers in the default format, per series in the
 *   order they were opened, and the series continue from there.
 */
export class DirectoryAndCaseNumbers1765700000000 implements MigrationInterface {
  name = 'DirectoryAndCaseNumbers1765700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'bodies',
        columns: [
          { ...text('id', '64'), isPrimary: true },
          text('name', '100'),
          text('short_name', '20'),
          // `commission` (纪委监委) or `stationed` (派驻纪检监察组).
          text('kind', '20'),
          text('parent_id', '64', true),
          text('created_at', '30'),
        ],
        indices: [
          new TableIndex({ name: 'bodies_short_name', columnNames: ['short_name'], isUnique: true }),
          new TableIndex({ name: 'bodies_parent', columnNames: ['parent_id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'cadres',
        columns: [
          { ...text('id', '64'), isPrimary: true },
          text('name', '100'),
          // 职务 and 职级, as the personnel file words them.
          text('position', '100'),
          text('rank', '40'),
          text('unit_id', '64'),
          // The body that manages the cadre (干部管理权限).
          text('managing_body', '64'),
          // The login the cadre acts through, if any; a cadre without one is a party without acting.
          text('user_id', '64', true),
          // Lower-cased name and the name's pinyin initials, for the pickers' search.
          text('search_text', '300'),
          text('created_at', '30'),
        ],
        indices: [new TableIndex({ name: 'cadres_unit', columnNames: ['unit_id'] }), new TableIndex({ name: 'cadres_user', columnNames: ['user_id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'case_number_series',
        columns: [
          { ...text('jurisdiction', '64'), isPrimary: true },
          { name: 'year', type: 'integer', isPrimary: true },
          { ...text('procedure', '40'), isPrimary: true },
          { name: 'last_no', type: 'integer' },
        ],
      }),
    );
    await queryRunner.query('ALTER TABLE cases ADD COLUMN case_no varchar(80) NULL');
    await queryRunner.createIndex('cases', new TableIndex({ name: 'cases_case_no', columnNames: ['case_no'], isUnique: true }));

    const now = new Date().toISOString();
    await this.bodiesFromJurisdictions(queryRunner, now);
    await this.cadresFromCases(queryRunner, now);
    await this.numberExistingCases(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('cases', 'cases_case_no');
    await queryRunner.query('ALTER TABLE cases DROP COLUMN case_no');
    await queryRunner.dropTable('case_number_series');
    await queryRunner.dropTable('cadres');
    await queryRunner.dropTable('bodies');
  }

  private async bodiesFromJurisdictions(queryRunner: QueryRunner, now: string): Promise<void> {
    const sql = statements(queryRunner);
    const ids = new Set<string>();
    for (const row of (await queryRunner.query('SELECT DISTINCT jurisdiction AS id FROM units')) as Array<{ id: string }>) ids.add(row.id);
    for (const row of (await queryRunner.query('SELECT DISTINCT jurisdiction AS id FROM cases')) as Array<{ id: string }>) ids.add(row.id);
    const grants = (await queryRunner.query('SELECT DISTINCT role, scope FROM user_roles')) as Array<{ role: string; scope: string }>;
    for (const grant of grants) if (BODY_SCOPED_ROLES.includes(grant.role) && grant.scope !== '*') ids.add(grant.scope);
    for (const id of [...ids].sort()) {
      await sql('INSERT INTO bodies (id, name, short_name, kind, parent_id, created_at) VALUES (?, ?, ?, ?, NULL, ?)', [
        id,
        id.slice(0, 100),
        id.slice(0, 20),
        'commission',
        now,
      ]);
    }
  }

  private async cadresFromCases(queryRunner: QueryRunner, now: string): Promise<void> {
    const sql = statements(queryRunner);
    const rows = (await queryRunner.query(
      `SELECT c.cadre_id AS cadre_id, MIN(c.unit_id) AS unit_id, MIN(c.jurisdiction) AS jurisdiction, MIN(u.display_name) AS display_name, MIN(u.id) AS user_id
       FROM cases c LEFT JOIN users u ON u.id = c.cadre_id GROUP BY c.cadre_id`,
    )) as Array<{ cadre_id: string; unit_id: string; jurisdiction: string; display_name: string | null; user_id: string | null }>;
    for (const row of rows) {
      const name = (row.display_name ?? row.cadre_id).slice(0, 100);
      await sql('INSERT INTO cadres (id, name, position, rank, unit_id, managing_body, user_id, search_text, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
        row.cadre_id,
        name,
        '',
        '',
        row.unit_id,
        row.jurisdiction,
        row.user_id,
        name.toLowerCase(),
        now,
      ]);
    }
  }

  private async numberExistingCases(queryRunner: QueryRunner): Promise<void> {
    const sql = statements(queryRunner);
    const cases = (await queryRunner.query('SELECT id, procedure, jurisdiction, created_at, search_text FROM cases ORDER BY created_at, id')) as Array<{
      id: string;
      procedure: string;
      jurisdiction: string;
      created_at: string;
      search_text: string;
    }>;
    const last = new Map<string, { jurisdiction: string; year: number; procedure: string; no: number }>();
    const format = { template: DEFAULT_CASE_NUMBER_FORMAT, kinds: { ...DEFAULT_CASE_NUMBER_KINDS } };
    for (const row of cases) {
      const year = caseNumberYear(row.created_at);
      const key = JSON.stringify([row.jurisdiction, year, row.procedure]);
      const series = last.get(key) ?? { jurisdiction: row.jurisdiction, year, procedure: row.procedure, no: 0 };
      series.no += 1;
      last.set(key, series);
      // The body's short name is its id until the administrator names it (bodiesFromJurisdictions).
      const caseNo = formatCaseNumber(format, { body: row.jurisdiction.slice(0, 20), procedure: row.procedure, year, seq: series.no });
      await sql('UPDATE cases SET case_no = ? WHERE id = ?', [caseNo, row.id]);
    }
    for (const series of last.values()) {
      await sql('INSERT INTO case_number_series (jurisdiction, year, procedure, last_no) VALUES (?, ?, ?, ?)', [
        series.jurisdiction,
        series.year,
        series.procedure,
        series.no,
      ]);
    }
  }
}

/** Statements with `?` placeholders, numbered for PostgreSQL. */
function statements(queryRunner: QueryRunner): (text: string, params: unknown[]) => Promise<unknown> {
  const postgres = queryRunner.connection.options.type === 'postgres';
  return (text, params) => {
    let index = 0;
    return queryRunner.query(postgres ? text.replace(/\?/g, () => `$${++index}`) : text, params);
  };
}
