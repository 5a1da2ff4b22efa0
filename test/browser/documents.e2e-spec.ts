import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { PathDriver } from '../support/path-driver';
import { expectText, pageRendered } from './support/waits';
import { launchBrowser, PHONE, startWebApp, UserSession, type WebApp } from './support/browser';

jest.setTimeout(120_000);

/**
 * Issue 20 §2–3 in the browser: the applicant finds the decision served on them first on the case
 * page and downloads it as issued; staff see every document with its 文号 and digest; the
 * verification page answers match for the code and the file, no match for a changed byte.
 */
describe('documents (文书) in the browser', () => {
  let web: WebApp;
  let browser: Browser;
  let caseId: string;
  let decision: { id: string; docNo: string; digest: string; verificationCode: string; title: string };

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp();
    const driver = new PathDriver(web.t);
    caseId = await driver.drive('tolerance', driver.paths('tolerance').get('awaitingService')!);
    const documents = (
      await web.t
        .http()
        .get(`/api/cases/${caseId}/documents`)
        .set(await web.t.as('auditor1'))
        .expect(200)
    ).body as Array<typeof decision & { kind: string }>;
    decision = documents.find((doc) => doc.kind === 'exemptionDecision')!;
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('the applicant sees the decision served on them first and downloads it as issued; at phone width too', async () => {
    for (const [name, viewport] of [
      ['desktop', undefined],
      ['phone', PHONE],
    ] as const) {
      const applicant = await UserSession.login(browser, web.baseUrl, 'applicant1', viewport);
      await applicant.page.goto(`${web.baseUrl}/app/cases/${caseId}`);
      await pageRendered(applicant.page);
      const served = applicant.page.locator('[data-section="served-documents"]');
      await expectText(served.locator('h2'), '送达我的文书');
      // Before the progress panel and everything else: the first section of the page.
      expect(await applicant.page.locator('section.panel').first().getAttribute('data-section')).toBe('served-documents');
      expect(await served.locator('.document-item').count()).toBe(1);
      await expectText(served.locator('[data-testid="document-no"]'), decision.docNo);
      expect(await served.innerText()).not.toContain('呈批表');
      await applicant.screenshot(`documents-applicant-${name}`);
      expect(Number(await applicant.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'))).toBe(0);
      const [download] = await Promise.all([applicant.page.waitForEvent('download'), served.getByRole('button', { name: /下载《/ }).click()]);
      expect(download.suggestedFilename()).toBe(`${decision.docNo}.pdf`);
      const bytes = readFileSync((await download.path())!);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(decision.digest);
      expect(applicant.unexpectedProblems()).toEqual([]);
      await applicant.page.context().close();
    }
  });

  it('staff see every document with its 文号, and its digest on demand', async () => {
    const officer = await UserSession.login(browser, web.baseUrl, 'officer1');
    await officer.page.goto(`${web.baseUrl}/app/cases/${caseId}`);
    await pageRendered(officer.page);
    const panel = officer.page.locator('[data-section="documents"]');
    await expectText(panel.locator('h2'), '文书');
    const numbers = await panel.locator('[data-testid="document-no"]').allInnerTexts();
    expect(numbers).toContain(decision.docNo);
    expect(numbers.length).toBeGreaterThanOrEqual(2);
    const item = panel.locator('.document-item[data-kind="exemptionDecision"]');
    await item.getByRole('button', { name: '显示文件摘要' }).click();
    await expectText(item.locator('.document-digest code'), decision.digest);
    await officer.screenshot('documents-staff-panel');
    expect(officer.unexpectedProblems()).toEqual([]);
    await officer.page.context().close();
  });

  it('the verification page: the QR code’s address answers match; the file matches; one changed byte does not', async () => {
    const reader = await UserSession.login(browser, web.baseUrl, 'applicant2', PHONE);
    await reader.page.goto(`${web.baseUrl}/app/verify?code=${decision.verificationCode}`);
    await pageRendered(reader.page);
    const result = reader.page.locator('[data-testid="verify-result"]');
    await expectText(result, /核验一致/);
    expect(await result.innerText()).toContain(decision.docNo);
    expect(await result.innerText()).toContain('集体研究');
    await reader.screenshot('documents-verify-match-phone');
    expect(Number(await reader.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'))).toBe(0);

    const pdf = (
      await web.t
        .http()
        .get(`/api/cases/${caseId}/documents/${decision.id}/pdf`)
        .set(await web.t.as('applicant1'))
        .buffer(true)
        .parse((res, callback) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => callback(null, Buffer.concat(chunks)));
        })
        .expect(200)
    ).body as Buffer;
    const original = join(dirname(web.t.dbPath), 'copy.pdf');
    writeFileSync(original, pdf);
    await reader.page.locator('input[type="file"]').setInputFiles(original);
    await reader.page.getByRole('button', { name: '核验文件' }).click();
    await expectText(result, /文件与签发时完全一致/);

    const changed = Buffer.from(pdf);
    changed[changed.length - 100] ^= 0x20;
    const altered = join(dirname(web.t.dbPath), 'altered.pdf');
    writeFileSync(altered, changed);
    await reader.page.locator('input[type="file"]').setInputFiles(altered);
    await reader.page.getByRole('button', { name: '核验文件' }).click();
    await expectText(result, /核验不一致/);
    await reader.screenshot('documents-verify-no-match-phone');
    expect(reader.unexpectedProblems()).toEqual([]);
    await reader.page.context().close();
  });
});
