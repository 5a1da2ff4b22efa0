import * as ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourceRowSha256 } from '../src/backlog-import/backlog-plan';
import { openRawDatabase } from './support/test-database';
import { startTestApp, type TestApp } from './support/test-app';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ROUTE = '/api/backlog-import';
const HEADERS = [
  '原编号',
  '程序',
  '当前环节',
  '当事干部编码',
  '当事干部姓名',
  '所在单位编码',
  '办理机关编码',
  '启动日期',
  '进入当前环节日期',
  '问题概述',
  '事项经过',
  '符合容错情形的理由',
  '信访举报渠道',
  '收到日期',
  '整改要求',
  '整改责任主体',
  '整改期限',
];
const KEYS = [
  'originalNo',
  'procedure',
  'step',
  'cadreId',
  'cadreName',
  'unitId',
  'body',
  'openedOn',
  'stepEnteredOn',
  'summary',
  'matter',
  'grounds',
  'channel',
  'receivedOn',
  'requirement',
  'responsible',
  'dueDate',
];

/** An .xlsx file with the backlog sheet, headers first (as an office fills in the template). */
async function workbook(rows: unknown[][], headers = HEADERS): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('存量案件');
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A row by column key; the rest empty. officer3 works for the Qingdao body, whose unit is the port group (the test clock stands at 2026-03-02). */
const row = (values: Record<string, string>) => KEYS.map((key) => values[key] ?? '');
/** A row's cells by column key, to vary one or two of them. */
const valuesOf = (cells: string[]) => Object.fromEntries(KEYS.map((key, index) => [key, cells[index]]));
const qingdao = { unitId: 'unit-qingdao-port', body: 'qingdao' };
const toleranceRow = (no: string) =>
  row({
    originalNo: no,
    procedure: '容错申请',
    step: '待受理',
    cadreId: 'bk-lihua',
    ...qingdao,
    openedOn: '2026-01-05',
    stepEnteredOn: '2026-01-06',
    matter: '港口扩建项目中先行先试，调整了招标流程',
    grounds: '为推进改革探索，未谋取私利',
  });
const correctionRow = (no: string) =>
  row({
    originalNo: no,
    procedure: '纠错',
    step: '待提交整改方案',
    cadreName: '李华',
    ...qingdao,
    openedOn: '2025-12-01',
    stepEnteredOn: '2026-02-20',
    summary: '港务部合同管理不规范',
    requirement: '建立合同台账并逐项核对',
    responsible: '当事干部',
    dueDate: '2026-06-30',
  });
const clarificationRow = (no: string) =>
  row({
    originalNo: no,
    procedure: '澄清正名',
    step: '核查中',
    cadreId: 'bk-lihua',
    ...qingdao,
    openedOn: '2026-02-02',
    stepEnteredOn: '2026-02-02',
    summary: '反映其在港口项目中收受礼金',
    channel: '来信',
    receivedOn: '2026-01-28',
  });

describe('importing the backlog of existing cases (issue 18 §4)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    // Two cadres of one name in one unit: a name alone cannot say which.
    const cadres = [
      '干部编码,姓名,职务,职级,所在单位编码',
      'bk-lihua,李华,港务部副经理,,unit-qingdao-port',
      'bk-wf1,王芳,科员,,unit-qingdao-port',
      'bk-wf2,王芳,科长,,unit-qingdao-port',
    ].join('\n');
    const imported = await t
      .http()
      .post('/api/admin/directory-import')
      .set(await t.as('sysadmin1'))
      .set('content-type', 'text/csv')
      .send(cadres);
    expect(imported.status).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  const send = async (path: string, body: Buffer | string, type = XLSX, user = 'officer3') =>
    t
      .http()
      .post(path)
      .set(await t.as(user))
      .set('content-type', type)
      .send(body);
  const status = <R extends { status: number; body: unknown }>(response: R, expected: number): R => {
    expect({ status: response.status, body: response.status === expected ? undefined : response.body }).toEqual({ status: expected, body: undefined });
    return response;
  };
  /** What an import could change: cases, their entries, the import register, the admin chain. */
  const counts = async () => {
    const db = await openRawDatabase(t.dbPath);
    try {
      const one = async (sql: string) => Number((await db.query<{ n: number }>(sql))[0].n);
      return {
        cases: await one('SELECT COUNT(*) AS n FROM cases'),
        entries: await one("SELECT COUNT(*) AS n FROM audit_entries WHERE stream_id <> 'security'"),
        imported: await one('SELECT COUNT(*) AS n FROM imported_cases'),
        deadlines: await one('SELECT COUNT(*) AS n FROM deadlines'),
      };
    } finally {
      await db.close();
    }
  };

  it('the dry run names every bad row and field; the real run then imports nothing', async () => {
    const good = toleranceRow('bad-file-1');
    const file = await workbook([
      good,
      row({ ...valuesOf(toleranceRow('bad-2')), procedure: '容错纠错' }),
      row({ ...valuesOf(toleranceRow('bad-3')), step: '不存在的环节' }),
      row({ ...valuesOf(toleranceRow('bad-4')), step: '待集体研究认定' }),
      row({
        originalNo: 'bad-5',
        procedure: '诬告陷害查处',
        step: '调查核实',
        cadreId: 'bk-lihua',
        ...qingdao,
        openedOn: '2026-01-05',
        stepEnteredOn: '2026-01-05',
      }),
      row({ ...valuesOf(toleranceRow('bad-6')), cadreId: 'nobody-here' }),
      row({ ...valuesOf(correctionRow('bad-7')), cadreName: '王芳' }),
      row({ ...valuesOf(toleranceRow('bad-8')), unitId: 'unit-nowhere' }),
      row({ ...valuesOf(toleranceRow('bad-9')), unitId: 'unit-jinan-dev', body: 'jinan' }),
      row({
        ...valuesOf(toleranceRow('bad-10')),
        openedOn: '2026-05-01',
        stepEnteredOn: '2026-05-02',
      }),
      row({ ...valuesOf(toleranceRow('bad-11')), stepEnteredOn: '2025-12-31' }),
      row({ ...valuesOf(toleranceRow('')), matter: '另一件' }),
      good,
      row({ ...valuesOf(toleranceRow('bad-14')), grounds: '' }),
      row({ ...valuesOf(correctionRow('bad-15')), dueDate: '2026-01-01' }),
      row({ ...valuesOf(clarificationRow('bad-16')), channel: '微信' }),
    ]);
    const before = await counts();
    const report = status(await send(`${ROUTE}/dry-run`, file), 200).body;
    expect(report.ok).toBe(false);
    expect(report.sha256).toBe(createHash('sha256').update(file).digest('hex'));
    const problemsOf = (line: number) =>
      report.rows.find((r: { row: number }) => r.row === line).problems.map((p: { field: string; code: string }) => `${p.field}:${p.code}`);
    expect(report.rows.find((r: { row: number }) => r.row === 2).action).toBe('create');
    expect(problemsOf(3)).toEqual(['procedure:import.unknownProcedure']);
    expect(problemsOf(4)).toEqual(['step:import.unknownStep']);
    expect(problemsOf(5)).toEqual(['step:import.stepNotImportable']);
    expect(problemsOf(6)).toEqual(['procedure:import.procedureNotImportable']);
    expect(problemsOf(7)).toEqual(['cadreId:directory.unknownCadre']);
    expect(problemsOf(8)).toEqual(['cadreName:import.ambiguousCadre']);
    expect(problemsOf(9)).toEqual(['unitId:directory.unknownUnit']);
    expect(problemsOf(10)).toEqual(['body:import.bodyOutOfScope']);
    expect(problemsOf(11)).toEqual(['openedOn:date.inFuture', 'stepEnteredOn:date.inFuture']);
    expect(problemsOf(12)).toEqual(['stepEnteredOn:import.datesOutOfOrder']);
    expect(problemsOf(13)).toEqual(['originalNo:import.required']);
    expect(problemsOf(14)).toEqual(['(row):import.duplicateRow']);
    expect(problemsOf(15)).toEqual(['grounds:import.required']);
    // The machine's own rule, named by the column it concerns: a deadline already past when ordered.
    expect(problemsOf(16)).toEqual(['dueDate:order.dueDatePast']);
    expect(problemsOf(17)).toEqual(['channel:import.notInList']);
    const outOfScope = report.rows.find((r: { row: number }) => r.row === 10).problems[0];
    expect(outOfScope).toMatchObject({ column: '办理机关编码', zh: '机关“jinan”不在您的授权范围内：只能导入本机关的案件' });
    expect(outOfScope.en).toContain('outside your grant');
    expect(report.rows.find((r: { row: number }) => r.row === 5).problems[0].zh).toContain('“待受理”、“核实中”');
    expect(report.counts).toEqual({ rows: 16, create: 1, unchanged: 0, invalid: 15 });
    expect(await counts()).toEqual(before);

    const refused = status(await send(ROUTE, file), 400);
    expect(refused.body.code).toBe('IMPORT.ROWS_INVALID');
    expect(refused.body.details.conditions[0].zh).toContain('15 行不符合要求');
    expect(await counts()).toEqual(before);
  });

  it('imports a good file as real cases, each starting with IMPORTED; the same file again changes nothing; the next step works', async () => {
    const rows = [toleranceRow('济纪〔2025〕容12号'), correctionRow('济纪〔2025〕纠7号'), clarificationRow('济信〔2026〕31号')];
    const file = await workbook(rows);
    const before = await counts();
    const result = status(await send(ROUTE, file), 200).body;
    expect(result.changed).toBe(true);
    expect(result.counts).toEqual({ rows: 3, create: 3, unchanged: 0, invalid: 0 });
    expect(result.created.map((c: { originalNo: string }) => c.originalNo)).toEqual(rows.map((r) => r[0]));
    const officer = await t.as('officer3');
    const states: string[] = [];
    for (const [index, created] of (result.created as Array<{ caseId: string; caseNo: string; row: number }>).entries()) {
      const view = (await t.http().get(`/api/cases/${created.caseId}`).set(officer).expect(200)).body;
      states.push(view.state);
      expect(view.caseNo).toBe(created.caseNo);
      expect(created.caseNo).toMatch(/^青纪.*〔2026〕\d+号$/);
      const trail = (await t.http().get(`/api/cases/${created.caseId}/trail`).set(officer).expect(200)).body;
      const entries = trail as Array<Record<string, any>>;
      expect(entries[0]).toMatchObject({ event: 'IMPORTED', position: 1, actorId: 'officer3', toState: view.state });
      const values = valuesOf(rows[index]);
      expect(entries[0].data).toMatchObject({
        originalNo: rows[index][0],
        source: { rowSha256: sourceRowSha256(values), fileSha256: result.sha256, row: index + 2, importedBy: 'officer3' },
      });
      if (index === 0) {
        // Entered 受理 on 2026-01-06: its five working days have long passed.
        expect(view.deadlines[0].daysLeft).toBeLessThan(0);
      }
    }
    expect(states).toEqual(['submitted', 'planning', 'verifying']);

    const audit = await t.as('auditadmin1');
    const admin = (await t.http().get('/api/audit/entries?stream=admin&event=BACKLOG_IMPORTED').set(audit).expect(200)).body;
    expect(admin.items ?? admin.entries).toEqual(
      expect.arrayContaining([expect.objectContaining({ actorId: 'officer3', data: expect.objectContaining({ sha256: result.sha256, rows: 3, created: 3 }) })]),
    );
    const after = await counts();
    expect(after.cases - before.cases).toBe(3);
    expect(after.imported - before.imported).toBe(3);

    // The same file again: every row was imported before, nothing changes.
    const again = status(await send(ROUTE, file), 200).body;
    expect(again).toMatchObject({ changed: false, created: [], counts: { rows: 3, create: 0, unchanged: 3, invalid: 0 } });
    expect(await counts()).toEqual(after);

    // The same case again with a corrected cell: another row, but its original number is in already.
    const corrected = await workbook([row({ ...valuesOf(rows[0]), grounds: '为推进改革探索，经集体研究，未谋取私利' })]);
    const twice = status(await send(`${ROUTE}/dry-run`, corrected), 200).body;
    expect(twice.rows[0].problems.map((p: { field: string; code: string }) => `${p.field}:${p.code}`)).toEqual(['originalNo:import.originalNoImported']);

    // The imported case continues through the usual API.
    const accepted = await t.sendEvent(result.created[0].caseId, 'officer3', 'ACCEPT', { note: '补录后受理' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.state).toBe('verifying');

    const verification = (await t.http().get('/api/audit/verify').set(audit).expect(200)).body;
    expect(verification.ok).toBe(true);
  });

  it('refuses a reporter column, a formula, another officer body’s scope and a file too large, changing nothing', async () => {
    const before = await counts();
    const reporter = status(await send(ROUTE, await workbook([[...clarificationRow('rp-1'), '张三']], [...HEADERS, '举报人姓名'])), 400);
    expect(reporter.body.details.conditions[0]).toMatchObject({ code: 'import.forbiddenColumn' });
    expect(reporter.body.details.conditions[0].zh).toContain('“举报人姓名”');
    const formulaBook = new ExcelJS.Workbook();
    const sheet = formulaBook.addWorksheet('存量案件');
    sheet.addRow(HEADERS);
    sheet.addRow(toleranceRow('fm-1'));
    sheet.getCell('J2').value = { formula: 'CMD|" /C calc"!A0', result: 0 } as ExcelJS.CellFormulaValue;
    const formula = status(await send(ROUTE, Buffer.from(await formulaBook.xlsx.writeBuffer())), 400);
    expect(formula.body.details.conditions[0].zh).toContain('第 2 行“问题概述”是公式');
    const csvFormula = status(await send(`${ROUTE}/dry-run`, `${HEADERS.join(',')}\n=HYPERLINK("http://x"),容错,待受理\n`, 'text/csv'), 400);
    expect(csvFormula.body.details.conditions[0].zh).toContain('第 2 行“原编号”是公式');
    const large = await send(ROUTE, Buffer.alloc(20 * 1024 * 1024, 0x41), 'text/csv');
    expect(large.status).toBe(413);
    expect(large.body.details.conditions[0].zh).toContain('文件超过');
    // An administrator does not open cases.
    status(await send(ROUTE, await workbook([toleranceRow('adm-1')]), XLSX, 'sysadmin1'), 403);
    expect(await counts()).toEqual(before);
  });
});

describe('the sample file in docs/', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ demoCases: true });
    // The demo's cases are driven through the engine: on a loaded machine that takes a while.
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  });

  it.each([
    ['docs/backlog-import-sample.xlsx', XLSX],
    ['docs/backlog-import-sample.csv', 'text/csv'],
  ])('%s passes the dry run on the demo directory, every row a case to create', async (path, type) => {
    const response = await t
      .http()
      .post(`${ROUTE}/dry-run`)
      .set(await t.as('officer1'))
      .set('content-type', type)
      .send(readFileSync(join(__dirname, '..', path)));
    expect({ status: response.status, problems: response.body.rows?.flatMap((r: { problems: unknown[] }) => r.problems) }).toEqual({
      status: 200,
      problems: [],
    });
    expect(response.body.counts).toEqual({ rows: 3, create: 3, unchanged: 0, invalid: 0 });
  });
});
