import type { Browser } from 'playwright-core';
import { toleranceSamples } from '../../workflows/tolerance/tolerance.samples';
import { DESKTOP, launchBrowser, PHONE, startWebApp, UserSession, type WebApp } from './support/browser';
import { fillFields } from './support/case-forms';
import { expectText, expectValue, pageRendered } from './support/waits';
import { pickerId, pickerText, pickWithKeyboard } from './support/pickers';

jest.setTimeout(90_000);

const exOfficio = toleranceSamples.creations.find((c) => c.actor.role === 'officer')!.data;

/**
 * Issue 18: the queue and the case page name the cadre and the unit and show the case number
 * (济纪容〔2026〕N号), and the queue's search finds a case by the cadre's name and by its number;
 * at desk width and on a phone.
 */
describe('case numbers and names on the pages', () => {
  let web: WebApp;
  let browser: Browser;
  const sessions: UserSession[] = [];
  let opened: { id: string; caseNo: string };
  let other: { id: string; caseNo: string };

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp();
    const admin = await web.t.as('sysadmin1');
    await web.t
      .http()
      .post('/api/admin/cadres')
      .set(admin)
      .send({ id: 'cadre-liufang', name: '刘芳', position: '固定资产投资处处长', rank: '二级调研员', unitId: 'unit-jinan-dev', initials: 'lf' })
      .expect(201);
    const officer = await web.t.as('officer1');
    opened = (
      await web.t
        .http()
        .post('/api/cases')
        .set(officer)
        .send({ procedure: 'tolerance', ...exOfficio })
        .expect(201)
    ).body;
    other = (
      await web.t
        .http()
        .post('/api/cases')
        .set(officer)
        .send({ procedure: 'tolerance', ...exOfficio, cadreId: 'cadre-liufang' })
        .expect(201)
    ).body;
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

  for (const [name, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`the queue shows numbers and names, and finds a case by the cadre's name and by its number (${name})`, async () => {
      const officer = await as('officer1', viewport);
      await officer.page.goto(`${web.baseUrl}/app/queue?tab=recent`);
      await pageRendered(officer.page);
      const row = officer.page.locator(`tr[data-case-id="${opened.id}"]`);
      await expectText(row.locator('[data-testid="case-no"]'), opened.caseNo);
      await expectText(row.locator('[data-testid="cadre-name"]'), '张明');
      await expectText(row, '济南市发展和改革委员会');
      expect(opened.caseNo).toMatch(/^济纪容〔2026〕\d+号$/);
      await officer.screenshot(`directory-queue-${name}`, { fullPage: false });

      // Searching the cadre's name finds 刘芳's case and not 张明's.
      await officer.page.goto(`${web.baseUrl}/app/queue?tab=recent&q=${encodeURIComponent('刘芳')}`);
      await pageRendered(officer.page);
      await officer.page.locator(`tr[data-case-id="${other.id}"]`).waitFor();
      expect(await officer.page.locator('table.case-table tbody tr').count()).toBe(1);
      await expectText(officer.page.locator(`tr[data-case-id="${other.id}"] [data-testid="cadre-name"]`), '刘芳');

      // Typing the number into the search box finds that case alone.
      await officer.page.goto(`${web.baseUrl}/app/queue?tab=recent`);
      await pageRendered(officer.page);
      const search = officer.page.locator('input[type="search"]');
      await search.fill(opened.caseNo);
      await search.press('Enter');
      await officer.page.waitForURL((url) => url.searchParams.get('q') === opened.caseNo);
      await officer.page.locator(`tr[data-case-id="${opened.id}"]`).waitFor();
      expect(await officer.page.locator('table.case-table tbody tr').count()).toBe(1);
    });

    it(`the case page's header carries the number, and the summary names the cadre and the unit (${name})`, async () => {
      const officer = await as('officer1', viewport);
      await officer.page.goto(`${web.baseUrl}/app/cases/${opened.id}`);
      await pageRendered(officer.page);
      await expectText(officer.page.locator('h1 [data-testid="case-no"]'), opened.caseNo);
      await expectText(officer.page.locator('[data-testid="case-cadre"]'), '张明');
      await expectText(officer.page.locator('nav.breadcrumb'), opened.caseNo);
      expect(await officer.page.title()).toContain(opened.caseNo);
      await officer.screenshot(`directory-case-${name}`, { fullPage: false });
    });
  }

  it('the new-case form picks the cadre by pinyin initials and fills in their unit; a cadre not in the directory is refused in Chinese at the field', async () => {
    const officer = await as('officer1');
    await officer.page.goto(`${web.baseUrl}/app/new/tolerance`);
    await pageRendered(officer.page);
    const form = officer.page.locator('form.new-case-form');
    const cadre = pickerText(form, 'cadreId');
    // An officer's own organ is not the cadre's unit: nothing is filled in for them.
    await expect(pickerId(form, 'unitId').inputValue()).resolves.toBe('');
    await expect(pickerText(form, 'unitId').inputValue()).resolves.toBe('');
    await cadre.fill('lf');
    const offered = form.locator('[data-testid="cadre-choices"] [role="option"][data-value="cadre-liufang"]');
    await offered.waitFor();
    await expect(offered.innerText()).resolves.toMatch(/刘芳\s+固定资产投资处处长 · 济南市发展和改革委员会/);
    await pickWithKeyboard(cadre, 'lf', '刘芳');
    // The field shows the name; the id the service takes is kept aside, and so is the unit filled in.
    await expect(cadre.inputValue()).resolves.toBe('刘芳');
    await expect(pickerId(form, 'cadreId').inputValue()).resolves.toBe('cadre-liufang');
    await expectText(form.locator('[data-testid="cadre-picked"]'), '已选：刘芳（济南市发展和改革委员会）');
    await expect(pickerId(form, 'unitId').inputValue()).resolves.toBe('unit-jinan-dev');
    await expectValue(pickerText(form, 'unitId'), '济南市发展和改革委员会');
    await officer.screenshot('directory-picker-desktop', { fullPage: false });

    const { cadreId: _cadre, unitId: _unit, ...rest } = exOfficio as Record<string, unknown>;
    await fillFields(form, rest);
    // Editing the name picked drops the id: nothing is sent for a name typed but not picked, and the
    // field says so in Chinese.
    await cadre.fill('刘芳芳');
    await expect(pickerId(form, 'cadreId').inputValue()).resolves.toBe('');
    officer.expectHttpStatus(400);
    await form.locator('button[type="submit"]').click();
    await expectText(form.locator('[data-testid="cadre-picked"]'), '尚未选定');
    await expectText(form.locator('[data-path="cadreId"] .field-error'), '未选定“当事干部”');
    expect(await form.locator('[data-path="cadreId"]').innerText()).not.toMatch(/[A-Za-z]{4,}/);
    // A cadre id not in the directory, written in by a page (a draft of an old case), is refused by
    // the service at the field in Chinese.
    await pickerId(form, 'cadreId').evaluate((input: { value: string }) => {
      input.value = 'nobody-here';
    });
    await form.locator('button[type="submit"]').click();
    await expectText(form.locator('[data-path="cadreId"] .field-error'), '不在干部名录中');
    expect(await form.locator('[data-path="cadreId"] .field-error').innerText()).not.toMatch(/[A-Za-z]{4,}/);
  });
});
