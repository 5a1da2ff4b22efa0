import { fullAssessment } from '../../workflows/tolerance/tolerance.samples';
import { SAMPLE_COMMITTEE_MEMBERS } from '../../workflows/sample-world';
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
    // The account settles who applies and in which unit: not asked; an empty form saves nothing.
    await expect(application.locator('[data-path="unitId"], [data-path="cadreId"]').count()).resolves.toBe(0);
    await expectText(cadre.page.locator('[data-testid="applying-as"]'), '张明');
    await application.locator('button[value="save"]').click();
    await expectText(application.locator('[data-testid="empty-form"]'), '表单内容为空');
    await fillFields(application, {
      matter: '2025年牵头推进开发区“标准地”出让改革试点，在规划条件尚未完全批复时先行签订投资协议，后因规划调整导致项目延期。',
      decisionOrProject: '开发区“标准地”出让改革试点',
      grounds: '属于改革创新、先行先试中因缺乏经验出现的失误；事后积极挽回损失，未谋取私利。',
      claimedSituations: ['T01 先行先试探索性失误'],
      evidence: ['管委会主任办公会议纪要（2025年第12次）：集体研究决定先行签约', '风险评估报告：事前评估了规划调整风险'],
      accountabilityStartedOn: '2026-02-20',
      decisionOn: '2025-05-10',
    });
    await application.locator('button[value="save"]').click();
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
    // Findings before the record is complete are not offered: the procedure's rules could not pass (issue 19 §6).
    await officer.page.locator('details.action[data-event="RECORD_STATEMENT"]').waitFor();
    await expect(officer.page.locator('details.action[data-event="SUBMIT_FINDINGS"]').count()).resolves.toBe(0);
    await act(officer.page, 'RECORD_STATEMENT', { statement: '本人承认协议签订时间过早，但出于加快项目落地的考虑。', heardOn: '2026-03-03' });
    await act(officer.page, 'RECORD_UNIT_OPINION', { opinion: '该同志一贯表现良好，建议予以容错。', unitName: '开发区党工委' });
    // The catalogue check chooses situations from the case's catalogue (code and wording).
    const assessment = await openAction(officer.page, 'RECORD_ASSESSMENT');
    const situation = assessment.locator('[data-path="catalogue.toleranceSituations"] button').first();
    await situation.click();
    const choices = await assessment.locator('[data-path="catalogue.toleranceSituations[0].code"] select option').allInnerTexts();
    expect(choices).toContain('T04 在集体决策中对错误决策提出明确反对意见或者保留意见');
    await act(officer.page, 'RECORD_ASSESSMENT', fullAssessment);
    await act(officer.page, 'SUBMIT_FINDINGS', { summary: '经核实，符合先行先试容错情形。', recommendation: 'exemption' }, 'inReview');
    await expect(officer.page.locator('svg.state-diagram').getAttribute('data-current')).resolves.toBe('inReview');
    await expect(officer.page.locator('svg.state-diagram g.node-current').getAttribute('data-state')).resolves.toBe('inReview');
    await expectText(officer.page.locator('[data-testid="no-actions"]'), '审理人员');

    // The reviewer and the committee.
    journey.web.t.clock.advance(DAY);
    const reviewer = await as('reviewer1');
    await reviewer.page.goto(`${journey.web.baseUrl}/app/cases/${caseId}`);
    // 审理助辩: the committee gets the case once the defence is heard (or declined).
    await expect(reviewer.page.locator('details.action[data-event="PASS_TO_COMMITTEE"]').count()).resolves.toBe(0);
    await act(reviewer.page, 'RECORD_REVIEW_DEFENCE', { hearing: 'heard', defence: '当事干部当面陈述了挽回损失的进展。', heardOn: '2026-03-04' });
    await act(reviewer.page, 'PASS_TO_COMMITTEE', { opinion: '事实清楚，证据充分，程序合规。', recommendation: 'exemption' }, 'awaitingDecision');
    journey.web.t.clock.advance(DAY);
    const committee = await as('committee1');
    await committee.page.locator(`tr[data-case-id="${caseId}"] a.case-link`).click();
    const decision = {
      outcome: 'exemption',
      reasoning: '符合先行先试容错情形，六个因素综合研判总体有利。',
      meetingDate: '2026-03-05',
      attendees: SAMPLE_COMMITTEE_MEMBERS.slice(0, 5),
      votesFor: 4,
      votesAgainst: 1,
      votesAbstain: 0,
    };
    // A vote against without its dissent recorded: refused, the conditions listed next to the form.
    const first = await openAction(committee.page, 'DECIDE');
    committee.expectHttpStatus(409);
    await fillFields(first, decision);
    await first.locator('button[type="submit"]').click();
    await expectText(first.locator('.form-notice [data-condition="dissent.count"]'), '反对票1票，应逐一记录反对委员及其意见（已记录0条）');
    await act(committee.page, 'DECIDE', { dissent: [{ member: SAMPLE_COMMITTEE_MEMBERS[4], opinion: '前期论证不充分，建议从轻处理。' }] }, 'awaitingService');
    // 作出容错决定时,立即启动纠错程序: the linked correction case is listed.
    await expectText(committee.page.locator('[data-section="links"] a'), '纠错');

    // Notification: the officer serves the decision; the cadre is told what to do and by when.
    journey.web.t.clock.advance(DAY);
    await officer.page.goto(`${journey.web.baseUrl}/app/cases/${caseId}`);
    // The 文号 is the one of the decision issued at DECIDE, already on the form (issue 20 §2).
    const issued = await journey.web.t
      .http()
      .get(`/api/cases/${caseId}/documents`)
      .set(await journey.web.t.as('officer1'))
      .expect(200);
    const decisionNo = (issued.body as Array<{ event: string; docNo: string }>).find((doc) => doc.event === 'DECIDE')!.docNo;
    expect(decisionNo).toMatch(/〔2026〕\d+号$/);
    const service = await openAction(officer.page, 'SERVE_DECISION');
    await expect(service.locator('[data-path="documentNo"] input').inputValue()).resolves.toBe(decisionNo);
    await act(officer.page, 'SERVE_DECISION', { servedToApplicantOn: '2026-03-06', servedToUnitOn: '2026-03-06', method: 'inPerson' }, 'awaitingReceipt');
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
    // Asked to apply for review or accept, the cadre reads the decision right there (issue 23 §4),
    // without which official keyed it in.
    const result = await cadre.page.locator('[data-testid="result-in-force"]').innerText();
    expect(result).toMatch(/现行认定结果[\s\S]*决定书文号：\S+[\s\S]*认定结果\s*容错免责/);
    expect(result).toContain(`决定书文号：${decisionNo}`);
    expect(result).not.toMatch(/办理人|committee\d|officer\d/);
    await cadre.screenshot('applicant-case-page');
  });
});
