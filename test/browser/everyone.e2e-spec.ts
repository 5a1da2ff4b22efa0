import type { Browser, Page } from 'playwright-core';
import { toleranceSamples } from '../../workflows/tolerance/tolerance.samples';
import { expectText } from './support/waits';
import { launchBrowser, PHONE, startWebApp, UserSession, type WebApp } from './support/browser';
import { expectState, openAction } from './support/case-forms';

jest.setTimeout(60_000);

/** What every user relies on: login and logout, the language switch, phone width, the keyboard, and no way into another's case. */
describe('every user, in the browser', () => {
  let web: WebApp;
  let browser: Browser;
  let caseId: string;
  const sessions: UserSession[] = [];
  const open = async (viewport?: { width: number; height: number }) => {
    const session = await UserSession.open(browser, web.baseUrl, viewport);
    sessions.push(session);
    return session;
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp();
    const applicant = await web.t.as('applicant1');
    const created = await web.t
      .http()
      .post('/api/cases')
      .set(applicant)
      .send({ procedure: 'tolerance', ...toleranceSamples.creations[0].data })
      .expect(201);
    await web.t.http().post(`/api/cases/${created.body.id}/events`).set(applicant).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    caseId = created.body.id;
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

  it('an applicant cannot reach another applicant’s case by its URL', async () => {
    const other = await open();
    other.expectHttpStatus(404);
    await other.loginAs('applicant2');
    await other.page.goto(`${web.baseUrl}/app/cases/${caseId}`);
    await other.page.locator('[data-testid="not-found"]').waitFor();
    const text = await other.page.locator('main').innerText();
    expect(text).toContain('该案件不存在，或您无权查看');
    expect(text).not.toContain('applicant1');
    await expect(other.page.locator('[data-testid="case-state"]').count()).resolves.toBe(0);
    // Nor the staff's pages: the queue and the audit desk are not theirs.
    for (const path of ['/app/queue', '/app/audit']) {
      await other.page.goto(`${web.baseUrl}${path}`);
      await other.page.locator('[data-testid="not-found"]').waitFor();
    }
    await other.screenshot('applicant-other-case-refused');
  });

  it('logs in and out; the token stops working at logout', async () => {
    const session = await open();
    await session.page.goto(`${web.baseUrl}/app/cases/${caseId}`);
    // Not logged in: the login page, which returns to the page asked for.
    await session.page.waitForURL(/\/app\/login\?next=/);
    await session.page.locator('input[name="username"]').fill('officer1');
    await session.page.locator('input[name="password"]').fill('wrong-password');
    session.expectHttpStatus(401);
    await session.page.locator('form.login-form button[type="submit"]').click();
    await expectText(session.page.locator('.login-form [role="alert"]'), '用户名或密码错误');
    await session.loginAs('officer1');
    const token = await inPage<string | null>(session.page, "sessionStorage.getItem('auth.token')");
    expect(token).toBeTruthy();
    await web.t
      .http()
      .get('/api/cases')
      .set({ Authorization: `Bearer ${token}` })
      .expect(200);
    await session.page.locator('[data-testid="logout"]').click();
    await session.page.waitForURL(/\/app\/login$/);
    await expect(inPage(session.page, "sessionStorage.getItem('auth.token')")).resolves.toBeNull();
    await web.t
      .http()
      .get('/api/cases')
      .set({ Authorization: `Bearer ${token}` })
      .expect(401);
    await session.page.goto(`${web.baseUrl}/app/queue`);
    await session.page.waitForURL(/\/app\/login/);
  });

  it('switches between Chinese and English and remembers the choice', async () => {
    const session = await open();
    await session.loginAs('officer1');
    await expect(session.page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await expect(session.page.locator('h1').innerText()).resolves.toBe('工作台');
    await session.page.locator('button.lang-switch').click();
    await session.page.locator('h1', { hasText: 'Work queue' }).waitFor();
    await expect(session.page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await session.page.goto(`${web.baseUrl}/app/cases/${caseId}`);
    await expectState(session.page, 'submitted');
    await expect(session.page.locator('[data-testid="case-state"]').innerText()).resolves.toBe('Awaiting acceptance');
    await expectText(session.page.locator('details.action[data-event="ACCEPT"] summary'), 'Accept');
    await session.page.reload();
    await session.page.locator('[data-testid="case-state"]').waitFor();
    await expect(session.page.locator('[data-testid="case-state"]').innerText()).resolves.toBe('Awaiting acceptance');
    await session.screenshot('staff-case-page-en');
    await session.page.locator('button.lang-switch').click();
    await session.page.locator('[data-testid="case-state"]', { hasText: '待受理' }).waitFor();
  });

  it('has every message in both languages with the same placeholders', async () => {
    const session = await open();
    await session.page.goto(`${web.baseUrl}/app/login`);
    const messages = await inPage<Record<'zh' | 'en', Record<string, string>>>(
      session.page,
      "import('/assets/js/messages.js').then((module) => module.MESSAGES)",
    );
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort().join(',');
    const keys = new Set([...Object.keys(messages.zh), ...Object.keys(messages.en)]);
    expect(keys.size).toBeGreaterThan(200);
    const problems = [...keys].filter(
      (key) => !(key in messages.zh) || !(key in messages.en) || placeholders(messages.zh[key]) !== placeholders(messages.en[key]),
    );
    expect(problems).toEqual([]);
  });

  it('works at phone width without sideways scrolling', async () => {
    const cadre = await open(PHONE);
    await cadre.loginAs('applicant1');
    await cadre.page.locator('article.case-card').first().waitFor();
    expect(await horizontalOverflow(cadre.page)).toBe(0);
    await cadre.screenshot('phone-applicant-my-cases');
    await cadre.page.locator('article.case-card h2 a').first().click();
    await cadre.page.locator('[data-testid="case-state"]').waitFor();
    expect(await horizontalOverflow(cadre.page)).toBe(0);
    await cadre.screenshot('phone-applicant-case');

    const officer = await open(PHONE);
    await officer.loginAs('officer1');
    await officer.page.locator(`tr[data-case-id="${caseId}"]`).waitFor();
    expect(await horizontalOverflow(officer.page)).toBe(0);
    await officer.screenshot('phone-staff-queue');
  });

  it('can be used with the keyboard alone', async () => {
    const session = await open();
    await session.page.goto(`${web.baseUrl}/app/login`);
    await session.page.locator('main h1').waitFor();
    await tabTo(session.page, 'input[name="username"]');
    await session.page.keyboard.type('officer1');
    await session.page.keyboard.press('Tab');
    await session.page.keyboard.type('Demo-Passw0rd!');
    await session.page.keyboard.press('Enter');
    await session.page.waitForURL(/\/app\/queue/);
    // From the queue to the case by its link, then an action opened and its first field reached.
    await tabTo(session.page, `tr[data-case-id="${caseId}"] a.case-link`);
    await session.page.keyboard.press('Enter');
    await expectState(session.page, 'submitted');
    await tabTo(session.page, 'details.action[data-event="REJECT"] > summary');
    await session.page.keyboard.press('Enter');
    await expect(session.page.locator('details.action[data-event="REJECT"]').getAttribute('open')).resolves.not.toBeNull();
    await session.page.keyboard.press('Tab');
    await expect(inPage(session.page, "document.activeElement?.getAttribute('name')")).resolves.toBe('ground');
    // Sending it empty: the messages are next to the fields and the first wrong field has the focus.
    const form = await openAction(session.page, 'REJECT');
    await tabTo(session.page, 'details.action[data-event="REJECT"] button[type="submit"]');
    await session.page.keyboard.press('Enter');
    await expectText(form.locator('[data-path="ground"] .field-error'), '此项必填');
    await expectText(form.locator('[data-path="reason"] .field-error'), '此项必填');
    await expect(inPage(session.page, "document.activeElement?.getAttribute('name')")).resolves.toBe('ground');
  });

  it('shows the service’s own messages next to the fields when the page’s copy of the rules lets a mistake through', async () => {
    const officer = await open();
    officer.expectHttpStatus(400);
    // A page loaded before the procedure's limits were tightened: its table allows a longer reason.
    await officer.page.route('**/api/procedures/tolerance/1', async (route) => {
      const response = await route.fetch();
      const table = await response.json();
      table.events.REJECT.fields.reason.maxLength = 100_000;
      await route.fulfill({ response, json: table });
    });
    await officer.loginAs('officer1');
    await officer.page.goto(`${web.baseUrl}/app/cases/${caseId}`);
    const form = await openAction(officer.page, 'REJECT');
    await form.locator('[data-path="ground"] select').selectOption('outOfScope');
    await form.locator('[data-path="reason"] textarea').fill('理'.repeat(2001));
    await form.locator('button[type="submit"]').click();
    const message = form.locator('[data-path="reason"] .field-error');
    await message.waitFor();
    await expectText(message, '2000');
    await expectText(form.locator('.form-notice'), '服务端校验未通过');
    await expect(form.locator('[data-path="reason"] textarea').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(form.locator('[data-path="ground"] .field-error').isHidden()).resolves.toBe(true);
    await expectState(officer.page, 'submitted');
  });

  it('tells an administrator without case access so, and a wrong address that it does not exist', async () => {
    // The system administrator starts on the working calendar, the security administrator on the
    // accounts; neither has a page of cases.
    const sysadmin = await open();
    await sysadmin.loginAs('sysadmin1');
    expect(new URL(sysadmin.page.url()).pathname).toBe('/app/admin/calendar');
    const admin = await open();
    await admin.loginAs('secadmin1');
    expect(new URL(admin.page.url()).pathname).toBe('/app/admin/accounts');
    await admin.page.goto(`${web.baseUrl}/app/queue`);
    await admin.page.locator('[data-testid="not-found"]').waitFor();
    await admin.page.goto(`${web.baseUrl}/app/no-such-page`);
    await admin.page.locator('[data-testid="not-found"]').waitFor();
  });

  it('serves the pages under the content policy they are built for', async () => {
    const response = await web.t.http().get('/app/queue').expect(200);
    const policy = String(response.headers['content-security-policy']);
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain('unsafe-eval');
    // The pages also work over plain HTTP on an intranet address.
    expect(policy).not.toContain('upgrade-insecure-requests');
    const shell = response.text;
    expect(shell).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(shell).not.toMatch(/\son[a-z]+=/i);
  });
});

/**
 * An expression evaluated in the page. Given as text: the tests are type-checked for Node, where
 * `document` and `sessionStorage` do not exist.
 */
function inPage<T = unknown>(page: Page, expression: string): Promise<T> {
  return page.evaluate(expression) as Promise<T>;
}

function horizontalOverflow(page: Page): Promise<number> {
  return inPage(page, 'document.documentElement.scrollWidth - document.documentElement.clientWidth');
}

/** Presses Tab until the element matching the selector has the focus (it must be reachable). */
async function tabTo(page: Page, selector: string, limit = 80): Promise<void> {
  await page.locator(selector).first().waitFor();
  for (let i = 0; i < limit; i += 1) {
    if (await inPage(page, `document.activeElement?.matches(${JSON.stringify(selector)}) === true`)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${selector} was not reached with ${limit} presses of Tab`);
}
