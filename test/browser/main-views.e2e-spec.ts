import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, startWebApp, UserSession, type WebApp } from './support/browser';
import { expectState } from './support/case-forms';
import { pageRendered } from './support/waits';

jest.setTimeout(60_000);

/** Where README's pictures live; refreshed from this spec's screenshots with DOCS_SCREENSHOTS=1. */
const DOCS_DIR = join(__dirname, '..', '..', 'docs', 'screenshots');

/**
 * The main view of each user group on the demo data, as `npm start` serves it: what it shows is
 * checked against the API, and each is saved as a test artefact.
 */
describe('the main views on the demo data', () => {
  let web: WebApp;
  let browser: Browser;
  const sessions: UserSession[] = [];
  const shots: Record<string, string> = {};

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp({ demoCases: true });
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
    if (process.env.DOCS_SCREENSHOTS === '1') {
      mkdirSync(DOCS_DIR, { recursive: true });
      for (const [name, path] of Object.entries(shots)) copyFileSync(path, join(DOCS_DIR, `${name}.png`));
    }
  });
  afterEach(() => {
    for (const session of sessions) expect(session.unexpectedProblems()).toEqual([]);
  });
  const as = async (user: string) => {
    const session = await UserSession.login(browser, web.baseUrl, user, { width: 1280, height: 860 });
    sessions.push(session);
    return session;
  };
  const apiTotal = async (user: string, query: string) =>
    Number(
      (
        await web.t
          .http()
          .get(`/api/cases?${query}&pageSize=1`)
          .set(await web.t.as(user))
          .expect(200)
      ).body.total,
    );

  it('staff: the work queue with its four groups, and a case with its diagram', async () => {
    const officer = await as('officer1');
    const counts = async (tab: string) => Number(await officer.page.locator(`a.tab[data-tab="${tab}"] .count`).innerText());
    expect(await counts('mine')).toBe(await apiTotal('officer1', 'turn=officer&status=active'));
    expect(await counts('recent')).toBe(await apiTotal('officer1', 'sort=updatedAt'));
    expect(await officer.page.locator('table.case-table tbody tr').count()).toBe(Math.min(20, await counts('mine')));
    shots['staff-queue'] = await officer.screenshot('main-staff-queue', { fullPage: false });

    // Search narrows the list to the cases that mention the text.
    await officer.page.locator('form.filters input[type="search"]').fill('标准地');
    await officer.page.locator('form.filters button[type="submit"]').click();
    await officer.page.waitForURL(/q=/);
    await pageRendered(officer.page);
    expect(await officer.page.locator('table.case-table tbody tr').count()).toBe(
      Math.min(20, await apiTotal('officer1', `turn=officer&status=active&q=${encodeURIComponent('标准地')}`)),
    );

    const verifying = (
      await web.t
        .http()
        .get('/api/cases?procedure=tolerance&state=verifying&pageSize=1')
        .set(await web.t.as('officer1'))
        .expect(200)
    ).body.items[0];
    await officer.page.goto(`${web.baseUrl}/app/cases/${verifying.id}`);
    await expectState(officer.page, 'verifying');
    await expect(officer.page.locator('svg.state-diagram g.node-current').getAttribute('data-state')).resolves.toBe('verifying');
    expect(await officer.page.locator('svg.state-diagram path.edge-next').count()).toBeGreaterThan(0);
    shots['staff-case'] = await officer.screenshot('main-staff-case');
  });

  it('applicant: my cases with progress and what is expected of me', async () => {
    const cadre = await as('applicant1');
    const cards = cadre.page.locator('article.case-card');
    await cards.first().waitFor();
    expect(await cards.count()).toBe(Math.min(10, await apiTotal('applicant1', 'sort=updatedAt')));
    // Which demo cases make the first page depends on when the demo was loaded: count what the API
    // says is the cadre's to do on that same page, and expect the page to mark exactly those.
    const firstPage = (
      await web.t
        .http()
        .get('/api/cases?sort=updatedAt&pageSize=10')
        .set(await web.t.as('applicant1'))
        .expect(200)
    ).body.items;
    const mine = firstPage.filter((item: { turn: string[]; allowedEvents: string[] }) => item.turn.includes('applicant') && item.allowedEvents.length > 0);
    expect(await cadre.page.locator('article.case-card [data-my-turn="true"]').count()).toBe(mine.length);
    shots['applicant-my-cases'] = await cadre.screenshot('main-applicant-my-cases', { fullPage: false });
  });

  it('auditor: the trail across cases and a green verification', async () => {
    const auditor = await as('auditor1');
    await auditor.page.locator('[data-testid="verify"]').click();
    await auditor.page.locator('[data-testid="verify-result"][data-ok="true"]').waitFor();
    shots['auditor'] = await auditor.screenshot('main-auditor', { fullPage: false });
  });
});
