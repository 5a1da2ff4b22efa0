import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { toleranceSamples } from '../../workflows/tolerance/tolerance.samples';
import { openAction } from './support/case-forms';
import { expectText } from './support/waits';
import { launchBrowser, PHONE, startWebApp, UserSession, type WebApp } from './support/browser';

jest.setTimeout(60_000);

/**
 * Issue 16 on the pages: the case page's timeline shows the case's story, not the case row each
 * entry records for verification; a case changed in the database behind the service's back is
 * named to the auditor in their language, and an officer acting on it is told why they cannot.
 */
describe('a case changed behind the service’s back, in the browser', () => {
  let web: WebApp;
  let browser: Browser;
  let caseId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp();
    const applicant = await web.t.as('applicant1');
    caseId = (
      await web.t
        .http()
        .post('/api/cases')
        .set(applicant)
        .send({ procedure: 'tolerance', ...toleranceSamples.creations[0].data })
        .expect(201)
    ).body.id;
    await web.t.http().post(`/api/cases/${caseId}/events`).set(applicant).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('the timeline of an intact case does not show the case row its entries record', async () => {
    const officer = await UserSession.login(browser, web.baseUrl, 'officer1');
    await officer.page.goto(`${web.baseUrl}/app/cases/${caseId}`);
    const entries = officer.page.locator('.timeline-entry');
    await entries.nth(1).waitFor();
    for (const details of await officer.page.locator('.timeline-entry details.entry-data').all()) await details.locator('summary').click();
    const text = await officer.page.locator('.timeline').innerText();
    expect(text).not.toContain('本步之后的案件存储记录');
    expect(text).not.toContain('caseRow');
    expect(officer.unexpectedProblems()).toEqual([]);
    await officer.close();
  });

  it('names the changed case to the auditor, and tells the officer why nothing can be done on it', async () => {
    const db = new Database(web.t.config.dbPath);
    db.prepare("UPDATE cases SET state = 'verifying' WHERE id = ?").run(caseId);
    db.close();

    for (const [viewport, name] of [
      [undefined, 'integrity-row-mismatch'],
      [PHONE, 'integrity-row-mismatch-phone'],
    ] as const) {
      const auditor = await UserSession.login(browser, web.baseUrl, 'auditor1', viewport);
      await auditor.page.locator('[data-testid="verify"]').click();
      const result = auditor.page.locator('[data-testid="verify-result"]');
      await result.waitFor();
      await expect(result.getAttribute('data-ok')).resolves.toBe('false');
      await expectText(result, `案件 ${caseId}`);
      await expectText(result, '案件当前所处的环节与记录链最后一条的记载不一致');
      await auditor.screenshot(name);
      expect(auditor.unexpectedProblems()).toEqual([]);
      await auditor.close();
    }

    const officer = await UserSession.login(browser, web.baseUrl, 'officer1');
    officer.expectHttpStatus(409);
    await officer.page.goto(`${web.baseUrl}/app/cases/${caseId}`);
    const form = await openAction(officer.page, 'RECORD_STATEMENT');
    await form.locator('[data-path="statement"] textarea, [data-path="statement"] input').first().fill('当事人陈述');
    await form.locator('button[type="submit"]').click();
    const notice = officer.page.locator('details.action[data-event="RECORD_STATEMENT"] .form-notice');
    await expectText(notice, '本案记录异常，暂停办理');
    await expectText(notice, '在审计人员核查前，本案不能办理任何操作');
    await officer.screenshot('integrity-officer-refused');
    expect(officer.unexpectedProblems()).toEqual([]);
    await officer.close();
  });
});
