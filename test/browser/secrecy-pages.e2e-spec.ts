import type { Browser } from 'playwright-core';
import { PROCEDURE_SAMPLES } from '../../workflows';
import { DEMO_PASSWORD } from '../../src/demo/demo-users';
import { UsersService } from '../../src/identity/users.service';
import { PathDriver } from '../support/path-driver';
import { DESKTOP, launchBrowser, PHONE, startWebApp, UserSession, type WebApp } from './support/browser';
import { expectState } from './support/case-forms';
import { expectText, pageRendered } from './support/waits';

jest.setTimeout(120_000);

const STAFF_REPORTER = 'officer-reporter';
const ACCUSER = 'applicant2';

/**
 * What the pages show of protected people (issue 15), at desk and phone width, in Chinese: staff
 * read the pseudonyms (举报人, 被处理人) where a reporter or accuser acted, never an account; the
 * cadre's view of a signed report shows nothing of its channel, signature or notices; the audit
 * administrator finds exports, searches and case files read in the chain of reads.
 */
describe('protected identities on the pages', () => {
  let web: WebApp;
  let browser: Browser;
  let driver: PathDriver;
  let signed: string;
  let accusation: string;
  const sessions: UserSession[] = [];
  const as = async (user: string, viewport = DESKTOP) => {
    const session = await UserSession.login(browser, web.baseUrl, user, viewport);
    sessions.push(session);
    return session;
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp();
    const t = web.t;
    driver = new PathDriver(t);
    await t.app
      .get(UsersService)
      .create(
        { id: STAFF_REPORTER, displayName: '兼为举报人的承办人', password: DEMO_PASSWORD, roles: [{ role: 'officer', scope: '*' }] },
        t.clock.now().toISOString(),
      );
    // The accuser asks in person for review of the measures taken against them.
    accusation = await driver.drive('falseAccusation', driver.paths('falseAccusation').get('reviewWindow')!);
    const review = PROCEDURE_SAMPLES.falseAccusation.events.REQUEST_REVIEW[0];
    await driver.step(accusation, 'REQUEST_REVIEW', { id: ACCUSER, role: 'applicant' }, review.data, review.at);
    // A signed report by a staff member, who is refused when they try to act on it.
    t.clock.set('2026-06-01T02:00:00.000Z');
    const lead = {
      ...PROCEDURE_SAMPLES.clarification.creations[0].data,
      reporterName: '周某某',
      reporterContact: '13900000000',
      reporterUserId: STAFF_REPORTER,
    };
    signed = (
      await t
        .http()
        .post('/api/cases')
        .set(await t.as('officer1'))
        .send({ procedure: 'clarification', ...lead })
        .expect(201)
    ).body.id;
    await t
      .http()
      .post(`/api/cases/${signed}/events`)
      .set(await t.as(STAFF_REPORTER))
      .send({ type: 'NOTIFY_ACCEPTANCE', expectedVersion: 1, notifiedOn: '2026-06-01', method: 'phone' })
      .expect(403);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });
  afterEach(() => {
    for (const session of sessions.splice(0)) expect(session.unexpectedProblems()).toEqual([]);
  });

  for (const [width, viewport] of [
    ['1280', DESKTOP],
    ['390', PHONE],
  ] as const) {
    it(`staff read the pseudonym where a protected person acted (${width} px)`, async () => {
      const officer = await as('officer2', viewport);
      await officer.page.goto(`${web.baseUrl}/app/cases/${accusation}`);
      const review = officer.page.locator('.timeline-entry[data-event="REQUEST_REVIEW"]');
      await expectText(review, '被处理人');
      await officer.screenshot(`secrecy-staff-accusation-${width}`);
      await officer.page.goto(`${web.baseUrl}/app/cases/${signed}`);
      await expectState(officer.page, 'awaitingAcceptanceNotice');
      // Refused attempts are folded away by default; the officer unfolds them to read who tried.
      await officer.page.locator('[data-testid="refusals-toggle"]').click();
      const refused = officer.page.locator('.timeline-entry.entry-refused');
      await expectText(refused, '举报人');
      await expectText(refused, '回避');
      const text = await officer.page.locator('main').innerText();
      for (const secret of [STAFF_REPORTER, ACCUSER, 'sealed:', '周某某', '13900000000']) expect([secret, text.includes(secret)]).toEqual([secret, false]);
      await officer.screenshot(`secrecy-staff-clarification-${width}`);
    });

    it(`the cadre's page of a signed report shows nothing of its channel, signature or notices (${width} px)`, async () => {
      const cadre = await as('applicant1', viewport);
      await cadre.page.goto(`${web.baseUrl}/app/cases/${signed}`);
      await expectState(cadre.page, 'verifying');
      await expectText(cadre.page.locator('[data-testid="case-state"]'), '核查中');
      const text = await cadre.page.locator('body').innerText();
      for (const telltale of ['实名', '告知受理', '检举控告人', '信访举报渠道', '收到日期', STAFF_REPORTER, '周某某'])
        expect([telltale, text.includes(telltale)]).toEqual([telltale, false]);
      await cadre.screenshot(`secrecy-cadre-clarification-${width}`);
      await cadre.page.goto(`${web.baseUrl}/app/cases/${accusation}`);
      await expectText(cadre.page.locator('.timeline-entry[data-event="REQUEST_REVIEW"]'), '被处理人');
      const accusationText = await cadre.page.locator('body').innerText();
      expect(accusationText).not.toContain(ACCUSER);
      // The report it came from owes its signed reporter a notice: the link shows it as the cadre sees it.
      expect((await driver.view(accusation)).links.origin.state).toBe('notifyingResult');
      for (const telltale of ['待告知', '实名']) expect([telltale, accusationText.includes(telltale)]).toEqual([telltale, false]);
      await cadre.screenshot(`secrecy-cadre-accusation-${width}`);
    });

    it(`the audit administrator finds exports and case files read in the chain of reads (${width} px)`, async () => {
      await web.t
        .http()
        .get('/api/audit/export')
        .set(await web.t.as('auditor1'))
        .expect(200);
      await web.t
        .http()
        .get(`/api/cases/${signed}`)
        .set(await web.t.as('auditor1'))
        .expect(200);
      const administrator = await as('auditadmin1', viewport);
      await administrator.page.goto(`${web.baseUrl}/app/audit`);
      await pageRendered(administrator.page);
      await administrator.page.locator('select[name="stream"]').selectOption('audit-reads');
      await administrator.page.locator('form.filters button[type="submit"]').click();
      await administrator.page.waitForURL(/stream=audit-reads/);
      await pageRendered(administrator.page);
      const rows = administrator.page.locator('.entry-table tbody tr');
      await expectText(administrator.page.locator('.entry-table'), '导出全部办理记录');
      await expectText(administrator.page.locator('.entry-table'), '查阅案卷');
      const events = await rows.evaluateAll((items) => items.map((item) => item.getAttribute('data-event')));
      expect(new Set(events)).toEqual(new Set(['TRAIL_EXPORTED', 'CASE_FILE_READ', 'TRAIL_SEARCHED']));
      await administrator.screenshot(`secrecy-audit-reads-${width}`);
    });
  }
});
