import { exploreGraph, MachineHarness } from '../../test/support/machine-harness';
import type { Actor, FieldSpec, StoredSnapshot, TransitionResult } from '../core';
import { clarificationV1 } from './clarification.definition';
import type { ClarificationContext } from './clarification.model';
import { anonymousLead, clarificationSamples, SAMPLE_POINTS, signedLead, signedLeadWithoutIdentity } from './clarification.samples';

const definition = clarificationV1;
const harness = new MachineHarness(definition);

const officer: Actor = { id: 'officer1', role: 'officer' };
const otherOfficer: Actor = { id: 'officer2', role: 'officer' };
const leader: Actor = { id: 'leader1', role: 'leader', principal: true };
/** A deputy (分管领导): a leader, not the principal one. */
const deputy: Actor = { id: 'leader2', role: 'leader' };
const otherApplicant: Actor = { id: 'applicant2', role: 'applicant' };

/** Which sample of `CONCLUDE_VERIFICATION` takes which branch (see clarification.samples.ts). */
const CONCLUSION = { untrueHarmful: 0, partlyTrueMalice: 1, untrueHarmless: 2, unverifiable: 3, true: 4 } as const;

interface SendOptions {
  variant?: number;
  data?: Record<string, unknown>;
  actor?: Actor;
  at?: string;
}

function sample(type: string, variant = 0) {
  const found = clarificationSamples.events[type]?.[variant];
  if (!found) throw new Error(`no sample ${type}[${variant}]`);
  return found;
}

/** Sends a sample event, with the payload, actor or time changed where a test says so. */
function send(snapshot: StoredSnapshot, type: string, options: SendOptions = {}): TransitionResult {
  const base = sample(type, options.variant);
  return harness.send(snapshot, type, options.actor ?? base.actor, { ...base.data, ...options.data }, options.at ?? base.at);
}

function accept(snapshot: StoredSnapshot, type: string, options: SendOptions = {}): StoredSnapshot {
  const result = send(snapshot, type, options);
  if (!result.accepted) throw new Error(`${type} was refused in state ${snapshot.value}`);
  return result.snapshot;
}

/** A refused event changes nothing and names why, in both languages (`codes` among the conditions). */
function expectRefused(snapshot: StoredSnapshot, type: string, options: SendOptions = {}, ...codes: string[]) {
  const result = send(snapshot, type, options);
  expect(result.accepted).toBe(false);
  expect(result.snapshot).toBe(snapshot);
  expect(result.effects).toEqual([]);
  const base = sample(type, options.variant);
  const conditions = harness.refusal(snapshot, type, options.actor ?? base.actor, { ...base.data, ...options.data }, options.at ?? base.at);
  expect(conditions.length).toBeGreaterThan(0);
  conditions.forEach((condition) => expect(condition.zh && condition.en).toBeTruthy());
  expect(conditions.map((condition) => condition.code)).toEqual(expect.arrayContaining(codes));
  return conditions;
}

const ctx = (snapshot: StoredSnapshot) => snapshot.context as unknown as ClarificationContext;

/** Stored as JSON and restored, as the engine does between requests. */
const roundTrip = (snapshot: StoredSnapshot): StoredSnapshot => JSON.parse(JSON.stringify(snapshot)) as StoredSnapshot;

// Paths used by several tests.
const signedVerifying = () => accept(harness.open(signedLead), 'NOTIFY_ACCEPTANCE');
const anonymousVerifying = () => harness.open(anonymousLead);
const toStart = (open = signedVerifying, variant: number = CONCLUSION.untrueHarmful) => accept(open(), 'CONCLUDE_VERIFICATION', { variant });
const toConsent = (open = signedVerifying) => accept(toStart(open), 'CONSULT_CADRE');
const toPlanning = (open = signedVerifying, variant: number = CONCLUSION.untrueHarmful) =>
  accept(accept(toStart(open, variant), 'CONSULT_CADRE'), 'ACCEPT_CLARIFICATION');
const toApproval = (open = signedVerifying) => accept(toPlanning(open), 'SUBMIT_PLAN');
const toClarifying = (open = signedVerifying) => accept(toApproval(open), 'APPROVE_PLAN');
const toConsequences = (open = signedVerifying) => accept(toClarifying(open), 'RECORD_CLARIFICATION');
const toFollowUp = (open = signedVerifying) => accept(toConsequences(open), 'RECORD_CONSEQUENCES');

describe('clarification (澄清正名) machine', () => {
  describe('graph', () => {
    it('reaches every state in the table and every final state from the samples', () => {
      const reached = exploreGraph(definition, clarificationSamples);
      expect([...reached.keys()].sort()).toEqual(Object.keys(definition.states).sort());
      for (const final of ['transferred', 'closedWithoutClarification', 'closedDeclined', 'closed']) {
        expect(reached.get(final)?.snapshot.status).toBe('done');
      }
    });
  });

  describe('main path: signed report, untrue and harmful, consulted, clarified', () => {
    it('records every step with who and when', () => {
      let snapshot = harness.open(signedLead);
      expect(snapshot.value).toBe('awaitingAcceptanceNotice');
      expect(ctx(snapshot).parties).toEqual({ cadreId: 'applicant1', unitId: 'unit-jinan-dev', accuserUserId: 'applicant2' });
      expect(ctx(snapshot).lead).toEqual({
        by: 'officer1',
        at: signedLead.at,
        summary: signedLead.data.summary,
        channel: 'letter',
        receivedOn: '2026-02-27',
        signed: true,
      });

      snapshot = accept(snapshot, 'NOTIFY_ACCEPTANCE');
      expect(snapshot.value).toBe('verifying');
      expect(ctx(snapshot).acceptanceNotice).toEqual({
        by: 'officer1',
        at: '2026-03-05T02:00:00.000Z',
        notifiedOn: '2026-03-05',
        method: 'phone',
      });

      snapshot = roundTrip(accept(snapshot, 'CONCLUDE_VERIFICATION', { variant: CONCLUSION.untrueHarmful }));
      expect(snapshot.value).toBe('awaitingStart');
      expect(ctx(snapshot).verification).toMatchObject({
        by: 'officer1',
        at: '2026-04-20T02:00:00.000Z',
        method: 'preliminaryVerification',
        conclusion: 'untrue',
        untruePoints: [SAMPLE_POINTS.tendering, SAMPLE_POINTS.gifts],
        truePoints: [],
        harmful: true,
      });
      expect(ctx(snapshot).outcome).toBeUndefined();

      snapshot = accept(snapshot, 'CONSULT_CADRE');
      expect(snapshot.value).toBe('awaitingConsent');
      expect(ctx(snapshot).start).toMatchObject({ kind: 'proposal', by: 'officer1', proposedMethod: 'meeting' });

      snapshot = accept(snapshot, 'ACCEPT_CLARIFICATION');
      expect(snapshot.value).toBe('planning');
      expect(ctx(snapshot).consent).toEqual({
        by: 'applicant1',
        at: '2026-04-27T02:00:00.000Z',
        answer: 'accepted',
        opinion: '同意在单位干部大会上澄清。',
      });

      snapshot = accept(snapshot, 'SUBMIT_PLAN');
      expect(snapshot.value).toBe('awaitingPlanApproval');
      snapshot = accept(snapshot, 'RETURN_PLAN');
      expect(snapshot.value).toBe('planning');
      expect(ctx(snapshot).planReturns).toEqual([{ by: 'leader1', at: '2026-05-12T02:00:00.000Z', reason: sample('RETURN_PLAN').data.reason }]);
      snapshot = accept(snapshot, 'SUBMIT_PLAN', { data: { scope: '开发区管委会全体干部及区直有关部门' } });
      expect(ctx(snapshot).plans).toHaveLength(2);
      expect(ctx(snapshot).plans[1]).toMatchObject({
        by: 'officer1',
        method: 'meeting',
        withWrittenClarification: true,
        rally: false,
        scope: '开发区管委会全体干部及区直有关部门',
        points: [SAMPLE_POINTS.tendering],
      });

      snapshot = roundTrip(accept(snapshot, 'APPROVE_PLAN'));
      expect(snapshot.value).toBe('clarifying');
      expect(ctx(snapshot).planApproval).toEqual({ by: 'leader1', at: '2026-05-12T02:00:00.000Z', opinion: '同意。' });

      snapshot = accept(snapshot, 'RECORD_CLARIFICATION');
      expect(snapshot.value).toBe('undoingConsequences');
      expect(ctx(snapshot).clarification).toMatchObject({ by: 'officer1', clarifiedOn: '2026-05-20', audience: expect.any(String) });

      snapshot = accept(snapshot, 'RECORD_CONSEQUENCES');
      expect(snapshot.value).toBe('followingUp');
      expect(ctx(snapshot).consequences).toEqual({
        by: 'officer1',
        at: '2026-05-25T02:00:00.000Z',
        hadConsequences: true,
        items: [
          {
            kind: 'lostOpportunity',
            description: '因被举报，年度考核评优被暂缓。',
            correction: '建议恢复其年度考核评优资格。',
            status: 'recommended',
            competentBody: '区委组织部',
          },
        ],
      });

      snapshot = accept(snapshot, 'RECORD_FOLLOW_UP');
      expect(snapshot.value).toBe('notifyingResult');
      expect(snapshot.status).toBe('active');
      expect(ctx(snapshot).followUp).toMatchObject({ by: 'officer1', form: 'talk', visitedOn: '2026-08-10' });
      expect(ctx(snapshot).outcome).toEqual({ by: 'officer1', at: '2026-08-10T02:00:00.000Z', result: 'closed', reason: 'clarified' });

      snapshot = accept(snapshot, 'NOTIFY_RESULT');
      expect(snapshot.value).toBe('closed');
      expect(snapshot.status).toBe('done');
      expect(ctx(snapshot).resultNotice).toEqual({
        by: 'officer1',
        at: '2026-08-12T02:00:00.000Z',
        notifiedOn: '2026-08-12',
        method: 'inWriting',
      });
    });

    it('records that the untrue report had no wrong consequences', () => {
      const snapshot = accept(toConsequences(), 'RECORD_CONSEQUENCES', { data: { hadConsequences: false, items: [] } });
      expect(snapshot.value).toBe('followingUp');
      expect(ctx(snapshot).consequences).toMatchObject({ hadConsequences: false, items: [] });
    });
  });

  describe('branches', () => {
    it('anonymous report: no acceptance notice, verification at once, closes without a result notice', () => {
      let snapshot = anonymousVerifying();
      expect(snapshot.value).toBe('verifying');
      expect(ctx(snapshot).lead.signed).toBe(false);
      expect(ctx(snapshot).sealed).toEqual({});
      snapshot = accept(snapshot, 'CONCLUDE_VERIFICATION');
      snapshot = accept(snapshot, 'APPLY_FOR_CLARIFICATION');
      snapshot = accept(accept(accept(snapshot, 'SUBMIT_PLAN'), 'APPROVE_PLAN'), 'RECORD_CLARIFICATION');
      snapshot = accept(accept(snapshot, 'RECORD_CONSEQUENCES'), 'RECORD_FOLLOW_UP');
      expect(snapshot.value).toBe('closed');
      expect(snapshot.status).toBe('done');
      expect(ctx(snapshot).resultNotice).toBeUndefined();
    });

    it('the cadre’s own written application starts the clarification without a consultation', () => {
      const snapshot = accept(toStart(), 'APPLY_FOR_CLARIFICATION');
      expect(snapshot.value).toBe('planning');
      expect(ctx(snapshot).start).toEqual({
        by: 'applicant1',
        at: '2026-04-22T02:00:00.000Z',
        kind: 'application',
        application: sample('APPLY_FOR_CLARIFICATION').data.application,
      });
      expect(ctx(snapshot).consent).toBeUndefined();
    });

    it('属实: a signed reporter is told of the result before the case closes as transferred; an anonymous one closes at once', () => {
      let snapshot = accept(signedVerifying(), 'CONCLUDE_VERIFICATION', { variant: CONCLUSION.true });
      expect(snapshot.value).toBe('notifyingResult');
      expect(ctx(snapshot).outcome).toMatchObject({ result: 'transferred', reason: 'true', by: 'officer1' });
      expect(ctx(snapshot).verification).toMatchObject({ conclusion: 'true', untruePoints: [] });
      // The parties see it as the anonymous report's state: transferred, done.
      expect(definition.states.notifyingResult.partyView?.(ctx(snapshot))).toEqual({ state: 'transferred', done: true });
      expect(harness.possible(snapshot, officer)).toEqual(['NOTIFY_RESULT']);
      snapshot = accept(snapshot, 'NOTIFY_RESULT');
      expect(snapshot.value).toBe('transferred');
      expect(snapshot.status).toBe('done');
      expect(ctx(snapshot).resultNotice).toMatchObject({ by: 'officer1', notifiedOn: '2026-08-12', method: 'inWriting' });

      const anonymous = accept(anonymousVerifying(), 'CONCLUDE_VERIFICATION', { variant: CONCLUSION.true });
      expect(anonymous.value).toBe('transferred');
      expect(anonymous.status).toBe('done');
    });

    it('无法查实: closed without clarification, after the result notice for a signed report', () => {
      let snapshot = accept(signedVerifying(), 'CONCLUDE_VERIFICATION', { variant: CONCLUSION.unverifiable });
      expect(snapshot.value).toBe('notifyingResult');
      expect(ctx(snapshot).outcome).toMatchObject({ result: 'closedWithoutClarification', reason: 'unverifiable' });
      snapshot = accept(snapshot, 'NOTIFY_RESULT');
      expect(snapshot.value).toBe('closedWithoutClarification');
      expect(snapshot.status).toBe('done');

      const anonymous = accept(anonymousVerifying(), 'CONCLUDE_VERIFICATION', { variant: CONCLUSION.unverifiable });
      expect(anonymous.value).toBe('closedWithoutClarification');
    });

    it('失实 without bad effect: clarification is not done', () => {
      const snapshot = accept(anonymousVerifying(), 'CONCLUDE_VERIFICATION', { variant: CONCLUSION.untrueHarmless });
      expect(snapshot.value).toBe('closedWithoutClarification');
      expect(ctx(snapshot).outcome).toMatchObject({ result: 'closedWithoutClarification', reason: 'noHarm' });
      expect(ctx(snapshot).verification).toMatchObject({ method: 'talkAndLetter', harmful: false });
    });

    it('the cadre declines public clarification: closed, recorded as declined', () => {
      let snapshot = accept(toConsent(), 'DECLINE_CLARIFICATION');
      expect(snapshot.value).toBe('notifyingResult');
      expect(ctx(snapshot).consent).toMatchObject({ answer: 'declined', by: 'applicant1' });
      expect(ctx(snapshot).outcome).toMatchObject({ result: 'closedDeclined', reason: 'declined' });
      snapshot = accept(snapshot, 'NOTIFY_RESULT');
      expect(snapshot.value).toBe('closedDeclined');
      expect(snapshot.status).toBe('done');
    });

    it('no answer in 10 working days counts as declined (system expiry)', () => {
      const snapshot = accept(toConsent(anonymousVerifying), 'CONSENT_EXPIRED');
      expect(snapshot.value).toBe('closedDeclined');
      expect(ctx(snapshot).consent).toEqual({ by: 'system', at: '2026-05-07T02:00:00.000Z', answer: 'deemedDeclined' });
      expect(ctx(snapshot).outcome).toMatchObject({ result: 'closedDeclined', reason: 'deemedDeclined' });
    });

    it('部分属实 with suspected malice: records the true points and opens the false-accusation case at once', () => {
      const result = send(signedVerifying(), 'CONCLUDE_VERIFICATION', { variant: CONCLUSION.partlyTrueMalice });
      expect(result.accepted).toBe(true);
      expect(result.snapshot.value).toBe('awaitingStart');
      expect(ctx(result.snapshot).verification).toMatchObject({
        conclusion: 'partlyTrue',
        untruePoints: [SAMPLE_POINTS.tendering],
        truePoints: [SAMPLE_POINTS.hospitality],
      });
      expect(ctx(result.snapshot).falseAccusationReferral).toEqual({
        by: 'officer1',
        at: '2026-04-20T02:00:00.000Z',
        grounds: sample('CONCLUDE_VERIFICATION', CONCLUSION.partlyTrueMalice).data.maliceGrounds,
        stage: 'verifying',
      });
      expect(result.effects).toEqual([
        {
          type: 'openCase',
          params: {
            procedure: 'falseAccusation',
            relation: 'falseAccusationFrom',
            data: { cadreId: 'applicant1', unitId: 'unit-jinan-dev', summary: signedLead.data.summary, conclusion: 'partlyTrue' },
            sealed: { accuserName: '王某某', accuserContact: '138-0000-0000', accuserUserId: 'applicant2' },
          },
        },
      ]);
    });

    it('suspected malice at a later step opens the linked false-accusation case, staying in the step', () => {
      const before = toClarifying();
      const result = send(before, 'OPEN_FALSE_ACCUSATION_CASE');
      expect(result.accepted).toBe(true);
      expect(result.snapshot.value).toBe('clarifying');
      expect(ctx(result.snapshot).falseAccusationReferral).toMatchObject({ by: 'officer1', stage: 'clarifying' });
      expect(result.effects).toHaveLength(1);
      expect(result.effects[0]).toMatchObject({
        type: 'openCase',
        params: { procedure: 'falseAccusation', relation: 'falseAccusationFrom', data: { conclusion: 'untrue' } },
      });
    });

    it('a plan with a 澄清正名大会 is a meeting with a written clarification', () => {
      const snapshot = accept(toPlanning(), 'SUBMIT_PLAN', { data: { method: 'meeting', rally: true, withWrittenClarification: true } });
      expect(ctx(snapshot).plans[0]).toMatchObject({ method: 'meeting', rally: true, withWrittenClarification: true });
      const written = accept(toPlanning(), 'SUBMIT_PLAN', { data: { method: 'written', withWrittenClarification: undefined, rally: undefined } });
      expect(ctx(written).plans[0]).toMatchObject({ method: 'written', rally: false, withWrittenClarification: true });
    });

    it('a signed report registered without the reporter’s identity gets it completed before the notice', () => {
      let snapshot = harness.open(signedLeadWithoutIdentity);
      expect(snapshot.value).toBe('awaitingAcceptanceNotice');
      snapshot = accept(snapshot, 'RECORD_REPORTER_IDENTITY', { data: { reporterUserId: 'reporter1' } });
      expect(snapshot.value).toBe('awaitingAcceptanceNotice');
      expect(ctx(snapshot).sealed).toEqual({ reporterName: '王某某', reporterContact: '138-0000-0000', reporterUserId: 'reporter1' });
      expect(ctx(snapshot).parties.accuserUserId).toBe('reporter1');
      expect(ctx(snapshot).identityAmendments).toEqual([{ by: 'officer1', at: '2026-03-03T02:00:00.000Z' }]);
      expect(accept(snapshot, 'NOTIFY_ACCEPTANCE').value).toBe('verifying');
    });
  });

  describe('guards refuse, leaving the snapshot unchanged', () => {
    it('hasReporterIdentity: no notice to a signed reporter whose identity is not on file', () => {
      expectRefused(harness.open(signedLeadWithoutIdentity), 'NOTIFY_ACCEPTANCE', {}, 'reporter.identityMissing');
    });

    it('hasIdentityData: completing the identity needs a name and a contact', () => {
      expectRefused(harness.open(signedLeadWithoutIdentity), 'RECORD_REPORTER_IDENTITY', { data: { reporterContact: '' } });
    });

    it('not(hasReporterIdentity): an identity already on file is not overwritten', () => {
      expectRefused(harness.open(signedLead), 'RECORD_REPORTER_IDENTITY', { data: { reporterName: '李某' } }, 'reporter.identityComplete');
    });

    it('hasNoticeRecord: the notice needs a past date and a known method', () => {
      const snapshot = harness.open(signedLead);
      expectRefused(snapshot, 'NOTIFY_ACCEPTANCE', { data: { notifiedOn: '2026-03-20' } }, 'date.inFuture');
      expectRefused(snapshot, 'NOTIFY_ACCEPTANCE', { data: { notifiedOn: '2026-02-26' } }, 'date.beforeStep');
      expectRefused(snapshot, 'NOTIFY_ACCEPTANCE', { data: { method: 'carrierPigeon' } });
      expectRefused(accept(signedVerifying(), 'CONCLUDE_VERIFICATION', { variant: CONCLUSION.unverifiable }), 'NOTIFY_RESULT', {
        data: { notifiedOn: 'someday' },
      });
    });

    it('hasConclusionRecord: a conclusion needs a known method and conclusion, and the findings', () => {
      const snapshot = signedVerifying();
      expectRefused(snapshot, 'CONCLUDE_VERIFICATION', { data: { findings: ' ' } });
      expectRefused(snapshot, 'CONCLUDE_VERIFICATION', { data: { method: 'rumour' } });
      expectRefused(snapshot, 'CONCLUDE_VERIFICATION', { data: { conclusion: 'mostlyTrue' } });
    });

    it('hasUntruePoints: 部分属实 and 失实 name the points found untrue', () => {
      expectRefused(signedVerifying(), 'CONCLUDE_VERIFICATION', { data: { untruePoints: [] } }, 'conclusion.untruePoints');
      expectRefused(signedVerifying(), 'CONCLUDE_VERIFICATION', { variant: CONCLUSION.partlyTrueMalice, data: { untruePoints: undefined } });
    });

    it('hasHarmAssessment: 部分属实 and 失实 record whether the report did harm', () => {
      expectRefused(signedVerifying(), 'CONCLUDE_VERIFICATION', { data: { harmful: undefined } }, 'conclusion.harm');
    });

    it('canReferAtConclusion: no false-accusation case from a true or unverifiable report, nor without grounds', () => {
      const snapshot = signedVerifying();
      const malice = { suspectedMalice: true, maliceGrounds: '捏造事实' };
      expectRefused(snapshot, 'CONCLUDE_VERIFICATION', { variant: CONCLUSION.true, data: malice }, 'malice.notUntrue');
      expectRefused(snapshot, 'CONCLUDE_VERIFICATION', { variant: CONCLUSION.unverifiable, data: malice }, 'malice.notUntrue');
      expectRefused(snapshot, 'CONCLUDE_VERIFICATION', { variant: CONCLUSION.partlyTrueMalice, data: { maliceGrounds: '' } }, 'malice.grounds');
      expectRefused(snapshot, 'CONCLUDE_VERIFICATION', { variant: CONCLUSION.partlyTrueMalice, data: { maliceGrounds: undefined } }, 'malice.grounds');
    });

    it('isReporterKnown (at the conclusion): no false-accusation case against an unknown anonymous reporter', () => {
      expectRefused(anonymousVerifying(), 'CONCLUDE_VERIFICATION', { variant: CONCLUSION.partlyTrueMalice }, 'malice.reporterUnknown');
    });

    it('isCadreConcerned: only the cadre concerned applies, accepts or declines', () => {
      expectRefused(toStart(), 'APPLY_FOR_CLARIFICATION', { actor: otherApplicant }, 'party.notCadre');
      const consulting = toConsent();
      expectRefused(consulting, 'ACCEPT_CLARIFICATION', { actor: otherApplicant });
      expectRefused(consulting, 'DECLINE_CLARIFICATION', { actor: otherApplicant });
    });

    it('hasProposal: the consultation states the proposal', () => {
      expectRefused(toStart(), 'CONSULT_CADRE', { data: { proposal: '' } });
    });

    it('hasApplication: the cadre’s application is in writing', () => {
      expectRefused(toStart(), 'APPLY_FOR_CLARIFICATION', { data: { application: '   ' } });
    });

    it('hasPlanDetails: the plan has a known method and a scope', () => {
      const snapshot = toPlanning();
      expectRefused(snapshot, 'SUBMIT_PLAN', { data: { scope: '' } });
      expectRefused(snapshot, 'SUBMIT_PLAN', { data: { method: 'billboard' } });
    });

    it('hasWrittenAccompaniment: in-person, meeting and notice clarifications come with a written one', () => {
      const snapshot = toPlanning();
      for (const method of ['inPerson', 'meeting', 'notice']) {
        expectRefused(snapshot, 'SUBMIT_PLAN', { data: { method, withWrittenClarification: false } }, 'plan.writtenAccompaniment');
      }
      expect(accept(snapshot, 'SUBMIT_PLAN', { data: { method: 'notice', withWrittenClarification: true } }).value).toBe('awaitingPlanApproval');
    });

    it('isLimitedToUntruePoints: only points found untrue are clarified', () => {
      const partlyTrue = toPlanning(signedVerifying, CONCLUSION.partlyTrueMalice);
      const [notUntrue] = expectRefused(partlyTrue, 'SUBMIT_PLAN', { data: { points: [SAMPLE_POINTS.hospitality] } }, 'plan.pointsNotUntrue');
      expect(notUntrue.zh).toBe(`只澄清核查认定失实的问题，「${SAMPLE_POINTS.hospitality}」不在其列`);
      expectRefused(partlyTrue, 'SUBMIT_PLAN', { data: { points: [SAMPLE_POINTS.tendering, SAMPLE_POINTS.gifts] } });
      expectRefused(partlyTrue, 'SUBMIT_PLAN', { data: { points: [] } });
      expectRefused(toPlanning(), 'SUBMIT_PLAN', { data: { points: ['对该同志的全面评价'] } });
    });

    it('hasReason: a plan is returned with reasons', () => {
      expectRefused(toApproval(), 'RETURN_PLAN', { data: { reason: '' } });
    });

    it('hasClarificationRecord: the clarification records its date, audience and the written text', () => {
      const snapshot = toClarifying();
      expectRefused(snapshot, 'RECORD_CLARIFICATION', { data: { writtenClarification: '' } });
      expectRefused(snapshot, 'RECORD_CLARIFICATION', { data: { audience: '' } });
      expectRefused(snapshot, 'RECORD_CLARIFICATION', { data: { clarifiedOn: '2026-06-30' } }, 'date.inFuture');
      expectRefused(snapshot, 'RECORD_CLARIFICATION', { data: { clarifiedOn: '2026-05-11' } }, 'date.beforeStep');
    });

    it('hasConsequenceRecord: each wrong consequence records its correction (art. 51)', () => {
      const snapshot = toConsequences();
      const item = sample('RECORD_CONSEQUENCES').data.items as Array<Record<string, unknown>>;
      expectRefused(snapshot, 'RECORD_CONSEQUENCES', { data: { hadConsequences: true, items: [] } }, 'consequences.missing');
      expectRefused(snapshot, 'RECORD_CONSEQUENCES', { data: { items: [{ ...item[0], competentBody: undefined }] } }, 'consequences.competentBody');
      expectRefused(snapshot, 'RECORD_CONSEQUENCES', { data: { items: [{ ...item[0], correction: '' }] } });
      expectRefused(snapshot, 'RECORD_CONSEQUENCES', { data: { hadConsequences: false } }, 'consequences.notExpected');
      expectRefused(snapshot, 'RECORD_CONSEQUENCES', { data: { hadConsequences: undefined, items: [] } });
    });

    it('hasFollowUpRecord: the follow-up records its date, form and what was found', () => {
      const snapshot = toFollowUp();
      expectRefused(snapshot, 'RECORD_FOLLOW_UP', { data: { findings: '' } });
      expectRefused(snapshot, 'RECORD_FOLLOW_UP', { data: { form: 'email' } });
      expectRefused(snapshot, 'RECORD_FOLLOW_UP', { data: { visitedOn: '2026-05-19' } }, 'date.beforeStep');
      expectRefused(snapshot, 'RECORD_FOLLOW_UP', { data: { visitedOn: '2026-08-11' } }, 'date.inFuture');
    });

    it('isConclusionUntrue: no false-accusation case after an unverifiable conclusion', () => {
      const snapshot = accept(signedVerifying(), 'CONCLUDE_VERIFICATION', { variant: CONCLUSION.unverifiable });
      expect(snapshot.value).toBe('notifyingResult');
      expectRefused(snapshot, 'OPEN_FALSE_ACCUSATION_CASE', {}, 'referral.notUntrue');
      // Not offered either: no 「移送诬告陷害查处」 after 无法查实.
      expect(harness.possible(snapshot, officer)).not.toContain('OPEN_FALSE_ACCUSATION_CASE');
      expect(harness.possible(toStart(), officer)).toContain('OPEN_FALSE_ACCUSATION_CASE');
    });

    it('hasNoFalseAccusationCase: the linked case is opened only once', () => {
      const opened = accept(toStart(signedVerifying, CONCLUSION.partlyTrueMalice), 'CONSULT_CADRE');
      expectRefused(opened, 'OPEN_FALSE_ACCUSATION_CASE', {}, 'referral.already');
      const later = accept(toApproval(), 'OPEN_FALSE_ACCUSATION_CASE');
      expectRefused(accept(later, 'APPROVE_PLAN'), 'OPEN_FALSE_ACCUSATION_CASE', { actor: otherOfficer });
    });

    it('isReporterKnown: an anonymous reporter cannot be handed on as the accuser', () => {
      expectRefused(toStart(anonymousVerifying), 'OPEN_FALSE_ACCUSATION_CASE', {}, 'referral.reporterUnknown');
    });

    it('hasMaliceGrounds: the referral states why malice is suspected', () => {
      expectRefused(toFollowUp(), 'OPEN_FALSE_ACCUSATION_CASE', { data: { grounds: '' } });
    });

    it('routing guards (isAnonymousReport, isConcluded…, isHarmful, isMaliceSuspected, isSettled…) take their branches', () => {
      // Covered by the branch tests above; here: events the current step does not take are refused.
      expectRefused(harness.open(signedLead), 'CONCLUDE_VERIFICATION');
      expectRefused(toStart(), 'APPROVE_PLAN', { actor: leader }, 'state.eventNotTaken');
      expectRefused(toApproval(), 'RECORD_CLARIFICATION', { actor: officer }, 'state.eventNotTaken');
    });

    it('isClarifier: 谁核实谁澄清 — only the officer who verified carries out the clarification', () => {
      const [condition] = expectRefused(toStart(), 'CONSULT_CADRE', { actor: otherOfficer }, 'clarifier.notVerifier');
      expect(condition.zh).toBe('谁核实谁澄清：澄清须由核实本案的承办人（officer1）办理，或经领导书面移交');
      expectRefused(toPlanning(), 'SUBMIT_PLAN', { actor: otherOfficer }, 'clarifier.notVerifier');
      expectRefused(toClarifying(), 'RECORD_CLARIFICATION', { actor: otherOfficer }, 'clarifier.notVerifier');
      expectRefused(toConsequences(), 'RECORD_CONSEQUENCES', { actor: otherOfficer }, 'clarifier.notVerifier');
      expectRefused(toFollowUp(), 'RECORD_FOLLOW_UP', { actor: otherOfficer }, 'clarifier.notVerifier');
      expect(harness.possible(toPlanning(), otherOfficer)).not.toContain('SUBMIT_PLAN');
      expect(harness.possible(toPlanning(), officer)).toContain('SUBMIT_PLAN');
    });

    it('isNewClarifier: a documented handover with a reason is the only exception', () => {
      const handed = accept(toPlanning(), 'HAND_OVER_CLARIFICATION');
      expect(ctx(handed).handovers).toEqual([
        { by: 'leader1', at: '2026-04-21T02:00:00.000Z', toOfficer: 'officer2', reason: '原承办人借调省纪委，澄清工作移交同组承办人' },
      ]);
      expect(accept(handed, 'SUBMIT_PLAN', { actor: otherOfficer }).value).toBe('awaitingPlanApproval');
      expectRefused(handed, 'HAND_OVER_CLARIFICATION', {}, 'handover.sameOfficer');
      expectRefused(toPlanning(), 'HAND_OVER_CLARIFICATION', { data: { toOfficer: 'officer1' } }, 'handover.sameOfficer');
      expectRefused(toPlanning(), 'HAND_OVER_CLARIFICATION', { data: { reason: '' } }, 'field.length');
    });

    it('isPrincipalLeader: art. 50 — the plan is approved (or returned) by the principal leader, not a deputy', () => {
      const [condition] = expectRefused(toApproval(), 'APPROVE_PLAN', { actor: deputy }, 'plan.notPrincipal');
      expect(condition.zh).toBe('澄清方案须由本机关主要负责人审批（检举控告工作规则第五十条）');
      expectRefused(toApproval(), 'RETURN_PLAN', { actor: deputy }, 'plan.notPrincipal');
      expect(harness.possible(toApproval(), deputy)).not.toContain('APPROVE_PLAN');
      expect(harness.possible(toApproval(), leader)).toEqual(expect.arrayContaining(['APPROVE_PLAN', 'RETURN_PLAN']));
      expect(ctx(accept(toApproval(), 'APPROVE_PLAN')).planApproval).toMatchObject({ by: 'leader1' });
    });

    it('a report is not registered with a date of receipt still to come', () => {
      expect(definition.creation.checks!({ ...signedLead, data: { ...signedLead.data, receivedOn: '2026-03-03' } }).map((c) => c.code)).toEqual([
        'date.inFuture',
      ]);
      expect(definition.creation.checks!(signedLead)).toEqual([]);
    });
  });

  describe('the table', () => {
    const nodes = definition.machine.root.states as Record<string, { ownEvents: string[]; always?: unknown[]; type: string }>;

    it('has an event spec for every event the machine handles, and no other', () => {
      const handled = new Set(Object.values(nodes).flatMap((node) => node.ownEvents));
      expect(Object.keys(definition.events).sort()).toEqual([...handled].sort());
    });

    it('labels every resting state; routing states are left out', () => {
      const resting = Object.keys(nodes).filter((name) => !(nodes[name].always?.length ?? 0));
      expect(Object.keys(definition.states).sort()).toEqual(resting.sort());
      for (const [name, spec] of Object.entries(definition.states)) {
        expect(spec.label.zh).not.toBe('');
        expect(spec.label.en).not.toBe('');
        expect(spec.phase).toBeLessThan(definition.phases.length);
        expect(spec.turn.length === 0).toBe(nodes[name].type === 'final');
      }
    });

    it('sends expiries only as system events the state takes', () => {
      expect(definition.states.awaitingConsent.deadline).toMatchObject({
        rule: 'clarification.consent',
        length: 10,
        unit: 'workingDays',
        onExpiry: 'CONSENT_EXPIRED',
      });
      expect(definition.events.CONSENT_EXPIRED.roles).toEqual(['system']);
      for (const [name, spec] of Object.entries(definition.states)) {
        if (spec.deadline?.onExpiry) expect(nodes[name].ownEvents).toContain(spec.deadline.onExpiry);
      }
      // The other limits are duties on staff: expiry flags them, the case does not move.
      for (const name of ['awaitingAcceptanceNotice', 'verifying', 'planning', 'followingUp', 'notifyingResult']) {
        expect(definition.states[name].deadline?.onExpiry).toBeUndefined();
      }
      expect(definition.states.verifying.deadline).toMatchObject({ length: 60, unit: 'calendarDays' });
      expect(definition.states.notifyingResult.deadline).toMatchObject({ length: 15, unit: 'workingDays' });
    });

    it('counts the plan’s one month from the conclusion, whichever planning step the case is in', () => {
      const snapshot = toApproval();
      for (const name of ['awaitingStart', 'planning', 'awaitingPlanApproval']) {
        const deadline = definition.states[name].deadline!;
        expect(deadline).toMatchObject({ rule: 'clarification.plan', length: 1, unit: 'months' });
        // A start, not a fixed date: a jurisdiction's own length for the rule applies (issue 14 §2).
        expect(deadline.dueDate).toBeUndefined();
        expect(deadline.startsAt?.day?.(ctx(snapshot))).toBe(ctx(snapshot).verification?.at);
        expect(deadline.startsAt?.label.zh).toBe('作出核查结论之日');
      }
    });

    it('counts the acceptance notice from the day the report was received, not its registration', () => {
      const deadline = definition.states.awaitingAcceptanceNotice.deadline!;
      const snapshot = harness.open({ ...signedLead, data: { ...signedLead.data, receivedOn: '2026-02-27' }, at: '2026-03-16T02:00:00.000Z' });
      expect(ctx(snapshot).lead).toMatchObject({ receivedOn: '2026-02-27', at: '2026-03-16T02:00:00.000Z' });
      expect(deadline).toMatchObject({ rule: 'clarification.acceptanceNotice', length: 15, unit: 'workingDays' });
      expect(deadline.startsAt?.day?.(ctx(snapshot))).toBe('2026-02-27');
      expect(deadline.startsAt?.label.zh).toBe('收到检举控告之日');
    });

    it('shows the cadre only the steps that concern them, never the lead or the reporter', () => {
      const milestones = Object.entries(definition.events)
        .filter(([, spec]) => spec.applicantMilestone)
        .map(([type]) => type)
        .sort();
      expect(milestones).toEqual(
        [
          // The conclusion and the points found untrue, without how it was verified (issue 15).
          'CONCLUDE_VERIFICATION',
          'CONSULT_CADRE',
          'APPLY_FOR_CLARIFICATION',
          'ACCEPT_CLARIFICATION',
          'DECLINE_CLARIFICATION',
          'CONSENT_EXPIRED',
          'APPROVE_PLAN',
          'RECORD_CLARIFICATION',
          'RECORD_CONSEQUENCES',
          'RECORD_FOLLOW_UP',
        ].sort(),
      );
      expect(definition.creation.roles).toEqual(['officer']);
      const shown = Object.entries(definition.events.CONCLUDE_VERIFICATION.fields)
        .filter(([, field]) => !field.internal)
        .map(([key]) => key);
      expect(shown.sort()).toEqual(['conclusion', 'untruePoints']);
      // The lead's registration (channel, date, signature) is not on the cadre's timeline.
      expect(definition.creation.partyMilestone).toBe(false);
    });

    it('shows the parties a signed report’s notice states as an anonymous report’s, and hides their limits', () => {
      const settled = (result: string) => ({ ...ctx(toApproval()), outcome: { by: 'officer1', at: '2026-08-10T02:00:00.000Z', result, reason: 'clarified' } });
      expect(definition.states.awaitingAcceptanceNotice.partyView?.(ctx(toApproval()))).toEqual({ state: 'verifying', done: false });
      for (const result of ['closed', 'closedDeclined', 'closedWithoutClarification', 'transferred']) {
        expect(definition.states.notifyingResult.partyView?.(settled(result))).toEqual({ state: result, done: true });
        expect(definition.states[result]).toBeDefined();
      }
      const hidden = Object.values(definition.states)
        .filter((spec) => spec.deadline?.hiddenFromParties)
        .map((spec) => spec.deadline!.rule)
        .sort();
      expect(hidden).toEqual(['clarification.acceptanceNotice', 'clarification.resultNotice', 'clarification.verification']);
      expect(definition.protectedPerson).toEqual({ role: 'reporter', label: { zh: '举报人', en: 'Reporter' } });
    });
  });

  describe('the reporter’s identity is sealed', () => {
    const sealedKeys = (fields: Record<string, FieldSpec>) =>
      Object.entries(fields)
        .filter(([, field]) => field.sealed)
        .map(([key]) => key);

    it('declares exactly the reporter fields as sealed', () => {
      expect(sealedKeys(definition.creation.fields)).toEqual(['reporterName', 'reporterContact', 'reporterUserId']);
      expect(sealedKeys(definition.events.RECORD_REPORTER_IDENTITY.fields)).toEqual(['reporterName', 'reporterContact', 'reporterUserId']);
      for (const [type, spec] of Object.entries(definition.events)) {
        if (type !== 'RECORD_REPORTER_IDENTITY') expect(sealedKeys(spec.fields)).toEqual([]);
      }
    });

    it('keeps name and contact only under context.sealed, the user id there and in parties only', () => {
      const input = { ...signedLead, data: { ...signedLead.data, reporterUserId: 'reporter1' } };
      let snapshot = accept(harness.open(input), 'NOTIFY_ACCEPTANCE');
      snapshot = accept(accept(snapshot, 'CONCLUDE_VERIFICATION', { variant: CONCLUSION.partlyTrueMalice }), 'CONSULT_CADRE');
      snapshot = accept(accept(accept(snapshot, 'ACCEPT_CLARIFICATION'), 'SUBMIT_PLAN'), 'APPROVE_PLAN');
      snapshot = accept(accept(accept(snapshot, 'RECORD_CLARIFICATION'), 'RECORD_CONSEQUENCES'), 'RECORD_FOLLOW_UP');
      snapshot = accept(snapshot, 'NOTIFY_RESULT');
      expect(snapshot.value).toBe('closed');

      const { sealed, parties, ...rest } = ctx(snapshot);
      expect(sealed).toEqual({ reporterName: '王某某', reporterContact: '138-0000-0000', reporterUserId: 'reporter1' });
      expect(parties).toEqual({ cadreId: 'applicant1', unitId: 'unit-jinan-dev', accuserUserId: 'reporter1' });
      const outside = JSON.stringify({ ...rest, parties: { cadreId: parties.cadreId, unitId: parties.unitId } });
      for (const secret of ['王某某', '138-0000-0000', 'reporter1']) expect(outside).not.toContain(secret);
    });
  });
});
