import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { verifyReceipt } from '../../src/operations/verify-receipt';
import { PathDriver } from '../support/path-driver';
import { pageRendered } from './support/waits';
import { launchBrowser, PHONE, startWebApp, UserSession, type WebApp } from './support/browser';

jest.setTimeout(90_000);

/**
 * Issue 22 §3 on the applicant's page: each step of their progress offers its receipt; the file
 * the browser downloads verifies offline against the log's published key. Staff see no such button.
 */
describe('an applicant downloading a receipt, in the browser', () => {
  let web: WebApp;
  let browser: Browser;
  let caseId: string;
  let policyFile: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp();
    const driver = new PathDriver(web.t);
    caseId = await driver.drive('tolerance', driver.paths('tolerance').get('reviewWindow')!);
    const keys = (await web.t.http().get('/api/transparency/keys').expect(200)).body;
    policyFile = join(dirname(web.t.dbPath), 'policy.txt');
    writeFileSync(policyFile, `log ${keys.logKeys[0].vkey}\nquorum none\n`);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('downloads the receipt of the decision from the case page and it verifies offline; at phone width too', async () => {
    const timeline = (
      await web.t
        .http()
        .get(`/api/cases/${caseId}/trail`)
        .set(await web.t.as('applicant1'))
        .expect(200)
    ).body as Array<{ event: string; position: number }>;
    const decision = timeline.find((entry) => entry.event === 'DECIDE')!;
    for (const [name, viewport] of [
      ['desktop', undefined],
      ['phone', PHONE],
    ] as const) {
      const applicant = await UserSession.login(browser, web.baseUrl, 'applicant1', viewport);
      await applicant.page.goto(`${web.baseUrl}/app/cases/${caseId}`);
      await pageRendered(applicant.page);
      const button = applicant.page.locator(`[data-testid="receipt-${decision.position}"]`);
      await button.waitFor();
      expect(await button.innerText()).toBe('下载回执');
      await applicant.screenshot(`receipt-case-page-${name}`);
      const [download] = await Promise.all([applicant.page.waitForEvent('download'), button.click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^receipt-.+-${decision.position}\\.tlog-proof$`));
      const result = await verifyReceipt(await download.path(), policyFile);
      expect(result).toMatchObject({ ok: true, entry: { caseId, event: 'DECIDE' } });
      expect(applicant.unexpectedProblems()).toEqual([]);
      await applicant.page.context().close();
    }
  });

  it('staff see the whole record and no receipt button', async () => {
    const officer = await UserSession.login(browser, web.baseUrl, 'officer1');
    await officer.page.goto(`${web.baseUrl}/app/cases/${caseId}`);
    await pageRendered(officer.page);
    await officer.page.locator('.timeline-entry').first().waitFor();
    expect(await officer.page.locator('.entry-receipt').count()).toBe(0);
    expect(officer.unexpectedProblems()).toEqual([]);
  });
});
