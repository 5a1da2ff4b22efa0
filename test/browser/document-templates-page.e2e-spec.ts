import type { Browser } from 'playwright-core';
import { launchBrowser, PHONE, startWebApp, UserSession, type WebApp } from './support/browser';
import { expectText } from './support/waits';

jest.setTimeout(90_000);

/**
 * The system administrator's templates page (issue 20 §2): a template naming a placeholder its kind
 * does not offer is refused next to the form naming the line, and saves nothing; a valid edit becomes
 * version 2, listed and readable in the history; the page fits a 390 px phone.
 */
describe('the document templates page', () => {
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
  const as = async (user: string, viewport?: { width: number; height: number }) => {
    const session = await UserSession.login(browser, web.baseUrl, user, viewport);
    sessions.push(session);
    return session;
  };
  const inForce = async (kind: string) => {
    const listed = await web.t
      .http()
      .get('/api/admin/document-templates')
      .set(await web.t.as('sysadmin1'))
      .expect(200);
    return (listed.body as Array<{ kind: string; version: number; source: string }>).find((entry) => entry.kind === kind)!;
  };

  it('refuses an unknown placeholder naming its line, saves a valid edit as version 2, refuses a stale save and loads the newer version', async () => {
    const admin = await as('sysadmin1');
    await admin.page.locator('nav.main-nav a[href="/app/admin/document-templates"]').click();
    const row = admin.page.locator('tr[data-kind="acceptanceNotice"]');
    await expectText(row.locator('[data-testid="template-version"]'), '第1版');
    await row.locator('a').click();
    await admin.page.waitForURL(/\?kind=acceptanceNotice$/);
    await expectText(admin.page.locator('#template-heading'), '受理通知书：模板第1版');
    await expectText(admin.page.locator('[data-testid="template-placeholders"]'), '{{受理意见}}');
    const source = admin.page.locator('textarea[name="source"]');
    const original = await source.inputValue();
    expect(original).toBe((await inForce('acceptanceNotice')).source);

    // Line 5 names 申请金额, which no document offers: refused next to the form, nothing saved.
    admin.expectHttpStatus(400);
    const lines = original.split('\n');
    lines.splice(4, 0, '申请金额：{{申请金额}}');
    await source.fill(lines.join('\n'));
    await admin.page.locator('[data-testid="template-save"]').click();
    await expectText(admin.page.locator('[data-testid="template-refused"]'), '第5行：不认识的占位符“{{申请金额}}”');
    expect(await source.getAttribute('aria-invalid')).toBe('true');
    expect((await inForce('acceptanceNotice')).version).toBe(1);
    await admin.screenshot('document-templates-refused', { fullPage: false });

    // A valid edit: version 2, in the list, in force, and version 1 still readable in the history.
    const edited = original.replace('特此通知。', '特此通知，请予配合。');
    await source.fill(edited);
    await admin.page.locator('[data-testid="template-save"]').click();
    await expectText(admin.page.locator('#template-heading'), '受理通知书：模板第2版');
    await expectText(row.locator('[data-testid="template-version"]'), '第2版');
    expect(await admin.page.locator('[data-testid="template-refused"]').count()).toBe(0);
    expect(await inForce('acceptanceNotice')).toMatchObject({ version: 2, source: edited });
    await expectText(admin.page.locator('.template-history details[data-version="2"] summary'), '第2版（现行）');
    const first = admin.page.locator('.template-history details[data-version="1"]');
    await first.locator('summary').click();
    await expectText(first.locator('pre'), '特此通知。');
    await admin.screenshot('document-templates-saved');

    // Someone saves version 3 meanwhile: this editor's save (on version 2) is refused, nothing
    // written, and the notice loads version 3.
    const behind = edited.replace('特此通知，请予配合。', '特此通知。请按时配合核实。');
    await web.t
      .http()
      .put('/api/admin/document-templates/acceptanceNotice')
      .set(await web.t.as('sysadmin1'))
      .send({ source: behind, expectedVersion: 2 })
      .expect(200);
    admin.expectHttpStatus(409);
    await source.fill(`${edited}\n（本页的修改）`);
    await admin.page.locator('[data-testid="template-save"]').click();
    await expectText(admin.page.locator('[data-testid="template-refused"]'), '模板已被修改为第3版，请重新载入后再保存');
    expect(await inForce('acceptanceNotice')).toMatchObject({ version: 3, source: behind });
    await admin.page.locator('[data-testid="template-reload"]').click();
    await expectText(admin.page.locator('#template-heading'), '受理通知书：模板第3版');
    expect(await source.inputValue()).toBe(behind);
  });

  it('fits a 390 px phone without sideways scrolling, in both languages', async () => {
    const admin = await as('sysadmin1', PHONE);
    await admin.page.goto(`${web.baseUrl}/app/admin/document-templates?kind=exemptionDecision`);
    await admin.page.locator('textarea[name="source"]').waitFor();
    await admin.page.evaluate("for (const d of document.querySelectorAll('details')) d.open = true;");
    const overflow = () => admin.page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await admin.screenshot('document-templates-phone');
    await admin.page.locator('.lang-switch').click();
    await expectText(admin.page.locator('h1'), 'Document templates');
    await admin.page.locator('textarea[name="source"]').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await admin.screenshot('document-templates-phone-en');
  });
});
