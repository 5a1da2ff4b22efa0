import type { Browser } from 'playwright-core';
import { signedLead } from '../../workflows/clarification/clarification.samples';
import { TestClock } from '../support/test-app';
import { launchBrowser, PHONE, startWebApp, UserSession, type WebApp } from './support/browser';
import { expectText, pageRendered } from './support/waits';

jest.setTimeout(90_000);

/** A fictitious 2027 as the State Council notice words it: 1 January off, so January counts move a day. */
const NOTICE_2027 = ['一、元旦：1月1日（周五）至3日（周日）放假，共3天。', '二、春节：2月6日（周六）至14日（周日）放假调休，共9天。2月20日（周六）上班。'].join(
  '\n',
);

/**
 * The system administrator's calendar page on 2026-12-20, with 2027 not published yet: a signed
 * report's deadline is provisional on the officer's pages; the administrator pastes the notice,
 * checks the preview, confirms; the officer's case page then shows the official date.
 */
describe('the working calendar page', () => {
  let web: WebApp;
  let browser: Browser;
  let caseId: string;
  const sessions: UserSession[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp({ clock: new TestClock(new Date('2026-12-20T02:00:00.000Z')) });
    const created = await web.t
      .http()
      .post('/api/cases')
      .set(await web.t.as('officer1'))
      .send({ procedure: 'clarification', ...signedLead.data, receivedOn: '2026-12-20' })
      .expect(201);
    caseId = created.body.id;
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

  it('paste → preview → confirm: the provisional mark leaves the case page', async () => {
    const officer = await as('officer1');
    await officer.page.locator(`tr[data-case-id="${caseId}"] [data-provisional="true"]`).waitFor();
    await expectText(officer.page.locator('[data-testid="provisional-note"]'), '暂按周一至周五计算，待公布2027年节假日安排后自动重算');
    await officer.screenshot('calendar-queue-provisional', { fullPage: false });
    await officer.page.goto(`${web.baseUrl}/app/cases/${caseId}`);
    await expectText(officer.page.locator('[data-testid="deadline-provisional"]'), '暂按周一至周五计算，待公布2027年节假日安排后自动重算');
    await expectText(officer.page.locator('.section-deadlines time'), '2027/01/08');
    await officer.screenshot('calendar-case-provisional');

    // The administrator starts on the calendar page, with the banner saying 2027 is missing.
    const admin = await as('sysadmin1');
    await admin.page.waitForURL(/\/app\/admin\/calendar$/);
    await expectText(admin.page.locator('[data-testid="calendar-banner"]'), '尚未载入2027年节假日安排');
    await expectText(admin.page.locator('[data-testid="provisional-count"]'), '目前有 1 个在办期限暂按周一至周五计算');
    expect(await admin.page.locator('input[name="year"]').inputValue()).toBe('2027');

    // A mistake is refused next to the form, naming the date, and nothing is previewed.
    admin.expectHttpStatus(400);
    await admin.page.locator('textarea[name="holidays"]').fill(NOTICE_2027);
    await admin.page.locator('textarea[name="workdays"]').fill('2027-02-15');
    await admin.page.locator('[data-testid="calendar-preview-button"]').click();
    await expectText(admin.page.locator('[data-testid="calendar-refused"]'), '调休上班日期第1行「2027-02-15」是星期一：调休上班日应在周六或周日');
    expect(await admin.page.locator('textarea[name="workdays"]').getAttribute('aria-invalid')).toBe('true');
    expect(await admin.page.locator('[data-testid="calendar-preview"]').isHidden()).toBe(true);
    await admin.screenshot('calendar-refused', { fullPage: false });

    // A 10 MB file is refused with the reason, without being read or sent; so is a paste over the
    // limit (300 KB here: Chromium needs a minute to lay out a 10 MB textarea before the click).
    await admin.page
      .locator('input[name="file"]')
      .setInputFiles({ name: 'holidays-2027.json', mimeType: 'application/json', buffer: Buffer.alloc(10 * 1024 * 1024, 0x20) });
    await expectText(admin.page.locator('[data-testid="calendar-refused"]'), '内容超过 256 KB 上限，未提交');
    await admin.page.locator('textarea[name="workdays"]').evaluate((area: { value: string }) => {
      area.value = '2027-02-20\n'.repeat(30_000);
    });
    await admin.page.locator('[data-testid="calendar-preview-button"]').click();
    await expectText(admin.page.locator('[data-testid="calendar-refused"]'), '内容超过 256 KB 上限，未提交');
    await admin.page.locator('input[name="file"]').setInputFiles([]);

    await admin.page.locator('textarea[name="workdays"]').fill('');
    await admin.page.locator('[data-testid="calendar-preview-button"]').click();
    const preview = admin.page.locator('[data-testid="calendar-preview"]');
    await expectText(preview.locator('h2'), '请核对 2027 年节假日安排');
    await expectText(preview.locator('.calendar-summary'), '共放假 12 天，调休上班 1 天。');
    expect(await preview.locator('[data-testid="calendar-impact"]').getAttribute('data-moved')).toBe('1');
    await expectText(preview.locator('[data-testid="calendar-impact"]'), '将重新计算 1 个在办期限：1 个推后');
    await expectText(preview.locator('[data-month="1"] .day-off'), '1月1日（周五） 至 1月3日（周日） · 元旦 · 3 天');
    await expectText(preview.locator('[data-month="2"] .day-on'), '上班 2月20日（周六） · 春节');
    await admin.screenshot('calendar-preview');

    await preview.locator('[data-testid="calendar-confirm"]').click();
    await expectText(admin.page.locator('[data-testid="calendar-loaded"]'), '已载入 2027 年节假日安排（第 1 版）。已重算 1 个案件的期限：1 个截止日期变动');
    await admin.page.locator('tr[data-year="2027"][data-source="database"]').waitFor();
    await admin.page.locator('#app-banner[hidden]').waitFor({ state: 'attached' });
    await admin.screenshot('calendar-loaded', { fullPage: false });

    await officer.page.reload();
    await pageRendered(officer.page);
    await expectText(officer.page.locator('.section-deadlines time'), '2027/01/11');
    expect(await officer.page.locator('[data-testid="deadline-provisional"]').count()).toBe(0);
    await expectText(officer.page.locator('[data-event="DEADLINE_RECOMPUTED"]'), '按正式节假日安排重算期限');
  });

  it('reads a correction back as what it changes, and fits a phone, in English too', async () => {
    const admin = await as('sysadmin1', PHONE);
    await admin.page.waitForURL(/\/app\/admin\/calendar$/);
    await admin.page.locator('button[data-correct="2027"]').click();
    // The form is filled from the stored year, festival by festival (a textarea's value, not its text).
    await admin.page.waitForFunction("document.querySelector('textarea[name=\"holidays\"]')?.value.includes('元旦 2027-01-01至2027-01-03')");
    expect(await admin.page.locator('textarea[name="workdays"]').inputValue()).toBe('2027-02-20 春节');
    await admin.page.locator('textarea[name="holidays"]').fill(`${await admin.page.locator('textarea[name="holidays"]').inputValue()}\n2027-01-04`);
    await admin.page.locator('[data-testid="calendar-preview-button"]').click();
    await expectText(admin.page.locator('[data-testid="calendar-added"]'), '新增：1月4日（周一）');
    expect(await admin.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
    await admin.screenshot('calendar-correction-phone');
    await admin.page.locator('button.lang-switch').click();
    await expectText(admin.page.locator('h1'), 'Working calendar (public holidays)');
    await admin.screenshot('calendar-en-phone');
  });
});
