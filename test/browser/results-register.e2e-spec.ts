import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { expectText, pageRendered } from './support/waits';
import { DESKTOP, launchBrowser, PHONE, startWebApp, UserSession, type WebApp } from './support/browser';

jest.setTimeout(120_000);

/**
 * The organisation department's landing page (issue 23 §15, issue 21 §3): the results register on
 * the demo data, a cadre's history, an inquiry asked there and answered by an officer with a letter
 * whose 文号 the body's series gives, read back and downloaded as the PDF; at a desk and on a phone, in Chinese without codes.
 */
describe('the results register, in the browser', () => {
  let web: WebApp;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp({ demoCases: true });
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  const latin = async (session: UserSession) =>
    ((await session.page.locator('main').innerText()).match(/[A-Za-z]{2,}/g) ?? []).filter((word) => word !== 'PDF');
  const width = async (session: UserSession) => Number(await session.page.evaluate('document.documentElement.scrollWidth'));

  it('the organisation department lands on the register, opens a cadre, and asks; an officer issues the reply letter; the PDF downloads with its 文号', async () => {
    const register = (
      await web.t
        .http()
        .get('/api/results')
        .set(await web.t.as('orgdept1'))
        .expect(200)
    ).body;
    expect(register.cadres.length).toBeGreaterThan(0);
    const cadre = register.cadres[0];
    for (const [index, viewport] of [DESKTOP, PHONE].entries()) {
      const orgdept = await UserSession.login(browser, web.baseUrl, 'orgdept1', viewport);
      // The start page is the register, not the staff queue.
      await orgdept.page.waitForURL(/\/app\/results$/);
      await pageRendered(orgdept.page);
      await expectText(orgdept.page.locator('main h1'), '结果运用台账');
      await expect(orgdept.page.locator('nav.tabs').count()).resolves.toBe(0);
      const rows = orgdept.page.locator('[data-testid="results-table"] tbody tr');
      await expect(rows.count()).resolves.toBe(register.cadres.length);
      await expect(latin(orgdept)).resolves.toEqual([]);
      await expect(width(orgdept)).resolves.toBeLessThanOrEqual(viewport.width);
      await orgdept.screenshot(`results-register-${viewport.width}`);

      // Read on a day before any result: the register as it stood then is empty.
      if (index === 0) {
        await orgdept.page.locator('[data-testid="results-as-of-day"]').fill('2000-01-01');
        await orgdept.page.locator('form.filters button[type="submit"]').click();
        await orgdept.page.waitForURL(/asOf=2000-01-01/);
        await pageRendered(orgdept.page);
        await expectText(orgdept.page.locator('[data-testid="results-as-of"]'), '2000-01-01');
        await orgdept.page.locator('[data-testid="results-empty"]').waitFor();
        await orgdept.page.goto(`${web.baseUrl}/app/results`);
        await pageRendered(orgdept.page);
      }
      // Search by the cadre's name narrows the list to them.
      await orgdept.page.locator('[data-testid="results-search"]').fill(cadre.name);
      await orgdept.page.locator('form.filters button[type="submit"]').click();
      await orgdept.page.waitForURL(/q=/);
      await pageRendered(orgdept.page);
      await orgdept.page.locator(`tr[data-cadre-id="${cadre.cadreId}"] a`).click();
      await orgdept.page.waitForURL(/\/app\/results\/cadres\//);
      await pageRendered(orgdept.page);
      await expectText(orgdept.page.locator('main h1'), cadre.name);
      const results = orgdept.page.locator('[data-testid="cadre-results"] tbody tr');
      await expect(results.count()).resolves.toBe(cadre.results);
      await expectText(orgdept.page.locator('[data-testid="cadre-standing"]'), cadre.standing.label.zh);

      // The first pass asks; both passes see the inquiry.
      if (index === 0) {
        await orgdept.page.locator('[data-testid="ask-purpose"]').selectOption('selection');
        await orgdept.page.locator('[data-testid="ask-submit"]').click();
        await expectText(orgdept.page.locator('[data-testid="inquiry-status"]').first(), '待回复');
      }
      await expect(latin(orgdept)).resolves.toEqual([]);
      await expect(width(orgdept)).resolves.toBeLessThanOrEqual(viewport.width);
      await orgdept.screenshot(`results-cadre-${viewport.width}`);
      expect(orgdept.unexpectedProblems()).toEqual([]);
      await orgdept.close();
    }

    const officer = await UserSession.login(browser, web.baseUrl, 'officer1', DESKTOP);
    await officer.page.locator('nav.main-nav a[href="/app/results"]').click();
    await officer.page.waitForURL(/\/app\/results$/);
    await pageRendered(officer.page);
    await officer.page.goto(`${web.baseUrl}/app/results/cadres/${encodeURIComponent(cadre.cadreId)}`);
    await pageRendered(officer.page);
    // The officer issues the reply letter: nobody types its 文号, the body's series gives it.
    await officer.page.locator('[data-testid="reply-submit"]').click();
    await expectText(officer.page.locator('[data-testid="inquiry-status"]').first(), '已回复');
    await officer.page.locator('[data-testid="reply-download"]').first().waitFor();
    await expect(latin(officer)).resolves.toEqual([]);
    await expect(width(officer)).resolves.toBeLessThanOrEqual(DESKTOP.width);
    await officer.screenshot('results-reply-1280');
    expect(officer.unexpectedProblems()).toEqual([]);
    await officer.close();
    const answered = (
      await web.t
        .http()
        .get(`/api/results/inquiries?cadreId=${encodeURIComponent(cadre.cadreId)}&status=answered`)
        .set(await web.t.as('orgdept1'))
        .expect(200)
    ).body[0];
    expect(answered.documentNo).toMatch(/^济纪函〔\d{4}〕\d+号$/);

    const reader = await UserSession.login(browser, web.baseUrl, 'orgdept1', PHONE);
    await reader.page.goto(`${web.baseUrl}/app/results/cadres/${encodeURIComponent(cadre.cadreId)}`);
    await pageRendered(reader.page);
    await reader.page.locator('.inquiry-letter summary').first().click();
    const letter = await expectText(reader.page.locator('[data-testid="reply-letter"]').first(), answered.documentNo);
    expect(letter).toContain(`关于${cadre.name}同志党风廉政情况的回复意见`);
    await expect(width(reader)).resolves.toBeLessThanOrEqual(PHONE.width);
    await reader.screenshot('results-reply-390');
    // The organisation department downloads the letter as issued: a PDF that reads its 文号 and title.
    const [download] = await Promise.all([reader.page.waitForEvent('download'), reader.page.locator('[data-testid="reply-download"]').first().click()]);
    expect(download.suggestedFilename()).toBe(`${answered.documentNo}.pdf`);
    const file = (await download.path())!;
    const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, '..', 'support', 'pdf-tools.mjs'), 'text', file]);
    const pdfText = (JSON.parse(stdout) as { text: string }).text.replace(/\s+/g, '');
    expect(pdfText).toContain(answered.documentNo);
    expect(pdfText).toContain(`关于${cadre.name}同志党风廉政情况的回复意见`);
    // The letter as issued is what the verification page knows.
    const verified = (
      await web.t
        .http()
        .post('/api/documents/verify/file')
        .set(await web.t.as('orgdept1'))
        .set('Content-Type', 'application/pdf')
        .send(readFileSync(file))
        .expect(200)
    ).body;
    expect(verified).toMatchObject({ match: true, docNo: answered.documentNo });
    // The same page in English: headings, standing and effects in English words.
    await reader.page.locator('button.lang-switch').click();
    await expectText(reader.page.locator('#results-history'), 'Results and impact periods');
    await expectText(reader.page.locator('[data-testid="cadre-standing"]'), cadre.standing.label.en);
    await expect(width(reader)).resolves.toBeLessThanOrEqual(PHONE.width);
    await reader.screenshot('results-cadre-en-390');
    await reader.page.goto(`${web.baseUrl}/app/results`);
    await pageRendered(reader.page);
    await expectText(reader.page.locator('main h1'), 'Results register');
    expect(reader.unexpectedProblems()).toEqual([]);
    await reader.close();
  });
});
