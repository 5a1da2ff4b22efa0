import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { SAMPLE_COMMITTEE_MEMBERS } from '../../workflows/sample-world';
import { RISK_FILING_TIMES as RT, sampleFiling } from '../../workflows/risk-filing/risk-filing.samples';
import { TOLERANCE_TIMES as T, decideExemption } from '../../workflows/tolerance/tolerance.samples';
import { PathDriver } from '../support/path-driver';
import { DESKTOP, launchBrowser, PHONE, startWebApp, UserSession, type WebApp } from './support/browser';
import { act, caseIdOf, expectState, fillFields, openAction } from './support/case-forms';
import { expectText } from './support/waits';

jest.setTimeout(120_000);

/**
 * Issue 19 in the pages, at 1280 px and at 390 px: the system administrator's catalogue and
 * committee page (an edit refused with its problems named by row, then saved as a new version),
 * a refusal listing its conditions next to the committee's decision form, and the 防错备案 forms
 * of the unit, the officer and the leader.
 */
describe('the rules in the pages', () => {
  let web: WebApp;
  let browser: Browser;
  const sessions: UserSession[] = [];
  const as = async (user: string, viewport = DESKTOP) => {
    const session = await UserSession.login(browser, web.baseUrl, user, viewport);
    sessions.push(session);
    return session;
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    // The filing names its cadre, picked from the directory.
    web = await startWebApp({ demoCadres: true });
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });
  afterEach(() => {
    for (const session of sessions.splice(0)) expect(session.unexpectedProblems()).toEqual([]);
  });

  it('the catalogue page: the version in force, an edit refused by row, then saved as a new version; the committee', async () => {
    const admin = await as('sysadmin1');
    await admin.page.locator('a[href="/app/admin/catalogues"]').click();
    const panel = admin.page.locator('[data-testid="catalogue-panel"]');
    await expectText(panel.locator('h2'), '第1版');
    await expect(panel.locator('tbody tr').count()).resolves.toBe(15);
    await expectText(admin.page.locator('[data-testid="committee-meta"]'), '委员7人，法定到会人数4人');
    await admin.screenshot('catalogue-page');
    const view = await admin.screenshot('catalogue-page-view', { fullPage: false });
    // README's picture, refreshed with DOCS_SCREENSHOTS=1 as the main views' are.
    if (process.env.DOCS_SCREENSHOTS === '1') copyFileSync(view, join(__dirname, '..', '..', 'docs', 'screenshots', 'sysadmin-catalogues.png'));

    // A new situation with a bad code and no basis: refused, named by row, the row marked.
    admin.expectHttpStatus(400);
    await admin.page.locator('[data-testid="catalogue-add"]').click();
    const row = panel.locator('tbody tr').last();
    await row.locator('input[name="code"]').fill('8T');
    await row.locator('textarea[name="zh"]').fill('为应对突发事件先行处置出现的失误');
    await admin.page.locator('[data-testid="catalogue-save"]').click();
    const refused = admin.page.locator('[data-testid="catalogue-refused"]');
    await expectText(refused, '第16条的编号“8T”应为大写字母开头、2至16位的大写字母或数字');
    await expectText(refused, '第16条缺少依据');
    await expect(row.getAttribute('class')).resolves.toContain('has-error');
    await admin.screenshot('catalogue-refused');

    await row.locator('input[name="code"]').fill('T08');
    await row.locator('textarea[name="legalBasis"]').fill('本市容错纠错实施办法（2026年）第五条');
    await admin.page.locator('input[placeholder^="如："]').fill('依据本市实施办法修订');
    await admin.page.locator('[data-testid="catalogue-save"]').click();
    await expectText(panel.locator('h2'), '第2版');
    await expectText(admin.page.locator('[data-testid="catalogue-history"]'), '依据本市实施办法修订');
    await expect(admin.page.locator('[data-testid="catalogue-history"] li').count()).resolves.toBe(2);

    // At phone width the table becomes cards, nothing scrolls sideways.
    const phone = await as('sysadmin1', PHONE);
    await phone.page.goto(`${web.baseUrl}/app/admin/catalogues`);
    await expectText(phone.page.locator('[data-testid="catalogue-panel"] h2'), '第2版');
    const overflow = await phone.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow as number).toBeLessThanOrEqual(0);
    await phone.screenshot('catalogue-page-phone', { fullPage: false });
  });

  it('a refusal lists its conditions next to the committee’s form, at both widths', async () => {
    const driver = new PathDriver(web.t);
    for (const [name, viewport] of [
      ['decision-refused', DESKTOP],
      ['decision-refused-phone', PHONE],
    ] as const) {
      const caseId = await driver.drive('tolerance', driver.paths('tolerance').get('awaitingDecision')!);
      web.t.clock.set(T.decide);
      const committee = await as('committee1', viewport);
      await committee.page.goto(`${web.baseUrl}/app/cases/${caseId}`);
      await expectState(committee.page, 'awaitingDecision');
      committee.expectHttpStatus(409);
      const form = await openAction(committee.page, 'DECIDE');
      const { dissent: _dissent, ...withoutDissent } = decideExemption;
      await fillFields(form, {
        ...withoutDissent,
        attendees: [...SAMPLE_COMMITTEE_MEMBERS.slice(0, 2), '外单位人员', ...SAMPLE_COMMITTEE_MEMBERS.slice(3, 5)],
        votesFor: 5,
      });
      await form.locator('button[type="submit"]').click();
      const notice = form.locator('.form-notice');
      await expectText(notice.locator('[data-condition="committee.notMember"]'), '参会人员「外单位人员」不是本委员会委员');
      await expectText(notice.locator('[data-condition="dissent.count"]'), '反对票1票');
      await expectText(notice.locator('[data-condition="votes.total"]'), '赞成、反对、弃权票合计6票，应等于参会人数5人');
      await form.locator('[data-condition]').first().scrollIntoViewIfNeeded();
      await committee.screenshot(name, { fullPage: viewport === DESKTOP });
    }
  });

  it('the 防错备案 forms: the unit files, the officer reviews, the leader registers under a number', async () => {
    web.t.clock.set(RT.filed);
    const unit = await as('unit1');
    await unit.page.locator('a[href="/app/new/riskFiling"]').click();
    const filing = unit.page.locator('form.new-case-form');
    // The unit's own account settles the unit: not asked (issue 23 §16).
    await expect(filing.locator('[data-path="unitId"]').count()).resolves.toBe(0);
    const { unitId: _unit, ...filed } = sampleFiling;
    await fillFields(filing, filed);
    await unit.screenshot('risk-filing-form');
    await filing.locator('button[type="submit"]').click();
    await expectState(unit.page, 'filed');
    const caseId = caseIdOf(unit.page);

    const phoneUnit = await as('unit1', PHONE);
    await phoneUnit.page.goto(`${web.baseUrl}/app/new/riskFiling`);
    await phoneUnit.page.locator('form.new-case-form [data-path="legalityReview"]').waitFor();
    const overflow = await phoneUnit.page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow as number).toBeLessThanOrEqual(0);
    await phoneUnit.screenshot('risk-filing-form-phone', { fullPage: false });
    await phoneUnit.page.locator('form.new-case-form [data-path="riskAssessment"]').scrollIntoViewIfNeeded();
    await phoneUnit.screenshot('risk-filing-form-phone-assessment', { fullPage: false });

    web.t.clock.set(RT.review);
    const officer = await as('officer1');
    await officer.page.goto(`${web.baseUrl}/app/cases/${caseId}`);
    await act(officer.page, 'REVIEW_FILING', { opinion: '合法性审查和风险评估完整，防控措施具体可行。' }, 'reviewed');

    web.t.clock.set(RT.register);
    const leader = await as('leader1', PHONE);
    await leader.page.goto(`${web.baseUrl}/app/cases/${caseId}`);
    await openAction(leader.page, 'REGISTER_FILING');
    await leader.page.locator('details.action[data-event="REGISTER_FILING"]').scrollIntoViewIfNeeded();
    await leader.screenshot('risk-filing-register-phone', { fullPage: false });
    await act(leader.page, 'REGISTER_FILING', { filingNo: '开改备〔2025〕7号', note: '准予备案' }, 'registered');
    await leader.page.locator('[data-section="record"] summary', { hasText: '登记备案' }).click();
    await expectText(leader.page.locator('[data-section="record"]'), '开改备〔2025〕7号');
    await leader.page.locator('[data-section="record"] summary', { hasText: '登记备案' }).scrollIntoViewIfNeeded();
    await leader.screenshot('risk-filing-registered-phone', { fullPage: false });
  });
});
