import { MachineHarness } from '../../test/support/machine-harness';
import { applyEvent, exploreGraph, type Actor, type StoredSnapshot } from '../core';
import { toleranceV1, verificationExtension } from './tolerance.definition';
import type { ToleranceEvent } from './tolerance.fields';
import { decisionConditions } from './tolerance.findings';
import { type ToleranceContext } from './tolerance.model';
import { missingForFindings } from './tolerance.rules';
import {
  assessAllDistinctions,
  assessAllFactors,
  catalogueClean,
  catalogueWithExclusion,
  closureRecord,
  decideExemption,
  decideMitigated,
  decideNotTolerated,
  fullAssessment,
  riskFiled,
  toleranceActors as A,
  toleranceByCadre,
  toleranceByUnit,
  toleranceExOfficio,
  toleranceSamples,
  toleranceVariants,
  vote,
} from './tolerance.samples';
import { SAMPLE_COMMITTEE_MEMBERS, SAMPLE_FILING, SAMPLE_WORLD } from '../sample-world';

const T = {
  submit: '2026-03-02T02:00:00.000Z',
  accept: '2026-03-05T02:00:00.000Z',
  hear: '2026-03-10T02:00:00.000Z',
  assess: '2026-03-20T02:00:00.000Z',
  findings: '2026-03-30T02:00:00.000Z',
  review: '2026-04-10T02:00:00.000Z',
  decide: '2026-04-20T02:00:00.000Z',
  serve: '2026-04-22T02:00:00.000Z',
  receipt: '2026-04-23T02:00:00.000Z',
  reviewRequest: '2026-05-10T02:00:00.000Z',
  reviewDecision: '2026-05-20T02:00:00.000Z',
  appeal: '2026-06-05T02:00:00.000Z',
  appealDecision: '2026-07-15T02:00:00.000Z',
  close: '2026-07-20T02:00:00.000Z',
  revoke: '2026-10-15T02:00:00.000Z',
};

const h = new MachineHarness(toleranceV1);
const ctx = (s: StoredSnapshot) => s.context as unknown as ToleranceContext;
const reviewVote = { ...vote, meetingDate: '2026-05-20' };

/**
 * A refused event leaves the snapshot exactly as it was, and names why: every unmet condition in
 * both languages; `codes`, when given, are among them.
 */
function expectRefused(s: StoredSnapshot, type: string, actor: Actor, data: Record<string, unknown> = {}, at?: string, ...codes: string[]) {
  const result = h.send(s, type, actor, data, at);
  expect(result.accepted).toBe(false);
  expect(result.snapshot).toBe(s);
  expect(result.effects).toEqual([]);
  const conditions = h.refusal(s, type, actor, data, at);
  expect(conditions.length).toBeGreaterThan(0);
  for (const condition of conditions) {
    expect(condition.zh.length).toBeGreaterThan(0);
    expect(condition.en.length).toBeGreaterThan(0);
  }
  expect(conditions.map((condition) => condition.code)).toEqual(expect.arrayContaining(codes));
  return conditions;
}

function toSubmitted(): StoredSnapshot {
  return h.accept(h.open(toleranceByCadre), 'SUBMIT', A.cadre, {}, T.submit);
}

function toVerifying(): StoredSnapshot {
  return h.accept(toSubmitted(), 'ACCEPT', A.officer, { note: '予以受理' }, T.accept);
}

function heard(s: StoredSnapshot): StoredSnapshot {
  s = h.accept(s, 'RECORD_STATEMENT', A.officer, { statement: '本人陈述', heardOn: '2026-03-10' }, T.hear);
  return h.accept(s, 'RECORD_UNIT_OPINION', A.officer, { opinion: '建议容错' }, T.hear);
}

function toReview(assessment: Record<string, unknown> = fullAssessment, start = toVerifying()): StoredSnapshot {
  let s = heard(start);
  s = h.accept(s, 'RECORD_ASSESSMENT', A.officer, assessment, T.hear);
  return h.accept(s, 'SUBMIT_FINDINGS', A.officer, { summary: '核实报告', recommendation: 'exemption' }, T.findings);
}

function defenceHeard(s: StoredSnapshot): StoredSnapshot {
  return h.accept(s, 'RECORD_REVIEW_DEFENCE', A.reviewer, { hearing: 'heard', defence: '当事干部当面申辩', heardOn: '2026-04-08' }, T.review);
}

function toDecision(assessment?: Record<string, unknown>): StoredSnapshot {
  return h.accept(defenceHeard(toReview(assessment)), 'PASS_TO_COMMITTEE', A.reviewer, { opinion: '同意' }, T.review);
}

function toReviewWindow(decision: Record<string, unknown> = decideExemption, deemed = false): StoredSnapshot {
  let s = h.accept(toDecision(), 'DECIDE', A.committee, decision, T.decide);
  s = h.accept(s, 'SERVE_DECISION', A.officer, toleranceSamples.events.SERVE_DECISION[0].data, T.serve);
  return deemed ? h.accept(s, 'RECEIPT_DEEMED', A.system, {}, T.receipt) : h.accept(s, 'ACKNOWLEDGE_RECEIPT', A.cadre, {}, T.receipt);
}

function toAppealWindow(decision = decideMitigated, reviewData: Record<string, unknown> = { result: 'upheld', reasoning: '维持', ...reviewVote }) {
  const s = h.accept(toReviewWindow(decision), 'REQUEST_REVIEW', A.cadre, { grounds: '不服' }, T.reviewRequest);
  return h.accept(s, 'DECIDE_REVIEW', A.committee, reviewData, T.reviewDecision);
}

describe('tolerance machine — graph and tables', () => {
  const reached = exploreGraph(toleranceV1, toleranceSamples);
  const machineStates = toleranceV1.machine.root.states;
  const transient = Object.keys(machineStates).filter((key) => (machineStates[key].always?.length ?? 0) > 0);

  it('has one transient routing state, which is never stored', () => {
    expect(transient).toEqual(['opening']);
    expect(reached.has('opening')).toBe(false);
  });

  it('reaches every other state from the samples, and each snapshot survives JSON', () => {
    expect([...reached.keys()].sort()).toEqual(Object.keys(toleranceV1.states).sort());
    for (const final of ['rejected', 'withdrawn', 'revoked']) expect(reached.get(final)?.snapshot.status).toBe('done');
    // Closed is not final: a revocation can still arrive.
    expect(reached.get('closed')?.snapshot.status).toBe('active');
    for (const path of reached.values()) {
      expect(JSON.parse(JSON.stringify(path.snapshot.context))).toEqual(path.snapshot.context);
    }
  });

  it('has a state entry for every resting machine state and nothing else', () => {
    const resting = Object.keys(machineStates).filter((key) => !transient.includes(key));
    expect(Object.keys(toleranceV1.states).sort()).toEqual(resting.sort());
    for (const [key, spec] of Object.entries(toleranceV1.states)) {
      expect(spec.phase).toBeGreaterThanOrEqual(0);
      expect(spec.phase).toBeLessThan(toleranceV1.phases.length);
      if (machineStates[key].type === 'final') expect(spec.turn).toEqual([]);
    }
  });

  it('has an event entry for every event the machine handles and nothing else', () => {
    const handled = new Set(Object.values(machineStates).flatMap((node) => [...node.ownEvents]));
    expect(Object.keys(toleranceV1.events).sort()).toEqual([...handled].sort());
  });

  it('samples and variants give a payload for every event type; each variant is accepted where it belongs', () => {
    const sampled = new Set([...Object.keys(toleranceSamples.events), ...Object.keys(toleranceVariants)]);
    expect([...sampled].sort()).toEqual(Object.keys(toleranceV1.events).sort());
    const accept = (s: StoredSnapshot, type: string) => toleranceVariants[type].map((sample) => h.accept(s, type, sample.actor, sample.data, sample.at));
    expect(accept(h.open(toleranceByUnit), 'SUBMIT')[0].value).toBe('submitted');
    const [excluded] = accept(heard(toVerifying()), 'RECORD_ASSESSMENT');
    expect(ctx(excluded).verification.catalogue?.exclusionSituations).toEqual([
      { code: 'X04', wording: { zh: '同一问题重复发生的', en: 'The same mistake repeated' }, legalBasis: '大理州容错纠错实施办法（2019年）' },
    ]);
    accept(toVerifying(), 'RECORD_DEPARTMENT_OPINION');
    const [pending] = accept(toVerifying(), 'REQUEST_EXTENSION');
    accept(pending, 'APPROVE_EXTENSION');
    accept(pending, 'DENY_EXTENSION');
    accept(toReview(), 'RECORD_REVIEW_DEFENCE');
    accept(toReview(), 'SUBMIT_REVIEW_DEFENCE');
    const [talked] = accept(h.accept(toDecision(), 'DECIDE', A.committee, decideMitigated, T.decide), 'RECORD_TALK');
    expect(ctx(talked).talks).toHaveLength(1);
  });

  it('only the service sends expiries and revocations; every onExpiry event is system-only and handled there', () => {
    const systemOnly = Object.entries(toleranceV1.events)
      .filter(([, spec]) => spec.roles.includes('system'))
      .map(([type, spec]) => {
        expect(spec.roles).toEqual(['system']);
        return type;
      });
    expect(systemOnly.sort()).toEqual(
      ['APPEAL_WINDOW_EXPIRED', 'DECISION_REVOKED', 'IMPACT_PERIOD_ENDED', 'RECEIPT_DEEMED', 'REVIEW_WINDOW_EXPIRED', 'SUPPLEMENT_EXPIRED'].sort(),
    );
    for (const [key, spec] of Object.entries(toleranceV1.states)) {
      const onExpiry = spec.deadline?.onExpiry;
      if (onExpiry) {
        expect(toleranceV1.events[onExpiry].roles).toEqual(['system']);
        expect(machineStates[key].ownEvents).toContain(onExpiry);
      }
    }
  });

  it('declares the deadlines of §3.1: staff duties without onExpiry, windows that move the case', () => {
    const d = (state: string) => toleranceV1.states[state].deadline;
    expect(d('submitted')).toMatchObject({ rule: 'tolerance.acceptance', length: 5, unit: 'workingDays' });
    expect(d('submitted')?.onExpiry).toBeUndefined();
    expect(d('awaitingSupplement')).toMatchObject({ length: 10, unit: 'workingDays', onExpiry: 'SUPPLEMENT_EXPIRED' });
    expect(d('verifying')).toMatchObject({ rule: 'tolerance.verification', length: 30, unit: 'calendarDays' });
    expect(d('verifying')?.onExpiry).toBeUndefined();
    expect(d('awaitingService')).toMatchObject({ length: 5, unit: 'workingDays' });
    expect(d('awaitingService')?.onExpiry).toBeUndefined();
    expect(d('awaitingReceipt')).toMatchObject({ length: 10, unit: 'workingDays', onExpiry: 'RECEIPT_DEEMED' });
    expect(d('reviewWindow')).toMatchObject({ length: 1, unit: 'months', onExpiry: 'REVIEW_WINDOW_EXPIRED' });
    expect(d('underReview')).toMatchObject({ length: 1, unit: 'months' });
    expect(d('appealWindow')).toMatchObject({ length: 1, unit: 'months', onExpiry: 'APPEAL_WINDOW_EXPIRED' });
    expect(d('underAppeal')).toMatchObject({ length: 2, unit: 'months' });
    const rules = Object.values(toleranceV1.states).flatMap((spec) => (spec.deadline ? [spec.deadline.rule] : []));
    expect(new Set(rules).size).toBe(rules.length);
  });

  it('puts the cadre-facing steps on their timeline and keeps deliberation off it', () => {
    const milestones = Object.entries(toleranceV1.events)
      .filter(([, spec]) => spec.applicantMilestone)
      .map(([type]) => type);
    for (const type of [
      'SUBMIT',
      'ACCEPT',
      'REJECT',
      'REQUEST_SUPPLEMENT',
      'DECIDE',
      'SERVE_DECISION',
      'ACKNOWLEDGE_RECEIPT',
      'DECIDE_REVIEW',
      'RECORD_APPEAL_DECISION',
      'CLOSE',
    ]) {
      expect(milestones).toContain(type);
    }
    for (const type of [
      'PASS_TO_COMMITTEE',
      'RETURN_FOR_VERIFICATION',
      'RECORD_REVIEW_DEFENCE',
      'REQUEST_EXTENSION',
      'APPROVE_EXTENSION',
      'RECORD_ASSESSMENT',
      'SUBMIT_FINDINGS',
      'RECORD_TALK',
    ]) {
      expect(milestones).not.toContain(type);
    }
  });

  it('opens cases for the applicant, the unit and the officer', () => {
    expect(toleranceV1.creation.roles).toEqual(['applicant', 'unit', 'officer']);
    expect(toleranceV1.phases.map((phase) => phase.zh)).toEqual(['申请', '受理', '核实', '审理', '集体研究', '告知', '复核申诉', '办结']);
  });
});

describe('tolerance machine — application and acceptance', () => {
  it('the cadre applies for themselves; the draft is theirs', () => {
    const s = h.open(toleranceByCadre);
    expect(s.value).toBe('draft');
    expect(ctx(s).parties).toEqual({ cadreId: 'applicant1', unitId: 'unit-jinan-dev' });
    expect(ctx(s).origin).toBe('application');
    const submitted = h.accept(s, 'SUBMIT', A.cadre, {}, T.submit);
    expect(submitted.value).toBe('submitted');
    expect(ctx(submitted).submitted).toEqual({ by: 'applicant1', at: T.submit });
  });

  it('the unit applies on the cadre’s behalf and must complete the draft before submitting (canSubmit)', () => {
    let s = h.open(toleranceByUnit);
    expect(ctx(s).parties).toEqual({ cadreId: 'applicant1', unitId: 'unit-jinan-dev', applicantId: 'unit1' });
    expectRefused(s, 'SUBMIT', A.unit, {}, undefined, 'missing.matter', 'missing.grounds');
    expectRefused(s, 'SUBMIT', A.unit, { matter: '  ', grounds: '理由' }, undefined, 'missing.matter');
    s = h.accept(s, 'UPDATE_DRAFT', A.unit, { matter: '事项经过' });
    expect(ctx(s).application.matter).toBe('事项经过');
    s = h.accept(s, 'SUBMIT', A.unit, { grounds: '符合先行先试情形' });
    expect(ctx(s).application).toMatchObject({ matter: '事项经过', grounds: '符合先行先试情形' });
  });

  it('an applicant cannot act on another cadre’s case, nor a unit on an application it did not file (isOwnCase, canSubmit)', () => {
    const s = h.open(toleranceByCadre);
    expectRefused(s, 'SUBMIT', A.otherCadre, {}, undefined, 'party.notOwnCase');
    expectRefused(s, 'UPDATE_DRAFT', A.otherCadre, { matter: 'x' }, undefined, 'party.notOwnCase');
    expectRefused(s, 'SUBMIT', A.unit, {}, undefined, 'party.notFilingUnit');
    // The cadre may complete and submit what the unit drafted for them.
    const unitDraft = h.accept(h.open(toleranceByUnit), 'UPDATE_DRAFT', A.cadre, { matter: '经过', grounds: '理由' });
    expect(h.accept(unitDraft, 'SUBMIT', A.cadre).value).toBe('submitted');
  });

  it('主动容错: an officer’s case starts at verification, accepted by that officer', () => {
    const s = h.open(toleranceExOfficio);
    expect(s.value).toBe('verifying');
    expect(ctx(s).origin).toBe('exOfficio');
    expect(ctx(s).acceptance).toEqual({ by: 'officer1', at: toleranceExOfficio.at, exOfficio: true });
    expect(ctx(s).opened.exOfficioReason).toContain('问责与容错同步启动');
    expect(ctx(s).verification.investigators).toEqual(['officer1']);
  });

  it('accepts, recording who accepted', () => {
    const s = toVerifying();
    expect(ctx(s).acceptance).toEqual({ by: 'officer1', at: T.accept, exOfficio: false, note: '予以受理' });
    expect(ctx(s).verification.investigators).toEqual(['officer1']);
  });

  it('rejects with a ground and a reason (不予受理)', () => {
    const s = h.accept(toSubmitted(), 'REJECT', A.officer, { ground: 'duplicate', reason: '已于2月提出', duplicateOf: 'case-9' }, T.accept);
    expect(s.value).toBe('rejected');
    expect(s.status).toBe('done');
    expect(ctx(s).rejection).toEqual({ by: 'officer1', at: T.accept, ground: 'duplicate', reason: '已于2月提出', duplicateOf: 'case-9' });
  });

  it('asks once for supplementary material; the applicant resubmits (canRequestSupplement)', () => {
    let s = h.accept(toSubmitted(), 'REQUEST_SUPPLEMENT', A.officer, { items: ['风险评估报告'] }, T.accept);
    expect(s.value).toBe('awaitingSupplement');
    expectRefused(s, 'RESUBMIT', A.otherCadre, { supplement: 'x' });
    s = h.accept(s, 'RESUBMIT', A.cadre, { supplement: '已补充', evidence: ['风险评估报告'] }, T.hear);
    expect(s.value).toBe('submitted');
    expect(ctx(s).supplement).toMatchObject({ by: 'officer1', items: ['风险评估报告'], response: { by: 'applicant1', at: T.hear, supplement: '已补充' } });
    expect(ctx(s).application.evidence).toContain('风险评估报告');
    // 一次性告知: everything missing is asked for at once.
    expectRefused(s, 'REQUEST_SUPPLEMENT', A.officer, { items: ['又一项'] }, undefined, 'supplement.once');
    expect(h.accept(s, 'ACCEPT', A.officer).value).toBe('verifying');
  });

  it('silence for the supplement period counts as withdrawal', () => {
    let s = h.accept(toSubmitted(), 'REQUEST_SUPPLEMENT', A.officer, { items: ['材料'] }, T.accept);
    s = h.accept(s, 'SUPPLEMENT_EXPIRED', A.system, {}, '2026-03-20T00:00:00.000Z');
    expect(s.value).toBe('withdrawn');
    expect(s.status).toBe('done');
    expect(ctx(s).withdrawal).toMatchObject({ by: 'system', deemed: true });
  });
});

describe('tolerance machine — withdrawal (canWithdraw)', () => {
  it('the applicant may withdraw at any step before the decision', () => {
    const steps = [h.open(toleranceByCadre), toSubmitted(), toVerifying(), toReview(), toDecision()];
    for (const s of steps) {
      const w = h.accept(s, 'WITHDRAW', A.cadre, { reason: '不再申请' }, T.review);
      expect(w.value).toBe('withdrawn');
      expect(ctx(w).withdrawal).toEqual({ by: 'applicant1', at: T.review, deemed: false, reason: '不再申请' });
    }
    const byUnit = h.open(toleranceByUnit);
    expect(h.accept(byUnit, 'WITHDRAW', A.unit).value).toBe('withdrawn');
  });

  it('is refused to another cadre, to a unit that did not file, on an ex officio case, and after the decision', () => {
    expectRefused(toSubmitted(), 'WITHDRAW', A.otherCadre, {}, undefined, 'party.notOwnCase');
    expectRefused(toSubmitted(), 'WITHDRAW', A.unit, {}, undefined, 'party.notFilingUnit');
    expectRefused(h.open(toleranceExOfficio), 'WITHDRAW', A.cadre, {}, undefined, 'withdraw.exOfficio');
    const decided = h.accept(toDecision(), 'DECIDE', A.committee, decideExemption, T.decide);
    expectRefused(decided, 'WITHDRAW', A.cadre);
    // The guard itself holds even where a state would listen: a recorded decision blocks it.
    const forged = { ...toDecision(), context: { ...toDecision().context, decision: ctx(decided).decision } };
    expectRefused(forged, 'WITHDRAW', A.cadre, {}, undefined, 'withdraw.decided');
    expect(h.possible(forged, A.cadre)).not.toContain('WITHDRAW');
    expect(h.possible(toDecision(), A.cadre)).toContain('WITHDRAW');
  });
});

describe('tolerance machine — verification', () => {
  it('records statement, opinions and the assessment, each with who and when', () => {
    let s = heard(toVerifying());
    s = h.accept(s, 'RECORD_DEPARTMENT_OPINION', A.officer, { department: '规划局', opinion: '统一部署' }, T.hear);
    s = h.accept(s, 'RECORD_ASSESSMENT', A.officer, { factors: assessAllFactors }, T.hear);
    s = h.accept(s, 'RECORD_ASSESSMENT', A.officer, { distinctions: assessAllDistinctions, catalogue: catalogueClean, riskFiling: riskFiled }, T.findings);
    const v = ctx(s).verification;
    expect(v.statements).toEqual([{ by: 'officer1', at: T.hear, statement: '本人陈述', heardOn: '2026-03-10' }]);
    expect(v.unitOpinions).toEqual([{ by: 'officer1', at: T.hear, opinion: '建议容错' }]);
    expect(v.departmentOpinions).toEqual([{ by: 'officer1', at: T.hear, department: '规划局', opinion: '统一部署' }]);
    expect(Object.keys(v.factors).sort()).toEqual([
      'consequencesImpact',
      'lossRecovery',
      'motiveAttitude',
      'natureDegree',
      'objectiveConditions',
      'procedureMethod',
    ]);
    expect(v.factors.lossRecovery).toEqual({ by: 'officer1', at: T.hear, weight: 'favourable', note: assessAllFactors.lossRecovery.note });
    expect(v.distinctions.purpose).toEqual({ by: 'officer1', at: T.findings, side: 'developmentError', note: assessAllDistinctions.purpose.note });
    expect(v.catalogue).toMatchObject({
      jurisdiction: 'jinan',
      version: 1,
      toleranceSituations: [{ code: 'T01', wording: { zh: '在推进改革中因缺乏经验、先行先试出现的失误' } }],
      exclusionSituations: [],
    });
    expect(v.riskFiling).toMatchObject({
      by: 'officer1',
      cited: true,
      filingNo: '开改备〔2025〕7号',
      found: true,
      coversMatter: true,
      predatesDecision: true,
      inFavour: true,
    });
    expect(missingForFindings(ctx(s))).toEqual([]);
    s = h.accept(s, 'SUBMIT_FINDINGS', A.officer, { summary: '核实报告', recommendation: 'exemption' }, T.findings);
    expect(s.value).toBe('inReview');
    expect(ctx(s).verification.findings).toEqual({
      by: 'officer1',
      at: T.findings,
      summary: '核实报告',
      recommendation: 'exemption',
      // The favourable factors, and the checked filing as a factor in the applicant's favour (domain.md §3.5).
      factorsInFavour: ['motiveAttitude', 'objectiveConditions', 'natureDegree', 'lossRecovery', 'riskFiling'],
    });
  });

  it('findings need all six factors, all three distinctions, the catalogue check, the filing note and both hearings (hasCompleteAssessment)', () => {
    const findings = { summary: 'x', recommendation: 'exemption' };
    const fiveFactors = { ...assessAllFactors } as Record<string, unknown>;
    delete fiveFactors.lossRecovery;
    const twoDistinctions = { ...assessAllDistinctions } as Record<string, unknown>;
    delete twoDistinctions.purpose;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...fullAssessment, factors: fiveFactors }, 'factor:lossRecovery'],
      [{ ...fullAssessment, distinctions: twoDistinctions }, 'distinction:purpose'],
      [{ ...fullAssessment, catalogue: undefined }, 'catalogueCheck'],
      [{ ...fullAssessment, riskFiling: undefined }, 'riskFiling'],
    ];
    for (const [assessment, missing] of cases) {
      const s = h.accept(heard(toVerifying()), 'RECORD_ASSESSMENT', A.officer, assessment, T.hear);
      expect(missingForFindings(ctx(s))).toEqual([missing]);
      expectRefused(s, 'SUBMIT_FINDINGS', A.officer, findings, T.findings, `missing.${missing.replace(':', '.')}`);
    }
    let unheard = h.accept(toVerifying(), 'RECORD_ASSESSMENT', A.officer, fullAssessment, T.hear);
    expect(missingForFindings(ctx(unheard))).toEqual(['statement', 'unitOpinion']);
    expectRefused(unheard, 'SUBMIT_FINDINGS', A.officer, findings, T.findings, 'missing.statement', 'missing.unitOpinion');
    unheard = h.accept(unheard, 'RECORD_STATEMENT', A.officer, { statement: '陈述' });
    const [missingOpinion] = expectRefused(unheard, 'SUBMIT_FINDINGS', A.officer, findings);
    // The issue's own example: 「尚缺：所在单位意见」.
    expect(missingOpinion).toEqual({ code: 'missing.unitOpinion', zh: '尚缺：所在单位意见', en: 'Missing: the unit’s opinion' });
  });

  it('one extension: the officer asks with a reason, a leader approves, the deadline gains 30 days', () => {
    let s = h.accept(toVerifying(), 'REQUEST_EXTENSION', A.officer, { reason: '需调取省级文件' }, T.findings);
    expect(ctx(s).verification.extension).toEqual({ by: 'officer1', at: T.findings, reason: '需调取省级文件', round: 1, status: 'pending' });
    expect(verificationExtension(ctx(s))).toBeUndefined();
    expectRefused(s, 'REQUEST_EXTENSION', A.officer, { reason: '再次' }, undefined, 'extension.once');
    s = h.accept(s, 'APPROVE_EXTENSION', A.leader, { comment: '同意' }, T.review);
    expect(ctx(s).verification.extension).toMatchObject({ status: 'approved', decision: { by: 'leader1', at: T.review, comment: '同意' } });
    expect(verificationExtension(ctx(s))).toEqual({ length: 30, unit: 'calendarDays' });
    expect(toleranceV1.states.verifying.deadline?.extension?.(ctx(s))).toEqual({ length: 30, unit: 'calendarDays' });
    // Exactly one: neither another request nor another decision.
    expectRefused(s, 'REQUEST_EXTENSION', A.officer, { reason: '再次' });
    expectRefused(s, 'DENY_EXTENSION', A.leader, {}, undefined, 'extension.notPending');
  });

  it('a denied extension adds nothing and cannot be asked again; a decision needs a pending request (isExtensionPending)', () => {
    // Nobody asked for an extension: it is refused, and not offered (no 「批准延期」).
    expectRefused(toVerifying(), 'APPROVE_EXTENSION', A.leader, {}, undefined, 'extension.notPending');
    expect(h.possible(toVerifying(), A.leader)).not.toContain('APPROVE_EXTENSION');
    let s = h.accept(toVerifying(), 'REQUEST_EXTENSION', A.officer, { reason: '理由' });
    expect(h.possible(s, A.leader)).toEqual(expect.arrayContaining(['APPROVE_EXTENSION', 'DENY_EXTENSION']));
    s = h.accept(s, 'DENY_EXTENSION', A.leader, { comment: '不同意' });
    expect(ctx(s).verification.extension).toMatchObject({ status: 'denied', decision: { by: 'leader1', comment: '不同意' } });
    expect(verificationExtension(ctx(s))).toBeUndefined();
    expectRefused(s, 'REQUEST_EXTENSION', A.officer, { reason: '再次' });
  });
});

describe('tolerance machine — review (审理)', () => {
  it('a reviewer who did not investigate passes the findings on; the defence at review is recorded', () => {
    let s = h.accept(toReview(), 'RECORD_REVIEW_DEFENCE', A.reviewer, { hearing: 'heard', defence: '补充说明', heardOn: '2026-04-10' }, T.review);
    s = h.accept(s, 'PASS_TO_COMMITTEE', A.reviewer, { opinion: '事实清楚', recommendation: 'exemption' }, T.review);
    expect(s.value).toBe('awaitingDecision');
    expect(ctx(s).review.defences).toEqual([{ by: 'reviewer1', at: T.review, hearing: 'heard', defence: '补充说明', heardOn: '2026-04-10', round: 1 }]);
    expect(ctx(s).review.passed).toEqual({ by: 'reviewer1', at: T.review, opinion: '事实清楚', recommendation: 'exemption' });
  });

  it('whoever investigated may not review (isIndependentReviewer)', () => {
    const s = toReview();
    const investigatorAsReviewer: Actor = { id: 'officer1', role: 'reviewer' };
    expectRefused(s, 'PASS_TO_COMMITTEE', investigatorAsReviewer, { opinion: '同意' }, undefined, 'review.investigator');
    expectRefused(s, 'RETURN_FOR_VERIFICATION', investigatorAsReviewer, { reason: '补充' }, undefined, 'review.investigator');
    expect(h.possible(s, investigatorAsReviewer)).not.toEqual(expect.arrayContaining(['PASS_TO_COMMITTEE']));
    expect(h.possible(s, investigatorAsReviewer)).not.toContain('RETURN_FOR_VERIFICATION');
  });

  it('returns findings for further verification; the new round has its own 30 days and no second extension', () => {
    let s = h.accept(toVerifying(), 'REQUEST_EXTENSION', A.officer, { reason: '理由' });
    s = h.accept(s, 'APPROVE_EXTENSION', A.leader);
    s = toReview(fullAssessment, s);
    s = defenceHeard(s);
    s = h.accept(s, 'RETURN_FOR_VERIFICATION', A.reviewer, { reason: '损失数额依据不足' }, T.review);
    expect(s.value).toBe('verifying');
    expect(ctx(s).review.returns).toEqual([{ by: 'reviewer1', at: T.review, reason: '损失数额依据不足' }]);
    expect(ctx(s).verification.round).toBe(2);
    expect(verificationExtension(ctx(s))).toBeUndefined();
    expectRefused(s, 'REQUEST_EXTENSION', A.officer, { reason: '再延' });
    // The earlier record stands; the findings go back for review.
    s = h.accept(s, 'SUBMIT_FINDINGS', A.officer, { summary: '补充核实报告', recommendation: 'mitigated' }, T.decide);
    expect(ctx(s).verification.findings?.summary).toBe('补充核实报告');
    // The second review hears the defence again before the committee: the first round's hearing does not count.
    expectRefused(s, 'PASS_TO_COMMITTEE', A.reviewer, { opinion: '同意' }, T.decide, 'review.defenceNotHeard');
  });
});

describe('tolerance machine — collective decision (集体研究认定)', () => {
  it('exemption records the meeting and immediately opens the linked correction case (isFirstToleranceDecision)', () => {
    const result = h.send(toDecision(), 'DECIDE', A.committee, decideExemption, T.decide);
    expect(result.accepted).toBe(true);
    expect(result.snapshot.value).toBe('awaitingService');
    const c = ctx(result.snapshot);
    expect(c.decision).toEqual({
      by: 'committee1',
      at: T.decide,
      outcome: 'exemption',
      reasoning: decideExemption.reasoning,
      ...vote,
      committee: { jurisdiction: 'jinan', version: 1, members: 7, quorum: 4 },
    });
    expect(c.outcome).toMatchObject({ outcome: 'exemption', source: 'decision', decidedOn: vote.meetingDate, exclusionSituations: [], violationSides: [] });
    expect(c.correctionOpened).toBe(true);
    expect(result.effects).toEqual([
      {
        type: 'openCase',
        params: {
          procedure: 'correction',
          relation: 'correctionOf',
          data: { cadreId: 'applicant1', unitId: 'unit-jinan-dev', summary: expect.stringContaining('容错免责') },
        },
      },
    ]);
  });

  it('mitigation carries its impact period and also opens correction', () => {
    const result = h.send(toDecision(), 'DECIDE', A.committee, decideMitigated, T.decide);
    expect(ctx(result.snapshot).decision).toMatchObject({ outcome: 'mitigated', mitigation: 'lighter', impactMonths: 6 });
    expect(result.effects).toHaveLength(1);
    expect(result.effects[0].params).toMatchObject({ procedure: 'correction', data: { summary: expect.stringContaining('影响期6个月') } });
  });

  it('not tolerated opens nothing', () => {
    const result = h.send(toDecision(), 'DECIDE', A.committee, decideNotTolerated, T.decide);
    expect(result.accepted).toBe(true);
    expect(result.effects).toEqual([]);
    expect(ctx(result.snapshot).correctionOpened).toBe(false);
  });

  it('needs a vote that adds up to a majority, and an outcome (isValidDecision)', () => {
    const s = toDecision();
    const codes = (data: Record<string, unknown>) =>
      decisionConditions(ctx(s), {
        type: 'DECIDE',
        actor: A.committee,
        at: T.decide,
        data,
        facts: { committee: { jurisdiction: 'jinan', members: SAMPLE_COMMITTEE_MEMBERS, quorum: 4, version: 1 } },
      } as ToleranceEvent).map((c) => c.code);
    expect(codes(decideExemption)).toEqual([]);
    expect(codes({ ...decideExemption, votesFor: 2, votesAgainst: 3, dissent: [] })).toEqual(['votes.noMajority', 'dissent.count']);
    expectRefused(s, 'DECIDE', A.committee, { ...decideExemption, votesFor: 2, votesAgainst: 3 }, T.decide, 'votes.noMajority');
    expectRefused(s, 'DECIDE', A.committee, { ...decideExemption, attendees: [] }, T.decide, 'field.items');
    expectRefused(s, 'DECIDE', A.committee, { ...decideExemption, outcome: undefined }, T.decide, 'field.required');
  });

  it('mitigation needs an impact period of 1–24 months (isValidDecision: impactPeriod)', () => {
    const s = toDecision();
    expectRefused(s, 'DECIDE', A.committee, { ...decideMitigated, impactMonths: undefined }, T.decide, 'decision.impactPeriod');
    expectRefused(s, 'DECIDE', A.committee, { ...decideMitigated, impactMonths: 0 }, T.decide);
    expectRefused(s, 'DECIDE', A.committee, { ...decideMitigated, impactMonths: 25 }, T.decide);
    expect(h.accept(s, 'DECIDE', A.committee, { ...decideMitigated, impactMonths: 24 }, T.decide).value).toBe('awaitingService');
  });
});

describe('tolerance machine — notification, review, appeal and closure', () => {
  it('serves the decision on applicant and unit; the cadre acknowledges (isOwnCase)', () => {
    let s = h.accept(toDecision(), 'DECIDE', A.committee, decideExemption, T.decide);
    s = h.accept(s, 'SERVE_DECISION', A.officer, toleranceSamples.events.SERVE_DECISION[0].data, T.serve);
    expect(s.value).toBe('awaitingReceipt');
    expect(ctx(s).service).toMatchObject({ by: 'officer1', documentNo: '开纪容〔2026〕1号', servedToApplicantOn: '2026-04-22', servedToUnitOn: '2026-04-22' });
    expectRefused(s, 'ACKNOWLEDGE_RECEIPT', A.otherCadre);
    s = h.accept(s, 'ACKNOWLEDGE_RECEIPT', A.cadre, {}, T.receipt);
    expect(ctx(s).receipt).toEqual({ by: 'applicant1', at: T.receipt, deemed: false });
  });

  it('receipt is deemed when the period runs out', () => {
    const s = toReviewWindow(decideExemption, true);
    expect(s.value).toBe('reviewWindow');
    expect(ctx(s).receipt).toEqual({ by: 'system', at: T.receipt, deemed: true });
  });

  it('a review may be asked within 1 month of receipt, by the cadre (canRequestReview)', () => {
    const s = toReviewWindow();
    // Received 2026-04-23 (China time): the month runs to the end of 2026-05-23, China time, as the
    // deadline row that closes the window counts it.
    expectRefused(s, 'REQUEST_REVIEW', A.cadre, { grounds: '不服' }, '2026-05-23T16:00:00.000Z', 'review.windowClosed');
    expect(h.send(s, 'REQUEST_REVIEW', A.cadre, { grounds: '不服' }, '2026-05-23T15:59:59.999Z').accepted).toBe(true);
    expectRefused(s, 'REQUEST_REVIEW', A.otherCadre, { grounds: '不服' }, T.reviewRequest);
    const asked = h.accept(s, 'REQUEST_REVIEW', A.cadre, { grounds: '不服' }, '2026-05-23T02:00:00.000Z');
    expect(ctx(asked).reviewRequest).toEqual({ by: 'applicant1', at: '2026-05-23T02:00:00.000Z', grounds: '不服' });
  });

  it('a jurisdiction’s 2-month review window, passed in with the event, accepts a request in week 7 (issue 14 §2)', () => {
    const s = toReviewWindow();
    // Received 2026-04-23; week 7 after it is 2026-06-04 to 2026-06-10.
    const request = { type: 'REQUEST_REVIEW', actor: A.cadre, data: { grounds: '不服' }, at: '2026-06-08T02:00:00.000Z' };
    expect(applyEvent(toleranceV1, s, request).accepted).toBe(false);
    const twoMonths = { 'tolerance.reviewRequest': { length: 2, unit: 'months' as const } };
    expect(applyEvent(toleranceV1, s, { ...request, limits: twoMonths }).snapshot.value).toBe('underReview');
    // …and still ends with the second month.
    expect(applyEvent(toleranceV1, s, { ...request, at: '2026-06-23T16:00:00.000Z', limits: twoMonths }).accepted).toBe(false);
    // The appeal window reads its own rule.
    const appealWindow = toAppealWindow();
    const appeal = { type: 'FILE_APPEAL', actor: A.cadre, data: { grounds: '不服' }, at: '2026-07-08T02:00:00.000Z' };
    expect(applyEvent(toleranceV1, appealWindow, { ...appeal, limits: twoMonths }).accepted).toBe(false);
    expect(applyEvent(toleranceV1, appealWindow, { ...appeal, limits: { 'tolerance.appealRequest': { length: 2, unit: 'months' } } }).accepted).toBe(true);
  });

  it('an unused review window moves the case on to closure', () => {
    const s = h.accept(toReviewWindow(), 'REVIEW_WINDOW_EXPIRED', A.system, {}, '2026-05-23T03:00:00.000Z');
    expect(s.value).toBe('awaitingClosure');
    expect(ctx(s).windowLapsed).toEqual({ by: 'system', at: '2026-05-23T03:00:00.000Z', stage: 'review' });
  });

  it('the main path closes with the result used: feedback, notice to the organisation department, filing', () => {
    let s = h.accept(toReviewWindow(), 'ACCEPT_RESULT', A.cadre, {}, T.reviewRequest);
    expect(ctx(s).acceptedResult).toEqual({ by: 'applicant1', at: T.reviewRequest, stage: 'review' });
    s = h.accept(s, 'CLOSE', A.officer, closureRecord, T.close);
    expect(s.value).toBe('closed');
    expect(s.status).toBe('active');
    expect(ctx(s).closure).toEqual({
      by: 'officer1',
      at: T.close,
      finalOutcome: 'exemption',
      effect: 'notAffected',
      ...closureRecord,
    });
  });

  it('review upheld, appeal changed: the appellate outcome is final and its impact period runs to a date', () => {
    let s = toAppealWindow();
    expect(s.value).toBe('appealWindow');
    expect(ctx(s).reviewDecision).toMatchObject({ by: 'committee1', result: 'upheld', meetingDate: reviewVote.meetingDate });
    expect(ctx(s).outcome).toMatchObject({ outcome: 'mitigated', impactMonths: 6, source: 'decision' });
    s = h.accept(s, 'FILE_APPEAL', A.cadre, { grounds: '不服复核' }, T.appeal);
    expect(ctx(s).appeal).toEqual({ by: 'applicant1', at: T.appeal, heardAsCase: true, grounds: '不服复核' });
    const changed = toleranceSamples.events.RECORD_APPEAL_DECISION[1].data;
    const result = h.send(s, 'RECORD_APPEAL_DECISION', A.system, changed, T.appealDecision);
    // Correction was already opened by the first decision: not again.
    expect(result.effects).toEqual([]);
    s = result.snapshot;
    expect(s.value).toBe('awaitingClosure');
    expect(ctx(s).outcome).toMatchObject({ outcome: 'mitigated', mitigation: 'reduced', impactMonths: 3, source: 'appeal', decidedOn: '2026-07-15' });
    s = h.accept(s, 'CLOSE', A.officer, closureRecord, T.close);
    expect(ctx(s).closure).toMatchObject({
      finalOutcome: 'mitigated',
      effect: 'impactPeriod',
      impactMonths: 3,
      impactFrom: '2026-07-15',
      impactUntil: '2026-10-15',
    });
    const fromGiven = h.accept(
      h.accept(toAppealWindow(), 'APPEAL_WINDOW_EXPIRED', A.system),
      'CLOSE',
      A.officer,
      { ...closureRecord, impactFrom: '2026-08-31' },
      T.close,
    );
    expect(ctx(fromGiven).closure).toMatchObject({ impactMonths: 6, impactFrom: '2026-08-31', impactUntil: '2027-02-28' });
  });

  it('an impact period runs out once: the closure records when, the case stays closed (结果运用)', () => {
    const closed = h.accept(h.accept(toAppealWindow(), 'APPEAL_WINDOW_EXPIRED', A.system), 'CLOSE', A.officer, closureRecord, T.close);
    expect(ctx(closed).closure).toMatchObject({ effect: 'impactPeriod', impactUntil: '2026-10-20' });
    const ended = h.accept(closed, 'IMPACT_PERIOD_ENDED', A.system, {}, '2026-10-19T16:00:00.000Z');
    expect(ended.value).toBe('closed');
    expect(ctx(ended).closure).toMatchObject({ effect: 'impactPeriod', impactUntil: '2026-10-20', impactEndedAt: '2026-10-19T16:00:00.000Z' });
    expectRefused(ended, 'IMPACT_PERIOD_ENDED', A.system, {}, '2026-10-20T16:00:00.000Z', 'impactPeriod.notRunning');
    // An exempted cadre has no impact period to run out.
    const exempted = h.accept(h.accept(toReviewWindow(), 'ACCEPT_RESULT', A.cadre, {}, T.reviewRequest), 'CLOSE', A.officer, closureRecord, T.close);
    expectRefused(exempted, 'IMPACT_PERIOD_ENDED', A.system, {}, undefined, 'impactPeriod.notRunning');
  });

  it('a review that turns "not tolerated" into exemption opens correction then', () => {
    const changed = { result: 'changed', newOutcome: 'exemption', reasoning: '变更', ...reviewVote };
    const s = h.accept(toReviewWindow(decideNotTolerated), 'REQUEST_REVIEW', A.cadre, { grounds: '不服' }, T.reviewRequest);
    const result = h.send(s, 'DECIDE_REVIEW', A.committee, changed, T.reviewDecision);
    expect(result.accepted).toBe(true);
    expect(ctx(result.snapshot).outcome).toMatchObject({ outcome: 'exemption', source: 'review' });
    expect(result.effects).toEqual([expect.objectContaining({ type: 'openCase', params: expect.objectContaining({ relation: 'correctionOf' }) })]);
  });

  it('a changed review or appeal names the new outcome, obeys the vote, the period and the findings', () => {
    const s = h.accept(toReviewWindow(decideMitigated), 'REQUEST_REVIEW', A.cadre, { grounds: '不服' }, T.reviewRequest);
    expectRefused(s, 'DECIDE_REVIEW', A.committee, { result: 'changed', reasoning: 'x', ...reviewVote }, T.reviewDecision, 'decision.newOutcome');
    expectRefused(
      s,
      'DECIDE_REVIEW',
      A.committee,
      { result: 'upheld', reasoning: 'x', ...reviewVote, votesFor: 1, votesAgainst: 4 },
      T.reviewDecision,
      'votes.noMajority',
      'dissent.count',
    );
    expectRefused(
      s,
      'DECIDE_REVIEW',
      A.committee,
      { result: 'changed', newOutcome: 'mitigated', reasoning: 'x', ...reviewVote },
      T.reviewDecision,
      'decision.impactPeriod',
    );
    // The review's meeting cannot predate the request for review.
    expectRefused(s, 'DECIDE_REVIEW', A.committee, { result: 'upheld', reasoning: 'x', ...vote }, T.reviewDecision, 'date.beforeStep');
  });

  it('a review that changes the findings may change the outcome, on the same rule', () => {
    // Given: verification found an exclusion situation, so the committee could only refuse tolerance.
    const excluded = h.accept(toDecision({ ...fullAssessment, catalogue: catalogueWithExclusion }), 'DECIDE', A.committee, decideNotTolerated, T.decide);
    const served = h.accept(excluded, 'SERVE_DECISION', A.officer, toleranceSamples.events.SERVE_DECISION[0].data, T.serve);
    const reviewing = h.accept(
      h.accept(served, 'ACKNOWLEDGE_RECEIPT', A.cadre, {}, T.receipt),
      'REQUEST_REVIEW',
      A.cadre,
      { grounds: '不服' },
      T.reviewRequest,
    );
    const toExemption = { result: 'changed', newOutcome: 'exemption', reasoning: 'x', ...reviewVote };
    // When the review changes the outcome but not the findings: refused, the exclusion stands.
    expectRefused(reviewing, 'DECIDE_REVIEW', A.committee, toExemption, T.reviewDecision, 'findings.exclusion');
    // When it finds a violation side of a distinction: refused on that too.
    expectRefused(
      reviewing,
      'DECIDE_REVIEW',
      A.committee,
      { ...toExemption, exclusionSituations: [], distinctions: { purpose: 'privateGain' } },
      T.reviewDecision,
      'findings.violationSide.purpose',
    );
    // When it names a situation the catalogue does not hold: refused.
    expectRefused(
      reviewing,
      'DECIDE_REVIEW',
      A.committee,
      { ...toExemption, exclusionSituations: [{ code: 'X42' }] },
      T.reviewDecision,
      'catalogue.unknownCode',
    );
    // Then: finding that the exclusion situation does not apply after all, the outcome may change.
    const cleared = h.accept(reviewing, 'DECIDE_REVIEW', A.committee, { ...toExemption, exclusionSituations: [] }, T.reviewDecision);
    expect(ctx(cleared).outcome).toMatchObject({ outcome: 'exemption', exclusionSituations: [], violationSides: [], source: 'review' });
    // An appeal then upholding keeps the findings the review made.
    const appealing = h.accept(cleared, 'FILE_APPEAL', A.cadre, { grounds: '维护' }, T.appeal);
    const upheld = h.accept(appealing, 'RECORD_APPEAL_DECISION', A.system, { result: 'upheld', decidedOn: '2026-07-15', reasoning: '维持' }, T.appealDecision);
    expect(ctx(upheld).outcome).toMatchObject({ outcome: 'exemption', source: 'review' });
  });

  it('one appeal within 1 month after the review decision (canAppeal); the unused window closes it', () => {
    const s = toAppealWindow();
    // Review decided 2026-05-20: the month runs to the end of 2026-06-20, China time.
    expectRefused(s, 'FILE_APPEAL', A.cadre, { grounds: '不服' }, '2026-06-20T16:00:00.000Z', 'appeal.windowClosed');
    expect(h.send(s, 'FILE_APPEAL', A.cadre, { grounds: '不服' }, '2026-06-20T15:59:59.999Z').accepted).toBe(true);
    expectRefused(s, 'FILE_APPEAL', A.otherCadre, { grounds: '不服' }, T.appeal);
    const lapsed = h.accept(s, 'APPEAL_WINDOW_EXPIRED', A.system, {}, '2026-06-20T03:00:00.000Z');
    expect(lapsed.value).toBe('awaitingClosure');
    expect(ctx(lapsed).windowLapsed?.stage).toBe('appeal');
    const accepted = h.accept(s, 'ACCEPT_RESULT', A.cadre);
    expect(ctx(accepted).acceptedResult?.stage).toBe('appeal');
    // The unit did not file this application, so it cannot appeal in the cadre's place.
    expectRefused(s, 'FILE_APPEAL', A.unit, { grounds: '不服' }, T.appeal);
    const filed = h.send(s, 'FILE_APPEAL', A.cadre, { grounds: '不服', evidence: ['复核决定书'] }, T.appeal);
    // The appeal opens its own case in the body one level up (issue 18 §3), with the appeal's grounds.
    expect(filed.effects).toEqual([
      {
        type: 'openCase',
        params: {
          procedure: 'appeal',
          relation: 'appealOf',
          body: 'parent',
          data: { cadreId: 'applicant1', unitId: 'unit-jinan-dev', grounds: '不服', evidence: ['复核决定书'], filedBy: 'applicant1' },
        },
      },
    ]);
    const appealing = filed.snapshot;
    // Its decision comes from that case (sent by the service); nobody records one here by hand.
    const byHand = toleranceSamples.events.RECORD_APPEAL_DECISION[0].data;
    expectRefused(appealing, 'RECORD_APPEAL_DECISION', A.officer, byHand, T.appealDecision, 'appeal.decidedInAppealCase');
    expect(h.send(appealing, 'RECORD_APPEAL_DECISION', A.system, byHand, T.appealDecision).accepted).toBe(true);
    // There is no second appeal: the next step is the appellate decision.
    expect(h.send(appealing, 'FILE_APPEAL', A.cadre, { grounds: 'y' }).accepted).toBe(false);
  });

  it('a closed tolerance decision is revoked by the linked correction case (isToleranceInForce)', () => {
    const closed = h.accept(h.accept(toReviewWindow(), 'ACCEPT_RESULT', A.cadre), 'CLOSE', A.officer, closureRecord, T.close);
    // The payload the correction machine sends (correction.machine.ts revocationParams) plus the engine's case id.
    const revocation = {
      reason: '逾期未完成整改',
      decidedAt: T.revoke,
      decidedBy: 'committee1',
      meetingDate: '2026-10-15',
      consequences: ['revokeTolerance'],
      correction: { procedure: 'correction', cause: 'rectificationOverdue' },
      correctionCaseId: 'correction-case-1',
    };
    const s = h.accept(closed, 'DECISION_REVOKED', A.system, revocation, T.revoke);
    expect(s.value).toBe('revoked');
    expect(s.status).toBe('done');
    expect(ctx(s).revocation).toEqual({ by: 'system', at: T.revoke, ...revocation });
    // The closure record stays as it was: the trail shows what was decided and what undid it.
    expect(ctx(s).closure?.finalOutcome).toBe('exemption');

    const notTolerated = h.accept(h.accept(toReviewWindow(decideNotTolerated), 'ACCEPT_RESULT', A.cadre), 'CLOSE', A.officer, closureRecord, T.close);
    expect(ctx(notTolerated).closure).toMatchObject({ finalOutcome: 'notTolerated', effect: 'notTolerated' });
    expectRefused(notTolerated, 'DECISION_REVOKED', A.system, revocation, undefined, 'revocation.notInForce');
  });

  it('a revocation that arrives before closure (review or appeal still running) is not lost', () => {
    const s = h.accept(toAppealWindow(), 'FILE_APPEAL', A.cadre, { grounds: '不服' }, T.appeal);
    expect(h.accept(s, 'DECISION_REVOKED', A.system, { reason: '逾期未整改' }).value).toBe('revoked');
  });
});

describe('tolerance machine — findings bind the decision (issue 19 §1)', () => {
  it('given an exclusion situation, when the committee decides exemption or mitigation, then it is refused; not tolerated is taken', () => {
    const s = toDecision({ ...fullAssessment, catalogue: catalogueWithExclusion });
    const [exclusion] = expectRefused(s, 'DECIDE', A.committee, decideExemption, T.decide, 'findings.exclusion');
    expect(exclusion.zh).toBe('认定存在不予容错情形（X04 同一问题重复发生的），不得作出“容错免责”');
    expectRefused(s, 'DECIDE', A.committee, decideMitigated, T.decide, 'findings.exclusion');
    const refused = h.accept(s, 'DECIDE', A.committee, decideNotTolerated, T.decide);
    expect(ctx(refused).outcome).toMatchObject({ outcome: 'notTolerated', exclusionSituations: [{ code: 'X04' }] });
  });

  it.each([
    ['experience', 'knowingViolation', '明知故犯的违纪违法行为'],
    ['prohibition', 'defiedProhibition', '上级明令禁止后依然我行我素的违纪违法行为'],
    ['purpose', 'privateGain', '为谋取私利的违纪违法行为'],
  ])('given the %s distinction on the violation side (%s), then no tolerance outcome', (key, side, sideZh) => {
    const distinctions = { ...assessAllDistinctions, [key]: { side, note: '核实认定' } };
    const s = toDecision({ ...fullAssessment, distinctions });
    const [condition] = expectRefused(s, 'DECIDE', A.committee, decideExemption, T.decide, `findings.violationSide.${key}`);
    expect(condition.zh).toBe(`“三个区分开来”认定属于“${sideZh}”，不得作出“容错免责”`);
    expectRefused(s, 'DECIDE', A.committee, decideMitigated, T.decide, `findings.violationSide.${key}`);
    const taken = h.accept(s, 'DECIDE', A.committee, decideNotTolerated, T.decide);
    expect(ctx(taken).outcome?.violationSides).toEqual([key]);
  });

  it('with all three on the violation side and every factor unfavourable, the refusal names each distinction', () => {
    const distinctions = {
      experience: { side: 'knowingViolation', note: 'x' },
      prohibition: { side: 'defiedProhibition', note: 'x' },
      purpose: { side: 'privateGain', note: 'x' },
    };
    const factors = Object.fromEntries(Object.keys(assessAllFactors).map((factor) => [factor, { weight: 'unfavourable', note: '不利' }]));
    const s = toDecision({ ...fullAssessment, distinctions, factors });
    const codes = expectRefused(s, 'DECIDE', A.committee, decideExemption, T.decide).map((c) => c.code);
    expect(codes).toEqual(['findings.violationSide.experience', 'findings.violationSide.prohibition', 'findings.violationSide.purpose']);
  });
});

describe('tolerance machine — an empty 综合分析研判 (issue 23 §7)', () => {
  it('refuses an assessment that gives no section, or only empty ones, and records nothing', () => {
    const s = heard(toVerifying());
    for (const empty of [{}, { factors: {}, distinctions: {} }, { riskFiling: {} }]) {
      const [condition] = expectRefused(s, 'RECORD_ASSESSMENT', A.officer, empty, T.assess, 'assessment.empty');
      expect(condition.zh).toContain('综合分析研判未填写任何内容');
    }
  });

  it('takes a single section, and a catalogue check that finds no situation', () => {
    h.accept(heard(toVerifying()), 'RECORD_ASSESSMENT', A.officer, { factors: { motiveAttitude: assessAllFactors.motiveAttitude } }, T.assess);
    h.accept(heard(toVerifying()), 'RECORD_ASSESSMENT', A.officer, { catalogue: { toleranceSituations: [], exclusionSituations: [] } }, T.assess);
  });
});

describe('tolerance machine — catalogue of situations (issue 19 §1)', () => {
  const assess = (catalogue: Record<string, unknown>, harness = h) =>
    harness.send(heard(toVerifying()), 'RECORD_ASSESSMENT', A.officer, { catalogue }, T.assess);

  it('records each selected situation with its wording and legal basis, and the catalogue version', () => {
    const s = h.accept(
      heard(toVerifying()),
      'RECORD_ASSESSMENT',
      A.officer,
      { catalogue: { toleranceSituations: [{ code: 'T04' }], exclusionSituations: [] } },
      T.assess,
    );
    expect(ctx(s).verification.catalogue).toEqual({
      by: 'officer1',
      at: T.assess,
      jurisdiction: 'jinan',
      version: 1,
      toleranceSituations: [
        {
          code: 'T04',
          wording: { zh: '在集体决策中对错误决策提出明确反对意见或者保留意见', en: 'Having clearly objected to, or reserved on, a wrong collective decision' },
          legalBasis: '《中国共产党问责条例》（2019年）第十七条第二项',
        },
      ],
      exclusionSituations: [],
    });
  });

  it('refuses a code the catalogue does not hold, a tolerance code given as an exclusion, and a duplicate', () => {
    const s = heard(toVerifying());
    expectRefused(
      s,
      'RECORD_ASSESSMENT',
      A.officer,
      { catalogue: { toleranceSituations: [{ code: 'T42' }], exclusionSituations: [] } },
      T.assess,
      'catalogue.unknownCode',
    );
    const [wrongKind] = expectRefused(
      s,
      'RECORD_ASSESSMENT',
      A.officer,
      { catalogue: { toleranceSituations: [], exclusionSituations: [{ code: 'T01' }] } },
      T.assess,
      'catalogue.unknownCode',
    );
    expect(wrongKind.field).toBe('catalogue.exclusionSituations[0].code');
    expectRefused(
      s,
      'RECORD_ASSESSMENT',
      A.officer,
      { catalogue: { toleranceSituations: [{ code: 'T01' }, { code: 'T01' }], exclusionSituations: [] } },
      T.assess,
      'catalogue.duplicate',
    );
  });

  it('the “other” entry needs a description', () => {
    expectRefused(
      heard(toVerifying()),
      'RECORD_ASSESSMENT',
      A.officer,
      { catalogue: { toleranceSituations: [{ code: 'T99' }], exclusionSituations: [] } },
      T.assess,
      'catalogue.describeOther',
    );
    expect(assess({ toleranceSituations: [{ code: 'T99', description: '为抢抓政策窗口期先行启动' }], exclusionSituations: [] }).accepted).toBe(true);
  });

  it('a case keeps the version it was first assessed under; a later assessment resolves against it', () => {
    const edited: typeof SAMPLE_WORLD = {
      ...SAMPLE_WORLD,
      catalogue: SAMPLE_WORLD.catalogue.map((entry) =>
        entry.code === 'T01' ? { ...entry, wording: { zh: '改革试点中的探索性失误（修订）', en: 'Revised' } } : entry,
      ),
    };
    const first = h.accept(heard(toVerifying()), 'RECORD_ASSESSMENT', A.officer, { catalogue: catalogueClean }, T.assess);
    expect(ctx(first).verification.catalogue?.version).toBe(1);
    // The engine is asked for the version the case holds: the request says so.
    const request = toleranceV1.events.RECORD_ASSESSMENT.facts!.catalogue!(ctx(first), { catalogue: catalogueClean });
    expect(request).toEqual({ codes: ['T01'], version: 1 });
    // A harness whose world edited T01 resolves the old text only if asked for version 1's: the record shows what was resolved.
    const again = new MachineHarness(toleranceV1, edited).accept(first, 'RECORD_ASSESSMENT', A.officer, { catalogue: catalogueClean }, T.assess);
    expect(ctx(again).verification.catalogue?.toleranceSituations[0]).toMatchObject({ code: 'T01' });
  });
});

describe('tolerance machine — the risk-prevention filing as evidence (domain.md §3.5)', () => {
  const check = (riskFiling: Record<string, unknown>, start = heard(toVerifying()), harness = h) =>
    ctx(harness.accept(start, 'RECORD_ASSESSMENT', A.officer, { riskFiling }, T.assess)).verification.riskFiling;

  it('given the cited filing is registered, covers the matter and predates the decision, then it counts in the applicant’s favour', () => {
    expect(check({ coversMatter: true })).toEqual({
      by: 'officer1',
      at: T.assess,
      cited: true,
      filingNo: SAMPLE_FILING.filingNo,
      found: true,
      filing: {
        caseId: SAMPLE_FILING.caseId,
        unitId: 'unit-jinan-dev',
        project: SAMPLE_FILING.project,
        scope: SAMPLE_FILING.scope,
        filedOn: '2025-03-10',
        registeredOn: '2025-04-01',
      },
      decisionOn: '2025-05-10',
      coversMatter: true,
      predatesDecision: true,
      inFavour: true,
    });
  });

  it('not in the register, not covering the matter, or filed after the decision: recorded, not in favour', () => {
    expect(check({ filingNo: '开改备〔2025〕99号' })).toMatchObject({ cited: true, found: false, inFavour: false });
    expect(check({ coversMatter: false })).toMatchObject({ found: true, coversMatter: false, inFavour: false });
    expect(check({ coversMatter: true, decisionOn: '2025-03-01' })).toMatchObject({ found: true, predatesDecision: false, inFavour: false });
    // A filing registered after the assessment's day is not yet in the register.
    const late = new MachineHarness(toleranceV1, { ...SAMPLE_WORLD, filings: [{ ...SAMPLE_FILING, registeredOn: '2026-04-01' }] });
    expect(check({ coversMatter: true }, heard(toVerifying()), late)).toMatchObject({ found: false, inFavour: false });
    const unitDraft = h.accept(h.accept(h.open(toleranceByUnit), 'SUBMIT', A.unit, { matter: '经过', grounds: '理由' }), 'ACCEPT', A.officer);
    expect(check({ note: '未援引' }, heard(unitDraft))).toMatchObject({ cited: false, found: false, inFavour: false });
  });

  it('a found filing needs the officer to say whether it covers the matter, and the decision’s date', () => {
    expectRefused(heard(toVerifying()), 'RECORD_ASSESSMENT', A.officer, { riskFiling: { note: 'x' } }, T.assess, 'riskFiling.coversMatter');
    const noDate = h.accept(
      h.accept(h.open({ ...toleranceByCadre, data: { ...toleranceByCadre.data, decisionOn: undefined } }), 'SUBMIT', A.cadre),
      'ACCEPT',
      A.officer,
    );
    expectRefused(heard(noDate), 'RECORD_ASSESSMENT', A.officer, { riskFiling: { coversMatter: true } }, T.assess, 'riskFiling.decisionOn');
    expectRefused(
      heard(toVerifying()),
      'RECORD_ASSESSMENT',
      A.officer,
      { riskFiling: { coversMatter: true, decisionOn: '2026-12-01' } },
      T.assess,
      'date.inFuture',
    );
  });
});

describe('tolerance machine — a collective decision that is collective (issue 19 §2)', () => {
  const s = toDecision();
  const members = SAMPLE_COMMITTEE_MEMBERS;

  it('attendees are members of the committee, enough to make the quorum', () => {
    const [stranger] = expectRefused(
      s,
      'DECIDE',
      A.committee,
      { ...decideExemption, attendees: [...members.slice(0, 4), '外单位人员'] },
      T.decide,
      'committee.notMember',
    );
    expect(stranger.zh).toBe('参会人员「外单位人员」不是本委员会委员');
    const three = { ...decideExemption, attendees: members.slice(0, 3), votesFor: 3, votesAgainst: 0, dissent: [] };
    const [quorum] = expectRefused(s, 'DECIDE', A.committee, three, T.decide, 'committee.quorum');
    expect(quorum.zh).toBe('到会委员3人，未达到法定人数4人（委员共7人）');
    expectRefused(s, 'DECIDE', A.committee, { ...decideExemption, attendees: [...members.slice(0, 4), members[0]] }, T.decide, 'committee.duplicateAttendee');
    const four = { ...decideExemption, attendees: members.slice(0, 4), votesFor: 4, votesAgainst: 0, dissent: [] };
    expect(h.accept(s, 'DECIDE', A.committee, four, T.decide).value).toBe('awaitingService');
  });

  it('a jurisdiction without a configured committee cannot decide', () => {
    const bare = new MachineHarness(toleranceV1, { ...SAMPLE_WORLD, committees: {} });
    const conditions = bare.refusal(s, 'DECIDE', A.committee, decideExemption, T.decide);
    expect(conditions.map((c) => c.code)).toContain('committee.notConfigured');
  });

  it('votes add up to the attendees with a majority for; each vote against has its dissent, by an attendee', () => {
    const [exceeds] = expectRefused(
      s,
      'DECIDE',
      A.committee,
      { ...decideExemption, votesFor: 6, votesAgainst: 0, dissent: [] },
      T.decide,
      'votes.forExceedsAttendees',
    );
    expect(exceeds.zh).toBe('赞成票（6）超过参会人数（5）');
    expectRefused(s, 'DECIDE', A.committee, { ...decideExemption, votesFor: 3 }, T.decide, 'votes.total');
    expectRefused(s, 'DECIDE', A.committee, { ...decideExemption, dissent: [] }, T.decide, 'dissent.count');
    expectRefused(s, 'DECIDE', A.committee, { ...decideExemption, dissent: [{ member: members[6], opinion: '反对' }] }, T.decide, 'dissent.notAttendee');
    const taken = h.accept(s, 'DECIDE', A.committee, decideExemption, T.decide);
    // The dissent is on the record: who, and what they said (evidence of an objection, 问责条例 art. 17).
    expect(ctx(taken).decision?.dissent).toEqual([{ member: '刘洋', opinion: '项目前期论证不充分，建议从轻处理而非免责' }]);
  });

  it('the meeting is neither in the future nor before the case reached the committee', () => {
    const [future] = expectRefused(s, 'DECIDE', A.committee, { ...decideExemption, meetingDate: '2026-04-21' }, T.decide, 'date.inFuture');
    expect(future).toMatchObject({ field: 'meetingDate', zh: '“会议日期”（2026-04-21）晚于今天（2026-04-20），不能记录尚未发生的日期' });
    const [early] = expectRefused(s, 'DECIDE', A.committee, { ...decideExemption, meetingDate: '2026-04-09' }, T.decide, 'date.beforeStep');
    expect(early.zh).toBe('“会议日期”（2026-04-09）早于提请集体研究之日（2026-04-10）');
  });
});

describe('tolerance machine — 审理助辩: the cadre’s defence at review (issue 19 §3)', () => {
  it('the committee gets the case only once the review heard the defence or recorded that the cadre declined', () => {
    const s = toReview();
    expectRefused(s, 'PASS_TO_COMMITTEE', A.reviewer, { opinion: '同意' }, T.review, 'review.defenceNotHeard');
    expect(h.possible(s, A.reviewer)).not.toContain('PASS_TO_COMMITTEE');
    const declined = h.accept(s, 'RECORD_REVIEW_DEFENCE', A.reviewer, { hearing: 'declined' }, T.review);
    expect(ctx(declined).review.defences).toEqual([{ by: 'reviewer1', at: T.review, hearing: 'declined', round: 1 }]);
    expect(h.accept(declined, 'PASS_TO_COMMITTEE', A.reviewer, { opinion: '同意' }, T.review).value).toBe('awaitingDecision');
  });

  it('a defence heard is recorded with what was said and its date, not before the review began nor in the future', () => {
    const s = toReview();
    expectRefused(s, 'RECORD_REVIEW_DEFENCE', A.reviewer, { hearing: 'heard' }, T.review, 'defence.text', 'defence.heardOn');
    expectRefused(s, 'RECORD_REVIEW_DEFENCE', A.reviewer, { hearing: 'heard', defence: 'x', heardOn: '2026-03-29' }, T.review, 'date.beforeStep');
    expectRefused(s, 'RECORD_REVIEW_DEFENCE', A.reviewer, { hearing: 'heard', defence: 'x', heardOn: '2026-04-11' }, T.review, 'date.inFuture');
  });

  it('the cadre submits a defence themselves; nobody else can in their name', () => {
    const s = h.accept(toReview(), 'SUBMIT_REVIEW_DEFENCE', A.cadre, { defence: '本人申辩', evidence: ['补充材料'] }, T.review);
    expect(ctx(s).review.submissions).toEqual([{ by: 'applicant1', at: T.review, defence: '本人申辩', evidence: ['补充材料'], round: 1 }]);
    expectRefused(toReview(), 'SUBMIT_REVIEW_DEFENCE', A.otherCadre, { defence: 'x' }, T.review, 'party.notCadre');
    expect(h.possible(toReview(), A.cadre)).toEqual(expect.arrayContaining(['SUBMIT_REVIEW_DEFENCE', 'WITHDRAW']));
  });
});

describe('tolerance machine — 谈心谈话 after a mitigated decision (issue 19 §3)', () => {
  const talk = { talkedOn: '2026-07-25', content: '谈心谈话' };

  it('is recorded once mitigation is in force, in any later step', () => {
    const mitigated = h.accept(toDecision(), 'DECIDE', A.committee, decideMitigated, T.decide);
    const s = h.accept(mitigated, 'RECORD_TALK', A.officer, talk, '2026-07-25T02:00:00.000Z');
    expect(ctx(s).talks).toEqual([{ by: 'officer1', at: '2026-07-25T02:00:00.000Z', talkedOn: '2026-07-25', content: '谈心谈话' }]);
    expect(s.value).toBe('awaitingService');
  });

  it('is refused after an exemption or before any decision, and with a date to come', () => {
    const exempt = h.accept(toDecision(), 'DECIDE', A.committee, decideExemption, T.decide);
    expectRefused(exempt, 'RECORD_TALK', A.officer, talk, '2026-07-25T02:00:00.000Z', 'talk.notMitigated');
    expect(h.possible(exempt, A.officer)).not.toContain('RECORD_TALK');
    const mitigated = h.accept(toDecision(), 'DECIDE', A.committee, decideMitigated, T.decide);
    expectRefused(mitigated, 'RECORD_TALK', A.officer, talk, '2026-07-24T02:00:00.000Z', 'date.inFuture');
  });
});

describe('tolerance machine — business dates (issue 19 §3)', () => {
  it('refuses dates that have not come: a hearing, an application’s decision, a service, a closure', () => {
    expectRefused(toVerifying(), 'RECORD_STATEMENT', A.officer, { statement: 'x', heardOn: '2026-03-11' }, T.hear, 'date.inFuture');
    expectRefused(toVerifying(), 'RECORD_STATEMENT', A.officer, { statement: 'x', heardOn: '2026-03-01' }, T.hear, 'date.beforeStep');
    expectRefused(h.open(toleranceByCadre), 'SUBMIT', A.cadre, { decisionOn: '2026-03-03' }, T.submit, 'date.inFuture');
    const decided = h.accept(toDecision(), 'DECIDE', A.committee, decideExemption, T.decide);
    const serve = toleranceSamples.events.SERVE_DECISION[0].data;
    expectRefused(decided, 'SERVE_DECISION', A.officer, { ...serve, servedToUnitOn: '2026-04-19' }, T.serve, 'date.beforeStep');
    expectRefused(decided, 'SERVE_DECISION', A.officer, { ...serve, servedToApplicantOn: '2026-04-23' }, T.serve, 'date.inFuture');
    const closing = h.accept(toReviewWindow(), 'ACCEPT_RESULT', A.cadre, {}, T.reviewRequest);
    expectRefused(closing, 'CLOSE', A.officer, closureRecord, '2026-07-16T02:00:00.000Z', 'date.inFuture');
    expectRefused(closing, 'CLOSE', A.officer, { ...closureRecord, impactFrom: '2026-04-01' }, T.close, 'date.beforeStep');
  });

  it('refuses to open an application whose dates lie ahead', () => {
    expect(
      toleranceV1.creation.checks!({ ...toleranceByCadre, data: { ...toleranceByCadre.data, accountabilityStartedOn: '2026-03-05' } }).map((c) => c.code),
    ).toEqual(['date.inFuture']);
    expect(toleranceV1.creation.checks!(toleranceByCadre)).toEqual([]);
  });
});
