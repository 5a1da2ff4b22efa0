import type { Browser } from 'playwright-core';
import { appealSamples } from '../../workflows/appeal/appeal.samples';
import { DEMO_PASSWORD } from '../../src/demo/demo-users';
import { UsersService } from '../../src/identity/users.service';
import { PathDriver } from '../support/path-driver';
import { DESKTOP, launchBrowser, PHONE, startWebApp, UserSession, type WebApp } from './support/browser';
import { expectText, pageRendered } from './support/waits';

jest.setTimeout(120_000);

/**
 * Issue 18 §3 on the pages: the parent body's queue marks the appeal with the body deciding it,
 * the case page names that body, and once decided the lower body's officer reads the appeal's
 * outcome on the case page; at desk width and on a phone (no sideways scrolling).
 */
describe('appeals one level up on the pages', () => {
  let web: WebApp;
  let browser: Browser;
  const sessions: UserSession[] = [];
  let caseId: string;
  let appealId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp();
    const at = web.t.clock.now().toISOString();
    const users = web.t.app.get(UsersService);
    await users.create(
      { id: 'pg-jinan-officer', displayName: '济南承办人', unitId: 'cdi', password: DEMO_PASSWORD, roles: [{ role: 'officer', scope: 'jinan' }] },
      at,
    );
    await users.create(
      { id: 'pg-province-officer', displayName: '省纪委承办人', unitId: 'cdi', password: DEMO_PASSWORD, roles: [{ role: 'officer', scope: 'shandong' }] },
      at,
    );
    await users.create(
      { id: 'pg-province-leader', displayName: '省纪委分管领导', unitId: 'cdi', password: DEMO_PASSWORD, roles: [{ role: 'leader', scope: 'shandong' }] },
      at,
    );
    await users.create(
      { id: 'pg-province-committee', displayName: '省纪委委员', unitId: 'cdi', password: DEMO_PASSWORD, roles: [{ role: 'committee', scope: 'shandong' }] },
      at,
    );
    const driver = new PathDriver(web.t);
    caseId = await driver.drive('tolerance', driver.paths('tolerance').get('underAppeal')!, { officer1: 'pg-jinan-officer' });
    // The appeal case the filing opened in the provincial body.
    appealId = (await driver.view(caseId)).links.children.find((link: { procedure: string }) => link.procedure === 'appeal').caseId;
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });
  afterEach(() => {
    for (const session of sessions) expect(session.unexpectedProblems()).toEqual([]);
  });
  const as = async (user: string, viewport = DESKTOP) => {
    const session = await UserSession.login(browser, web.baseUrl, user, viewport);
    sessions.push(session);
    return session;
  };
  const noSidewaysScroll = async (session: UserSession, width: number) =>
    expect(Number(await session.page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(width);

  for (const [name, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`the parent body's queue marks the appeal and the case page names the deciding body (${name})`, async () => {
      const province = await as('pg-province-officer', viewport);
      await province.page.goto(`${web.baseUrl}/app/queue?tab=recent`);
      await pageRendered(province.page);
      const row = province.page.locator(`tr[data-case-id="${caseId}"]`);
      await expectText(row.locator('[data-testid="appeal-marker"]'), '申诉：山东省纪委监委');
      await noSidewaysScroll(province, viewport.width);
      await province.screenshot(`appeal-queue-${name}`, { fullPage: false });

      await province.page.goto(`${web.baseUrl}/app/cases/${caseId}`);
      await pageRendered(province.page);
      await expectText(province.page.locator('[data-testid="case-appeal-body"]'), '山东省纪委监委');
      await noSidewaysScroll(province, viewport.width);
      await province.screenshot(`appeal-case-${name}`, { fullPage: false });

      // The appeal case itself is in the province's queue, and its page offers the province's officer 受理.
      await province.page.goto(`${web.baseUrl}/app/queue?tab=recent`);
      await pageRendered(province.page);
      await expectText(province.page.locator(`tr[data-case-id="${appealId}"]`), '申诉案件');
      await province.page.goto(`${web.baseUrl}/app/cases/${appealId}`);
      await pageRendered(province.page);
      await expectText(province.page.locator('body'), '受理申诉');
      await noSidewaysScroll(province, viewport.width);
      await province.screenshot(`appeal-own-case-${name}`, { fullPage: true });
    });
  }

  it('once the parent body decides, the lower body reads the outcome on its case page (phone)', async () => {
    // The province accepts and reviews the appeal; its committee decides (the vote recorded in the appeal case).
    for (const [type, user] of [
      ['ACCEPT_APPEAL', 'pg-province-officer'],
      ['SUBMIT_REVIEW_REPORT', 'pg-province-officer'],
      ['DECIDE_APPEAL', 'pg-province-committee'],
    ] as const) {
      const step = appealSamples.events[type][0];
      web.t.clock.set(step.at!);
      expect((await web.t.sendEvent(appealId, user, type, step.data)).status).toBe(200);
    }
    const jinan = await as('pg-jinan-officer', PHONE);
    await jinan.page.goto(`${web.baseUrl}/app/cases/${caseId}`);
    await pageRendered(jinan.page);
    await expectText(jinan.page.locator('[data-testid="case-appeal-body"]'), '山东省纪委监委');
    // The record's 申诉决定 section, opened, holds the parent body's decision and its reference.
    const section = jinan.page.locator('details.record-section', { has: jinan.page.locator('summary', { hasText: /^申诉决定$/ }) });
    await section.locator('summary').click();
    await expectText(section, '鲁纪申〔2026〕2号');
    await expectText(section, '维持');
    await noSidewaysScroll(jinan, PHONE.width);
    await jinan.screenshot('appeal-outcome-phone', { fullPage: true });
  });

  it('the province’s leader supervises the Jinan case from its page; its queue marks it red once overdue; Jinan reports back on a phone', async () => {
    const leader = await as('pg-province-leader');
    await leader.page.goto(`${web.baseUrl}/app/cases/${caseId}`);
    await pageRendered(leader.page);
    const form = leader.page.locator('[data-testid="supervision-open-form"]');
    const due = new Date(web.t.clock.now().getTime() + 8 * 3600_000 + 2 * 86_400_000).toISOString().slice(0, 10);
    await form.locator('select[name="kind"]').selectOption('supervise');
    await form.locator('input[name="dueOn"]').fill(due);
    await form.locator('textarea[name="instructions"]').fill('请于期限内报告结果运用情况');
    await form.locator('button[type="submit"]').click();
    const item = leader.page.locator('[data-testid="supervision-item"]');
    await expectText(item, '督办');
    await expectText(item, '山东省纪委监委');
    await expectText(item.locator('[data-testid="supervision-status"]'), '待报告');
    await expectText(leader.page.locator('[data-section="timeline"]'), '上级督办、交办');
    await leader.screenshot('supervision-case-desktop', { fullPage: false });

    // Three days on, not reported: the province's queue marks the row red.
    const now = web.t.clock.now();
    web.t.clock.set(new Date(now.getTime() + 3 * 86_400_000).toISOString());
    try {
      await leader.page.goto(`${web.baseUrl}/app/queue?tab=recent`);
      await pageRendered(leader.page);
      const marker = leader.page.locator(`tr[data-case-id="${caseId}"] [data-testid="supervision-marker"]`);
      await expectText(marker, `督办逾期：${due}`);
      expect(await marker.getAttribute('class')).toContain('badge-supervision-overdue');
      await leader.screenshot('supervision-queue-desktop', { fullPage: false });
    } finally {
      web.t.clock.set(now.toISOString());
    }

    const jinan = await as('pg-jinan-officer', PHONE);
    await jinan.page.goto(`${web.baseUrl}/app/cases/${caseId}`);
    await pageRendered(jinan.page);
    expect(await jinan.page.locator('[data-testid="supervision-open-form"]').count()).toBe(0);
    const report = jinan.page.locator('[data-testid="supervision-report-form"]');
    await report.locator('textarea[name="report"]').fill('已书面反馈申请人，正在函告组织人事部门');
    await report.locator('button[type="submit"]').click();
    await expectText(jinan.page.locator('[data-testid="supervision-item"]'), '已书面反馈申请人');
    await expectText(jinan.page.locator('[data-testid="supervision-item"]'), '已报告');
    await noSidewaysScroll(jinan, PHONE.width);
    await jinan.page.locator('[data-section="supervision"]').scrollIntoViewIfNeeded();
    await jinan.screenshot('supervision-case-phone', { fullPage: false });
  });
});
