import type { Browser, Page } from 'playwright-core';
import { PathDriver } from '../support/path-driver';
import { launchBrowser, startWebApp, UserSession, type WebApp } from './support/browser';
import { expectState } from './support/case-forms';

jest.setTimeout(120_000);

/**
 * The record on the case page is labelled from the procedure's own definition (its `record`
 * labels, GET /api/procedures), key by key along the path: no raw key or code, and the field's
 * own terms where the same key means different things (issue 23, item 3).
 */
describe('the labels of a case’s record, in the browser', () => {
  let web: WebApp;
  let browser: Browser;
  let driver: PathDriver;
  const sessions: UserSession[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp();
    driver = new PathDriver(web.t);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });
  afterEach(() => {
    for (const session of sessions) expect(session.unexpectedProblems()).toEqual([]);
  });

  /** The case page as the auditor sees it (the whole record), every record section unfolded. */
  async function recordOf(caseId: string, state: string, screenshot: string): Promise<{ page: Page; text: string; terms: string[] }> {
    const session = await UserSession.login(browser, web.baseUrl, 'auditor1');
    sessions.push(session);
    const { page } = session;
    await page.goto(`${web.baseUrl}/app/cases/${caseId}`);
    await expectState(page, state);
    const record = page.locator('[data-section="record"]');
    const folded = record.locator('details.record-section:not([open]) > summary');
    while ((await folded.count()) > 0) await folded.first().click();
    await session.screenshot(screenshot);
    const terms = [...(await record.locator('summary, .record-key, dt').allInnerTexts())].map((text) => text.trim());
    return { page, text: await record.innerText(), terms };
  }

  /** Every label the record shows is Chinese: no key of the machine's context reaches the page. */
  const latinTerms = (terms: string[]) => terms.filter((term) => !/[\u4e00-\u9fff]/.test(term));
  /** Codes such as `unforbiddenTrial` or `dueDateDefaulted` shown as they are. */
  const rawCodes = (text: string) => text.match(/\b[a-z]+[A-Z][A-Za-z]*\b/g) ?? [];

  it('a tolerance case: each factor’s 分析, the distinctions’ values, the 核实报告', async () => {
    const id = await driver.drive('tolerance', driver.paths('tolerance').get('closed')!);
    const { page, text, terms } = await recordOf(id, 'closed', 'record-tolerance');
    expect(latinTerms(terms)).toEqual([]);
    expect(rawCodes(text)).toEqual([]);
    const factor = page.locator('[data-section="record"] dt', { hasText: /^动机态度$/ }).locator('xpath=following-sibling::dd[1]');
    await expect(factor.innerText()).resolves.toMatch(/分析[\s\S]*出于推动项目尽快落地的公心/);
    await expect(factor.innerText()).resolves.not.toContain('受理意见');
    expect(text).toContain('上级尚无明确限制的探索性试验中的失误错误');
    expect(text).toContain('为推动发展的无意过失');
    expect(terms).toContain('核实报告');
    expect(text).not.toMatch(/\bfindings\b/);
    // The 三个区分开来 block at 1280 px (issue 23 §2): its long labels wrap, every value keeps room to be read.
    const narrowest = await page
      .locator('[data-section="record"] dd')
      .evaluateAll((cells) => Math.min(...cells.filter((cell) => cell.textContent?.trim()).map((cell) => cell.getBoundingClientRect().width)));
    expect(narrowest).toBeGreaterThan(120);
  });

  it('a correction case: its plan is the 整改方案 and the officer’s answer the 方案审核', async () => {
    const id = await driver.drive('correction', driver.paths('correction').get('acceptanceCheck')!);
    const { text, terms } = await recordOf(id, 'acceptanceCheck', 'record-correction');
    expect(latinTerms(terms)).toEqual([]);
    expect(rawCodes(text)).toEqual([]);
    expect(terms).toEqual(expect.arrayContaining(['整改方案', '方案审核', '纠错通知', '纠错事项']));
    expect(terms).not.toContain('澄清方案');
    expect(terms).not.toContain('审理');
  });

  it('a clarification case: every section in the field’s terms', async () => {
    const id = await driver.drive('clarification', driver.paths('clarification').get('closed')!);
    const { text, terms } = await recordOf(id, 'closed', 'record-clarification');
    expect(latinTerms(terms)).toEqual([]);
    expect(rawCodes(text)).toEqual([]);
    expect(terms).toEqual(expect.arrayContaining(['线索', '核查结论', '澄清方案', '实施澄清', '跟踪回访', '办理结果']));
    expect(text).toContain('失实');
  });
});
