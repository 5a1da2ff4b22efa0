import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/demo-users';
import { UsersService } from '../../src/identity/users.service';
import { DESKTOP, launchBrowser, PHONE, startWebApp, UserSession, type WebApp } from './support/browser';
import { fillFields } from './support/case-forms';
import { pickerText, pickWithPointer } from './support/pickers';
import { expectText, pageRendered } from './support/waits';

jest.setTimeout(180_000);

/**
 * Issue 18 §3, 交办新事项 on the pages: the province's leader hands a report lead down to Jinan
 * from 「交办新事项」 (the body picked from the directory), lands on the new case, and Jinan's
 * officer finds it in Jinan's queue marked 交办 with its date; at desk width and on a phone.
 */
describe('交办新事项 on the pages', () => {
  let web: WebApp;
  let browser: Browser;
  const sessions: UserSession[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    // The lead names its cadre, picked from the directory.
    web = await startWebApp({ demoCadres: true });
    const at = web.t.clock.now().toISOString();
    const users = web.t.app.get(UsersService);
    for (const [id, name, role, scope] of [
      ['an-province-leader', '省纪委分管领导', 'leader', 'shandong'],
      ['an-jinan-officer', '济南承办人', 'officer', 'jinan'],
    ] as const) {
      await users.create({ id, displayName: name, unitId: 'cdi', password: DEMO_PASSWORD, roles: [{ role, scope }] }, at);
    }
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
  const dueOn = () => new Date(web.t.clock.now().getTime() + 8 * 3600_000 + 10 * 86_400_000).toISOString().slice(0, 10);

  for (const [name, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`the province assigns a lead to Jinan; Jinan's queue marks it 交办 (${name})`, async () => {
      const leader = await as('an-province-leader', viewport);
      await leader.page.goto(`${web.baseUrl}/app/assign`);
      await pageRendered(leader.page);
      await expectText(leader.page.locator('h1'), '交办新事项');
      const form = leader.page.locator('form.new-case-form');
      await pickWithPointer(pickerText(form, 'bodyId'), 'jn', '济南市纪委监委');
      const due = dueOn();
      await form.locator('[data-testid="assign-due"]').fill(due);
      await form.locator('[data-testid="assign-instructions"]').fill('请依规核查，按期报告核查情况。');
      const summary = `交办线索（${name}）：反映开发区管委会副主任在项目招商中收受礼金。`;
      await fillFields(form, { summary, channel: 'letter', receivedOn: '2026-02-20', signed: false, cadreId: 'applicant1', unitId: 'unit-jinan-dev' });
      await noSidewaysScroll(leader, viewport.width);
      await leader.screenshot(`assign-new-matter-${name}`, { fullPage: true });
      await form.locator('[data-testid="assign-submit"]').click();
      await leader.page.waitForURL(/\/app\/cases\/[0-9a-f-]{36}$/);
      await pageRendered(leader.page);
      const caseId = leader.page.url().split('/').pop()!;
      // The opening entry reads 上级交办 by the province, in words (no keys), folded record included.
      const timeline = leader.page.locator('[data-section="timeline"]');
      await expectText(timeline, '上级督办、交办');
      const story = (await timeline.textContent()) ?? '';
      expect(story).toContain('上级交办');
      expect(story).toContain('山东省纪委监委');
      expect(story).not.toMatch(/openedAs|assignedBy|newMatter|assignment/);

      const officer = await as('an-jinan-officer', viewport);
      await officer.page.goto(`${web.baseUrl}/app/queue?tab=recent`);
      await pageRendered(officer.page);
      const row = officer.page.locator(`[data-case-id="${caseId}"]`).first();
      await expectText(row.locator('[data-testid="supervision-marker"]'), `交办：${due}前报告`);
      await noSidewaysScroll(officer, viewport.width);
      await officer.screenshot(`assign-new-matter-queue-${name}`, { fullPage: false });
    });
  }
});
