import type { Browser } from 'playwright-core';
import { expectText } from './support/waits';
import { launchBrowser, PHONE, startWebApp, UserSession, type WebApp } from './support/browser';

jest.setTimeout(90_000);

const DAY_MS = 86_400_000;

/**
 * Issue 22 §4 on the integrity page: one audit administrator proposes to retire the security log's
 * payloads past retention; the page tells them another must approve; the second audit
 * administrator sees the pending proposal (desk and phone) and approves, and the trail still verifies.
 */
describe('a retirement proposed by one audit administrator and approved by another, in the browser', () => {
  let web: WebApp;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp({ env: { TRAIL_RETENTION_DAYS: 'security=184' } });
    for (const attempt of [1, 2, 3]) {
      await web.t
        .http()
        .post('/api/auth/login')
        .send({ username: 'nobody', password: `wrong-${attempt}` })
        .expect(401);
    }
    // Into the log (only entries with a leaf are retired), then past the period.
    await web.t
      .http()
      .post('/api/transparency/checkpoints')
      .set(await web.t.as('auditadmin1'))
      .expect(200);
    web.t.clock.advance(200 * DAY_MS);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('proposes, refuses nothing to the proposer but approval, and the other administrator approves', async () => {
    const proposer = await UserSession.login(browser, web.baseUrl, 'auditadmin1');
    await proposer.page.goto(`${web.baseUrl}/app/admin/integrity`);
    await proposer.page.locator('[data-testid="retention-none-pending"]').waitFor();
    await proposer.page.locator('[data-testid="retention-kind"]').selectOption('security');
    await expectText(proposer.page.locator('[data-testid="retention-kind"]'), '安全日志');
    await proposer.page.locator('[data-testid="retention-reason"]').fill('审计日志保存期满，依 2026 第 3 号决定');
    await proposer.page.locator('[data-testid="retention-propose"]').click();
    const own = proposer.page.locator('[data-proposal]');
    await own.waitFor();
    await expectText(own, '须由另一名审计管理员批准');
    await expectText(own, '清除“安全日志”的内容');
    expect(await own.locator('[data-testid="retention-approve"]').count()).toBe(0);
    // The kind proposed is not offered again, and the page does not claim nothing is due.
    expect(await proposer.page.locator('[data-testid="retention-form"], [data-testid="retention-nothing-due"]').count()).toBe(0);
    await expectText(own.locator('[data-testid="retention-reject"]'), '撤回提议');
    await proposer.screenshot('retention-proposed');
    expect(proposer.unexpectedProblems()).toEqual([]);
    await proposer.close();

    const phone = await UserSession.login(browser, web.baseUrl, 'auditadmin2', PHONE);
    await phone.page.goto(`${web.baseUrl}/app/admin/integrity`);
    await phone.page.locator('[data-proposal] [data-testid="retention-approve"]').waitFor();
    expect(Number(await phone.page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(PHONE.width);
    await phone.page.locator('[data-testid="retention"]').scrollIntoViewIfNeeded();
    await phone.screenshot('retention-pending-phone');
    // The same panel in English.
    await phone.page.locator('.lang-switch').click();
    await expectText(phone.page.locator('[data-testid="retention"] h2'), 'Retire payloads past retention');
    await expectText(phone.page.locator('[data-proposal]'), 'Retire the payloads of “Security log”');
    await expectText(phone.page.locator('[data-proposal]'), 'Approve and retire');
    expect(Number(await phone.page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(PHONE.width);
    await phone.page.locator('[data-testid="retention"]').scrollIntoViewIfNeeded();
    await phone.screenshot('retention-pending-phone-en');
    await phone.page.locator('.lang-switch').click();
    await phone.page.locator('[data-testid="retention"] h2', { hasText: '按保存期限清除日志内容' }).waitFor();
    await phone.close();

    const approver = await UserSession.login(browser, web.baseUrl, 'auditadmin2');
    await approver.page.goto(`${web.baseUrl}/app/admin/integrity`);
    const card = approver.page.locator('[data-proposal]');
    await expectText(card, '提议人');
    await expectText(card, 'auditadmin1');
    await approver.screenshot('retention-pending');
    await card.locator('textarea').fill('经复核同意');
    await card.locator('[data-testid="retention-approve"]').click();
    await approver.page.locator('[data-testid="retention-none-pending"]').waitFor();
    expect(approver.unexpectedProblems()).toEqual([]);
    await approver.close();

    const admin = await web.t.as('auditadmin1');
    const proposals = (await web.t.http().get('/api/audit/retention/proposals').set(admin).expect(200)).body;
    expect(proposals[0]).toMatchObject({ status: 'approved', decidedBy: 'auditadmin2', decisionNote: '经复核同意' });
    expect(proposals[0].entries).toBeGreaterThanOrEqual(3);
    const verified = (await web.t.http().get('/api/audit/verify').set(admin).expect(200)).body;
    expect(verified).toMatchObject({ ok: true, retiredPayloads: proposals[0].entries });
  });
});
