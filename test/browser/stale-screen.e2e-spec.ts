import type { Browser } from 'playwright-core';
import { toleranceSamples } from '../../workflows/tolerance/tolerance.samples';
import { launchBrowser, startWebApp, UserSession, type WebApp } from './support/browser';
import { act, expectState, fillFields, openAction } from './support/case-forms';

jest.setTimeout(60_000);

/**
 * Two officers on one case. Whoever acts second is shown what changed since their screen was
 * loaded and decides again; nothing is overwritten silently and nothing is applied twice.
 */
describe('a stale screen in the browser', () => {
  let web: WebApp;
  let browser: Browser;
  let first: UserSession;
  let second: UserSession;
  let caseId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp();
    // The application itself is not under test here: it is filed through the API.
    const applicant = await web.t.as('applicant1');
    const created = await web.t
      .http()
      .post('/api/cases')
      .set(applicant)
      .send({ procedure: 'tolerance', ...toleranceSamples.creations[0].data })
      .expect(201);
    await web.t.http().post(`/api/cases/${created.body.id}/events`).set(applicant).send({ type: 'SUBMIT', expectedVersion: created.body.version }).expect(200);
    caseId = created.body.id;
    first = await UserSession.login(browser, web.baseUrl, 'officer1');
    second = await UserSession.login(browser, web.baseUrl, 'officer2');
    second.expectHttpStatus(409);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });
  afterEach(() => {
    expect(first.unexpectedProblems()).toEqual([]);
    expect(second.unexpectedProblems()).toEqual([]);
  });

  it('shows what changed when the action is no longer possible, keeping the input', async () => {
    for (const officer of [first, second]) {
      await officer.page.goto(`${web.baseUrl}/app/cases/${caseId}`);
      await expectState(officer.page, 'submitted');
    }
    const reject = await openAction(second.page, 'REJECT');
    await fillFields(reject, { ground: 'outOfScope', reason: '所涉事项不属于容错受理范围' });

    await act(first.page, 'ACCEPT', { note: '材料齐全，予以受理' }, 'verifying');
    await reject.locator('button[type="submit"]').click();

    const notice = second.page.locator('[data-testid="stale-notice"]');
    await notice.waitFor();
    const text = await notice.innerText();
    expect(text).toContain('您打开的是第 2 版，案件现为第 3 版');
    expect(text).toContain('环节已由“待受理”变为“核实中”');
    expect(text).toContain('受理');
    expect(text).toContain('王强');
    expect(text).toContain('此操作已不可办理');
    await expect(notice.locator('[data-testid="stale-retry"]').count()).resolves.toBe(0);
    await expect(reject.locator('[data-path="reason"] textarea').inputValue()).resolves.toBe('所涉事项不属于容错受理范围');
    // The rest of the page already shows the case as it is now.
    await expectState(second.page, 'verifying');
    await second.screenshot('stale-screen');

    await notice.locator('[data-testid="stale-discard"]').click();
    await expect(second.page.locator('[data-testid="stale-notice"]').count()).resolves.toBe(0);
    await second.page.locator('details.action[data-event="RECORD_STATEMENT"]').waitFor();
    const view = await web.t
      .http()
      .get(`/api/cases/${caseId}`)
      .set(await web.t.as('auditor1'))
      .expect(200);
    expect(view.body).toMatchObject({ state: 'verifying', version: 3 });
  });

  it('lets the user re-submit deliberately when the action is still possible, applied once', async () => {
    for (const officer of [first, second]) await officer.page.goto(`${web.baseUrl}/app/cases/${caseId}`);
    const opinion = await openAction(second.page, 'RECORD_UNIT_OPINION');
    await fillFields(opinion, { opinion: '该同志一贯表现良好，建议予以容错。', unitName: '开发区党工委' });

    await act(first.page, 'RECORD_STATEMENT', { statement: '本人承认协议签订时间过早。' });
    await opinion.locator('button[type="submit"]').click();
    const notice = second.page.locator('[data-testid="stale-notice"]');
    await notice.waitFor();
    expect(await notice.innerText()).toContain('环节仍为“核实中”，但案件记录已有变化');
    expect(await notice.innerText()).toContain('记录陈述申辩');
    // Only the refused attempt is in the record so far.
    await expect(second.page.locator('.timeline-entry[data-event="RECORD_UNIT_OPINION"]:not(.entry-refused)').count()).resolves.toBe(0);
    await expect(second.page.locator('.timeline-entry.entry-refused[data-event="RECORD_UNIT_OPINION"]').count()).resolves.toBe(1);

    await notice.locator('[data-testid="stale-retry"]').click();
    await second.page.locator('.timeline-entry[data-event="RECORD_UNIT_OPINION"]:not(.entry-refused)').waitFor();
    await expect(second.page.locator('[data-testid="case-version"]').textContent()).resolves.toBe('5');

    const trail = (
      await web.t
        .http()
        .get(`/api/cases/${caseId}/trail`)
        .set(await web.t.as('auditor1'))
        .expect(200)
    ).body as Array<Record<string, unknown>>;
    expect(trail.filter((entry) => entry.event === 'RECORD_UNIT_OPINION' && entry.outcome === 'applied')).toHaveLength(1);
    expect(trail.filter((entry) => entry.actorId === 'officer2' && entry.refusalCode === 'CASE.STALE_VERSION').map((entry) => entry.event)).toEqual([
      'REJECT',
      'RECORD_UNIT_OPINION',
    ]);
  });
});
