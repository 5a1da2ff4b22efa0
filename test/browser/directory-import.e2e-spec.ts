import * as ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { launchBrowser, PHONE, startWebApp, UserSession, type WebApp } from './support/browser';
import { expectText } from './support/waits';

jest.setTimeout(120_000);

/** A small directory: a district body, its unit, a cadre and a staff account; `bad` adds a cadre of an unknown unit. */
async function directoryFile(bad: boolean): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const add = (name: string, rows: string[][]) => rows.forEach((row) => book.getWorksheet(name)?.addRow(row) ?? book.addWorksheet(name).addRow(row));
  add('机关', [
    ['机关编码', '机关名称', '简称', '类别', '上级机关编码'],
    ['web-tianqiao', '济南市天桥区纪委监委', '天桥', '纪委监委', 'jinan'],
  ]);
  add('单位', [
    ['单位编码', '单位名称', '所属机关编码'],
    ['web-tq-water', '天桥区水务局', 'web-tianqiao'],
  ]);
  add('干部', [
    ['干部编码', '姓名', '职务', '职级', '所在单位编码', '干部管理机关编码', '登录账号', '拼音首字母'],
    ['web-cadre-1', '郑海涛', '副局长', '四级调研员', 'web-tq-water', '', '', 'zht'],
    ...(bad ? [['web-cadre-2', '林晓', '科员', '', 'web-tq-nowhere', '', '', 'lx']] : []),
  ]);
  add('账号', [
    ['登录账号', '姓名', '所在单位编码'],
    ['web-officer-tq', '吴承办', ''],
  ]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The system administrator's import page (issue 18 §4): a file with a bad row is reported row by
 * row and cannot be confirmed; the corrected file is imported, the new account's initial password
 * shown once; the same file again changes nothing. At desktop and phone width.
 */
describe('the directory import page', () => {
  let web: WebApp;
  let browser: Browser;
  const sessions: UserSession[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp();
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });
  afterEach(() => {
    for (const session of sessions) expect(session.unexpectedProblems()).toEqual([]);
  });

  it('choose a file → the dry-run report → confirm; the same file again changes nothing', async () => {
    const admin = await UserSession.login(browser, web.baseUrl, 'sysadmin1');
    sessions.push(admin);
    const { page } = admin;
    await page.locator('nav a[href="/app/admin/directory-import"]').click();
    await expectText(page.locator('h1'), '导入机关、单位、干部和账号');

    // Without a file: the reason next to the form, nothing sent.
    await page.locator('[data-testid="import-dry-run"]').click();
    await expectText(page.locator('[data-testid="import-refused"]'), '请先选择要导入的文件');

    // A file with a bad row: the report names the row and the field; there is no confirm button.
    await page.locator('input[name="file"]').setInputFiles({ name: '名录.xlsx', mimeType: XLSX, buffer: await directoryFile(true) });
    await page.locator('[data-testid="import-dry-run"]').click();
    await expectText(page.locator('[data-testid="import-summary"]'), '共 5 行，其中 1 行有问题：改正后才能导入。');
    const badRow = page.locator('[data-testid="import-rows"] tr[data-sheet="cadres"][data-row="3"]');
    await expectText(badRow, '“所在单位编码”：“web-tq-nowhere”不是已有的单位，也不在本文件的“单位”表中');
    await expectText(badRow.locator('td').nth(3), '有问题');
    expect(await page.locator('[data-testid="import-confirm"]').count()).toBe(0);
    await expectText(page.locator('[data-testid="import-nothing"]'), '请按上表改正有问题的行，再重新预检。');
    await admin.screenshot('directory-import-report-bad');

    // The corrected file: every row to create; confirm imports it and shows the initial password once.
    const good = await directoryFile(false);
    await page.locator('input[name="file"]').setInputFiles({ name: '名录.xlsx', mimeType: XLSX, buffer: good });
    expect(await page.locator('[data-testid="import-report"]').isHidden()).toBe(true);
    await page.locator('[data-testid="import-dry-run"]').click();
    await expectText(page.locator('[data-testid="import-summary"]'), '共 4 行：新建 4 行，不变 0 行，冲突 0 行。');
    await expectText(page.locator('[data-testid="import-counts"] tr[data-sheet="total"]'), '4');
    await admin.screenshot('directory-import-report-ok');
    await page.locator('[data-testid="import-confirm"]').click();
    await expectText(page.locator('[data-testid="import-result"]'), '已导入：新建 4 行，不变 0 行，冲突 0 行');
    const passwordCell = page.locator('[data-testid="import-passwords"] tbody tr td').nth(2);
    await expectText(page.locator('[data-testid="import-passwords"] tbody tr'), 'web-officer-tq');
    const password = (await passwordCell.textContent())!.trim();
    expect(password).toMatch(/^\S{16}$/);
    await admin.screenshot('directory-import-done');
    // The password works: the new account logs in with it.
    await web.t.http().post('/api/auth/login').send({ username: 'web-officer-tq', password }).expect(200);

    // The same file again: the dry run finds nothing to import.
    await page.locator('input[name="file"]').setInputFiles({ name: '名录.xlsx', mimeType: XLSX, buffer: good });
    await page.locator('[data-testid="import-dry-run"]').click();
    await expectText(page.locator('[data-testid="import-summary"]'), '共 4 行：新建 0 行，不变 4 行，冲突 0 行。');
    await expectText(page.locator('[data-testid="import-nothing"]'), '名录中已有文件的全部内容，无需导入。');
  });

  it('at phone width: the report is readable as cards, a file that is not a spreadsheet is refused with the reason', async () => {
    const admin = await UserSession.login(browser, web.baseUrl, 'sysadmin1', PHONE);
    sessions.push(admin);
    const { page } = admin;
    await page.goto(`${web.baseUrl}/app/admin/directory-import`);
    admin.expectHttpStatus(400);
    await page.locator('input[name="file"]').setInputFiles({ name: '名录.xlsx', mimeType: XLSX, buffer: Buffer.from('not a spreadsheet') });
    await page.locator('[data-testid="import-dry-run"]').click();
    await expectText(page.locator('[data-testid="import-refused"]'), '上传的文件不是 .xlsx 电子表格');
    await admin.screenshot('directory-import-phone-refused');
    await page.locator('input[name="file"]').setInputFiles({ name: '名录.xlsx', mimeType: XLSX, buffer: await directoryFile(true) });
    await page.locator('[data-testid="import-dry-run"]').click();
    await expectText(page.locator('[data-testid="import-summary"]'), '其中 1 行有问题');
    await admin.screenshot('directory-import-phone-report');
    // In English, the same report in English words (the page starts over: a report speaks of the file read).
    await page.locator('button.lang-switch').click();
    await expectText(page.locator('h1'), 'Import bodies, units, cadres and accounts');
    await page.locator('input[name="file"]').setInputFiles({ name: 'directory.xlsx', mimeType: XLSX, buffer: await directoryFile(true) });
    await page.locator('[data-testid="import-dry-run"]').click();
    await expectText(page.locator('[data-testid="import-summary"]'), '5 rows, 1 with problems');
    await expectText(
      page.locator('[data-testid="import-rows"] tr[data-action="invalid"]'),
      'unit id: web-tq-nowhere is no unit of the directory or of this file',
    );
    const scrollWidth = Number(await page.evaluate('document.documentElement.scrollWidth'));
    expect(scrollWidth).toBeLessThanOrEqual(PHONE.width);
    await admin.screenshot('directory-import-phone-report-en');
  });
});
