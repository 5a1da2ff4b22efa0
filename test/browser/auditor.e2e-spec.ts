import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { toleranceSamples } from '../../workflows/tolerance/tolerance.samples';
import { expectText, pageRendered } from './support/waits';
import { launchBrowser, startWebApp, UserSession, type WebApp } from './support/browser';

jest.setTimeout(60_000);

/**
 * The auditor's desk on the demo data plus today's work: the trail across cases with its filters,
 * the export, and verification — green on an intact trail, red naming the first broken entry
 * after an entry is altered in the database behind the service's back.
 */
describe('an auditor verifying the trail, in the browser', () => {
  let web: WebApp;
  let browser: Browser;
  let auditor: UserSession;
  let caseId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp({ demoCases: true });
    // Today's work: an application filed and submitted, and a stale attempt that was refused.
    const applicant = await web.t.as('applicant1');
    const created = await web.t
      .http()
      .post('/api/cases')
      .set(applicant)
      .send({ procedure: 'tolerance', ...toleranceSamples.creations[0].data })
      .expect(201);
    caseId = created.body.id;
    await web.t.http().post(`/api/cases/${caseId}/events`).set(applicant).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    await web.t
      .http()
      .post(`/api/cases/${caseId}/events`)
      .set(await web.t.as('officer2'))
      .send({ type: 'ACCEPT', expectedVersion: 1 })
      .expect(409);
    auditor = await UserSession.login(browser, web.baseUrl, 'auditor1');
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });
  afterEach(() => expect(auditor.unexpectedProblems()).toEqual([]));

  const total = async () => Number((await auditor.page.locator('[data-testid="entries-total"]').innerText()).replace(/\D/g, ''));
  const applyFilters = async (fill: () => Promise<void>) => {
    await fill();
    await auditor.page.locator('form.filters button[type="submit"]').click();
    await auditor.page.waitForURL(/\/app\/audit\?/);
    await pageRendered(auditor.page);
  };

  it('verifies the intact trail in green', async () => {
    expect(new URL(auditor.page.url()).pathname).toBe('/app/audit');
    await auditor.page.locator('[data-testid="verify"]').click();
    const result = auditor.page.locator('[data-testid="verify-result"]');
    await result.waitFor();
    await expect(result.getAttribute('data-ok')).resolves.toBe('true');
    const checked = (
      await web.t
        .http()
        .get('/api/audit/verify')
        .set(await web.t.as('auditor1'))
        .expect(200)
    ).body.checked;
    await expectText(result, `共校验 ${checked} 条记录`);
    await auditor.screenshot('auditor-verified');
  });

  it('filters by refused only, actor, role, event, case and time range', async () => {
    const all = await total();
    expect(all).toBeGreaterThan(50);
    await applyFilters(() => auditor.page.locator('input[name="refused"]').check());
    expect(await total()).toBe(1);
    const row = auditor.page.locator('table.entry-table tbody tr');
    await expect(row.getAttribute('data-event')).resolves.toBe('ACCEPT');
    await expectText(row, '案件已被他人更新');
    // Named as people know the official (issue 23 §14); the account on hover.
    await expectText(row, '赵敏');
    await expect(row.locator('[data-actor="officer2"]').getAttribute('title')).resolves.toBe('officer2');

    await applyFilters(async () => {
      await auditor.page.locator('input[name="refused"]').uncheck();
      await auditor.page.locator('input[name="actor"]').fill('applicant1');
      await auditor.page.locator('select[name="role"]').selectOption('applicant');
      await auditor.page.locator('select[name="event"]').selectOption('SUBMIT');
      await auditor.page.locator('input[name="from"]').fill('2026-03-02');
      await auditor.page.locator('input[name="to"]').fill('2026-03-02');
    });
    expect(await total()).toBe(1);
    await expect(auditor.page.locator('table.entry-table tbody tr a').getAttribute('href')).resolves.toBe(`/app/cases/${caseId}`);

    // Every entry of one case, oldest first, from the link on a case page.
    await auditor.page.goto(`${web.baseUrl}/app/cases/${caseId}`);
    await auditor.page.locator(`a[href="/app/audit?caseId=${caseId}"]`).click();
    await auditor.page.waitForURL(/\/app\/audit\?caseId=/);
    await pageRendered(auditor.page);
    expect(await total()).toBe(3);
    // Before the demo history's first day, nothing.
    await applyFilters(async () => {
      await auditor.page.locator('input[name="caseId"]').fill('');
      await auditor.page.locator('input[name="to"]').fill('2020-01-01');
    });
    await auditor.page.locator('[data-testid="empty-list"]').waitFor();
  });

  it('exports the whole trail as NDJSON', async () => {
    await auditor.page.goto(`${web.baseUrl}/app/audit`);
    const expected = Number(
      (
        await web.t
          .http()
          .get('/api/audit/entries?pageSize=1')
          .set(await web.t.as('auditor1'))
          .expect(200)
      ).body.total,
    );
    const [download] = await Promise.all([auditor.page.waitForEvent('download'), auditor.page.locator('[data-testid="export"]').click()]);
    expect(download.suggestedFilename()).toMatch(/^audit-trail-\d{4}-\d{2}-\d{2}\.ndjson$/);
    const lines = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n');
    // The export is on the record (audit-reads) before it is read: its own record is its last line,
    // and says how many entries came before it (the search above may be on the record too).
    expect(lines.length).toBeGreaterThan(expected);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({
      streamId: 'audit-reads',
      event: 'TRAIL_EXPORTED',
      actorId: 'auditor1',
      data: { entries: lines.length - 1 },
    });
    expect(JSON.parse(lines[0])).toMatchObject({ position: expect.any(Number), hash: expect.any(String), prevHash: expect.any(String) });
  });

  it('shows a red result naming the first broken entry after an entry is altered', async () => {
    const db = new Database(web.t.config.dbPath);
    const target = db.prepare('SELECT id, stream_id AS streamId, position FROM audit_entries WHERE case_id = ? AND event = ?').get(caseId, 'SUBMIT') as {
      id: number;
      streamId: string;
      position: number;
    };
    db.exec('DROP TRIGGER audit_entries_no_update');
    db.prepare("UPDATE audit_entries SET actor_id = 'someone-else' WHERE id = ?").run(target.id);
    db.close();
    const expected = (
      await web.t
        .http()
        .get('/api/audit/verify')
        .set(await web.t.as('auditor1'))
        .expect(200)
    ).body;
    expect(expected.ok).toBe(false);

    await auditor.page.goto(`${web.baseUrl}/app/audit`);
    await auditor.page.locator('[data-testid="verify"]').click();
    const result = auditor.page.locator('[data-testid="verify-result"]');
    await result.waitFor();
    await expect(result.getAttribute('data-ok')).resolves.toBe('false');
    const where = await result.locator('[data-testid="first-broken"]').innerText();
    expect(expected.firstBrokenEntry).toMatchObject({ id: target.id, streamId: caseId, position: target.position });
    expect(where).toContain(`案件 ${caseId}`);
    expect(where).toContain(`第 ${target.position} 条`);
    expect(where).toContain(`记录编号 ${target.id}`);
    await expectText(result, '记录内容与其哈希值不符');
    // The check went on past the broken chain: how many are broken and how many intact.
    expect(await result.locator('[data-testid="broken-count"]').innerText()).toBe(
      `1 条记录链有异常，其余 ${expected.intactChains} 条完整（共 ${expected.chains} 条）。每条异常链只列出第一处异常。`,
    );
    expect(expected.intactChains).toBe(expected.chains - 1);
    await auditor.screenshot('auditor-broken-trail');
    await result.locator('a').click();
    await auditor.page.locator(`tr[data-entry-id="${target.id}"]`).waitFor();
  });
});
