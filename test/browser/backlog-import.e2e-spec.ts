import * as ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { launchBrowser, PHONE, startWebApp, UserSession, type WebApp } from './support/browser';
import { expectText } from './support/waits';

jest.setTimeout(120_000);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADERS = ['原编号', '程序', '当前环节', '当事干部编码', '当事干部姓名', '所在单位编码', '办理机关编码', '启动日期', '进入当前环节日期', '问题概述'];

/** Two correction cases of the Qingdao body awaiting their order; `bad` names a cadre the unit does not have. */
async function backlogFile(prefix: string, bad: boolean): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('存量案件');
  sheet.addRow(HEADERS);
  sheet.addRow([
    `青纪〔2025〕${prefix}1号`,
    '纠错',
    '待下发纠错通知',
    'web-bk-cadre',
    '',
    'unit-qingdao-port',
    'qingdao',
    '2026-02-10',
    '2026-02-10',
    '港务部合同管理不规范',
  ]);
  sheet.addRow([
    `青纪〔2025〕${prefix}2号`,
    '纠错',
    '待下发纠错通知',
    '',
    bad ? '查无此人' : '刘洋',
    'unit-qingdao-port',
    'qingdao',
    '2026-02-11',
    '2026-02-11',
    '项目验收把关不严',
  ]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * The case officer's backlog import page (issue 18 §4): a file with a bad row is reported row by
 * row and cannot be confirmed; the corrected file imports, each row with its case number; the
 * case's timeline starts with 「存量案件导入」 and the original number. At desktop and phone width.
 */
describe('the backlog import page', () => {
  let web: WebApp;
  let browser: Browser;
  const sessions: UserSession[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp();
    const cadres = ['干部编码,姓名,职务,职级,所在单位编码', 'web-bk-cadre,陈刚,港务部经理,,unit-qingdao-port', 'web-bk-liu,刘洋,科长,,unit-qingdao-port'].join(
      '\n',
    );
    await web.t
      .http()
      .post('/api/admin/directory-import')
      .set(await web.t.as('sysadmin1'))
      .set('content-type', 'text/csv')
      .send(cadres)
      .expect(200);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });
  afterEach(() => {
    for (const session of sessions) expect(session.unexpectedProblems()).toEqual([]);
  });

  it('choose a file → the dry-run report → confirm → the case starts with its import', async () => {
    const officer = await UserSession.login(browser, web.baseUrl, 'officer1');
    sessions.push(officer);
    const { page } = officer;
    await page.locator('nav a[href="/app/backlog-import"]').click();
    await expectText(page.locator('h1'), '导入存量案件');

    await page.locator('input[name="file"]').setInputFiles({ name: '存量案件.xlsx', mimeType: XLSX, buffer: await backlogFile('d', true) });
    await page.locator('[data-testid="backlog-dry-run"]').click();
    await expectText(page.locator('[data-testid="backlog-summary"]'), '共 2 行，其中 1 行有问题：改正后才能导入。');
    const badRow = page.locator('[data-testid="backlog-rows"] tr[data-row="3"]');
    await expectText(badRow, '单位“unit-qingdao-port”中没有名为“查无此人”的干部');
    expect(await page.locator('[data-testid="backlog-confirm"]').count()).toBe(0);
    await officer.screenshot('backlog-import-report-bad');

    await page.locator('input[name="file"]').setInputFiles({ name: '存量案件.xlsx', mimeType: XLSX, buffer: await backlogFile('d', false) });
    await page.locator('[data-testid="backlog-dry-run"]').click();
    await expectText(page.locator('[data-testid="backlog-summary"]'), '共 2 行：新建案件 2 件，此前已导入 0 行。');
    await page.locator('[data-testid="backlog-confirm"]').click();
    await expectText(page.locator('[data-testid="backlog-result"]'), '已导入：新建案件 2 件');
    await expectText(page.locator('[data-testid="backlog-created"] tbody tr').first(), '青纪〔2025〕d1号');
    await officer.screenshot('backlog-import-done');

    // The case's own page: the timeline opens with the import, in words, with the original number.
    await page.locator('[data-testid="backlog-created"] tbody tr a').first().click();
    const first = page.locator('.timeline-entry').first();
    await expectText(first.locator('.entry-event'), '存量案件导入');
    await expectText(first.locator('[data-testid="entry-imported"]'), '原编号：青纪〔2025〕d1号；启动于 2026-02-10');
    await officer.screenshot('backlog-import-case');

    // The same file again: nothing to import.
    await page.goto(`${web.baseUrl}/app/backlog-import`);
    await page.locator('input[name="file"]').setInputFiles({ name: '存量案件.xlsx', mimeType: XLSX, buffer: await backlogFile('d', false) });
    await page.locator('[data-testid="backlog-dry-run"]').click();
    await expectText(page.locator('[data-testid="backlog-nothing"]'), '文件中的各行此前均已导入，无需再次导入。');
  });

  it('at phone width, in Chinese and English: the report as cards, no sideways scrolling', async () => {
    const officer = await UserSession.login(browser, web.baseUrl, 'officer1', PHONE);
    sessions.push(officer);
    const { page } = officer;
    await page.goto(`${web.baseUrl}/app/backlog-import`);
    await page.locator('input[name="file"]').setInputFiles({ name: '存量案件.xlsx', mimeType: XLSX, buffer: await backlogFile('p', true) });
    await page.locator('[data-testid="backlog-dry-run"]').click();
    await expectText(page.locator('[data-testid="backlog-summary"]'), '其中 1 行有问题');
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(PHONE.width);
    await officer.screenshot('backlog-import-phone-report');
    await page.locator('button.lang-switch').click();
    await expectText(page.locator('h1'), 'Import the backlog of existing cases');
    await page.locator('input[name="file"]').setInputFiles({ name: 'backlog.xlsx', mimeType: XLSX, buffer: await backlogFile('p', true) });
    await page.locator('[data-testid="backlog-dry-run"]').click();
    await expectText(page.locator('[data-testid="backlog-rows"] tr[data-action="invalid"]'), 'No cadre named 查无此人 in the unit unit-qingdao-port');
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(PHONE.width);
    await officer.screenshot('backlog-import-phone-report-en');
  });
});
