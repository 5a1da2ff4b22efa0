import * as ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { expectText, pageRendered } from './support/waits';
import { launchBrowser, PHONE, startWebApp, UserSession, type WebApp } from './support/browser';

jest.setTimeout(90_000);

/**
 * The statistics page as a leader uses it on the demo data: the figures for a range, a chart drawn
 * by ECharts under the pages' content policy, a figure opened to the cases behind it, and the
 * table downloaded as .xlsx and opened; then the same page on a phone.
 */
describe('the statistics page, in the browser', () => {
  let web: WebApp;
  let browser: Browser;
  let leader: UserSession;
  const RANGE = 'from=2020-01-01&to=2029-12-31';

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp({ demoCases: true });
    leader = await UserSession.login(browser, web.baseUrl, 'leader1');
    // Starting the app with the demo cases takes minutes when the shared machine is busy.
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });
  afterEach(() => expect(leader.unexpectedProblems()).toEqual([]));

  const figures = async () =>
    (
      await web.t
        .http()
        .get(`/api/stats?${RANGE}`)
        .set(await web.t.as('leader1'))
        .expect(200)
    ).body.indicators as Array<{ id: string; total: number; breakdown?: { values: Array<{ value: string; count: number }> } }>;

  it('shows every indicator with a chart drawn on a canvas, reached from the header', async () => {
    await leader.page.locator('nav.main-nav a[href="/app/stats"]').click();
    await leader.page.waitForURL(/\/app\/stats$/);
    await pageRendered(leader.page);
    await leader.page.goto(`${web.baseUrl}/app/stats?${RANGE}`);
    await pageRendered(leader.page);
    const chart = leader.page.locator('[data-testid="stats-chart"]');
    await chart.locator('canvas').first().waitFor();
    await leader.page.waitForFunction(`document.querySelector('[data-testid="stats-chart"]')?.getAttribute('data-drawn') !== null`);
    const expected = await figures();
    await expect(chart.getAttribute('data-drawn')).resolves.toBe(String(expected.length));
    // The canvas holds a drawing, not a blank surface.
    const painted = (await leader.page.evaluate(`(() => {
      const canvas = document.querySelector('[data-testid="stats-chart"] canvas');
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let coloured = 0;
      for (let index = 0; index < data.length; index += 4) if (data[index + 3] > 0) coloured++;
      return coloured;
    })()`)) as number;
    expect(painted).toBeGreaterThan(1000);
    const decisions = expected.find((figure) => figure.id === 'tolerance.decisions')!;
    expect(decisions.total).toBeGreaterThan(0);
    await expectText(leader.page.locator('[data-testid="figure-tolerance.decisions"]'), String(decisions.total));
    await expectText(leader.page.locator('[data-testid="stats-period"]'), '统计期间：2020-01-01 至 2029-12-31');
    await leader.screenshot('stats-desktop');
  });

  it('shows the on-time rates and items per order, the signed-report figures without a list, and withholds them per unit', async () => {
    await leader.page.goto(`${web.baseUrl}/app/stats?${RANGE}`);
    await pageRendered(leader.page);
    const expected = await figures();
    const completed = expected.find((figure) => figure.id === 'correction.itemsCompleted')!;
    const onTime = completed.breakdown!.values.find((value) => value.value === 'onTime')!.count;
    if (completed.total > 0) {
      await expectText(leader.page.locator('[data-testid="derived-correction.itemsCompleted"]'), `按期率 ${((100 * onTime) / completed.total).toFixed(1)}%`);
    }
    // A signed-report figure is a number, not a link to cases: a list would say which reports were signed.
    const notified = leader.page.locator('[data-testid="figure-reports.acceptanceNotified"]');
    await notified.waitFor();
    expect(await notified.evaluate((element) => element.tagName)).toBe('SPAN');
    await expectText(leader.page.locator('[data-testid="derived-reports.acceptanceNotified"]').last(), '仅汇总，不列明细');
    expect(await leader.page.locator('a[href*="reports.acceptanceNotified"], a[href*="reports.resultNotified"]').count()).toBe(0);
    await leader.screenshot('stats-timing');
    await leader.page.goto(`${web.baseUrl}/app/stats?${RANGE}&unit=unit-jinan-dev`);
    await pageRendered(leader.page);
    await expectText(leader.page.locator('[data-testid="stats-withheld"]'), '实名举报受理情况告知');
    expect(await leader.page.locator('[data-testid="figure-reports.acceptanceNotified"]').count()).toBe(0);
  });

  it('opens a figure to the list of cases behind it, whose count is the figure', async () => {
    const decisions = (await figures()).find((figure) => figure.id === 'tolerance.decisions')!;
    await leader.page.locator('[data-testid="figure-tolerance.decisions"]').click();
    await leader.page.waitForURL(/\/app\/stats\/tolerance\.decisions\?/);
    await pageRendered(leader.page);
    await expectText(leader.page.locator('[data-testid="drill-total"]'), `共 ${decisions.total} 条记录`);
    await expect(leader.page.locator('[data-testid="drill-table"] tbody tr').count()).resolves.toBe(Math.min(decisions.total, 50));
    await leader.screenshot('stats-drill-down');
  });

  it('shows the processing time per step with a chart of the medians, on a desktop and on a phone', async () => {
    const answer = (
      await web.t
        .http()
        .get(`/api/stats/step-times?${RANGE}`)
        .set(await web.t.as('leader1'))
        .expect(200)
    ).body as {
      procedures: Array<{ procedure: string; steps: Array<{ state: string; count: number; medianWorkingDays: number | null; overdueRate: number | null }> }>;
    };
    const left = answer.procedures.flatMap((procedure) =>
      procedure.steps.filter((step) => step.count > 0).map((step) => ({ procedure: procedure.procedure, ...step })),
    );
    expect(left.length).toBeGreaterThan(0);
    await leader.page.goto(`${web.baseUrl}/app/stats?${RANGE}`);
    await pageRendered(leader.page);
    const chart = leader.page.locator('[data-testid="step-chart"]');
    await chart.locator('canvas').first().waitFor();
    await leader.page.waitForFunction(`document.querySelector('[data-testid="step-chart"]')?.getAttribute('data-drawn') !== null`);
    await expect(chart.getAttribute('data-drawn')).resolves.toBe(String(left.length));
    const first = left[0];
    const row = leader.page.locator(`tr[data-step="${first.procedure}.${first.state}"]`);
    await expectText(row.locator('td').nth(0), String(first.count));
    await expectText(row.locator('td').nth(1), String(first.medianWorkingDays));
    await leader.page.locator('[data-testid="step-times"]').scrollIntoViewIfNeeded();
    await leader.screenshot('stats-steps-desktop', { fullPage: false });
    const phone = await UserSession.login(browser, web.baseUrl, 'leader1', PHONE);
    await phone.page.goto(`${web.baseUrl}/app/stats?${RANGE}`);
    await pageRendered(phone.page);
    await phone.page.locator('[data-testid="step-chart"] canvas').first().waitFor();
    expect((await phone.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number).toBeLessThanOrEqual(0);
    await phone.page.locator('[data-testid="step-times"]').scrollIntoViewIfNeeded();
    await phone.screenshot('stats-steps-phone', { fullPage: false });
    await phone.page.locator(`tr[data-step="${first.procedure}.${first.state}"]`).scrollIntoViewIfNeeded();
    await phone.screenshot('stats-steps-phone-table', { fullPage: false });
    expect(phone.unexpectedProblems()).toEqual([]);
    await phone.close();
  });

  it('downloads the statistics table as .xlsx with Chinese headers and the same figures', async () => {
    await leader.page.goto(`${web.baseUrl}/app/stats?${RANGE}`);
    await pageRendered(leader.page);
    const [download] = await Promise.all([leader.page.waitForEvent('download'), leader.page.locator('[data-testid="export-xlsx"]').click()]);
    expect(download.suggestedFilename()).toMatch(/^stats-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(await download.path()) as never);
    const rows: unknown[][] = [];
    workbook.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual(['类别', '指标', '分类', '分组', '数量', '统计期间（北京时间）', '统计口径']);
    const decisions = (await figures()).find((figure) => figure.id === 'tolerance.decisions')!;
    expect(rows.find((row) => row[1] === '容错认定人次' && row[2] === '合计')?.[4]).toBe(decisions.total);
  });

  it('reads on a phone, and names a reversed range in Chinese', async () => {
    const phone = await UserSession.login(browser, web.baseUrl, 'leader1', PHONE);
    await phone.page.goto(`${web.baseUrl}/app/stats?${RANGE}`);
    await pageRendered(phone.page);
    await phone.page.locator('[data-testid="stats-chart"] canvas').first().waitFor();
    const overflow = (await phone.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.screenshot('stats-phone');
    await phone.screenshot('stats-phone-top', { fullPage: false });
    await phone.page.locator('tr[data-indicator="falseAccusation.measures"]').scrollIntoViewIfNeeded();
    await phone.screenshot('stats-phone-table', { fullPage: false });
    phone.expectHttpStatus(400);
    await phone.page.goto(`${web.baseUrl}/app/stats?from=2026-05-01&to=2026-04-01`);
    await pageRendered(phone.page);
    await expectText(phone.page.locator('[data-testid="stats-error"]'), '截止日期早于起始日期');
    expect(phone.unexpectedProblems()).toEqual([]);
    await phone.close();
  });
});
