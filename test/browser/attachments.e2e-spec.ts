import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { FILES } from '../support/attachment-files';
import { PathDriver } from '../support/path-driver';
import { expectText, pageRendered } from './support/waits';
import { launchBrowser, PHONE, startWebApp, UserSession, type WebApp } from './support/browser';

jest.setTimeout(120_000);

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/**
 * The 材料 panel on the case page: an officer uploads with the button and by dropping a file, sees
 * name, size, type, uploader and time, opens the digest and downloads the same bytes; the
 * applicant attaches a file in the supplement form and the step cites it. At 1280 and 390 px.
 */
describe('the attachments panel, in the browser', () => {
  let web: WebApp;
  let browser: Browser;
  let caseId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp();
    const driver = new PathDriver(web.t);
    caseId = await driver.drive('tolerance', driver.paths('tolerance').get('awaitingSupplement')!);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('an officer uploads by button and by drag and drop, reads the digest and downloads the file', async () => {
    const officer = await UserSession.login(browser, web.baseUrl, 'officer1');
    await officer.page.goto(`${web.baseUrl}/app/cases/${caseId}`);
    await pageRendered(officer.page);
    const panel = officer.page.locator('[data-testid="attachments-panel"]');
    await expectText(panel, /本案件尚无材料/);

    const pdf = FILES.pdf('核查报告');
    await officer.page.locator('[data-testid="attachment-input"]').setInputFiles({ name: '核查报告.pdf', mimeType: 'application/pdf', buffer: pdf });
    await expectText(panel.locator('.attachment-item').first(), /核查报告\.pdf/);
    await expectText(panel.locator('.attachment-item').first(), /\d+ 字节 · PDF · 王强 · \d{4}\/\d{2}\/\d{2}/);

    // Dropping a file on the panel: a DataTransfer built in the page, as a drop from the desktop delivers it.
    const text = FILES.txt();
    await officer.page.evaluate(`(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([${JSON.stringify(text.toString('utf8'))}], '情况说明.txt', { type: 'text/plain' }));
      const zone = document.querySelector('[data-testid="attachment-drop"]');
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    })()`);
    // Listed in upload order; within one second (the test's clock stands still) in any order.
    await panel.locator('.attachment-item', { hasText: '情况说明.txt' }).waitFor();
    expect(await panel.locator('.attachment-item').count()).toBe(2);

    // A refused file says why, in Chinese.
    officer.expectHttpStatus(415);
    await officer.page
      .locator('[data-testid="attachment-input"]')
      .setInputFiles({ name: '决定书.pdf', mimeType: 'application/pdf', buffer: FILES.executable() });
    await expectText(panel.locator('.attachment-status'), /决定书\.pdf 未能上传：文件内容不是允许的类型/);

    const first = panel.locator('.attachment-item', { hasText: '核查报告.pdf' });
    await first.locator('summary').click();
    expect(await first.locator('[data-testid="attachment-digest"]').innerText()).toBe(`SHA-256 ${sha256(pdf)}`);
    const [download] = await Promise.all([officer.page.waitForEvent('download'), first.getByRole('button', { name: '下载' }).click()]);
    expect(download.suggestedFilename()).toBe('核查报告.pdf');
    expect(sha256(readFileSync((await download.path())!))).toBe(sha256(pdf));

    await officer.screenshot('attachments-panel-desktop');
    expect(officer.unexpectedProblems()).toEqual([]);
    await officer.page.context().close();
  });

  it('the applicant attaches a file to the supplement and the step cites it; no sideways scrolling at 390 px', async () => {
    const applicant = await UserSession.login(browser, web.baseUrl, 'applicant1', PHONE);
    await applicant.page.goto(`${web.baseUrl}/app/cases/${caseId}`);
    await pageRendered(applicant.page);
    const action = applicant.page.locator('details[data-event="RESUBMIT"]');
    if ((await action.getAttribute('open')) === null) await action.locator('summary').click();
    const form = applicant.page.locator('form[data-event="RESUBMIT"]');
    await form.waitFor();
    const content = FILES.pdf('补正材料');
    await form
      .locator('[data-testid="attachment-picker"] input[type="file"]')
      .setInputFiles({ name: '补正材料.pdf', mimeType: 'application/pdf', buffer: content });
    await expectText(form.locator('.attachment-picked'), /补正材料\.pdf/);
    await applicant.screenshot('attachments-form-phone');
    await form.locator('textarea, input[type="text"]').first().fill('已按通知补正材料');
    await form.locator('button[type="submit"]').click();
    await expectText(applicant.page.locator('.timeline'), /补正后重新提交/);
    const trail = (
      await web.t
        .http()
        .get(`/api/cases/${caseId}/trail`)
        .set(await web.t.as('auditor1'))
        .expect(200)
    ).body as Array<Record<string, any>>;
    expect(trail.find((entry) => entry.event === 'RESUBMIT')?.data.attachments[0]).toMatchObject({ name: '补正材料.pdf', digest: sha256(content) });
    // The applicant sees their own file, not the office's.
    const panel = applicant.page.locator('[data-testid="attachments-panel"]');
    await expectText(panel, /补正材料\.pdf/);
    expect(await panel.innerText()).not.toContain('待引用');
    expect(await panel.innerText()).not.toContain('核查报告');
    expect(Number(await applicant.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'))).toBe(0);
    await applicant.screenshot('attachments-panel-phone');
    expect(applicant.unexpectedProblems()).toEqual([]);
    await applicant.page.context().close();
  });
});
