import { exploreGraph, MachineHarness } from '../../test/support/machine-harness';
import type { Actor } from '../core/roles';
import { applyEvent, type StoredSnapshot } from '../core/runtime';
import { correctionV1 } from './correction.definition';
import type { CorrectionContext } from './correction.model';
import { correctionFromTolerance, correctionOwnMotion, correctionSamples, sampleOrder } from './correction.samples';
import { SAMPLE_COMMITTEE_MEMBERS } from '../sample-world';

const officer: Actor = { id: 'officer1', role: 'officer' };
const cadre: Actor = { id: 'applicant1', role: 'applicant' };
const otherApplicant: Actor = { id: 'applicant2', role: 'applicant' };
const unit: Actor = { id: 'unit1', role: 'unit' };
const leader: Actor = { id: 'leader1', role: 'leader' };
const committee: Actor = { id: 'committee1', role: 'committee' };
const system: Actor = { id: 'system', role: 'system' };

const T = {
  order: '2026-03-02T02:00:00.000Z',
  plan: '2026-03-09T02:00:00.000Z',
  approve: '2026-03-10T02:00:00.000Z',
  progress: '2026-04-01T02:00:00.000Z',
  extension: '2026-05-20T02:00:00.000Z',
  extensionApproved: '2026-05-21T02:00:00.000Z',
  completion: '2026-07-20T02:00:00.000Z',
  check: '2026-07-25T02:00:00.000Z',
  close: '2026-07-28T02:00:00.000Z',
  decide: '2026-08-10T02:00:00.000Z',
};

/** Four of the seven members, one against with the opinion recorded. */
const vote = {
  meetingDate: '2026-08-10',
  attendees: SAMPLE_COMMITTEE_MEMBERS.slice(0, 4),
  votesFor: 3,
  votesAgainst: 1,
  votesAbstain: 0,
  dissent: [{ member: SAMPLE_COMMITTEE_MEMBERS[3], opinion: '应给予组织处理' }],
};
const allPassed = {
  results: [
    { itemNo: 1, result: 'passed' },
    { itemNo: 2, result: 'passed' },
  ],
};
const secondFails = {
  results: [
    { itemNo: 1, result: 'passed' },
    { itemNo: 2, result: 'failed', note: '损失未追回' },
  ],
  redoDueDate: '2026-09-30',
};
const completionReport = { summary: '已完成', evidence: ['制度文本'] };
const closing = { rootCauseAnalysis: '审查缺位', mechanismImprovements: ['法律顾问前置审查'] };

const h = new MachineHarness(correctionV1);
const ctx = (s: StoredSnapshot) => s.context as unknown as CorrectionContext;

function toRectifying(input = correctionOwnMotion): StoredSnapshot {
  let s = h.open(input);
  s = h.accept(s, 'ISSUE_ORDER', officer, sampleOrder, T.order);
  s = h.accept(s, 'SUBMIT_PLAN', unit, { content: '整改方案' }, T.plan);
  return h.accept(s, 'APPROVE_PLAN', officer, {}, T.approve);
}

function toCheck(input = correctionOwnMotion): StoredSnapshot {
  return h.accept(toRectifying(input), 'REPORT_COMPLETION', unit, completionReport, T.completion);
}

function toFailedRecheck(input = correctionOwnMotion): StoredSnapshot {
  let s = h.accept(toCheck(input), 'CHECK_ITEMS', officer, secondFails, T.check);
  s = h.accept(s, 'REPORT_COMPLETION', cadre, completionReport, '2026-09-20T02:00:00.000Z');
  return h.accept(s, 'CHECK_ITEMS', officer, { results: [{ itemNo: 2, result: 'failed', note: '仍未追回' }] }, '2026-09-25T02:00:00.000Z');
}

function toOverdue(input = correctionOwnMotion): StoredSnapshot {
  return h.accept(toRectifying(input), 'RECTIFICATION_OVERDUE', system, {}, '2026-06-03T00:00:00.000Z');
}

/** A refused event leaves the snapshot exactly as it was and names why, in both languages (`codes` among them). */
function expectRefused(s: StoredSnapshot, type: string, actor: Actor, data: Record<string, unknown>, at?: string, ...codes: string[]) {
  const result = h.send(s, type, actor, data, at);
  expect(result.accepted).toBe(false);
  expect(result.snapshot).toBe(s);
  expect(result.effects).toEqual([]);
  const conditions = h.refusal(s, type, actor, data, at);
  expect(conditions.length).toBeGreaterThan(0);
  conditions.forEach((condition) => expect(condition.zh && condition.en).toBeTruthy());
  expect(conditions.map((condition) => condition.code)).toEqual(expect.arrayContaining(codes));
  return conditions;
}

describe('correction machine — graph', () => {
  it('reaches every state, including both final states, from the samples', () => {
    const reached = exploreGraph(correctionV1, correctionSamples);
    expect([...reached.keys()].sort()).toEqual(Object.keys(correctionV1.states).sort());
    expect(reached.get('completed')?.snapshot.status).toBe('done');
    expect(reached.get('escalationClosed')?.snapshot.status).toBe('done');
    for (const path of reached.values()) {
      // Stored as JSON and restored from it.
      expect(JSON.parse(JSON.stringify(path.snapshot.context))).toEqual(path.snapshot.context);
      const restored = correctionV1.machine.resolveState({ value: path.snapshot.value, context: ctx(path.snapshot) });
      expect(restored.value).toBe(path.snapshot.value);
    }
  });
});

describe('correction machine — paths', () => {
  it('main path: order → plan → approval → progress → extension → completion → check → completed', () => {
    let s = h.open(correctionOwnMotion);
    expect(s.value).toBe('ordering');
    expect(ctx(s).parties).toEqual({ cadreId: 'applicant1', unitId: 'unit-jinan-dev' });
    expect(ctx(s).opening).toMatchObject({ source: 'ownMotion', by: 'officer1', role: 'officer' });
    expect(ctx(s).origin).toBeUndefined();
    expect(ctx(s).sealed).toEqual({});

    s = h.accept(s, 'ISSUE_ORDER', officer, sampleOrder, T.order);
    expect(s.value).toBe('planning');
    expect(ctx(s).order).toMatchObject({ by: 'officer1', at: T.order, basis: sampleOrder.basis });
    expect(ctx(s).order?.items).toEqual([
      { no: 1, requirement: '完善合同合法性审查流程', responsible: 'unit', dueDate: '2026-05-29', dueDateDefaulted: false },
      { no: 2, requirement: '挽回项目损失并书面说明', responsible: 'cadre', dueDate: '2026-06-02', dueDateDefaulted: false },
    ]);

    s = h.accept(s, 'SUBMIT_PLAN', unit, { content: '方案', measures: ['修订制度'] }, T.plan);
    expect(s.value).toBe('planReview');
    expect(ctx(s).plans).toEqual([{ by: 'unit1', role: 'unit', at: T.plan, content: '方案', measures: ['修订制度'] }]);

    s = h.accept(s, 'APPROVE_PLAN', officer, { note: '可行' }, T.approve);
    expect(s.value).toBe('rectifying');
    expect(ctx(s).plans[0].review).toEqual({ approved: true, reason: '可行', by: 'officer1', at: T.approve });

    s = h.accept(s, 'REPORT_PROGRESS', cadre, { progress: '已追回部分损失', evidence: ['凭证'] }, T.progress);
    expect(s.value).toBe('rectifying');
    expect(ctx(s).progressReports).toEqual([{ by: 'applicant1', role: 'applicant', at: T.progress, progress: '已追回部分损失', evidence: ['凭证'] }]);

    s = h.accept(s, 'REQUEST_EXTENSION', officer, { reason: '诉讼未结', newDueDate: '2026-07-31' }, T.extension);
    expect(ctx(s).extension).toEqual({
      reason: '诉讼未结',
      previousDueDate: '2026-06-02',
      newDueDate: '2026-07-31',
      days: 59,
      requestedBy: 'officer1',
      requestedAt: T.extension,
    });
    s = h.accept(s, 'APPROVE_EXTENSION', leader, { note: '同意' }, T.extensionApproved);
    expect(s.value).toBe('rectifying');
    expect(ctx(s).extension?.decision).toEqual({ approved: true, reason: '同意', by: 'leader1', at: T.extensionApproved });
    const deadline = correctionV1.states.rectifying.deadline!;
    expect(deadline.dueDate!(ctx(s))).toBe('2026-06-02');
    expect(deadline.extension!(ctx(s))).toEqual({ length: 59, unit: 'calendarDays' });

    s = h.accept(s, 'REPORT_COMPLETION', unit, completionReport, T.completion);
    expect(s.value).toBe('acceptanceCheck');
    expect(ctx(s).completionReports).toEqual([{ by: 'unit1', role: 'unit', at: T.completion, ...completionReport }]);

    s = h.accept(s, 'CHECK_ITEMS', officer, { ...allPassed, summary: '通过' }, T.check);
    expect(s.value).toBe('concluding');
    expect(ctx(s).checks).toEqual([
      {
        by: 'officer1',
        role: 'officer',
        at: T.check,
        round: 1,
        summary: '通过',
        results: [
          { itemNo: 1, result: 'passed', note: undefined },
          { itemNo: 2, result: 'passed', note: undefined },
        ].map((r) => expect.objectContaining({ itemNo: r.itemNo, result: r.result })),
      },
    ]);
    expect(ctx(s).redo).toBeUndefined();

    const result = h.send(s, 'CONFIRM_COMPLETION', officer, closing, T.close);
    expect(result.accepted).toBe(true);
    expect(result.effects).toEqual([]);
    s = result.snapshot;
    expect(s.value).toBe('completed');
    expect(s.status).toBe('done');
    expect(ctx(s).completion).toMatchObject({ by: 'officer1', at: T.close, ...closing });
  });

  it('opened by a tolerance decision: records the origin', () => {
    const s = h.open(correctionFromTolerance);
    expect(s.value).toBe('ordering');
    expect(ctx(s).origin).toEqual({ caseId: 'tolerance-case-1', procedure: 'tolerance' });
    expect(ctx(s).opening).toMatchObject({ source: 'tolerance', by: 'system', role: 'system' });
  });

  it('an item without a date gets the 3-month default (责令限期整改)', () => {
    const s = h.accept(
      h.open(correctionOwnMotion),
      'ISSUE_ORDER',
      officer,
      {
        items: [{ requirement: '整改', responsible: 'both' }],
      },
      '2026-01-31T02:00:00.000Z',
    );
    expect(ctx(s).order?.items[0]).toMatchObject({ dueDate: '2026-04-30', dueDateDefaulted: true });
    expect(correctionV1.states.rectifying.deadline!.dueDate!(ctx(s))).toBe('2026-04-30');
  });

  it('an item without a date gets the jurisdiction’s own period when the engine passes one (issue 14 §2)', () => {
    const order = {
      type: 'ISSUE_ORDER',
      actor: officer,
      at: '2026-01-31T02:00:00.000Z',
      data: { items: [{ requirement: '整改', responsible: 'both' }] },
      limits: { 'correction.rectification': { length: 6, unit: 'months' as const } },
    };
    const s = applyEvent(correctionV1, h.open(correctionOwnMotion), order).snapshot;
    expect(ctx(s).order?.items[0]).toMatchObject({ dueDate: '2026-07-31', dueDateDefaulted: true });
    const inDays = applyEvent(correctionV1, h.open(correctionOwnMotion), {
      ...order,
      limits: { 'correction.rectification': { length: 45, unit: 'calendarDays' } },
    }).snapshot;
    expect(ctx(inDays).order?.items[0]).toMatchObject({ dueDate: '2026-03-17' });
  });

  it('a returned plan goes back to the party, who resubmits', () => {
    let s = h.accept(h.open(correctionOwnMotion), 'ISSUE_ORDER', officer, sampleOrder, T.order);
    s = h.accept(s, 'SUBMIT_PLAN', cadre, { content: 'v1' }, T.plan);
    s = h.accept(s, 'RETURN_PLAN', officer, { reason: '不具体' }, T.approve);
    expect(s.value).toBe('planning');
    expect(ctx(s).plans[0].review).toEqual({ approved: false, reason: '不具体', by: 'officer1', at: T.approve });
    s = h.accept(s, 'SUBMIT_PLAN', cadre, { content: 'v2' }, T.progress);
    expect(s.value).toBe('planReview');
    expect(ctx(s).plans.map((p) => p.content)).toEqual(['v1', 'v2']);
  });

  it('no plan within 10 working days escalates as overdue; the committee decides', () => {
    let s = h.accept(h.open(correctionOwnMotion), 'ISSUE_ORDER', officer, sampleOrder, T.order);
    s = h.accept(s, 'PLAN_OVERDUE', system, {}, '2026-03-17T00:00:00.000Z');
    expect(s.value).toBe('overdue');
    expect(ctx(s).escalation).toEqual({ cause: 'planOverdue', at: '2026-03-17T00:00:00.000Z', by: 'system' });
    const result = h.send(s, 'DECIDE_CONSEQUENCE', committee, { ...vote, consequences: ['criticismEducation'], reasoning: '拒不提交方案' }, T.decide);
    expect(result.accepted).toBe(true);
    expect(result.effects).toEqual([]);
    expect(result.snapshot.value).toBe('escalationClosed');
    expect(ctx(result.snapshot).consequence).toEqual({
      by: 'committee1',
      role: 'committee',
      at: T.decide,
      consequences: ['criticismEducation'],
      reasoning: '拒不提交方案',
      ...vote,
      committee: { jurisdiction: 'jinan', version: 1, members: 7, quorum: 4 },
      toleranceRevoked: false,
    });
  });

  it('a refused extension is recorded and leaves the item deadline in force', () => {
    let s = toRectifying();
    s = h.accept(s, 'REQUEST_EXTENSION', officer, { reason: '需要时间', newDueDate: '2026-07-31' }, T.extension);
    s = h.accept(s, 'REJECT_EXTENSION', leader, { reason: '理由不足' }, T.extensionApproved);
    expect(ctx(s).extension?.decision).toEqual({ approved: false, reason: '理由不足', by: 'leader1', at: T.extensionApproved });
    expect(correctionV1.states.rectifying.deadline!.extension!(ctx(s))).toBeUndefined();
  });

  it('rectification deadline expiry → overdue (逾期未整改)', () => {
    const s = toOverdue();
    expect(s.value).toBe('overdue');
    expect(ctx(s).escalation).toMatchObject({ cause: 'rectificationOverdue', by: 'system' });
  });

  it('failed items go back once with a new deadline, then pass', () => {
    let s = h.accept(toCheck(), 'CHECK_ITEMS', officer, secondFails, T.check);
    expect(s.value).toBe('redo');
    expect(ctx(s).redo).toEqual({ by: 'officer1', role: 'officer', at: T.check, itemNos: [2], dueDate: '2026-09-30' });
    expect(correctionV1.states.redo.deadline!.dueDate!(ctx(s))).toBe('2026-09-30');
    s = h.accept(s, 'REPORT_PROGRESS', cadre, { progress: '追偿中' }, '2026-08-20T02:00:00.000Z');
    s = h.accept(s, 'REPORT_COMPLETION', cadre, completionReport, '2026-09-20T02:00:00.000Z');
    expect(s.value).toBe('acceptanceCheck');
    s = h.accept(s, 'CHECK_ITEMS', officer, { results: [{ itemNo: 2, result: 'passed' }] }, '2026-09-25T02:00:00.000Z');
    expect(s.value).toBe('concluding');
    expect(ctx(s).checks.map((c) => c.round)).toEqual([1, 2]);
  });

  it('the re-do deadline expiring escalates as overdue', () => {
    const s = h.accept(h.accept(toCheck(), 'CHECK_ITEMS', officer, secondFails, T.check), 'RECTIFICATION_OVERDUE', system, {}, '2026-10-01T00:00:00.000Z');
    expect(s.value).toBe('overdue');
  });

  it('a second failure escalates; the committee revokes the tolerance decision and tells the origin', () => {
    const s = toFailedRecheck(correctionFromTolerance);
    expect(s.value).toBe('failedRecheck');
    expect(ctx(s).escalation).toMatchObject({ cause: 'failedRecheck', by: 'officer1' });
    // The committee meets after the second failed check (2026-09-25).
    const decidedAt = '2026-10-10T08:00:00.000Z';
    const data = { ...vote, meetingDate: '2026-10-10', consequences: ['admonishment', 'revokeTolerance'], reasoning: '两次整改不合格' };
    const result = h.send(s, 'DECIDE_CONSEQUENCE', committee, data, decidedAt);
    expect(result.accepted).toBe(true);
    expect(result.snapshot.value).toBe('escalationClosed');
    expect(ctx(result.snapshot).consequence?.toleranceRevoked).toBe(true);
    expect(result.effects).toEqual([
      {
        type: 'sendToOrigin',
        params: {
          type: 'DECISION_REVOKED',
          data: {
            reason: '两次整改不合格',
            decidedAt,
            decidedBy: 'committee1',
            meetingDate: '2026-10-10',
            consequences: ['admonishment', 'revokeTolerance'],
            correction: { procedure: 'correction', cause: 'failedRecheck' },
          },
        },
      },
    ]);
  });
});

/** One refusal per guard; the last test checks every guard of the machine is listed here. */
const guardRefusals: Record<string, () => void> = {
  hasValidItems: () => {
    const s = h.open(correctionOwnMotion);
    expectRefused(s, 'ISSUE_ORDER', officer, { items: [] });
    expectRefused(s, 'ISSUE_ORDER', officer, { items: [{ requirement: ' ', responsible: 'unit' }] });
    expectRefused(s, 'ISSUE_ORDER', officer, { items: [{ requirement: 'x', responsible: 'nobody' }] });
    expectRefused(s, 'ISSUE_ORDER', officer, { items: [{ requirement: 'x', responsible: 'unit', dueDate: '2026-02-30' }] });
    expectRefused(s, 'ISSUE_ORDER', officer, { items: [{ requirement: 'x', responsible: 'unit', dueDate: '2026-03-01' }] }, T.order, 'order.dueDatePast');
  },
  isResponsibleParty: () => {
    let s = h.open(correctionOwnMotion);
    s = h.accept(s, 'ISSUE_ORDER', officer, { items: [{ requirement: 'x', responsible: 'cadre', dueDate: '2026-06-01' }] }, T.order);
    // The unit is not named by any item, and another applicant is not the cadre.
    expectRefused(s, 'SUBMIT_PLAN', unit, { content: '方案' }, undefined, 'party.notResponsible');
    expectRefused(s, 'SUBMIT_PLAN', otherApplicant, { content: '方案' }, undefined, 'party.notResponsible');
    expectRefused(s, 'SUBMIT_PLAN', officer, { content: '方案' });
    expect(h.possible(s, unit)).not.toContain('SUBMIT_PLAN');
    expect(h.possible(s, cadre)).toContain('SUBMIT_PLAN');
    expect(h.send(s, 'SUBMIT_PLAN', cadre, { content: '方案' }).accepted).toBe(true);
  },
  canReportProgress: () => {
    let s = toRectifying();
    for (let i = 0; i < 50; i += 1) s = h.accept(s, 'REPORT_PROGRESS', cadre, { progress: `第${i + 1}次` }, T.progress);
    expectRefused(s, 'REPORT_PROGRESS', cadre, { progress: '第51次' }, T.progress, 'progress.limit');
  },
  canRequestExtension: () => {
    let s = h.accept(toRectifying(), 'REQUEST_EXTENSION', officer, { reason: 'x', newDueDate: '2026-07-31' }, T.extension);
    expectRefused(s, 'REQUEST_EXTENSION', officer, { reason: 'y', newDueDate: '2026-08-31' }, T.extension, 'extension.once');
    s = h.accept(s, 'APPROVE_EXTENSION', leader, {}, T.extensionApproved);
    expectRefused(s, 'REQUEST_EXTENSION', officer, { reason: 'y', newDueDate: '2026-09-30' }, T.extension);
  },
  isLaterDueDate: () => {
    const s = toRectifying();
    expectRefused(s, 'REQUEST_EXTENSION', officer, { reason: 'x', newDueDate: '2026-06-02' }, T.extension, 'extension.notLater');
    expectRefused(s, 'REQUEST_EXTENSION', officer, { reason: 'x', newDueDate: 'soon' }, T.extension);
  },
  isExtensionPending: () => {
    const s = toRectifying();
    // Nobody asked: refused with its reason, and not offered to the leader (no 「批准延期」).
    expectRefused(s, 'APPROVE_EXTENSION', leader, {}, undefined, 'extension.notPending');
    expectRefused(s, 'REJECT_EXTENSION', leader, { reason: 'x' }, undefined, 'extension.notPending');
    expect(h.possible(s, leader)).not.toContain('APPROVE_EXTENSION');
    const asked = h.accept(s, 'REQUEST_EXTENSION', officer, { reason: 'x', newDueDate: '2026-07-31' }, T.extension);
    expect(h.possible(asked, leader)).toEqual(expect.arrayContaining(['APPROVE_EXTENSION', 'REJECT_EXTENSION']));
  },
  isCompleteCheck: () => {
    const s = toCheck();
    const [missing] = expectRefused(s, 'CHECK_ITEMS', officer, { results: [{ itemNo: 1, result: 'passed' }] }, undefined, 'check.missingItems');
    expect(missing.zh).toBe('验收须对每一项待验收事项作出结论，尚缺第2项');
    expectRefused(
      s,
      'CHECK_ITEMS',
      officer,
      {
        results: [
          { itemNo: 1, result: 'passed' },
          { itemNo: 1, result: 'passed' },
        ],
      },
      undefined,
      'check.duplicate',
    );
    expectRefused(
      s,
      'CHECK_ITEMS',
      officer,
      {
        results: [
          { itemNo: 1, result: 'passed' },
          { itemNo: 3, result: 'passed' },
        ],
      },
      undefined,
      'check.unknownItems',
    );
    expectRefused(s, 'CHECK_ITEMS', officer, {
      results: [
        { itemNo: 1, result: 'passed' },
        { itemNo: 2, result: 'maybe' },
      ],
    });
    // A failed item needs a note.
    expectRefused(
      s,
      'CHECK_ITEMS',
      officer,
      {
        results: [
          { itemNo: 1, result: 'passed' },
          { itemNo: 2, result: 'failed' },
        ],
        redoDueDate: '2026-09-30',
      },
      T.check,
      'check.failedNote',
    );
  },
  isAllPassed: () => {
    // Without a new deadline only an all-passed check is taken: it is what leads to completion.
    const s = toCheck();
    expectRefused(s, 'CHECK_ITEMS', officer, { results: secondFails.results }, T.check, 'check.redoDueDate');
    expect(h.accept(s, 'CHECK_ITEMS', officer, allPassed, T.check).value).toBe('concluding');
  },
  canRedo: () => {
    // After the one re-do, a failure is never sent back again, whatever deadline is offered.
    let s = h.accept(toCheck(), 'CHECK_ITEMS', officer, secondFails, T.check);
    s = h.accept(s, 'REPORT_COMPLETION', cadre, completionReport, '2026-09-20T02:00:00.000Z');
    const next = h.accept(
      s,
      'CHECK_ITEMS',
      officer,
      {
        results: [{ itemNo: 2, result: 'failed', note: 'x' }],
        redoDueDate: '2026-12-31',
      },
      '2026-09-25T02:00:00.000Z',
    );
    expect(next.value).toBe('failedRecheck');
    expect(ctx(next).redo?.dueDate).toBe('2026-09-30');
  },
  hasValidRedoDueDate: () => {
    const s = toCheck();
    expectRefused(s, 'CHECK_ITEMS', officer, { ...secondFails, redoDueDate: '2026-07-25' }, T.check, 'check.redoDueDate');
    expectRefused(s, 'CHECK_ITEMS', officer, { ...secondFails, redoDueDate: 'next month' }, T.check);
  },
  isValidCollectiveDecision: () => {
    const s = toOverdue();
    const base = { consequences: ['admonishment'], reasoning: 'x' };
    expectRefused(
      s,
      'DECIDE_CONSEQUENCE',
      committee,
      { ...base, ...vote, votesFor: 1, votesAgainst: 2 },
      T.decide,
      'votes.total',
      'votes.noMajority',
      'dissent.count',
    );
    expectRefused(s, 'DECIDE_CONSEQUENCE', committee, { ...base, ...vote, votesAbstain: 1 }, T.decide, 'votes.total');
    expectRefused(s, 'DECIDE_CONSEQUENCE', committee, { ...base, ...vote, meetingDate: undefined }, T.decide, 'field.required');
    expectRefused(
      s,
      'DECIDE_CONSEQUENCE',
      committee,
      { ...base, ...vote, attendees: ['王建国', '李志强', '外人', '刘洋'] },
      T.decide,
      'committee.notMember',
      'committee.quorum',
      'dissent.notAttendee',
    );
    expectRefused(s, 'DECIDE_CONSEQUENCE', committee, { ...base, ...vote }, '2026-08-09T02:00:00.000Z', 'date.inFuture');
    expectRefused(s, 'DECIDE_CONSEQUENCE', committee, { ...base, ...vote, meetingDate: '2026-06-01' }, T.decide, 'date.beforeStep');
  },
  isRevocation: () => {
    // Without revocation no effect reaches the origin, even for a case opened by tolerance.
    const result = h.send(
      toOverdue(correctionFromTolerance),
      'DECIDE_CONSEQUENCE',
      committee,
      {
        ...vote,
        consequences: ['admonishment'],
        reasoning: 'x',
      },
      T.decide,
    );
    expect(result.accepted).toBe(true);
    expect(result.effects).toEqual([]);
  },
  canRevokeTolerance: () => {
    // A correction started on its own has no tolerance decision to revoke.
    expectRefused(
      toOverdue(correctionOwnMotion),
      'DECIDE_CONSEQUENCE',
      committee,
      {
        ...vote,
        consequences: ['revokeTolerance'],
        reasoning: 'x',
      },
      T.decide,
      'consequence.noTolerance',
    );
    expectRefused(
      toFailedRecheck(correctionOwnMotion),
      'DECIDE_CONSEQUENCE',
      committee,
      {
        ...vote,
        consequences: ['revokeTolerance'],
        reasoning: 'x',
      },
      T.decide,
      'consequence.noTolerance',
    );
  },
  hasValidTalk: () => {
    // 谈心谈话 in any running step, on a day that has come and not before the correction began.
    const talk = { talkedOn: '2026-04-01', talkedWith: '张明', content: '帮助分析原因' };
    const s = h.accept(toRectifying(), 'RECORD_TALK', officer, talk, T.progress);
    expect(ctx(s).talks).toEqual([{ by: 'officer1', at: T.progress, talkedOn: '2026-04-01', talkedWith: '张明', content: '帮助分析原因' }]);
    expectRefused(toRectifying(), 'RECORD_TALK', officer, talk, T.approve, 'date.inFuture');
    expectRefused(toRectifying(), 'RECORD_TALK', officer, { ...talk, talkedOn: '2026-02-01' }, T.progress, 'date.beforeStep');
    expect(h.accept(toOverdue(), 'RECORD_TALK', officer, { ...talk, talkedOn: '2026-06-05' }, '2026-06-05T02:00:00.000Z').value).toBe('overdue');
  },
};

/**
 * Refusals the payload's schema makes (correction.fields.ts): the runtime checks every payload
 * against its field specs before the machine sees it, so no guard repeats these checks.
 */
const schemaRefusals: Record<string, () => void> = {
  hasPlanContent: () => {
    const s = h.accept(h.open(correctionOwnMotion), 'ISSUE_ORDER', officer, sampleOrder, T.order);
    expectRefused(s, 'SUBMIT_PLAN', unit, { content: '  ' });
  },
  hasReason: () => {
    let s = h.accept(h.open(correctionOwnMotion), 'ISSUE_ORDER', officer, sampleOrder, T.order);
    s = h.accept(s, 'SUBMIT_PLAN', unit, { content: '方案' }, T.plan);
    expectRefused(s, 'RETURN_PLAN', officer, {});
    const r = toRectifying();
    expectRefused(r, 'REQUEST_EXTENSION', officer, { newDueDate: '2026-07-31' }, T.extension);
    const pending = h.accept(r, 'REQUEST_EXTENSION', officer, { reason: 'x', newDueDate: '2026-07-31' }, T.extension);
    expectRefused(pending, 'REJECT_EXTENSION', leader, { reason: '' });
  },
  hasProgress: () => {
    expectRefused(toRectifying(), 'REPORT_PROGRESS', cadre, { evidence: ['x'] });
  },
  hasCompletionEvidence: () => {
    const s = toRectifying();
    expectRefused(s, 'REPORT_COMPLETION', unit, { summary: '已完成', evidence: [] });
    expectRefused(s, 'REPORT_COMPLETION', unit, { evidence: ['x'] });
  },
  hasRootCauseAndMechanisms: () => {
    const s = h.accept(toCheck(), 'CHECK_ITEMS', officer, allPassed, T.check);
    expectRefused(s, 'CONFIRM_COMPLETION', officer, { mechanismImprovements: ['x'] });
    expectRefused(s, 'CONFIRM_COMPLETION', officer, { rootCauseAnalysis: 'x', mechanismImprovements: [] });
    expectRefused(s, 'CONFIRM_COMPLETION', officer, { rootCauseAnalysis: 'x', mechanismImprovements: [' '] });
  },
  hasConsequence: () => {
    const s = toOverdue();
    expectRefused(s, 'DECIDE_CONSEQUENCE', committee, { ...vote, consequences: [], reasoning: 'x' });
    expectRefused(s, 'DECIDE_CONSEQUENCE', committee, { ...vote, consequences: ['banishment'], reasoning: 'x' });
  },
  hasReasoning: () => {
    expectRefused(toOverdue(), 'DECIDE_CONSEQUENCE', committee, { ...vote, consequences: ['admonishment'] });
  },
};

describe('correction machine — guards', () => {
  for (const [guard, check] of Object.entries(guardRefusals)) it(`${guard} refuses`, check);

  for (const [rule, check] of Object.entries(schemaRefusals)) it(`the payload schema refuses what ${rule} used to check`, check);

  it('every guard of the machine has a refusal test', () => {
    const guards = Object.keys(correctionV1.machine.implementations.guards);
    expect(Object.keys(guardRefusals).sort()).toEqual(guards.sort());
  });

  it('an event the state does not take is refused', () => {
    expectRefused(h.open(correctionOwnMotion), 'REPORT_COMPLETION', unit, completionReport);
  });
});

describe('correction definition — tables', () => {
  const stateNodes = correctionV1.machine.root.states;

  it('every event the machine handles has a spec, and every spec an event', () => {
    const handled = new Set(Object.values(stateNodes).flatMap((node) => [...node.ownEvents]));
    expect([...handled].sort()).toEqual(Object.keys(correctionV1.events).sort());
  });

  it('every state has a spec with labels, and final states have no turn', () => {
    expect(Object.keys(stateNodes).sort()).toEqual(Object.keys(correctionV1.states).sort());
    for (const [name, node] of Object.entries(stateNodes)) {
      const spec = correctionV1.states[name];
      expect(spec.label.zh).not.toBe('');
      expect(spec.label.en).not.toBe('');
      expect(spec.phase).toBeLessThan(correctionV1.phases.length);
      if (node.type === 'final') expect(spec.turn).toEqual([]);
      else expect(spec.turn.length).toBeGreaterThan(0);
    }
  });

  it('expiry events are system-only and taken in their state', () => {
    for (const [name, spec] of Object.entries(correctionV1.states)) {
      const expiry = spec.deadline?.onExpiry;
      if (!expiry) continue;
      expect(correctionV1.events[expiry].roles).toEqual(['system']);
      expect([...stateNodes[name].ownEvents]).toContain(expiry);
    }
  });

  it('creation is open to officers and to a tolerance case', () => {
    expect(correctionV1.creation.roles).toEqual(['officer', 'system']);
    expect(correctionV1.id).toBe('correction');
    expect(correctionV1.version).toBe(1);
  });
});
