import * as ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openRawDatabase } from './support/test-database';
import { startTestApp, type TestApp } from './support/test-app';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ROUTE = '/api/admin/directory-import';

type Sheets = Partial<Record<'机关' | '单位' | '干部' | '账号', unknown[][]>>;
const HEADERS = {
  机关: ['机关编码', '机关名称', '简称', '类别', '上级机关编码'],
  单位: ['单位编码', '单位名称', '所属机关编码'],
  干部: ['干部编码', '姓名', '职务', '职级', '所在单位编码', '干部管理机关编码', '登录账号', '拼音首字母'],
  账号: ['登录账号', '姓名', '所在单位编码'],
};

/** An .xlsx file with the given sheets, headers first (as an office fills in the template). */
async function workbook(sheets: Sheets, headers: Partial<Record<keyof Sheets, string[]>> = {}): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets) as Array<[keyof Sheets, unknown[][]]>) {
    const sheet = book.addWorksheet(name);
    sheet.addRow(headers[name] ?? HEADERS[name]);
    for (const row of rows) sheet.addRow(row);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A directory of a new county body, its unit, two cadres (one with a login) and two staff accounts; ids unique per test. */
const goodFile = (p: string) =>
  workbook({
    机关: [[`${p}-county`, `${p}县纪委监委`, `${p}县`, '纪委监委', 'jinan']],
    单位: [[`${p}-unit`, `${p}县财政局`, `${p}-county`]],
    干部: [
      [`${p}-cadre`, '赵晓东', '副局长', '四级调研员', `${p}-unit`, '', '', 'zxd'],
      [`${p}-login`, '孙丽', '科长', '', `${p}-unit`, '', `${p}-login`, 'sl'],
    ],
    账号: [
      [`${p}-officer`, '周承办', ''],
      [`${p}-login`, '孙丽', `${p}-unit`],
    ],
  });

describe('importing the directory from a spreadsheet (issue 18 §4)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const send = async (path: string, body: Buffer | string, type = XLSX, user = 'sysadmin1') =>
    t
      .http()
      .post(path)
      .set(await t.as(user))
      .set('content-type', type)
      .send(body);
  /** The answer, once its status is the one expected (the body shown when it is not). */
  const status = <R extends { status: number; body: unknown }>(response: R, expected: number): R => {
    expect({ status: response.status, body: response.status === expected ? undefined : response.body }).toEqual({ status: expected, body: undefined });
    return response;
  };
  const counts = async () => {
    const sys = await t.as('sysadmin1');
    const [bodies, units, users, admin] = await Promise.all([
      t.http().get('/api/admin/bodies').set(sys).expect(200),
      t.http().get('/api/admin/units').set(sys).expect(200),
      t.http().get('/api/admin/users').set(sys).expect(200),
      t
        .http()
        .get('/api/audit/entries?stream=admin&pageSize=1')
        .set(await t.as('auditadmin1'))
        .expect(200),
    ]);
    return { bodies: bodies.body.length, units: units.body.length, users: users.body.length, adminEntries: admin.body.total };
  };
  const cadre = async (q: string) =>
    (
      await t
        .http()
        .get(`/api/directory/cadres?q=${encodeURIComponent(q)}`)
        .set(await t.as('sysadmin1'))
        .expect(200)
    ).body;

  it('the dry run reports every bad row of a prepared file per field, in both languages, and writes nothing', async () => {
    const file = await workbook({
      机关: [
        ['dr-city', '试点市纪委监委', '试点', '纪委监委', ''],
        ['dr-orphan', '无上级区纪委监委', '无上级', '纪委监委', 'dr-nowhere'],
        ['dr-city', '重复的机关', '重复', '', ''],
        ['dr-kind', '类别错误的机关', '类别错', '纪检组', 'dr-city'],
        ['dr-short', '简称重复的机关', '济', '', 'dr-city'],
      ],
      单位: [
        ['dr-unit', '试点市住建局', 'dr-city'],
        ['dr-unit2', '', 'dr-city'],
      ],
      干部: [
        ['dr-c1', '李四', '科员', '', 'dr-unit', '', '', 'ls'],
        ['dr-c2', '王五', '', '', 'dr-nounit', '', '', ''],
        ['dr-c3', '长'.repeat(101), '', '', 'dr-unit', '', '', ''],
        ['dr-c4', '赵六', '', '', 'dr-unit', '', 'someone-else', ''],
        ['dr c5', '钱七', '', '', 'dr-unit', '', '', 'q7'],
      ],
      账号: [['dr-acc', '冯八', 'dr-nounit']],
    });
    const before = await counts();
    const response = status(await send(`${ROUTE}/dry-run`, file), 200);
    const report = response.body;
    expect(report.ok).toBe(false);
    expect(report.sha256).toBe(createHash('sha256').update(file).digest('hex'));
    const problemsOf = (sheet: string, row: number) =>
      report.rows
        .find((r: { sheet: string; row: number }) => r.sheet === sheet && r.row === row)
        .problems.map((p: { field: string; code: string }) => `${p.field}:${p.code}`);
    expect(report.rows.find((r: { row: number; sheet: string }) => r.sheet === 'bodies' && r.row === 2).action).toBe('create');
    expect(problemsOf('bodies', 3)).toEqual(['parentId:import.unknownParent']);
    expect(problemsOf('bodies', 4)).toEqual(['id:import.duplicateId']);
    expect(problemsOf('bodies', 5)).toEqual(['kind:import.badKind']);
    expect(problemsOf('bodies', 6)).toEqual(['shortName:import.shortNameTaken']);
    expect(problemsOf('units', 3)).toEqual(['name:import.required']);
    expect(problemsOf('cadres', 2)).toEqual([]);
    expect(problemsOf('cadres', 3)).toEqual(['unitId:import.unknownUnit']);
    expect(problemsOf('cadres', 4)).toEqual(['name:import.tooLong']);
    expect(problemsOf('cadres', 5)).toEqual(['userId:import.loginId']);
    expect(problemsOf('cadres', 6)).toEqual(['id:import.badId', 'initials:import.badInitials']);
    expect(problemsOf('accounts', 2)).toEqual(['unitId:import.unknownUnit']);
    const orphan = report.rows.find((r: { sheet: string; row: number }) => r.sheet === 'bodies' && r.row === 3).problems[0];
    expect(orphan).toMatchObject({ column: '上级机关编码', zh: '“上级机关编码”：“dr-nowhere”不是已有的机关，也不在本文件的“机关”表中' });
    expect(orphan.en).toContain('dr-nowhere is no body');
    expect(report.counts.total).toMatchObject({ rows: 13, invalid: 10, create: 3 });
    expect(await counts()).toEqual(before);

    // The real run of the same file imports nothing: one bad row stops every row.
    const refused = status(await send(ROUTE, file), 400);
    expect(refused.body.code).toBe('IMPORT.ROWS_INVALID');
    expect(refused.body.details.conditions[0]).toMatchObject({
      code: 'import.rowsInvalid',
      zh: expect.stringContaining('文件中有 10 行不符合要求，未导入任何内容'),
    });
    expect(refused.body.details.report.counts.total.invalid).toBe(10);
    expect(await counts()).toEqual(before);
    expect(await cadre('dr-c1')).toEqual([]);
  });

  it('imports every row in one go, on the admin chain with the file hash and counts; a second identical import changes nothing and says so', async () => {
    const file = await goodFile('imp');
    const before = await counts();
    const dry = status(await send(`${ROUTE}/dry-run`, file), 200);
    expect(dry.body).toMatchObject({ ok: true, counts: { total: { rows: 6, create: 6, unchanged: 0, conflict: 0, invalid: 0 } } });
    expect(await counts()).toEqual(before);

    const imported = status(await send(ROUTE, file), 200);
    expect(imported.body).toMatchObject({
      ok: true,
      changed: true,
      counts: { bodies: { create: 1 }, units: { create: 1 }, cadres: { create: 2 }, accounts: { create: 2 } },
    });
    const passwords: Array<{ id: string; password: string }> = imported.body.initialPasswords;
    expect(passwords.map((p) => p.id).sort()).toEqual(['imp-login', 'imp-officer']);
    expect(await counts()).toEqual({ bodies: before.bodies + 1, units: before.units + 1, users: before.users + 2, adminEntries: before.adminEntries + 1 });

    // What was created reads back: the body under its parent, the cadre under the new unit, searchable by initials.
    const bodies = (
      await t
        .http()
        .get('/api/admin/bodies')
        .set(await t.as('sysadmin1'))
    ).body;
    expect(bodies.find((b: { id: string }) => b.id === 'imp-county')).toMatchObject({
      name: 'imp县纪委监委',
      shortName: 'imp县',
      kind: 'commission',
      parentId: 'jinan',
    });
    expect(await cadre('zxd')).toEqual([
      expect.objectContaining({ id: 'imp-cadre', name: '赵晓东', position: '副局长', rank: '四级调研员', unit: { id: 'imp-unit', name: 'imp县财政局' } }),
    ]);
    // A new account has no roles (the security administrator grants them) and logs in with its initial password.
    const users = (
      await t
        .http()
        .get('/api/admin/users')
        .set(await t.as('sysadmin1'))
    ).body;
    expect(users.find((u: { id: string }) => u.id === 'imp-login')).toMatchObject({ displayName: '孙丽', unitId: 'imp-unit', active: true, roles: [] });
    const login = passwords.find((p) => p.id === 'imp-login')!;
    await t.http().post('/api/auth/login').send({ username: 'imp-login', password: login.password }).expect(200);

    // The admin chain: who, the file's SHA-256, the counts; never a password.
    const entry = (
      await t
        .http()
        .get('/api/audit/entries?stream=admin&event=DIRECTORY_IMPORTED')
        .set(await t.as('auditadmin1'))
        .expect(200)
    ).body.items[0];
    expect(entry).toMatchObject({
      actorId: 'sysadmin1',
      data: {
        sha256: createHash('sha256').update(file).digest('hex'),
        format: 'xlsx',
        counts: { bodies: { created: 1, unchanged: 0, conflicting: 0 }, accounts: { created: 2, unchanged: 0, conflicting: 0 } },
      },
    });
    const trail = (
      await t
        .http()
        .get('/api/audit/export')
        .set(await t.as('auditadmin1'))
        .expect(200)
    ).text;
    for (const { password } of passwords) expect(trail).not.toContain(password);

    // The same file again: every row unchanged, nothing written, no new password, no new entry.
    const again = status(await send(ROUTE, file), 200);
    expect(again.body).toMatchObject({ ok: true, changed: false, initialPasswords: [], counts: { total: { rows: 6, create: 0, unchanged: 6, conflict: 0 } } });
    expect(await counts()).toEqual({ bodies: before.bodies + 1, units: before.units + 1, users: before.users + 2, adminEntries: before.adminEntries + 1 });
    await t.http().post('/api/auth/login').send({ username: 'imp-login', password: login.password }).expect(200);
  });

  it('a row that differs from the directory is a conflict: reported with both values, never overwritten; the other rows go in', async () => {
    const sys = await t.as('sysadmin1');
    await t.http().post('/api/admin/units').set(sys).send({ id: 'cf-unit', name: '原有单位名称', jurisdiction: 'jinan' }).expect(201);
    const file = await workbook({
      单位: [['cf-unit', '改过的单位名称', 'jinan']],
      干部: [['cf-cadre', '韩冲突', '', '', 'cf-unit', '', '', '']],
    });
    const dry = status(await send(`${ROUTE}/dry-run`, file), 200);
    expect(dry.body.rows[0]).toMatchObject({
      sheet: 'units',
      id: 'cf-unit',
      action: 'conflict',
      differences: [{ field: 'name', column: '单位名称', file: '改过的单位名称', directory: '原有单位名称' }],
    });
    const imported = status(await send(ROUTE, file), 200);
    expect(imported.body).toMatchObject({ changed: true, counts: { units: { conflict: 1, create: 0 }, cadres: { create: 1 } } });
    const units = (await t.http().get('/api/admin/units').set(sys)).body;
    expect(units.find((u: { id: string }) => u.id === 'cf-unit').name).toBe('原有单位名称');
    expect(await cadre('韩冲突')).toHaveLength(1);
    const entry = (
      await t
        .http()
        .get('/api/audit/entries?stream=admin&event=DIRECTORY_IMPORTED')
        .set(await t.as('auditadmin1'))
    ).body.items[0];
    expect(entry.data.counts.units).toEqual({ created: 0, unchanged: 0, conflicting: 1 });
  });

  it('takes one sheet as a UTF-8 CSV file (with or without BOM); refuses GBK with the reason', async () => {
    const csv = '\uFEFF单位编码,单位名称,所属机关编码\ncsv-unit,"历城区审计局, 第二分局",jinan\n';
    const imported = status(await send(ROUTE, Buffer.from(csv, 'utf8'), 'text/csv; charset=utf-8'), 200);
    expect(imported.body).toMatchObject({ format: 'csv', changed: true, counts: { units: { create: 1 } } });
    const units = (
      await t
        .http()
        .get('/api/admin/units')
        .set(await t.as('sysadmin1'))
    ).body;
    expect(units.find((u: { id: string }) => u.id === 'csv-unit').name).toBe('历城区审计局, 第二分局');
    // 单位编码 in GBK: the bytes are not UTF-8.
    const gbk = Buffer.concat([Buffer.from([0xb5, 0xa5, 0xce, 0xbb, 0xb1, 0xe0, 0xc2, 0xeb]), Buffer.from(',x,y\nu,n,jinan\n')]);
    const refused = status(await send(ROUTE, gbk, 'text/csv'), 400);
    expect(refused.body).toMatchObject({
      code: 'IMPORT.INVALID',
      details: { conditions: [{ code: 'import.notUtf8', zh: expect.stringContaining('不是 UTF-8 编码') }] },
    });
  });

  it('refuses bad files with a 400 naming the problem, and changes nothing', async () => {
    const before = await counts();
    const refusal = async (body: Buffer | string, type: string, code: string) => {
      const response = await send(ROUTE, body, type);
      expect({ status: response.status, code: response.body.details?.conditions?.[0]?.code }).toEqual({ status: 400, code });
      expect(response.body.details.conditions[0].zh).toMatch(/[\u4e00-\u9fff]/);
      expect(response.body.details.conditions[0].en).toBeTruthy();
      return response.body;
    };
    await refusal(Buffer.from('this is not a spreadsheet at all'), XLSX, 'import.notSpreadsheet');
    await refusal(Buffer.alloc(0), XLSX, 'import.empty');
    await refusal(Buffer.alloc(0), 'text/csv', 'import.empty');
    await refusal(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), XLSX, 'import.oldXls');
    const headers = await refusal(
      await workbook({ 单位: [['bad-h', '名称', 'jinan']] }, { 单位: ['单位编码', '名称', '所属机关编码'] }),
      XLSX,
      'import.badHeaders',
    );
    expect(headers.details.conditions[0].zh).toContain('缺少列 “单位名称”；有不认识的列 “名称”');
    await refusal(await workbook({ 单位: [] }), XLSX, 'import.noRows');
    await refusal(Buffer.from('姓名,单位\n张三,x\n'), 'text/csv', 'import.badHeaders');
    const many = ['单位编码,单位名称,所属机关编码', ...Array.from({ length: 10_001 }, (_, i) => `many-${i},单位${i},jinan`)].join('\n');
    await refusal(Buffer.from(many), 'text/csv', 'import.tooManyRows');
    // A formula is never evaluated: refused, whether a real formula cell or text beginning with "=".
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('单位');
    sheet.addRow(HEADERS.单位);
    sheet.addRow(['f-unit', { formula: 'CONCAT("财政","局")', result: '财政局' }, 'jinan']);
    const formula = await refusal(Buffer.from(await book.xlsx.writeBuffer()), XLSX, 'import.formula');
    expect(formula.details.conditions[0].zh).toContain('第 2 行“单位名称”是公式');
    await refusal(Buffer.from('单位编码,单位名称,所属机关编码\nf2,=HYPERLINK("http://x"),jinan\n'), 'text/csv', 'import.formula');
    await refusal(
      await workbook({ 单位: [['s', 'n', 'jinan']], 机关: [] }, {}).then(async () => {
        const other = new ExcelJS.Workbook();
        other.addWorksheet('人员').addRow(['a']);
        return Buffer.from(await other.xlsx.writeBuffer());
      }),
      XLSX,
      'import.unknownSheet',
    );
    // Not a file at all: JSON on the import route, and a spreadsheet type on another route.
    const json = await t
      .http()
      .post(ROUTE)
      .set(await t.as('sysadmin1'))
      .send({ file: 'x' });
    expect(json.status).toBe(415);
    const elsewhere = await send('/api/admin/units', Buffer.from('单位编码\n'), 'text/csv');
    expect(elsewhere.status).toBe(415);
    // Over 5 MiB: 413 with the limit named.
    const large = await send(ROUTE, Buffer.alloc(5 * 1024 * 1024 + 1, 0x41), 'text/csv');
    expect(large.status).toBe(413);
    expect(large.body.details.conditions[0]).toMatchObject({ code: 'import.tooLarge', zh: expect.stringContaining('5 MB') });
    expect(await counts()).toEqual({ ...before, adminEntries: before.adminEntries });
  });

  it('all or nothing down to the trail: when the admin-chain entry cannot be written, none of the file remains', async () => {
    const db = await openRawDatabase(t.dbPath);
    try {
      if (db.dialect === 'sqlite') {
        await db.exec(`CREATE TRIGGER inject_failure BEFORE INSERT ON audit_entries WHEN NEW.stream_id = 'admin' AND NEW.event = 'DIRECTORY_IMPORTED'
          BEGIN SELECT RAISE(ABORT, 'injected failure between the rows and their entry'); END`);
      } else {
        await db.exec(`CREATE OR REPLACE FUNCTION inject_failure() RETURNS trigger AS $$
          BEGIN RAISE EXCEPTION 'injected failure between the rows and their entry'; END $$ LANGUAGE plpgsql`);
        await db.exec(`CREATE TRIGGER inject_failure BEFORE INSERT ON audit_entries FOR EACH ROW
          WHEN (NEW.stream_id = 'admin' AND NEW.event = 'DIRECTORY_IMPORTED') EXECUTE FUNCTION inject_failure()`);
      }
      const before = await counts();
      try {
        const failed = await send(ROUTE, await goodFile('atomic'));
        expect(failed.status).toBe(500);
      } finally {
        await db.exec(db.dialect === 'sqlite' ? 'DROP TRIGGER inject_failure' : 'DROP TRIGGER inject_failure ON audit_entries');
      }
      expect(await counts()).toEqual(before);
      expect(await cadre('atomic-cadre')).toEqual([]);
      const leftovers = await db.query<{ n: number | string }>(
        `SELECT (SELECT COUNT(*) FROM bodies WHERE id LIKE 'atomic-%') + (SELECT COUNT(*) FROM units WHERE id LIKE 'atomic-%')
          + (SELECT COUNT(*) FROM cadres WHERE id LIKE 'atomic-%') + (SELECT COUNT(*) FROM users WHERE id LIKE 'atomic-%') AS n`,
      );
      expect(Number(leftovers[0].n)).toBe(0);
    } finally {
      await db.close();
    }
    // With the failure gone, the same file goes in whole.
    status(await send(ROUTE, await goodFile('atomic')), 200);
    expect(await cadre('atomic-cadre')).toHaveLength(1);
  });

  it('imports the sample file docs/ describes (the 单位 sheet as CSV) under the demo district bodies', async () => {
    const sys = await t.as('sysadmin1');
    for (const [id, name, shortName] of [
      ['jinan-lixia', '济南市历下区纪委监委', '历下'],
      ['jinan-shizhong', '济南市市中区纪委监委', '市中'],
    ]) {
      await t.http().post('/api/admin/bodies').set(sys).send({ id, name, shortName, parentId: 'jinan' }).expect(201);
    }
    const sample = readFileSync(join(__dirname, '..', 'docs', 'directory-import-sample.csv'));
    const imported = status(await send(ROUTE, sample, 'text/csv'), 200);
    expect(imported.body).toMatchObject({ ok: true, changed: true, counts: { units: { rows: 3, create: 3 } } });
  });

  it('is for the system administrator only: every other role gets 403 with the condition in both languages', async () => {
    const file = await goodFile('forbidden');
    for (const user of ['secadmin1', 'auditadmin1', 'officer1', 'leader1', 'auditor1', 'unit1', 'applicant1']) {
      for (const path of [ROUTE, `${ROUTE}/dry-run`]) {
        const response = await send(path, file, XLSX, user);
        expect({ user, path, status: response.status }).toEqual({ user, path, status: 403 });
        expect(response.body.details.conditions[0]).toMatchObject({
          code: 'auth.roleRequired',
          zh: '此操作仅限系统管理员办理',
          en: 'This is for the system administrator only',
        });
      }
    }
    expect(await cadre('forbidden-cadre')).toEqual([]);
  });

  it('offers the template: the four sheets with their headers, which the dry run reads as a file without rows', async () => {
    const response = await t
      .http()
      .get(`${ROUTE}/template`)
      .set(await t.as('sysadmin1'))
      .buffer(true)
      .parse((res, done) => {
        const parts: Buffer[] = [];
        res.on('data', (chunk: Buffer) => parts.push(chunk));
        res.on('end', () => done(null, Buffer.concat(parts)));
      })
      .expect(200);
    expect(response.headers['content-type']).toContain(XLSX);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.body as Buffer as unknown as ExcelJS.Buffer);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['说明', '机关', '单位', '干部', '账号']);
    expect(book.getWorksheet('干部')!.getRow(1).values).toEqual([undefined, ...HEADERS.干部.map((h, i) => (i === 0 || i === 1 || i === 4 ? `${h}*` : h))]);
    const dry = await send(`${ROUTE}/dry-run`, response.body as Buffer);
    expect(dry.body.details.conditions[0].code).toBe('import.noRows');
  });
});
