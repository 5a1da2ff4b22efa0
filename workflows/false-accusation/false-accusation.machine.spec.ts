import { exploreGraph, MachineHarness } from '../../test/support/machine-harness';
import type { Actor } from '../core/roles';
import { applyEvent, type StoredSnapshot } from '../core/runtime';
import { falseAccusationV1 } from './false-accusation.definition';
import { SEALED_ACCUSER, type FalseAccusationContext } from './false-accusation.model';
import {
  falseAccusationAccuserNotAUser,
  falseAccusationFromClarification,
  falseAccusationSamples,
  sampleDecision,
  sampleFinding,
  blacklistDecision,
} from './false-accusation.samples';
import { SAMPLE_COMMITTEE_MEMBERS } from '../sample-world';

const officer: Actor = { id: 'officer1', role: 'officer' };
const accuser: Actor = { id: 'applicant2', role: 'applicant' };
const someoneElse: Actor = { id: 'applicant1', role: 'applicant' };
const committee: Actor = { id: 'committee1', role: 'committee' };
const system: Actor = { id: 'system', role: 'system' };

const T = {
  finding: '2026-04-10T02:00:00.000Z',
  decision: '2026-04-20T08:00:00.000Z',
  exec1: '2026-04-25T08:00:00.000Z',
  exec2: '2026-04-28T08:00:00.000Z',
  request: '2026-05-10T08:00:00.000Z',
  /** One month after the last execution record, to the millisecond. */
  windowEnd: '2026-05-28T08:00:00.000Z',
  review: '2026-06-01T08:00:00.000Z',
};

/** The review's committee meets after the request for review (2026-05-10). */
const vote = { meetingDate: '2026-06-01', attendees: SAMPLE_COMMITTEE_MEMBERS.slice(0, 4), votesFor: 4, votesAgainst: 0, votesAbstain: 0, dissent: [] };
const exec1 = { measure: 'disciplinarySanction', executedOn: '2026-04-25', detail: '已宣布处分决定', documentRef: '纪发〔2026〕12号' };
const exec2 = { measure: 'circulatedNotice', executedOn: '2026-04-28', detail: '已通报' };

const h = new MachineHarness(falseAccusationV1);
const ctx = (s: StoredSnapshot) => s.context as unknown as FalseAccusationContext;

function toDeciding(input = falseAccusationFromClarification): StoredSnapshot {
  return h.accept(h.open(input), 'FIND_MALICIOUS', officer, sampleFinding, T.finding);
}
function toExecuting(input = falseAccusationFromClarification): StoredSnapshot {
  return h.accept(toDeciding(input), 'DECIDE_MEASURES', committee, sampleDecision, T.decision);
}
function toReviewWindow(input = falseAccusationFromClarification): StoredSnapshot {
  const s = h.accept(toExecuting(input), 'RECORD_EXECUTION', officer, exec1, T.exec1);
  return h.accept(s, 'RECORD_EXECUTION', officer, exec2, T.exec2);
}
function toReviewing(): StoredSnapshot {
  return h.accept(toReviewWindow(), 'REQUEST_REVIEW', accuser, { reason: '处分过重' }, T.request);
}

/** A refused event changes nothing and names why, in both languages (`codes` among the conditions). */
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

/** The accuser's identity, which must live only under `sealed` (and the user id in `parties`). */
const sealedValues = ['李某', '138****0000', 'applicant2'];

function expectIdentitySealed(context: FalseAccusationContext) {
  const { sealed: _sealed, parties: _parties, ...rest } = context;
  const visible = JSON.stringify(rest);
  for (const value of sealedValues) expect(visible).not.toContain(value);
}

describe('false-accusation machine — graph', () => {
  it('reaches every state, including every final state, from the samples', () => {
    const reached = exploreGraph(falseAccusationV1, falseAccusationSamples);
    expect([...reached.keys()].sort()).toEqual(Object.keys(falseAccusationV1.states).sort());
    for (const final of ['closed', 'closedMistaken', 'closedUndetermined']) {
      expect(reached.get(final)?.snapshot.status).toBe('done');
    }
    for (const path of reached.values()) {
      expect(JSON.parse(JSON.stringify(path.snapshot.context))).toEqual(path.snapshot.context);
      expect(falseAccusationV1.machine.resolveState({ value: path.snapshot.value, context: ctx(path.snapshot) }).value).toBe(path.snapshot.value);
      expectIdentitySealed(ctx(path.snapshot));
    }
  });
});

describe('false-accusation machine — paths', () => {
  it('opens with the accuser sealed and the origin recorded', () => {
    const s = h.open(falseAccusationFromClarification);
    expect(s.value).toBe('investigating');
    expect(ctx(s).parties).toEqual({ cadreId: 'applicant1', unitId: 'unit-jinan-dev', accuserUserId: 'applicant2' });
    expect(ctx(s).sealed).toEqual({ accuserName: '李某', accuserContact: '138****0000', accuserUserId: 'applicant2' });
    expect(ctx(s).origin).toEqual({ caseId: 'clarification-case-1', procedure: 'clarification' });
    expect(ctx(s).opening).toMatchObject({ by: 'system', role: 'system', accusationSummary: expect.any(String), clarificationConclusion: 'untrue' });
    expectIdentitySealed(ctx(s));
    const fields = falseAccusationV1.creation.fields;
    expect(['accuserName', 'accuserContact', 'accuserUserId'].every((name) => fields[name].sealed === true)).toBe(true);
  });

  it('an accuser who is not a user: nothing in parties', () => {
    const s = h.open(falseAccusationAccuserNotAUser);
    expect(ctx(s).parties.accuserUserId).toBeUndefined();
    expect(ctx(s).sealed).toEqual({ accuserName: '李某', accuserContact: '138****0000' });
  });

  it('main path: malice found → decision → each measure executed → review → changed → closed', () => {
    let s = toDeciding();
    expect(s.value).toBe('deciding');
    expect(ctx(s).conclusion).toEqual({ by: 'officer1', role: 'officer', at: T.finding, kind: 'malicious', ...sampleFinding });

    s = h.accept(s, 'DECIDE_MEASURES', committee, sampleDecision, T.decision);
    expect(s.value).toBe('executing');
    expect(ctx(s).decision).toEqual({
      by: 'committee1',
      role: 'committee',
      at: T.decision,
      meetingDate: sampleDecision.meetingDate,
      attendees: sampleDecision.attendees,
      votesFor: 4,
      votesAgainst: 1,
      votesAbstain: 0,
      dissent: sampleDecision.dissent,
      committee: { jurisdiction: 'jinan', version: 1, members: 7, quorum: 4 },
      measures: ['disciplinarySanction', 'circulatedNotice'],
      disciplinaryLevel: 'seriousWarning',
      governmentSanctionLevel: undefined,
      approvingBody: '市纪委常委会',
      reasoning: sampleDecision.reasoning,
    });

    s = h.accept(s, 'RECORD_EXECUTION', officer, exec1, T.exec1);
    expect(s.value).toBe('executing');
    s = h.accept(s, 'RECORD_EXECUTION', officer, exec2, T.exec2);
    expect(s.value).toBe('reviewWindow');
    expect(ctx(s).executions).toEqual([
      { by: 'officer1', role: 'officer', at: T.exec1, ...exec1 },
      { by: 'officer1', role: 'officer', at: T.exec2, ...exec2, documentRef: undefined },
    ]);
    expect(ctx(s).reviewWindow).toEqual({ openedAt: T.exec2 });

    s = h.accept(s, 'REQUEST_REVIEW', accuser, { reason: '处分过重' }, T.request);
    expect(s.value).toBe('reviewing');
    // The accuser's user id is not written outside `sealed`.
    expect(ctx(s).reviewRequest).toEqual({ by: SEALED_ACCUSER, role: 'applicant', at: T.request, reason: '处分过重', onBehalf: false });

    const changed = {
      ...vote,
      outcome: 'changed',
      measures: ['governmentSanction'],
      governmentSanctionLevel: 'demerit',
      reasoning: '改为政务处分',
    };
    s = h.accept(s, 'DECIDE_REVIEW', committee, changed, T.review);
    expect(s.value).toBe('closed');
    expect(s.status).toBe('done');
    expect(ctx(s).reviewDecision).toMatchObject({
      by: 'committee1',
      at: T.review,
      outcome: 'changed',
      newDecision: { measures: ['governmentSanction'], governmentSanctionLevel: 'demerit' },
    });
    expect(ctx(s).closure).toEqual({ cause: 'reviewDecided', at: T.review, by: 'committee1' });
    expectIdentitySealed(ctx(s));
  });

  it('an officer records a written review request; the review upholds', () => {
    let s = h.accept(toReviewWindow(falseAccusationAccuserNotAUser), 'REQUEST_REVIEW', officer, { reason: '书面申请' }, T.request);
    expect(ctx(s).reviewRequest).toMatchObject({ by: 'officer1', onBehalf: true });
    s = h.accept(s, 'DECIDE_REVIEW', committee, { ...vote, outcome: 'upheld', reasoning: '维持' }, T.review);
    expect(s.value).toBe('closed');
    expect(ctx(s).reviewDecision).toMatchObject({ outcome: 'upheld', newDecision: undefined });
  });

  it('no request within the window: expiry closes the case', () => {
    const s = h.accept(toReviewWindow(), 'REVIEW_WINDOW_EXPIRED', system, {}, T.windowEnd);
    expect(s.value).toBe('closed');
    expect(ctx(s).closure).toEqual({ cause: 'reviewWindowExpired', at: T.windowEnd, by: 'system' });
  });

  it('a mistaken report (错告) closes without any measure', () => {
    const data = { reasoning: '不了解全部情况', educationGiven: true, educationNote: '谈话说明' };
    const s = h.accept(h.open(falseAccusationFromClarification), 'CONCLUDE_MISTAKEN', officer, data, T.finding);
    expect(s.value).toBe('closedMistaken');
    expect(s.status).toBe('done');
    expect(ctx(s).conclusion).toEqual({ by: 'officer1', role: 'officer', at: T.finding, kind: 'mistaken', ...data });
    expect(ctx(s).decision).toBeUndefined();
  });

  it('cannot be determined: closes without a false-accusation finding', () => {
    const s = h.accept(h.open(falseAccusationFromClarification), 'CONCLUDE_UNDETERMINED', officer, { reasoning: '无法排除' }, T.finding);
    expect(s.value).toBe('closedUndetermined');
    expect(ctx(s).conclusion).toMatchObject({ kind: 'undetermined', reasoning: '无法排除' });
  });

  it('the committee returns a finding; the officer may then conclude otherwise', () => {
    let s = h.accept(toDeciding(), 'RETURN_FINDING', committee, { reason: '故意证据不足' }, T.decision);
    expect(s.value).toBe('investigating');
    expect(ctx(s).conclusion).toBeUndefined();
    expect(ctx(s).returns).toEqual([
      {
        by: 'committee1',
        role: 'committee',
        at: T.decision,
        reason: '故意证据不足',
        finding: expect.objectContaining({ kind: 'malicious', establishedFacts: sampleFinding.establishedFacts }),
      },
    ]);
    s = h.accept(s, 'CONCLUDE_MISTAKEN', officer, { reasoning: '认识偏差' });
    expect(s.value).toBe('closedMistaken');
  });
});

const guardRefusals: Record<string, () => void> = {
  canReturnFinding: () => {
    let s = toDeciding();
    for (let i = 0; i < 2; i += 1) {
      s = h.accept(s, 'RETURN_FINDING', committee, { reason: `第${i + 1}次退回` }, T.decision);
      s = h.accept(s, 'FIND_MALICIOUS', officer, sampleFinding, T.finding);
    }
    expectRefused(s, 'RETURN_FINDING', committee, { reason: '第3次退回' }, T.decision, 'return.limit');
    expect(h.possible(s, committee)).not.toContain('RETURN_FINDING');
  },
  hasMeasureDetails: () => {
    const s = toDeciding();
    expectRefused(s, 'DECIDE_MEASURES', committee, { ...sampleDecision, disciplinaryLevel: undefined }, T.decision, 'measures.disciplinaryLevel');
    expectRefused(s, 'DECIDE_MEASURES', committee, { ...sampleDecision, disciplinaryLevel: 'banishment' }, T.decision, 'field.value');
    expectRefused(s, 'DECIDE_MEASURES', committee, { ...sampleDecision, measures: ['governmentSanction'] }, T.decision, 'measures.governmentLevel');
    expectRefused(s, 'DECIDE_MEASURES', committee, { ...blacklistDecision, blacklistUntil: undefined }, T.decision, 'measures.blacklistUntil');
    expectRefused(s, 'DECIDE_MEASURES', committee, { ...blacklistDecision, blacklistUntil: '2026-04-20' }, T.decision, 'date.notAfter');
    expectRefused(
      toReviewing(),
      'DECIDE_REVIEW',
      committee,
      {
        ...vote,
        outcome: 'changed',
        measures: ['disciplinarySanction'],
        reasoning: 'x',
      },
      T.review,
      'measures.disciplinaryLevel',
    );
  },
  isValidCollectiveDecision: () => {
    const s = toDeciding();
    expectRefused(s, 'DECIDE_MEASURES', committee, { ...sampleDecision, votesFor: 2, votesAgainst: 3 }, T.decision, 'votes.noMajority', 'dissent.count');
    expectRefused(s, 'DECIDE_MEASURES', committee, { ...sampleDecision, votesAbstain: 1 }, T.decision, 'votes.total');
    expectRefused(s, 'DECIDE_MEASURES', committee, { ...sampleDecision, attendees: [] }, T.decision, 'field.items');
    expectRefused(s, 'DECIDE_MEASURES', committee, { ...sampleDecision, meetingDate: '20 April' }, T.decision, 'field.date');
    expectRefused(s, 'DECIDE_MEASURES', committee, { ...sampleDecision, meetingDate: '2026-04-09' }, T.decision, 'date.beforeStep');
    expectRefused(
      toReviewing(),
      'DECIDE_REVIEW',
      committee,
      { ...vote, votesFor: 1, votesAbstain: 3, outcome: 'upheld', reasoning: 'x' },
      T.review,
      'votes.noMajority',
    );
    expectRefused(
      toReviewing(),
      'DECIDE_REVIEW',
      committee,
      { ...vote, meetingDate: '2026-05-01', outcome: 'upheld', reasoning: 'x' },
      T.review,
      'date.beforeStep',
    );
  },
  listsBlacklist: () => {
    // The blacklist measure enters the accuser on the register, named by the sealed keys, never the values.
    const result = h.send(toDeciding(), 'DECIDE_MEASURES', committee, blacklistDecision, T.decision);
    expect(result.accepted).toBe(true);
    expect(result.effects).toEqual([
      {
        type: 'register',
        params: {
          register: 'creditBlacklist',
          op: 'add',
          entry: {
            decidingBody: '市纪委常委会',
            decidedOn: '2026-04-20',
            measures: ['creditBlacklist', 'circulatedNotice'],
            from: '2026-04-20',
            until: '2027-04-19',
            stage: 'decision',
          },
          sealedPerson: { name: 'accuserName', contact: 'accuserContact', account: 'accuserUserId' },
        },
      },
    ]);
    expect(JSON.stringify(result.effects)).not.toContain('李某');
    expect(h.send(toDeciding(), 'DECIDE_MEASURES', committee, sampleDecision, T.decision).effects).toEqual([]);
  },
  isChanged: () => {
    // A review that changes the measures withdraws the blacklist entry; one that upholds leaves it.
    let s = h.accept(toDeciding(), 'DECIDE_MEASURES', committee, blacklistDecision, T.decision);
    s = h.accept(s, 'RECORD_EXECUTION', officer, { measure: 'creditBlacklist', executedOn: '2026-04-25', detail: '已纳入失信黑名单' }, T.exec1);
    s = h.accept(s, 'RECORD_EXECUTION', officer, exec2, T.exec2);
    s = h.accept(s, 'REQUEST_REVIEW', accuser, { reason: '不服' }, T.request);
    const changed = h.send(
      s,
      'DECIDE_REVIEW',
      committee,
      { ...vote, outcome: 'changed', measures: ['circulatedNotice'], reasoning: '不再纳入黑名单' },
      T.review,
    );
    expect(changed.effects).toEqual([{ type: 'register', params: { register: 'creditBlacklist', op: 'withdraw', entry: { reason: 'reviewChanged' } } }]);
    expect(h.send(s, 'DECIDE_REVIEW', committee, { ...vote, outcome: 'upheld', reasoning: '维持' }, T.review).effects).toEqual([]);
    const shortened = h.send(
      s,
      'DECIDE_REVIEW',
      committee,
      { ...vote, outcome: 'changed', measures: ['creditBlacklist'], blacklistUntil: '2026-12-31', reasoning: '缩短期限' },
      T.review,
    );
    expect(shortened.effects.map((effect) => (effect.params as { op: string }).op)).toEqual(['withdraw', 'add']);
    expect(shortened.effects[1].params).toMatchObject({ entry: { from: '2026-06-01', until: '2026-12-31', decidingBody: '市纪委常委会', stage: 'review' } });
  },
  hasValidTalk: () => {
    const talk = { talkedOn: '2026-04-12', talkedWith: '张明', content: '告知查处进展,消除思想顾虑' };
    const s = h.accept(toDeciding(), 'RECORD_TALK', officer, talk, T.finding.replace('04-10', '04-12'));
    expect(ctx(s).talks).toEqual([{ by: 'officer1', role: 'officer', at: '2026-04-12T02:00:00.000Z', ...talk }]);
    expectRefused(toDeciding(), 'RECORD_TALK', officer, talk, T.finding, 'date.inFuture');
    expectRefused(toDeciding(), 'RECORD_TALK', officer, { ...talk, talkedOn: '2026-02-01' }, T.finding, 'date.beforeStep');
  },
  canRecordExecution: () => {
    const s = toExecuting();
    // Not a decided measure; missing date or detail; a day to come or before the decision.
    expectRefused(s, 'RECORD_EXECUTION', officer, { ...exec1, measure: 'judicialTransfer' }, T.exec1, 'execution.notPending');
    expectRefused(s, 'RECORD_EXECUTION', officer, { ...exec1, executedOn: '2026-04-26' }, T.exec1, 'date.inFuture');
    expectRefused(s, 'RECORD_EXECUTION', officer, { ...exec1, executedOn: '2026-04-19' }, T.exec1, 'date.beforeStep');
    expectRefused(s, 'RECORD_EXECUTION', officer, { ...exec1, executedOn: undefined });
    expectRefused(s, 'RECORD_EXECUTION', officer, { ...exec1, detail: '' });
    // Already recorded.
    const once = h.accept(s, 'RECORD_EXECUTION', officer, exec1, T.exec1);
    expectRefused(once, 'RECORD_EXECUTION', officer, exec1, T.exec2, 'execution.notPending');
  },
  isLastPendingMeasure: () => {
    // Until the last decided measure is recorded the case stays in execution.
    const s = h.accept(toExecuting(), 'RECORD_EXECUTION', officer, exec2, T.exec2);
    expect(s.value).toBe('executing');
    expect(ctx(s).reviewWindow).toBeUndefined();
  },
  canRequestReview: () => {
    const s = toReviewWindow();
    expectRefused(s, 'REQUEST_REVIEW', someoneElse, { reason: 'x' }, T.request, 'review.notSubject');
    expectRefused(s, 'REQUEST_REVIEW', committee, { reason: 'x' }, T.request, 'review.notSubject');
    // No applicant may ask when the accuser is not a user.
    expectRefused(toReviewWindow(falseAccusationAccuserNotAUser), 'REQUEST_REVIEW', accuser, { reason: 'x' }, T.request, 'review.notSubject');
  },
  isWithinReviewWindow: () => {
    const s = toReviewWindow();
    // Opened 2026-04-28 (China time): the month runs to the end of 2026-05-28, China time.
    expectRefused(s, 'REQUEST_REVIEW', accuser, { reason: 'x' }, '2026-05-28T16:00:00.000Z', 'review.windowClosed');
    expect(h.send(s, 'REQUEST_REVIEW', accuser, { reason: 'x' }, '2026-05-28T15:59:59.999Z').accepted).toBe(true);
    expectRefused(s, 'REQUEST_REVIEW', officer, { reason: 'x' }, '2026-06-15T08:00:00.000Z');
    expect(h.send(s, 'REQUEST_REVIEW', accuser, { reason: 'x' }, T.windowEnd).accepted).toBe(true);
    // A jurisdiction that gives two months: the engine passes the length in force with the event.
    const week7 = { type: 'REQUEST_REVIEW', actor: accuser, data: { reason: 'x' }, at: '2026-06-15T08:00:00.000Z' };
    expect(applyEvent(falseAccusationV1, s, week7).accepted).toBe(false);
    expect(applyEvent(falseAccusationV1, s, { ...week7, limits: { 'falseAccusation.reviewRequest': { length: 2, unit: 'months' } } }).accepted).toBe(true);
  },
  hasReviewOutcome: () => {
    const s = toReviewing();
    expectRefused(s, 'DECIDE_REVIEW', committee, { ...vote, reasoning: 'x' }, T.review, 'field.required');
    expectRefused(s, 'DECIDE_REVIEW', committee, { ...vote, outcome: 'changed', reasoning: 'x' }, T.review, 'review.changedWithoutMeasures');
    expectRefused(
      s,
      'DECIDE_REVIEW',
      committee,
      { ...vote, outcome: 'upheld', measures: ['circulatedNotice'], reasoning: 'x' },
      T.review,
      'review.upheldWithMeasures',
    );
  },
};

/**
 * Refusals the payload's schema makes (the procedure's fields file): the runtime checks every
 * payload against its field specs before the machine sees it, so no guard repeats these checks.
 */
const schemaRefusals: Record<string, () => void> = {
  hasReasoning: () => {
    const s = h.open(falseAccusationFromClarification);
    expectRefused(s, 'CONCLUDE_MISTAKEN', officer, { educationGiven: true });
    expectRefused(s, 'CONCLUDE_UNDETERMINED', officer, { reasoning: ' ' });
    expectRefused(toDeciding(), 'DECIDE_MEASURES', committee, { ...sampleDecision, reasoning: '' });
    expectRefused(toReviewing(), 'DECIDE_REVIEW', committee, { ...vote, outcome: 'upheld' });
  },
  hasEstablishedFacts: () => {
    const s = h.open(falseAccusationFromClarification);
    expectRefused(s, 'FIND_MALICIOUS', officer, { ...sampleFinding, establishedFacts: '' });
    expectRefused(s, 'FIND_MALICIOUS', officer, { ...sampleFinding, fabrication: [] });
    expectRefused(s, 'FIND_MALICIOUS', officer, { ...sampleFinding, fabrication: ['rumour'] });
  },
  hasIntentEvidence: () => {
    const s = h.open(falseAccusationFromClarification);
    expectRefused(s, 'FIND_MALICIOUS', officer, { ...sampleFinding, intentEvidence: [] });
    expectRefused(s, 'FIND_MALICIOUS', officer, { ...sampleFinding, intentEvidence: [''] });
  },
  hasReason: () => {
    expectRefused(toDeciding(), 'RETURN_FINDING', committee, {});
    expectRefused(toReviewWindow(), 'REQUEST_REVIEW', accuser, { reason: '' }, T.request);
  },
  hasMeasures: () => {
    const s = toDeciding();
    expectRefused(s, 'DECIDE_MEASURES', committee, { ...sampleDecision, measures: [] });
    expectRefused(s, 'DECIDE_MEASURES', committee, { ...sampleDecision, measures: ['exile'] });
    expectRefused(s, 'DECIDE_MEASURES', committee, { ...sampleDecision, measures: ['circulatedNotice', 'circulatedNotice'] });
  },
  hasApprovingBody: () => {
    expectRefused(toDeciding(), 'DECIDE_MEASURES', committee, { ...sampleDecision, approvingBody: '' });
  },
};

describe('false-accusation machine — guards', () => {
  for (const [guard, check] of Object.entries(guardRefusals)) it(`${guard} refuses`, check);

  for (const [rule, check] of Object.entries(schemaRefusals)) it(`the payload schema refuses what ${rule} used to check`, check);

  it('every guard of the machine has a refusal test', () => {
    const guards = Object.keys(falseAccusationV1.machine.implementations.guards);
    expect(Object.keys(guardRefusals).sort()).toEqual(guards.sort());
  });

  it('an event the state does not take is refused', () => {
    expectRefused(h.open(falseAccusationFromClarification), 'DECIDE_MEASURES', committee, sampleDecision);
  });
});

describe('false-accusation definition — tables', () => {
  const stateNodes = falseAccusationV1.machine.root.states;

  it('every event the machine handles has a spec, and every spec an event', () => {
    const handled = new Set(Object.values(stateNodes).flatMap((node) => [...node.ownEvents]));
    expect([...handled].sort()).toEqual(Object.keys(falseAccusationV1.events).sort());
  });

  it('every state has a spec with labels, and final states have no turn', () => {
    expect(Object.keys(stateNodes).sort()).toEqual(Object.keys(falseAccusationV1.states).sort());
    for (const [name, node] of Object.entries(stateNodes)) {
      const spec = falseAccusationV1.states[name];
      expect(spec.label.zh).not.toBe('');
      expect(spec.label.en).not.toBe('');
      expect(spec.phase).toBeLessThan(falseAccusationV1.phases.length);
      if (node.type === 'final') expect(spec.turn).toEqual([]);
      else expect(spec.turn.length).toBeGreaterThan(0);
    }
  });

  it('expiry events are system-only and taken in their state', () => {
    for (const [name, spec] of Object.entries(falseAccusationV1.states)) {
      const expiry = spec.deadline?.onExpiry;
      if (!expiry) continue;
      expect(falseAccusationV1.events[expiry].roles).toEqual(['system']);
      expect([...stateNodes[name].ownEvents]).toContain(expiry);
    }
  });

  it('only another case opens it; the review request is open to the accuser and an officer', () => {
    expect(falseAccusationV1.creation.roles).toEqual(['system']);
    expect(falseAccusationV1.events.REQUEST_REVIEW.roles).toEqual(['applicant', 'officer']);
    expect(falseAccusationV1.id).toBe('falseAccusation');
    expect(falseAccusationV1.version).toBe(1);
  });
});
