import { fullAssessment } from '../../workflows/tolerance/tolerance.samples';
import { expectText } from './support/waits';
import { userJourney } from './support/browser';
import { act, attributesOf, caseIdOf, expectState, fillFields, openAction } from './support/case-forms';

jest.setTimeout(90_000);

const DAY = 24 * 3600 * 1000;

/**
 * A whole tolerance case through the pages, each step by the person whose turn it is: the cadre
 * applies, the officer accepts and verifies, the reviewer passes it on, the committee decides, the
 * officer serves the decision and the cadre acknowledges receipt.
 */
describe('a tolerance case from application to acknowledgement, in the browser', () => {
  const journey = userJourney();
  const as = (user: string) => journey.as(user);

  it('goes through every step with the person whose turn it is', async () => {
    // The cadre: my cases is empty, the application form checks required fields inline.
    const cadre = await as('applicant1');
    expect(new URL(cadre.page.url()).pathname).toBe('/app/my');
    await cadre.page.locator('[data-testid="empty-list"]').waitFor();
    await cadre.page.locator('a[href="/app/new/tolerance"]').click();
    const application = cadre.page.locator('form.new-case-form');
    await expect(application.locator('[data-path="unitId"] input').inputValue()).resolves.toBe('unit-jinan-dev');
    await application.locator('[data-path="unitId"] input').fill('');
    await application.locator('button[type="submit"]').click();
    await expectText(application.locator('[data-path="unitId"] .field-error'), '此项必填');
    await expect(application.locator('[data-path="unitId"] input').getAttribute('aria-invalid')).resolves.toBe('true');
    await fillFields(application, {
      unitId: 'unit-jinan-dev',
      matter: '2025年牵头推进开发区“标准地”出让改革试点，在规划条件尚未完全批复时先行签订投资协议，后因规划调整导致项目延期。',
      decisionOrProject: '开发区“标准地”出让改革试点',
      grounds: '属于改革创新、先行先试中因缺乏经验出现的失误；事后积极挽回损失，未谋取私利。',
      claimedSituations: ['T01 先行先试探索性失误'],
      evidence: ['管委会主任办公会议纪要（2025年第12次）：集体研究决定先行签约', '风险评估报告：事前评估了规划调整风险'],
      accountabilityStartedOn: '2026-02-20',
    });
    await expect(application.locator('[data-path="unitId"] .field-error').isHidden()).resolves.toBe(true);
    await application.locator('button[type="submit"]').click();
    await expectState(cadre.page, 'draft');
    const caseId = caseIdOf(cadre.page);
    await expect(cadre.page.locator('[data-testid="expectation"]').getAttribute('data-my-turn')).resolves.toBe('true');
    await act(cadre.page, 'SUBMIT', {}, 'submitted');
    await expect(cadre.page.locator('.progress-text').innerText()).resolves.toBe('第 2 步，共 8 步：受理');

    // The officer: the case is in "my turn"; accepting and verifying, with the nested assessment form.
    journey.web.t.clock.advance(DAY);
    const officer = await as('officer1');
    expect(new URL(officer.page.url()).pathname).toBe('/app/queue');
    await officer.page.locator(`tr[data-case-id="${caseId}"] a.case-link`).click();
    await expectState(officer.page, 'submitted');
    await act(officer.page, 'ACCEPT', { note: '材料齐全，予以受理' }, 'verifying');
    // Findings before the record is complete: refused by the procedure's rules, and said so.
    const early = await openAction(officer.page, 'SUBMIT_FINDINGS');
    officer.expectHttpStatus(409);
    await fillFields(early, { summary: '经核实，符合先行先试容错情形', recommendation: 'exemption' });
    await early.locator('button[type="submit"]').click();
    await expectText(early.locator('.form-notice'), '办理条件尚不满足');
    await act(officer.page, 'RECORD_STATEMENT', { statement: '本人承认协议签订时间过早，但出于加快项目落地的考虑。', heardOn: '2026-03-03' });
    await act(officer.page, 'RECORD_UNIT_OPINION', { opinion: '该同志一贯表现良好，建议予以容错。', unitName: '开发区党工委' });
    await act(officer.page, 'RECORD_ASSESSMENT', fullAssessment);
    await act(officer.page, 'SUBMIT_FINDINGS', { summary: '经核实，符合先行先试容错情形。', recommendation: 'exemption' }, 'inReview');
    await expect(officer.page.locator('svg.state-diagram').getAttribute('data-current')).resolves.toBe('inReview');
    await expect(officer.page.locator('svg.state-diagram g.node-current').getAttribute('data-state')).resolves.toBe('inReview');
    await expectText(officer.page.locator('[data-testid="no-actions"]'), '审理人员');

    // The reviewer and the committee.
    journey.web.t.clock.advance(DAY);
    const reviewer = await as('reviewer1');
    await reviewer.page.goto(`${journey.web.baseUrl}/app/cases/${caseId}`);
    await act(reviewer.page, 'PASS_TO_COMMITTEE', { opinion: '事实清楚，证据充分，程序合规。', recommendation: 'exemption' }, 'awaitingDecision');
    journey.web.t.clock.advance(DAY);
    const committee = await as('committee1');
    await committee.page.locator(`tr[data-case-id="${caseId}"] a.case-link`).click();
    await act(
      committee.page,
      'DECIDE',
      {
        outcome: 'exemption',
        reasoning: '符合先行先试容错情形，六个因素综合研判总体有利。',
        meetingDate: '2026-03-05',
        attendees: ['书记', '副书记', '委员甲', '委员乙', '委员丙'],
        votesFor: 4,
        votesAgainst: 1,
        votesAbstain: 0,
      },
      'awaitingService',
    );
    // 作出容错决定时,立即启动纠错程序: the linked correction case is listed.
    await expectText(committee.page.locator('[data-section="links"] a'), '纠错');

    // Notification: the officer serves the decision; the cadre is told what to do and by when.
    journey.web.t.clock.advance(DAY);
    await officer.page.goto(`${journey.web.baseUrl}/app/cases/${caseId}`);
    await act(
      officer.page,
      'SERVE_DECISION',
      { documentNo: '开纪容〔2026〕1号', servedToApplicantOn: '2026-03-06', servedToUnitOn: '2026-03-06', method: 'inPerson' },
      'awaitingReceipt',
    );
    await officer.screenshot('staff-case-page');

    journey.web.t.clock.advance(DAY);
    await cadre.page.goto(`${journey.web.baseUrl}/app/my`);
    const card = cadre.page.locator(`article.case-card[data-case-id="${caseId}"]`);
    await expectText(card.locator('[data-testid="expectation"]'), /需要您办理：\s*签收决定书/);
    await expectText(card.locator('[data-testid="expectation"]'), /请于 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2} 前办理/);
    await cadre.screenshot('applicant-my-cases');
    await card.locator('h2 a').click();
    await act(cadre.page, 'ACKNOWLEDGE_RECEIPT', { note: '已收到决定书' }, 'reviewWindow');
    await expect(cadre.page.locator('.progress-text').innerText()).resolves.toBe('第 7 步，共 8 步：复核申诉');
    // The cadre's timeline keeps to milestones: no internal deliberation.
    const events = await attributesOf(cadre.page.locator('.timeline-entry'), 'data-event');
    expect(events).toEqual(['CREATE', 'SUBMIT', 'ACCEPT', 'DECIDE', 'SERVE_DECISION', 'ACKNOWLEDGE_RECEIPT']);
    await cadre.screenshot('applicant-case-page');
  });
});
