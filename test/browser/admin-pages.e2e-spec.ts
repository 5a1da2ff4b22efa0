import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { toleranceSamples } from '../../workflows/tolerance/tolerance.samples';
import { DESKTOP, launchBrowser, PHONE, startWebApp, UserSession, type WebApp } from './support/browser';
import { expectText, pageRendered } from './support/waits';
import { pickerId, pickerText, pickWithKeyboard, pickWithPointer } from './support/pickers';

jest.setTimeout(180_000);

const STRONG = 'Clerk-Passw0rd-2026';

/** No sideways scrolling: the page is no wider than the screen it is shown on. */
async function expectFits(page: Page, width: number): Promise<void> {
  await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(width);
}

/**
 * Issue 23, pages that did not exist: the three administrators each do their own part of the work
 * through the pages, at a desk and on a phone. The system administrator creates an account, the
 * security administrator grants its roles; disabling an administrator's account is a request that
 * the security administrator (not the requester) approves; the audit administrator verifies the
 * trail and sees a changed case named, and reads the checkpoints and keys.
 */
describe('the administrators’ pages', () => {
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

  for (const viewport of [DESKTOP, PHONE]) {
    const w = viewport.width;

    it(`${w} px: the system administrator creates an account, the security administrator grants its role`, async () => {
      const sys = await as('sysadmin1', viewport);
      await sys.page.goto(`${web.baseUrl}/app/admin/accounts`);
      await expectText(sys.page.locator('[data-testid="duty-rules"]'), '系统管理员新建、修改、停用账户和重置密码，但不授予角色');
      await sys.page.locator('details.admin-create summary').click();
      const create = sys.page.locator('[data-testid="account-create"]');
      await create.locator('input[name="id"]').fill(`clerk-${w}`);
      await create.locator('input[name="displayName"]').fill('周文（承办人）');
      await pickWithKeyboard(pickerText(create, 'unitId'), 'jnsfz', '济南市发展和改革委员会');
      await expect(pickerText(create, 'unitId').inputValue()).resolves.toBe('济南市发展和改革委员会');
      // A weak password is refused next to the form, in Chinese, and nothing is created.
      sys.expectHttpStatus(400);
      await create.locator('input[name="password"]').fill('short');
      await create.locator('button[type="submit"]').click();
      await expectText(sys.page.locator('[data-testid="account-create-refused"]'), '密码须至少 12 位');
      await sys.screenshot(`admin-accounts-refused-${w}`);
      await expect(sys.page.locator(`tr[data-account="clerk-${w}"]`).count()).resolves.toBe(0);
      await create.locator('input[name="password"]').fill(STRONG);
      await create.locator('button[type="submit"]').click();
      const row = sys.page.locator(`tr[data-account="clerk-${w}"]`);
      await expectText(row, '尚未授予角色');
      // The system administrator has no roles form: granting is the security administrator's.
      await expect(sys.page.locator('[data-testid="account-roles-form"]').count()).resolves.toBe(0);
      await expectFits(sys.page, w);

      const sec = await as('secadmin1', viewport);
      await sec.page.waitForURL(/\/app\/admin\/accounts$/);
      await sec.page.locator('[data-testid="account-search"]').fill(`clerk-${w}`);
      await expectText(sec.page.locator('[data-testid="account-count"]'), '显示 1 个');
      await sec.page.locator(`tr[data-account="clerk-${w}"] [data-testid="account-open"]`).click();
      await expect(sec.page.locator('[data-testid="account-create"]').count()).resolves.toBe(0);
      await expect(sec.page.locator('[data-testid="account-edit"]').count()).resolves.toBe(0);
      const roles = sec.page.locator('[data-testid="account-roles-form"]');
      await roles.locator('[data-testid="grant-add"]').click();
      const grant = roles.locator('[data-testid="grant-row"]').last();
      await grant.locator('select[name="role"]').selectOption('officer');
      await grant.locator('select[name="scopeExtent"]').selectOption('one');
      await pickWithPointer(pickerText(grant, 'scope'), 'jnsjw', '济南市纪委监委');
      await expect(pickerId(grant, 'scope').inputValue()).resolves.toBe('jinan');
      await roles.locator('button[type="submit"]').click();
      await expectText(sec.page.locator('[data-testid="account-roles"]'), '承办人（济南市纪委监委）');
      await sec.screenshot(`admin-accounts-granted-${w}`);
      await expectFits(sec.page, w);
      const granted = (
        await web.t
          .http()
          .get('/api/admin/users')
          .set(await web.t.as('secadmin1'))
          .expect(200)
      ).body.find((user: { id: string }) => user.id === `clerk-${w}`);
      expect(granted.roles).toEqual([{ role: 'officer', scope: 'jinan' }]);

      // The security administrator's own roles: refused next to the form, with the reason.
      sec.expectHttpStatus(400);
      await sec.page.locator('[data-testid="account-search"]').fill('secadmin1');
      await sec.page.locator('tr[data-account="secadmin1"] [data-testid="account-open"]').click();
      await sec.page.locator('[data-testid="account-roles-form"] button[type="submit"]').click();
      await expectText(sec.page.locator('[data-testid="account-roles-refused"]'), '不能修改本人的角色');
    });

    it(`${w} px: the system administrator reads the time limits in force, step by step`, async () => {
      const sys = await as('sysadmin1', viewport);
      await sys.page.locator('nav a[href="/app/admin/time-limits"]').click();
      await pageRendered(sys.page);
      const tolerance = sys.page.locator('section[data-procedure="tolerance"]');
      await expectText(tolerance.locator('h2'), '容错');
      await expect(tolerance.locator('tbody tr').count()).resolves.toBeGreaterThan(0);
      await expectText(tolerance.locator('tbody'), /\d+ (个工作日|日|个月)/);
      await expectText(tolerance.locator('tbody'), '黄色预警');
      await sys.screenshot(`admin-time-limits-${w}`);
      await expectFits(sys.page, w);
      await expect(sys.page.locator('nav a[href="/app/admin/accounts"]').count()).resolves.toBe(1);
      await expect(sys.page.locator('nav a[href="/app/admin/integrity"]').count()).resolves.toBe(0);
    });

    it(`${w} px: disabling an administrator is a request; the security administrator approves it, the requester cannot`, async () => {
      const target = `admin-${w}`;
      const sysHeaders = await web.t.as('sysadmin1');
      await web.t.http().post('/api/admin/users').set(sysHeaders).send({ id: target, displayName: '备用审计管理员', password: STRONG }).expect(201);
      await web.t
        .http()
        .put(`/api/admin/users/${target}/roles`)
        .set(await web.t.as('secadmin1'))
        .send({ roles: [{ role: 'auditAdmin', scope: '*' }] })
        .expect(200);

      const sys = await as('sysadmin1', viewport);
      await sys.page.goto(`${web.baseUrl}/app/admin/accounts?account=${target}`);
      await expectText(sys.page.locator('[data-testid="needs-approval"]'), '须由另一名管理员审批后才生效');
      await sys.page.locator('[data-testid="account-disable"]').click();
      await expectText(sys.page.locator('[data-testid="approval-requested"]'), '停用管理员账户：已提交申请，须由安全管理员审批后生效');
      await sys.page.locator('a[href="/app/admin/approvals"]').first().click();
      await pageRendered(sys.page);
      const card = sys.page.locator('[data-testid="approvals-pending"] li[data-status="pending"]').filter({ hasText: target });
      await expectText(card.locator('[data-testid="approval-not-yours"]'), '由安全管理员审批');
      await expect(card.locator('[data-testid="approval-approve"]').count()).resolves.toBe(0);
      await sys.screenshot(`admin-approvals-requester-${w}`);

      const sec = await as('secadmin1', viewport);
      await sec.page.goto(`${web.baseUrl}/app/admin/approvals`);
      const pending = sec.page.locator('[data-testid="approvals-pending"] li').filter({ hasText: target });
      await pending.locator('textarea[name="note"]').fill('核实后同意停用');
      await sec.screenshot(`admin-approvals-decide-${w}`);
      await expectFits(sec.page, w);
      await pending.locator('[data-testid="approval-approve"]').click();
      const done = sec.page.locator('[data-testid="approvals-done"] li').filter({ hasText: target });
      await expectText(done.locator('[data-testid="approval-status"]'), '已批准');
      await expectText(done, '核实后同意停用');
      await web.t.http().post('/api/auth/login').send({ username: target, password: STRONG }).expect(401);
      // The same page in English.
      await sec.page.locator('.lang-switch').click();
      await expectText(sec.page.locator('main h1'), 'Administrator approvals');
      await expectText(
        sec.page.locator('[data-testid="approvals-done"] li').filter({ hasText: target }).locator('[data-testid="approval-status"]'),
        'Approved',
      );
      await sec.screenshot(`admin-approvals-en-${w}`);
      await expectFits(sec.page, w);
    });

    it(`${w} px: the audit administrator verifies the trail, sees a changed case named, and reads the checkpoints and keys`, async () => {
      const applicant = await web.t.as('applicant1');
      const caseId = (
        await web.t
          .http()
          .post('/api/cases')
          .set(applicant)
          .send({ procedure: 'tolerance', ...toleranceSamples.creations[0].data })
          .expect(201)
      ).body.id as string;
      await web.t.http().post(`/api/cases/${caseId}/events`).set(applicant).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
      const db = new Database(web.t.config.dbPath);
      db.prepare("UPDATE cases SET state = 'verifying' WHERE id = ?").run(caseId);
      db.close();

      const audit = await as('auditadmin1', viewport);
      await audit.page.locator('nav a[href="/app/admin/integrity"]').click();
      await pageRendered(audit.page);
      await audit.page.locator('[data-testid="verify"]').click();
      const result = audit.page.locator('[data-testid="verify-result"][data-ok="false"]');
      await expectText(result, caseId.slice(0, 8));
      await expectText(result.locator('[data-testid="broken-count"]'), '条');
      await audit.page.locator('[data-testid="checkpoint-issue"]').click();
      await expectText(audit.page.locator('.integrity-page [role="status"]'), '已生成检查点');
      await audit.page.locator('.checkpoint-table tbody tr').first().waitFor();
      await audit.page.locator('[data-testid="public-keys"] summary').click();
      await expect(audit.page.locator('[data-testid="log-key"]').first().innerText()).resolves.toMatch(/\+/);
      await audit.screenshot(`admin-integrity-${w}`);
      await expectFits(audit.page, w);
      await audit.page.locator('[data-testid="admin-chain-link"]').click();
      await audit.page.waitForURL(/\/app\/audit\?stream=admin/);
    });
  }
});
