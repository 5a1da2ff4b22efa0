import { exploreGraph, MachineHarness } from '../../test/support/machine-harness';
import type { Actor, StoredSnapshot } from '../core';
import { SAMPLE_FILING, SAMPLE_WORLD } from '../sample-world';
import { riskFilingV1 } from './risk-filing.definition';
import type { RiskFilingContext } from './risk-filing.model';
import { riskFilingActors as A, riskFilingByUnit, riskFilingSamples, RISK_FILING_TIMES as T, sampleFiling } from './risk-filing.samples';

/** Before anything is registered (the samples' world for this procedure). */
const h = new MachineHarness(riskFilingV1, riskFilingSamples.world);
const ctx = (s: StoredSnapshot) => s.context as unknown as RiskFilingContext;
const otherUnit: Actor = { id: 'unit9', role: 'unit' };

function expectRefused(s: StoredSnapshot, type: string, actor: Actor, data: Record<string, unknown>, at: string, ...codes: string[]) {
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

const sample = (type: string) => riskFilingSamples.events[type][0];
const take = (s: StoredSnapshot, type: string, data?: Record<string, unknown>) =>
  h.accept(s, type, sample(type).actor, data ?? sample(type).data, sample(type).at);
const toReviewed = () => take(h.open(riskFilingByUnit), 'REVIEW_FILING');
const toReturned = () => take(h.open(riskFilingByUnit), 'RETURN_FILING');
const unlawful = { ...riskFilingByUnit, data: { ...sampleFiling, legalityReview: { ...sampleFiling.legalityReview, conclusion: 'unlawful' } } };

describe('risk-prevention filing (防错备案) — graph and tables', () => {
  it('reaches every state from the samples; final states are final', () => {
    const reached = exploreGraph(riskFilingV1, riskFilingSamples);
    expect([...reached.keys()].sort()).toEqual(Object.keys(riskFilingV1.states).sort());
    expect(reached.get('registered')?.snapshot.status).toBe('done');
    expect(reached.get('withdrawn')?.snapshot.status).toBe('done');
  });

  it('has a table entry for every event and state; the unit files, an officer reviews, a leader registers', () => {
    const nodes = riskFilingV1.machine.root.states as Record<string, { ownEvents: string[]; type: string }>;
    expect(Object.keys(riskFilingV1.events).sort()).toEqual([...new Set(Object.values(nodes).flatMap((node) => node.ownEvents))].sort());
    expect(Object.keys(riskFilingV1.states).sort()).toEqual(Object.keys(nodes).sort());
    expect(riskFilingV1.creation.roles).toEqual(['unit']);
    expect(riskFilingV1.events.REVIEW_FILING.roles).toEqual(['officer']);
    expect(riskFilingV1.events.REGISTER_FILING.roles).toEqual(['leader']);
    expect(riskFilingV1.states.returned.deadline).toMatchObject({ rule: 'riskFiling.resubmit', onExpiry: 'RESUBMISSION_EXPIRED' });
    expect(riskFilingV1.events.RESUBMISSION_EXPIRED.roles).toEqual(['system']);
  });
});

describe('risk-prevention filing — the path', () => {
  it('given a unit’s filing with its legality review and risk assessment, when reviewed and registered, then the register gains it', () => {
    const filed = h.open(riskFilingByUnit);
    expect(filed.value).toBe('filed');
    expect(ctx(filed).parties).toEqual({ cadreId: 'applicant1', unitId: 'unit-jinan-dev', applicantId: 'unit1' });
    expect(ctx(filed).filing).toMatchObject({
      project: SAMPLE_FILING.project,
      legalityReview: { conclusion: 'lawfulWithConditions' },
      riskAssessment: { risks: ['规划调整导致项目延期', '企业前期投入损失'] },
    });
    const reviewed = take(filed, 'REVIEW_FILING');
    expect(ctx(reviewed).review).toEqual({ by: 'officer1', at: T.review, opinion: sample('REVIEW_FILING').data.opinion });
    const result = h.send(reviewed, 'REGISTER_FILING', A.leader, sample('REGISTER_FILING').data, T.register);
    expect(result.snapshot.value).toBe('registered');
    expect(ctx(result.snapshot).registration).toEqual({
      by: 'leader1',
      at: T.register,
      filingNo: SAMPLE_FILING.filingNo,
      filedOn: '2025-03-10',
      registeredOn: '2025-04-01',
      note: '准予备案',
    });
    expect(result.effects).toEqual([
      {
        type: 'register',
        params: {
          register: 'riskFilings',
          op: 'add',
          entry: {
            filingNo: SAMPLE_FILING.filingNo,
            project: SAMPLE_FILING.project,
            scope: SAMPLE_FILING.scope,
            filedOn: '2025-03-10',
            registeredOn: '2025-04-01',
          },
        },
      },
    ]);
  });

  it('returned for changes, filed again, then reviewed afresh: the registered filing dates from the last submission', () => {
    let s = toReturned();
    expect(s.value).toBe('returned');
    expect(ctx(s).returns).toEqual([
      { by: 'officer1', at: T.returned, stage: 'review', reason: sample('RETURN_FILING').data.reason, items: ['补充补偿资金来源'] },
    ]);
    s = take(s, 'RESUBMIT_FILING');
    expect(s.value).toBe('filed');
    expect(ctx(s).filing.riskAssessment.measures).toContain('设立项目补偿准备金');
    expect(ctx(s).submissions.map((submission) => submission.at)).toEqual([T.filed, T.resubmit]);
    s = take(take(s, 'REVIEW_FILING'), 'REGISTER_FILING');
    expect(ctx(s).registration?.filedOn).toBe('2025-03-25');
  });

  it('the leader may return it too; the unit may withdraw; silence after a return counts as withdrawal', () => {
    const back = h.accept(toReviewed(), 'RETURN_FILING', A.leader, { reason: '备案范围过宽' }, T.register);
    expect(ctx(back).returns[0]).toMatchObject({ by: 'leader1', stage: 'registration' });
    expect(ctx(back).review).toBeUndefined();
    expect(take(toReturned(), 'WITHDRAW_FILING').value).toBe('withdrawn');
    const lapsed = take(toReturned(), 'RESUBMISSION_EXPIRED');
    expect(ctx(lapsed).withdrawal).toMatchObject({ by: 'system', deemed: true });
  });
});

describe('risk-prevention filing — guards name what they find unmet', () => {
  it('isLawful: a project its legality review found unlawful cannot pass review or be registered; it goes back', () => {
    const s = h.open(unlawful);
    const [condition] = expectRefused(s, 'REVIEW_FILING', A.officer, sample('REVIEW_FILING').data, T.review, 'filing.unlawful');
    expect(condition.zh).toBe('合法性审查认为存在合法性问题，应退回修改，不能通过审查');
    expect(h.possible(s, A.officer)).not.toContain('REVIEW_FILING');
    expect(h.possible(s, A.officer)).toContain('RETURN_FILING');
  });

  it('isNewFilingNo: a number the register already holds is refused', () => {
    const registered = new MachineHarness(riskFilingV1, SAMPLE_WORLD);
    const conditions = registered.refusal(toReviewed(), 'REGISTER_FILING', A.leader, sample('REGISTER_FILING').data, T.register);
    expect(conditions.map((c) => c.code)).toEqual(['filing.numberTaken']);
    expect(conditions[0].zh).toContain('已被其他备案');
  });

  it('isFilingUnit: only the unit that filed changes or withdraws it', () => {
    expectRefused(toReturned(), 'RESUBMIT_FILING', otherUnit, sample('RESUBMIT_FILING').data, T.resubmit, 'party.notFilingUnit');
    expectRefused(h.open(riskFilingByUnit), 'WITHDRAW_FILING', otherUnit, { reason: 'x' }, T.withdraw, 'party.notFilingUnit');
  });

  it('hasValidRevision: a revised review or assessment took place after the return, not ahead of time', () => {
    const revised = (assessedOn: string) => ({ changes: '修改', riskAssessment: { ...sampleFiling.riskAssessment, assessedOn } });
    expectRefused(toReturned(), 'RESUBMIT_FILING', A.unit, revised('2025-03-26'), T.resubmit, 'date.inFuture');
    expectRefused(toReturned(), 'RESUBMIT_FILING', A.unit, revised('2025-03-19'), T.resubmit, 'date.beforeStep');
  });

  it('the opening refuses reviews and approvals dated ahead', () => {
    const ahead = { ...riskFilingByUnit, data: { ...sampleFiling, approvedOn: '2025-03-11' } };
    expect(riskFilingV1.creation.checks!(ahead).map((c) => c.code)).toEqual(['date.inFuture']);
    expect(riskFilingV1.creation.checks!(riskFilingByUnit)).toEqual([]);
  });

  it('every rule guard of the machine has a refusal test above', () => {
    expect(Object.keys(riskFilingV1.machine.implementations.guards).sort()).toEqual(['hasValidRevision', 'isFilingUnit', 'isLawful', 'isNewFilingNo']);
  });
});
