import type { Browser, Page } from 'playwright-core';
import { signedLead } from '../../workflows/clarification/clarification.samples';
import { DEMO_PASSWORD } from '../../src/demo/demo-users';
import { TestClock } from '../support/test-app';
import { DESKTOP, launchBrowser, PHONE, startWebApp, UserSession, type WebApp } from './support/browser';
import { expectText, pageRendered } from './support/waits';

jest.setTimeout(180_000);

// The clarification samples' reporter (workflows/clarification/clarification.samples.ts).
const SECRETS = ['王某某', '138-0000-0000'];
const HOUR = 3600_000;

/** Everything the page holds, shown or folded, and its title: none of it names the reporter. */
async function expectNoIdentity(page: Page): Promise<void> {
  const text = `${await page.title()}\n${(await page.locator('body').textContent()) ?? ''}\n${page.url()}`;
  for (const secret of SECRETS) expect([secret, text.includes(secret)]).toEqual([secret, false]);
}

async function expectFits(page: Page, width: number): Promise<void> {
  await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(width);
}

/**
 * Issue 23, pages that did not exist: reading a reporter's sealed identity through the pages. The
 * case officer asks with a reason; a leader other than the one who asked grants it for an hour;
 * the officer reads it, and only there does the name appear; when the hour is over the read is
 * refused with the reason next to the button and the history says the grant has ended. An account
 * that is both officer and leader cannot decide its own request.
 */
describe('sealed identity reads, in the browser', () => {
  let web: WebApp;
  let browser: Browser;
  const clock = new TestClock(new Date('2026-03-02T01:00:00.000Z'));
  const sessions: UserSession[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp({ clock });
    // An account holding both case roles, to show it cannot approve what it asked.
    await web.t
      .http()
      .post('/api/admin/users')
      .set(await web.t.as('sysadmin1'))
      .send({ id: 'dual1', displayName: '钱勇（承办人、领导）', password: DEMO_PASSWORD })
      .expect(201);
    await web.t
      .http()
      .put('/api/admin/users/dual1/roles')
      .set(await web.t.as('secadmin1'))
      .send({
        roles: [
          { role: 'officer', scope: '*' },
          { role: 'leader', scope: '*' },
        ],
      })
      .expect(200);
    // The administrator chose the password: the holder changes it at first login (issue 18 §1).
    await web.t.ownPassword('dual1', DEMO_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });
  afterEach(async () => {
    for (const session of sessions.splice(0)) {
      expect(session.unexpectedProblems()).toEqual([]);
      await session.close();
    }
  });
  const as = async (user: string, viewport: { width: number; height: number }) => {
    const session = await UserSession.login(browser, web.baseUrl, user, viewport);
    sessions.push(session);
    return session;
  };
  const newCase = async () =>
    (
      await web.t
        .http()
        .post('/api/cases')
        .set(await web.t.as('officer1'))
        .send({ procedure: 'clarification', ...signedLead.data })
        .expect(201)
    ).body.id as string;

  for (const viewport of [DESKTOP, PHONE]) {
    const w = viewport.width;

    it(`${w} px: asked with a reason, granted by a leader, read for an hour, then refused and shown as ended`, async () => {
      const caseId = await newCase();
      const officer = await as('officer1', viewport);
      await officer.page.goto(`${web.baseUrl}/app/cases/${caseId}`);
      await officer.page.locator('[data-testid="reveals-link"]').click();
      await officer.page.waitForURL(new RegExp(`/app/cases/${caseId}/reveals$`));
      await pageRendered(officer.page);
      await expectText(officer.page.locator('[data-testid="reveal-rules"]'), '须由提出人以外的另一位领导审批');
      const form = officer.page.locator('[data-testid="reveal-request"]');
      await form.locator('button[type="submit"]').click();
      await expectText(officer.page.locator('[data-testid="reveal-request-refused"]'), '请填写查阅理由');
      await form.locator('textarea[name="reason"]').fill('需当面向检举人核实补充材料的来源');
      await form.locator('button[type="submit"]').click();
      const card = officer.page.locator('[data-testid="reveal-history"] li').first();
      await expectText(card.locator('[data-testid="reveal-status"]'), '待审批');
      await expectText(card.locator('[data-testid="reveal-waiting"]'), '等待领导审批');
      await expectNoIdentity(officer.page);
      await officer.screenshot(`reveal-requested-${w}`);

      // The leader finds the request in their list of requests to decide, and opens its case.
      const leader = await as('leader1', viewport);
      await leader.page.locator('nav a[href="/app/reveals"]').click();
      await pageRendered(leader.page);
      const listed = leader.page.locator(`[data-testid="pending-reveals"] tr`).filter({ hasText: '需当面向检举人核实补充材料的来源' });
      await expectText(listed, 'officer1');
      await expectNoIdentity(leader.page);
      await leader.screenshot(`reveal-pending-list-${w}`);
      await expectFits(leader.page, w);
      await listed.locator('a').click();
      await leader.page.waitForURL(new RegExp(`/app/cases/${caseId}/reveals$`));
      await pageRendered(leader.page);
      const decision = leader.page.locator('[data-testid="reveal-decision"]');
      await expectText(leader.page.locator('[data-testid="reveal-history"]'), '需当面向检举人核实补充材料的来源');
      await decision.locator('select[name="validHours"]').selectOption('1');
      await decision.locator('textarea[name="note"]').fill('同意，限一小时');
      await leader.screenshot(`reveal-decide-${w}`);
      await expectFits(leader.page, w);
      await decision.locator('[data-testid="reveal-approve"]').click();
      await expectText(leader.page.locator('[data-testid="reveal-history"] [data-testid="reveal-status"]').first(), '已批准');
      // The leader decides; the leader does not read: no read button, no identity.
      await expect(leader.page.locator('[data-testid="reveal-read"]').count()).resolves.toBe(0);
      await expectNoIdentity(leader.page);

      await officer.page.reload();
      await pageRendered(officer.page);
      await expectNoIdentity(officer.page);
      await officer.page.locator('[data-testid="reveal-read"]').click();
      const granted = officer.page.locator('[data-testid="revealed-identity"]');
      await expectText(granted.locator('[data-field="reporterName"]'), '王某某');
      await expectText(granted.locator('[data-field="reporterContact"]'), '138-0000-0000');
      expect(await officer.page.title()).not.toContain('王某某');
      await officer.screenshot(`reveal-granted-${w}`);
      await expectFits(officer.page, w);
      await officer.page.locator('[data-testid="reveal-close"]').click();
      await expectNoIdentity(officer.page);

      // An hour and a minute later the grant has ended: the read is refused next to the button.
      clock.advance(HOUR + 60_000);
      officer.expectHttpStatus(403);
      await officer.page.locator('[data-testid="reveal-read"]').click();
      await expectText(officer.page.locator('[data-testid="reveal-read-refused"]'), '查阅期限已过，如仍需查阅请重新申请');
      await expect(officer.page.locator('[data-testid="revealed-identity"]').count()).resolves.toBe(0);
      await officer.page.reload();
      await pageRendered(officer.page);
      const ended = officer.page.locator('[data-testid="reveal-history"] li').first();
      await expectText(ended.locator('[data-testid="reveal-status"]'), '已过期');
      await expectText(ended, '同意，限一小时');
      await expect(officer.page.locator('[data-testid="reveal-read"]').count()).resolves.toBe(0);
      await expectNoIdentity(officer.page);
      await officer.screenshot(`reveal-history-${w}`);
      await expectFits(officer.page, w);
    });

    it(`${w} px: an officer who is also a leader cannot decide their own request; a different leader can`, async () => {
      const caseId = await newCase();
      await web.t
        .http()
        .post(`/api/cases/${caseId}/reveals`)
        .set(await web.t.as('dual1'))
        .send({ reason: '核实检举人与被反映人是否存在利害关系' })
        .expect(201);
      const dual = await as('dual1', viewport);
      await dual.page.goto(`${web.baseUrl}/app/cases/${caseId}/reveals`);
      await pageRendered(dual.page);
      const card = dual.page.locator('[data-testid="reveal-history"] li').first();
      await expectText(card.locator('[data-testid="reveal-waiting"]'), '这是您本人提出的申请，须由另一位领导审批');
      await expect(card.locator('[data-testid="reveal-approve"]').count()).resolves.toBe(0);
      await dual.screenshot(`reveal-own-request-${w}`);

      const leader = await as('leader1', viewport);
      await leader.page.goto(`${web.baseUrl}/app/cases/${caseId}/reveals`);
      await pageRendered(leader.page);
      await leader.page.locator('[data-testid="reveal-deny"]').click();
      await expectText(leader.page.locator('[data-testid="reveal-status"]').first(), '未批准');
      await expectNoIdentity(leader.page);
    });
  }

  it('a party, an auditor and an administrator have no reveal page; staff of other procedures no link', async () => {
    const caseId = await newCase();
    for (const user of ['auditor1', 'sysadmin1']) {
      const session = await as(user, DESKTOP);
      await session.page.goto(`${web.baseUrl}/app/cases/${caseId}/reveals`);
      await session.page.locator('[data-testid="not-found"]').waitFor();
      await expect(session.page.locator('nav a[href*="reveals"]').count()).resolves.toBe(0);
    }
  });
});
