import { expectText } from './support/waits';
import { userJourney } from './support/browser';
import { act, attributesOf, caseIdOf, expectState, fillFields } from './support/case-forms';

jest.setTimeout(90_000);

const DAY = 24 * 3600 * 1000;
const REPORTER_NAME = '举报人周某某';
const REPORTER_CONTACT = '13800000000';

/**
 * A clarification (澄清正名) through the pages to its follow-up: the officer registers a signed
 * report lead, concludes it untrue and harmful, consults the cadre, who accepts; the principal
 * leader approves the plan; the officer clarifies, records the consequences undone and the
 * follow-up talk, and tells the reporter the result. The cadre never sees who reported them.
 */
describe('a clarification case to its follow-up, in the browser', () => {
  // The lead names its cadre, picked from the directory.
  const journey = userJourney({ demoCadres: true });
  const as = (user: string) => journey.as(user);

  it('registers, verifies, consults, plans, clarifies and follows up', async () => {
    const officer = await as('officer1');
    await officer.page.locator('a[href="/app/new/clarification"]').click();
    const lead = officer.page.locator('form.new-case-form');
    await expect(lead.locator('[data-path="reporterName"] .badge-sealed').count()).resolves.toBe(1);
    await fillFields(lead, {
      summary: '反映开发区管委会副主任张明在项目招商中收受企业礼金。',
      channel: 'letter',
      receivedOn: '2026-02-20',
      signed: true,
      cadreId: 'applicant1',
      unitId: 'unit-jinan-dev',
      reporterName: REPORTER_NAME,
      reporterContact: REPORTER_CONTACT,
    });
    await lead.locator('button[type="submit"]').click();
    await expectState(officer.page, 'awaitingAcceptanceNotice');
    const caseId = caseIdOf(officer.page);
    // Sealed: once entered, the identity is in no view, not even the officer's.
    await expect(officer.page.locator('main').innerText()).resolves.not.toContain(REPORTER_NAME);
    await act(officer.page, 'NOTIFY_ACCEPTANCE', { notifiedOn: '2026-02-25', method: 'inWriting' }, 'verifying');
    await act(
      officer.page,
      'CONCLUDE_VERIFICATION',
      {
        method: 'preliminaryVerification',
        conclusion: 'untrue',
        findings: '经初步核实，未发现收受礼金的事实，所反映问题失实。',
        untruePoints: ['收受企业礼金'],
        harmful: true,
        harmDescription: '举报在单位内传播，影响其正常工作。',
        suspectedMalice: false,
      },
      'awaitingStart',
    );
    await act(officer.page, 'CONSULT_CADRE', { proposal: '拟在开发区干部大会上予以澄清，并书面澄清。', proposedMethod: 'meeting' }, 'awaitingConsent');

    // The cadre accepts public clarification; the page tells them by when.
    journey.web.t.clock.advance(DAY);
    const cadre = await as('applicant1');
    await cadre.page.goto(`${journey.web.baseUrl}/app/cases/${caseId}`);
    await expectText(cadre.page.locator('[data-testid="expectation"]'), '同意公开澄清');
    await expectText(cadre.page.locator('[data-testid="expectation"]'), /请于 .* 前办理/);
    await act(cadre.page, 'ACCEPT_CLARIFICATION', { opinion: '同意在干部大会上澄清。' }, 'planning');

    journey.web.t.clock.advance(DAY);
    await officer.page.goto(`${journey.web.baseUrl}/app/cases/${caseId}`);
    await act(
      officer.page,
      'SUBMIT_PLAN',
      {
        method: 'meeting',
        withWrittenClarification: true,
        rally: true,
        scope: '开发区全体干部',
        points: ['收受企业礼金'],
        plannedOn: '2026-03-10',
      },
      'awaitingPlanApproval',
    );
    journey.web.t.clock.advance(DAY);
    const leader = await as('leader1');
    await leader.page.goto(`${journey.web.baseUrl}/app/cases/${caseId}`);
    await act(leader.page, 'APPROVE_PLAN', { opinion: '同意。' }, 'clarifying');

    journey.web.t.clock.advance(7 * DAY);
    await officer.page.goto(`${journey.web.baseUrl}/app/cases/${caseId}`);
    await act(
      officer.page,
      'RECORD_CLARIFICATION',
      { clarifiedOn: '2026-03-10', audience: '开发区全体干部约120人', writtenClarification: '经核实，反映张明同志收受企业礼金的问题失实，特此澄清。' },
      'undoingConsequences',
    );
    await act(
      officer.page,
      'RECORD_CONSEQUENCES',
      {
        hadConsequences: true,
        items: [
          { kind: 'lostOpportunity', description: '因被举报暂缓年度评优。', correction: '已恢复评优资格。', status: 'corrected' },
          { kind: 'other', description: '被暂停分管招商工作。', correction: '建议恢复分管工作。', status: 'recommended', competentBody: '开发区党工委' },
        ],
      },
      'followingUp',
    );
    await officer.screenshot('staff-clarification-follow-up');
    journey.web.t.clock.advance(30 * DAY);
    await act(officer.page, 'RECORD_FOLLOW_UP', { visitedOn: '2026-04-10', form: 'talk', findings: '本人工作状态良好，已放下思想包袱。' }, 'notifyingResult');
    await act(officer.page, 'NOTIFY_RESULT', { notifiedOn: '2026-04-11', method: 'inWriting' }, 'closed');

    // The cadre sees the outcome and their milestones; never the reporter.
    await cadre.page.goto(`${journey.web.baseUrl}/app/cases/${caseId}`);
    await expectState(cadre.page, 'closed');
    await expectText(cadre.page.locator('.progress-text'), '已办结');
    const text = await cadre.page.locator('body').innerText();
    const html = await cadre.page.content();
    for (const secret of [REPORTER_NAME, REPORTER_CONTACT]) {
      expect(text).not.toContain(secret);
      expect(html).not.toContain(secret);
    }
    const events = await attributesOf(cadre.page.locator('.timeline-entry'), 'data-event');
    // The conclusion, not the registration of the lead (its channel and signature are not the cadre's business).
    expect(events).toEqual([
      'CONCLUDE_VERIFICATION',
      'CONSULT_CADRE',
      'ACCEPT_CLARIFICATION',
      'APPROVE_PLAN',
      'RECORD_CLARIFICATION',
      'RECORD_CONSEQUENCES',
      'RECORD_FOLLOW_UP',
    ]);
    for (const telltale of ['实名', '告知受理', '告知处理结果', '检举控告人']) expect(text).not.toContain(telltale);
    await cadre.screenshot('applicant-clarification-closed');
  });
});
