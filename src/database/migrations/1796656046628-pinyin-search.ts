import { MigrationInterface, QueryRunner } from 'typeorm';
import { initialsOf, searchTextOf } from '../../common/pinyin-initials';

/**
 * Issue 18 §1, pickers by pinyin initials: units and bodies get `search_text` (the name and its
 * initials, lower-cased, src/org/pinyin-initials.ts), filled for the rows there are; cadres' search
 * text is computed again with the initials pinyin-pro gives (keeping any initials an import or an
 * administrator gave). A plain LIKE then finds 张明 by "zm" on SQLite and PostgreSQL alike.
 */
export class PinyinSearch1796656046628 implements MigrationInterface {
  name = 'PinyinSearch1796656046628';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['units', 'bodies']) {
      await queryRunner.query(`ALTER TABLE "${table}" ADD COLUMN "search_text" varchar(300)`);
      const rows = (await queryRunner.query(`SELECT "id", "name" FROM "${table}"`)) as Array<{ id: string; name: string }>;
      for (const row of rows) {
        await queryRunner.query(`UPDATE "${table}" SET "search_text" = ${mark(queryRunner, 1)} WHERE "id" = ${mark(queryRunner, 2)}`, [
          searchTextOf(row.name),
          row.id,
        ]);
      }
    }
    const cadres = (await queryRunner.query('SELECT "id", "name", "search_text" FROM "cadres"')) as Array<{ id: string; name: string; search_text: string }>;
    for (const cadre of cadres) {
      // What followed the name was the initials given at the time.
      const lowered = cadre.name.toLowerCase();
      const given = cadre.search_text.startsWith(lowered) ? cadre.search_text.slice(lowered.length).trim() : '';
      const text = searchTextOf(cadre.name, { initials: given || initialsOf(cadre.name, { personal: true }), personal: true });
      await queryRunner.query(`UPDATE "cadres" SET "search_text" = ${mark(queryRunner, 1)} WHERE "id" = ${mark(queryRunner, 2)}`, [text, cadre.id]);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Cadres keep their richer search text: it holds what it held before, and more.
    await queryRunner.query('ALTER TABLE "bodies" DROP COLUMN "search_text"');
    await queryRunner.query('ALTER TABLE "units" DROP COLUMN "search_text"');
  }
}

/** A parameter's placeholder in the dialect's form. */
function mark(queryRunner: QueryRunner, index: number): string {
  return queryRunner.connection.options.type === 'postgres' ? `$${index}` : '?';
}
