import { assertEvent, assign, setup } from 'xstate';
import {
  addCalendar,
  isValidCollectiveDecision,
  isWithin,
  type OpenCaseParams,
  type ProcedureInput,
  type SendToOriginParams,
} from '../core';
import {
  DISTINCTION_KEYS,
  FACTORS,
  IMPACT_MONTHS,
  type ApplicationRecord,
  type CreationData,
  type Mitigation,
  type Outcome,
  type OutcomeRecord,
  type ResultEffect,
  type RevocationData,
  type Stamp,
  type ToleranceContext,
  type ToleranceEvent,
  type VerificationRecord,
} from './tolerance.model';

/**
 * Tolerance application (容错申请), domain.md §3.1. One flat state per step; everything a step
 * records lands in the context with who and when. Time comes only from `event.at`.
 */

type Proposal = {
  outcome: Outcome;
  mitigation?: Mitigation;
  impactMonths?: number;
  exclusionSituations: string[];
};

const stamp = (event: { actor: { id: string }; at: string }): Stamp => ({ by: event.actor.id, at: event.at });

const filled = (value: string | undefined): boolean => typeof value === 'string' && value.trim().length > 0;

/**
 * Appends a record unless the very same one (same person, same instant, same content) is already
 * there: a repeated delivery of one step is one record.
 */
function appendOnce<T>(list: readonly T[], entry: T): T[] {
  const key = JSON.stringify(entry);
  return list.some((existing) => JSON.stringify(existing) === key) ? [...list] : [...list, entry];
}

function isOwnCase(context: ToleranceContext, actor: { id: string; role: string }): boolean {
  if (actor.role === 'applicant') return actor.id === context.parties.cadreId;
  if (actor.role === 'unit') return context.parties.applicantId !== undefined;
  return true;
}

const isTolerated = (outcome: Outcome | undefined): boolean => outcome === 'exemption' || outcome === 'mitigated';

/** What verification still lacks before the findings can go to review (empty: complete). */
export function missingForFindings(context: ToleranceContext): string[] {
  const { verification } = context;
  return [
    ...FACTORS.filter((factor) => verification.factors[factor] === undefined).map((factor) => `factor:${factor}`),
    ...DISTINCTION_KEYS.filter((key) => verification.distinctions[key] === undefined).map((key) => `distinction:${key}`),
    ...(verification.catalogue ? [] : ['catalogueCheck']),
    ...(verification.riskFiling ? [] : ['riskFiling']),
    ...(verification.statements.length > 0 ? [] : ['statement']),
    ...(verification.unitOpinions.length > 0 ? [] : ['unitOpinion']),
  ];
}

/** Adds the actor to the investigators (they may not review the case: separation of duties, §2). */
function investigated(verification: VerificationRecord, actorId: string, patch: Partial<VerificationRecord> = {}): VerificationRecord {
  const investigators = verification.investigators.includes(actorId)
    ? verification.investigators
    : [...verification.investigators, actorId];
  return { ...verification, ...patch, investigators };
}

/** The exclusion situations the findings hit (checked against the catalogue at verification). */
const findingsExclusions = (context: ToleranceContext): string[] => context.verification.catalogue?.exclusionSituations ?? [];

/**
 * The outcome a decision, review or appeal event would put in force; undefined when the event
 * names none. An upheld review or appeal proposes the outcome already in force.
 */
function proposalOf(context: ToleranceContext, event: ToleranceEvent): Proposal | undefined {
  if (event.type === 'DECIDE') {
    const { outcome, mitigation, impactMonths } = event.data;
    if (!outcome) return undefined;
    return { outcome, mitigation, impactMonths, exclusionSituations: findingsExclusions(context) };
  }
  if (event.type === 'DECIDE_REVIEW' || event.type === 'RECORD_APPEAL_DECISION') {
    if (event.data.result === 'upheld') return context.outcome;
    const { newOutcome, mitigation, impactMonths, exclusionSituations } = event.data;
    if (!newOutcome) return undefined;
    return {
      outcome: newOutcome,
      mitigation,
      impactMonths,
      // A review or appeal may find the exclusion situations differently; otherwise they stand.
      exclusionSituations: exclusionSituations ?? context.outcome?.exclusionSituations ?? findingsExclusions(context),
    };
  }
  return undefined;
}

export type DecisionProblem = 'vote' | 'outcome' | 'impactPeriod' | 'exclusion';

/**
 * Why a decision, review decision or appeal decision cannot stand (empty: it can):
 * - `vote`: a collective decision (集体研究) needs votes that add up and a majority (§2); the appeal
 *   is decided by the organ one level up, whose own vote is not recorded here;
 * - `outcome`: a decision names its outcome, a changed review or appeal its new one;
 * - `impactPeriod`: mitigated handling carries an impact period of 1–24 months (§3.1 step 5);
 * - `exclusion`: a decision that hits an exclusion situation cannot be an exemption (§3.1 step 5).
 */
export function decisionProblems(context: ToleranceContext, event: ToleranceEvent): DecisionProblem[] {
  const problems: DecisionProblem[] = [];
  if ((event.type === 'DECIDE' || event.type === 'DECIDE_REVIEW') && !isValidCollectiveDecision(event.data)) problems.push('vote');
  const proposal = proposalOf(context, event);
  if (!proposal) return [...problems, 'outcome'];
  if (proposal.outcome === 'mitigated') {
    const months = proposal.impactMonths;
    if (!Number.isInteger(months) || months! < IMPACT_MONTHS.min || months! > IMPACT_MONTHS.max) problems.push('impactPeriod');
  }
  if (proposal.outcome === 'exemption' && proposal.exclusionSituations.length > 0) problems.push('exclusion');
  return problems;
}

function outcomeRecord(proposal: Proposal, who: Stamp, source: OutcomeRecord['source'], decidedOn: string): OutcomeRecord {
  const mitigated = proposal.outcome === 'mitigated';
  return {
    ...who,
    outcome: proposal.outcome,
    ...(mitigated && proposal.mitigation ? { mitigation: proposal.mitigation } : {}),
    ...(mitigated ? { impactMonths: proposal.impactMonths } : {}),
    exclusionSituations: proposal.exclusionSituations,
    source,
    decidedOn,
  };
}

const effectOf = (outcome: Outcome): ResultEffect =>
  outcome === 'exemption' ? 'notAffected' : outcome === 'mitigated' ? 'impactPeriod' : 'notTolerated';

const DRAFT_KEYS = ['matter', 'decisionOrProject', 'grounds', 'claimedSituations', 'evidence', 'accountabilityStartedOn', 'accountabilityRef'] as const;

/** The application fields an event gives; absent ones keep their earlier value. */
const draftFields = (data: Partial<CreationData>): Partial<ApplicationRecord> =>
  Object.fromEntries(DRAFT_KEYS.filter((key) => data[key] !== undefined).map((key) => [key, data[key]]));

/**
 * §3.1 step 8: a mitigated cadre may be used normally once the impact period has run. It counts
 * from the given date, or from the final decision's date.
 */
function impactPeriod(outcome: OutcomeRecord, impactFrom: string | undefined) {
  if (outcome.outcome !== 'mitigated' || !outcome.impactMonths) return {};
  const from = impactFrom ?? outcome.decidedOn;
  const until = addCalendar(`${from}T00:00:00.000Z`, outcome.impactMonths, 'months').toISOString().slice(0, 10);
  return { impactMonths: outcome.impactMonths, impactFrom: from, impactUntil: until };
}

function initialContext(input: ProcedureInput<CreationData>): ToleranceContext {
  const { actor, at, data } = input;
  const exOfficio = actor.role === 'officer';
  // An applicant applies for themselves; a unit or an officer names the cadre concerned.
  const cadreId = actor.role === 'applicant' ? actor.id : (data.cadreId ?? '');
  return {
    parties: {
      cadreId,
      unitId: data.unitId,
      ...(actor.role === 'unit' ? { applicantId: actor.id } : {}),
    },
    sealed: {},
    origin: exOfficio ? 'exOfficio' : 'application',
    opened: { by: actor.id, at, role: actor.role, ...(exOfficio && data.exOfficioReason ? { exOfficioReason: data.exOfficioReason } : {}) },
    application: { ...draftFields(data), lastEdit: { by: actor.id, at } },
    // 主动容错 starts at acceptance: the opening officer is its first investigator (§3.1 step 1).
    ...(exOfficio ? { acceptance: { by: actor.id, at, exOfficio: true } } : {}),
    verification: {
      investigators: exOfficio ? [actor.id] : [],
      statements: [],
      unitOpinions: [],
      departmentOpinions: [],
      factors: {},
      distinctions: {},
      round: 1,
    },
    review: { defences: [], returns: [] },
    correctionOpened: false,
  };
}

/**
 * A linked correction case's committee may revoke the decision (纠错 §3.2 step 6) in any state
 * after it, while exemption or mitigation is in force.
 */
const whileDecisionInForce = {
  DECISION_REVOKED: { guard: 'isToleranceInForce', target: 'revoked', actions: 'recordRevocation' },
} as const;

export const toleranceMachine = setup({
  types: {
    context: {} as ToleranceContext,
    events: {} as ToleranceEvent,
    input: {} as ProcedureInput<CreationData>,
  },
  guards: {
    isExOfficio: ({ context }) => context.origin === 'exOfficio',
    /**
     * The cadre acts on their own case only; the unit acts only on an application it filed for
     * the cadre (which unit a user belongs to is the engine's check).
     */
    isOwnCase: ({ context, event }) => isOwnCase(context, event.actor),
    /** §3.1 step 1: the cadre or the filing unit submits, stating the matter and why it fits. */
    canSubmit: ({ context, event }) => {
      assertEvent(event, 'SUBMIT');
      if (!isOwnCase(context, event.actor)) return false;
      const application = { ...context.application, ...draftFields(event.data) };
      return filled(application.matter) && filled(application.grounds);
    },
    /** §3.1 step 10: the cadre or the unit that filed withdraws an application, before the decision. */
    canWithdraw: ({ context, event }) =>
      context.origin === 'application' && context.decision === undefined && isOwnCase(context, event.actor),
    /** Supplementary material is asked for once, listing everything missing (一次性告知). */
    canRequestSupplement: ({ context }) => context.supplement === undefined,
    /** §3.1 step 3: verification is extendable once. */
    canRequestExtension: ({ context }) => context.verification.extension === undefined,
    isExtensionPending: ({ context }) => context.verification.extension?.status === 'pending',
    /**
     * §3.1 step 3: findings go to review only when the cadre has been heard (陈述申辩), the unit's
     * opinion is in, all six factors and all three distinctions are assessed, the catalogues are
     * checked and the risk-prevention filing is noted either way.
     */
    hasCompleteAssessment: ({ context }) => missingForFindings(context).length === 0,
    /** §2 and §3.1 step 4: whoever investigated the case may not review it. */
    isIndependentReviewer: ({ context, event }) => !context.verification.investigators.includes(event.actor.id),
    /** §3.1 step 5 and step 7: see `decisionProblems`. */
    isValidDecision: ({ context, event }) => decisionProblems(context, event).length === 0,
    /**
     * §3.1 step 9 (作出容错决定时,立即启动纠错程序): a valid decision that puts exemption or mitigation
     * in force when no correction case has been opened yet.
     */
    isFirstToleranceDecision: ({ context, event }) =>
      decisionProblems(context, event).length === 0 && !context.correctionOpened && isTolerated(proposalOf(context, event)?.outcome),
    /** §3.1 step 7: the cadre (or the unit that filed) asks for review within 1 month of receipt. */
    canRequestReview: ({ context, event }) => isOwnCase(context, event.actor) && isWithin(context.receipt?.at, event.at, 1, 'months'),
    /** §3.1 step 7: one appeal within 1 month after the review decision. */
    canAppeal: ({ context, event }) => isOwnCase(context, event.actor) && isWithin(context.reviewDecision?.at, event.at, 1, 'months'),
    /** Only a tolerance decision in force can be revoked (§3.2 step 6). */
    isToleranceInForce: ({ context }) => isTolerated(context.outcome?.outcome),
  },
  actions: {
    // Effects on other cases: the engine carries them out (workflows/README.md).
    openCase: (_, _params: OpenCaseParams) => {},
    sendToOrigin: (_, _params: SendToOriginParams) => {},

    recordDraft: assign(({ context, event }) => {
      assertEvent(event, 'UPDATE_DRAFT');
      return { application: { ...context.application, ...draftFields(event.data), lastEdit: stamp(event) } };
    }),
    recordSubmission: assign(({ context, event }) => {
      assertEvent(event, 'SUBMIT');
      return {
        application: { ...context.application, ...draftFields(event.data), lastEdit: stamp(event) },
        submitted: stamp(event),
      };
    }),
    recordWithdrawal: assign(({ event }) => {
      assertEvent(event, 'WITHDRAW');
      return { withdrawal: { ...stamp(event), deemed: false, ...(event.data.reason ? { reason: event.data.reason } : {}) } };
    }),
    recordDeemedWithdrawal: assign(({ event }) => ({
      withdrawal: { ...stamp(event), deemed: true, reason: '逾期未补正,视为撤回' },
    })),
    recordAcceptance: assign(({ context, event }) => {
      assertEvent(event, 'ACCEPT');
      return {
        acceptance: { ...stamp(event), exOfficio: false, ...(event.data.note ? { note: event.data.note } : {}) },
        verification: investigated(context.verification, event.actor.id),
      };
    }),
    recordRejection: assign(({ event }) => {
      assertEvent(event, 'REJECT');
      const { ground, reason, duplicateOf } = event.data;
      return { rejection: { ...stamp(event), ground, reason, ...(duplicateOf ? { duplicateOf } : {}) } };
    }),
    recordSupplementRequest: assign(({ event }) => {
      assertEvent(event, 'REQUEST_SUPPLEMENT');
      return { supplement: { ...stamp(event), items: event.data.items, ...(event.data.note ? { note: event.data.note } : {}) } };
    }),
    recordSupplementResponse: assign(({ context, event }) => {
      assertEvent(event, 'RESUBMIT');
      const { supplement, evidence } = event.data;
      const response = { ...stamp(event), supplement, ...(evidence ? { evidence } : {}) };
      return {
        supplement: { ...context.supplement!, response },
        application: {
          ...context.application,
          evidence: [...(context.application.evidence ?? []), ...(evidence ?? [])],
        },
      };
    }),

    // Verification (核实): each record names the officer, who then counts as an investigator.
    recordStatement: assign(({ context, event }) => {
      assertEvent(event, 'RECORD_STATEMENT');
      const entry = { ...stamp(event), statement: event.data.statement, ...(event.data.heardOn ? { heardOn: event.data.heardOn } : {}) };
      return { verification: investigated(context.verification, event.actor.id, { statements: appendOnce(context.verification.statements, entry) }) };
    }),
    recordUnitOpinion: assign(({ context, event }) => {
      assertEvent(event, 'RECORD_UNIT_OPINION');
      const entry = { ...stamp(event), opinion: event.data.opinion, ...(event.data.unitName ? { unitName: event.data.unitName } : {}) };
      return { verification: investigated(context.verification, event.actor.id, { unitOpinions: appendOnce(context.verification.unitOpinions, entry) }) };
    }),
    recordDepartmentOpinion: assign(({ context, event }) => {
      assertEvent(event, 'RECORD_DEPARTMENT_OPINION');
      const entry = { ...stamp(event), department: event.data.department, opinion: event.data.opinion };
      return {
        verification: investigated(context.verification, event.actor.id, {
          departmentOpinions: appendOnce(context.verification.departmentOpinions, entry),
        }),
      };
    }),
    /** 综合分析研判: any of its sections; a section given replaces the earlier one of its kind. */
    recordAssessment: assign(({ context, event }) => {
      assertEvent(event, 'RECORD_ASSESSMENT');
      const who = stamp(event);
      const { factors: givenFactors, distinctions: givenDistinctions, catalogue, riskFiling } = event.data;
      const factors = { ...context.verification.factors };
      for (const factor of FACTORS) {
        const given = givenFactors?.[factor];
        if (given) factors[factor] = { ...who, weight: given.weight, note: given.note };
      }
      const distinctions = { ...context.verification.distinctions };
      for (const key of DISTINCTION_KEYS) {
        const given = givenDistinctions?.[key];
        if (given) distinctions[key] = { ...who, side: given.side, note: given.note };
      }
      const patch: Partial<VerificationRecord> = { factors, distinctions };
      if (catalogue) {
        const { toleranceSituations = [], exclusionSituations = [], note } = catalogue;
        patch.catalogue = { ...who, toleranceSituations, exclusionSituations, ...(note ? { note } : {}) };
      }
      if (riskFiling) {
        const { filed, filingRef, filedOn, note } = riskFiling;
        patch.riskFiling = {
          ...who,
          filed,
          ...(filingRef ? { filingRef } : {}),
          ...(filedOn ? { filedOn } : {}),
          ...(note ? { note } : {}),
        };
      }
      return { verification: investigated(context.verification, event.actor.id, patch) };
    }),
    recordExtensionRequest: assign(({ context, event }) => {
      assertEvent(event, 'REQUEST_EXTENSION');
      const extension = { ...stamp(event), reason: event.data.reason, round: context.verification.round, status: 'pending' as const };
      return { verification: investigated(context.verification, event.actor.id, { extension }) };
    }),
    recordExtensionDecision: assign(({ context, event }) => {
      assertEvent(event, ['APPROVE_EXTENSION', 'DENY_EXTENSION']);
      const decision = { ...stamp(event), ...(event.data.comment ? { comment: event.data.comment } : {}) };
      const status = event.type === 'APPROVE_EXTENSION' ? ('approved' as const) : ('denied' as const);
      return { verification: { ...context.verification, extension: { ...context.verification.extension!, status, decision } } };
    }),
    recordFindings: assign(({ context, event }) => {
      assertEvent(event, 'SUBMIT_FINDINGS');
      const findings = { ...stamp(event), summary: event.data.summary, recommendation: event.data.recommendation };
      return { verification: investigated(context.verification, event.actor.id, { findings }) };
    }),

    // Review (审理).
    recordReviewDefence: assign(({ context, event }) => {
      assertEvent(event, 'RECORD_REVIEW_DEFENCE');
      const entry = { ...stamp(event), defence: event.data.defence, ...(event.data.heardOn ? { heardOn: event.data.heardOn } : {}) };
      return { review: { ...context.review, defences: appendOnce(context.review.defences, entry) } };
    }),
    recordPassToCommittee: assign(({ context, event }) => {
      assertEvent(event, 'PASS_TO_COMMITTEE');
      const { opinion, recommendation } = event.data;
      return { review: { ...context.review, passed: { ...stamp(event), opinion, ...(recommendation ? { recommendation } : {}) } } };
    }),
    recordReturn: assign(({ context, event }) => {
      assertEvent(event, 'RETURN_FOR_VERIFICATION');
      const returns = appendOnce(context.review.returns, { ...stamp(event), reason: event.data.reason });
      return {
        review: { ...context.review, returns },
        verification: { ...context.verification, round: returns.length + 1 },
      };
    }),

    // Collective decision (集体研究认定).
    recordDecision: assign(({ context, event }) => {
      assertEvent(event, 'DECIDE');
      const proposal = proposalOf(context, event)!;
      const { meetingDate, attendees, votesFor, votesAgainst, votesAbstain, reasoning } = event.data;
      const outcome = outcomeRecord(proposal, stamp(event), 'decision', meetingDate!);
      return {
        decision: {
          ...stamp(event),
          outcome: outcome.outcome,
          ...(outcome.mitigation ? { mitigation: outcome.mitigation } : {}),
          ...(outcome.impactMonths !== undefined ? { impactMonths: outcome.impactMonths } : {}),
          reasoning,
          meetingDate: meetingDate!,
          attendees: attendees!,
          votesFor: votesFor!,
          votesAgainst: votesAgainst!,
          votesAbstain: votesAbstain!,
        },
        outcome,
      };
    }),
    /** §3.1 step 9: 作出容错决定时,立即启动纠错程序. */
    markCorrectionOpened: assign({ correctionOpened: true }),

    // Notification (告知/送达).
    recordService: assign(({ event }) => {
      assertEvent(event, 'SERVE_DECISION');
      const { documentNo, servedToApplicantOn, servedToUnitOn, method } = event.data;
      return { service: { ...stamp(event), documentNo, servedToApplicantOn, servedToUnitOn, method } };
    }),
    recordReceipt: assign(({ event }) => {
      assertEvent(event, ['ACKNOWLEDGE_RECEIPT', 'RECEIPT_DEEMED']);
      const note = event.type === 'ACKNOWLEDGE_RECEIPT' ? event.data.note : undefined;
      return { receipt: { ...stamp(event), deemed: event.type === 'RECEIPT_DEEMED', ...(note ? { note } : {}) } };
    }),

    // Review request (复核) and appeal (申诉).
    recordReviewRequest: assign(({ event }) => {
      assertEvent(event, 'REQUEST_REVIEW');
      return { reviewRequest: { ...stamp(event), grounds: event.data.grounds, ...(event.data.evidence ? { evidence: event.data.evidence } : {}) } };
    }),
    recordReviewDecision: assign(({ context, event }) => {
      assertEvent(event, 'DECIDE_REVIEW');
      const { result, reasoning, meetingDate, attendees, votesFor, votesAgainst, votesAbstain } = event.data;
      return {
        reviewDecision: {
          ...stamp(event),
          result,
          reasoning,
          meetingDate: meetingDate!,
          attendees: attendees!,
          votesFor: votesFor!,
          votesAgainst: votesAgainst!,
          votesAbstain: votesAbstain!,
        },
        outcome: result === 'changed' ? outcomeRecord(proposalOf(context, event)!, stamp(event), 'review', meetingDate!) : context.outcome,
      };
    }),
    recordAppeal: assign(({ event }) => {
      assertEvent(event, 'FILE_APPEAL');
      const { appellateOrgan, grounds, evidence } = event.data;
      return { appeal: { ...stamp(event), appellateOrgan, grounds, ...(evidence ? { evidence } : {}) } };
    }),
    recordAppealDecision: assign(({ context, event }) => {
      assertEvent(event, 'RECORD_APPEAL_DECISION');
      const { result, decidingOrgan, documentNo, decidedOn, reasoning } = event.data;
      return {
        appealDecision: { ...stamp(event), result, decidingOrgan, ...(documentNo ? { documentNo } : {}), decidedOn, reasoning },
        outcome: result === 'changed' ? outcomeRecord(proposalOf(context, event)!, stamp(event), 'appeal', decidedOn) : context.outcome,
      };
    }),
    recordResultAccepted: assign(({ context, event }) => {
      assertEvent(event, 'ACCEPT_RESULT');
      // Accepting after a review decision gives up the appeal; before it, the review.
      const stage = context.reviewDecision ? ('appeal' as const) : ('review' as const);
      return { acceptedResult: { ...stamp(event), stage, ...(event.data.note ? { note: event.data.note } : {}) } };
    }),
    recordWindowLapsed: assign(({ event }) => ({
      windowLapsed: { ...stamp(event), stage: event.type === 'APPEAL_WINDOW_EXPIRED' ? ('appeal' as const) : ('review' as const) },
    })),

    // Closure and use of the result (结果运用).
    recordClosure: assign(({ context, event }) => {
      assertEvent(event, 'CLOSE');
      const outcome = context.outcome!;
      const { feedbackOn, orgDeptNotifiedOn, partyCommitteeFiledOn, impactFrom, note } = event.data;
      return {
        closure: {
          ...stamp(event),
          finalOutcome: outcome.outcome,
          effect: effectOf(outcome.outcome),
          ...impactPeriod(outcome, impactFrom),
          feedbackOn,
          orgDeptNotifiedOn,
          partyCommitteeFiledOn,
          ...(note ? { note } : {}),
        },
      };
    }),
    recordRevocation: assign(({ event }) => {
      assertEvent(event, 'DECISION_REVOKED');
      const kept = Object.entries(event.data).filter(([, value]) => value !== undefined && value !== '');
      return { revocation: { ...stamp(event), ...(Object.fromEntries(kept) as RevocationData) } };
    }),
  },
}).createMachine({
  id: 'tolerance',
  context: ({ input }) => initialContext(input),
  initial: 'opening',
  states: {
    /** Transient: an officer's 主动容错 starts at verification, an application at its draft. */
    opening: {
      always: [{ guard: 'isExOfficio', target: 'verifying' }, { target: 'draft' }],
    },
    draft: {
      on: {
        UPDATE_DRAFT: { guard: 'isOwnCase', actions: 'recordDraft' },
        SUBMIT: { guard: 'canSubmit', target: 'submitted', actions: 'recordSubmission' },
        WITHDRAW: { guard: 'canWithdraw', target: 'withdrawn', actions: 'recordWithdrawal' },
      },
    },
    /** 受理: 5 working days for the officer (a staff duty). */
    submitted: {
      on: {
        ACCEPT: { target: 'verifying', actions: 'recordAcceptance' },
        REJECT: { target: 'rejected', actions: 'recordRejection' },
        REQUEST_SUPPLEMENT: { guard: 'canRequestSupplement', target: 'awaitingSupplement', actions: 'recordSupplementRequest' },
        WITHDRAW: { guard: 'canWithdraw', target: 'withdrawn', actions: 'recordWithdrawal' },
      },
    },
    /** 补正: 10 working days; silence counts as withdrawal. */
    awaitingSupplement: {
      on: {
        RESUBMIT: { guard: 'isOwnCase', target: 'submitted', actions: 'recordSupplementResponse' },
        SUPPLEMENT_EXPIRED: { target: 'withdrawn', actions: 'recordDeemedWithdrawal' },
        WITHDRAW: { guard: 'canWithdraw', target: 'withdrawn', actions: 'recordWithdrawal' },
      },
    },
    /** 核实: 30 days, once extendable by 30 with a leader's approval. */
    verifying: {
      on: {
        RECORD_STATEMENT: { actions: 'recordStatement' },
        RECORD_UNIT_OPINION: { actions: 'recordUnitOpinion' },
        RECORD_DEPARTMENT_OPINION: { actions: 'recordDepartmentOpinion' },
        RECORD_ASSESSMENT: { actions: 'recordAssessment' },
        REQUEST_EXTENSION: { guard: 'canRequestExtension', actions: 'recordExtensionRequest' },
        APPROVE_EXTENSION: { guard: 'isExtensionPending', actions: 'recordExtensionDecision' },
        DENY_EXTENSION: { guard: 'isExtensionPending', actions: 'recordExtensionDecision' },
        SUBMIT_FINDINGS: { guard: 'hasCompleteAssessment', target: 'inReview', actions: 'recordFindings' },
        WITHDRAW: { guard: 'canWithdraw', target: 'withdrawn', actions: 'recordWithdrawal' },
      },
    },
    /** 审理 by a reviewer who did not investigate. */
    inReview: {
      on: {
        RECORD_REVIEW_DEFENCE: { actions: 'recordReviewDefence' },
        PASS_TO_COMMITTEE: { guard: 'isIndependentReviewer', target: 'awaitingDecision', actions: 'recordPassToCommittee' },
        RETURN_FOR_VERIFICATION: { guard: 'isIndependentReviewer', target: 'verifying', actions: 'recordReturn' },
        WITHDRAW: { guard: 'canWithdraw', target: 'withdrawn', actions: 'recordWithdrawal' },
      },
    },
    /** 集体研究认定. */
    awaitingDecision: {
      on: {
        DECIDE: [
          {
            guard: 'isFirstToleranceDecision',
            target: 'awaitingService',
            actions: ['recordDecision', 'markCorrectionOpened', { type: 'openCase', params: correctionParams }],
          },
          {
            guard: 'isValidDecision',
            target: 'awaitingService',
            actions: 'recordDecision',
          },
        ],
        WITHDRAW: { guard: 'canWithdraw', target: 'withdrawn', actions: 'recordWithdrawal' },
      },
    },
    /** 送达: the written decision reaches applicant and unit within 5 working days (staff duty). */
    awaitingService: {
      on: {
        SERVE_DECISION: { target: 'awaitingReceipt', actions: 'recordService' },
        ...whileDecisionInForce,
      },
    },
    /** The applicant acknowledges receipt, or receipt is deemed when the period runs out. */
    awaitingReceipt: {
      on: {
        ACKNOWLEDGE_RECEIPT: { guard: 'isOwnCase', target: 'reviewWindow', actions: 'recordReceipt' },
        RECEIPT_DEEMED: { target: 'reviewWindow', actions: 'recordReceipt' },
        ...whileDecisionInForce,
      },
    },
    /** 复核 may be asked within 1 month of receipt; the window's expiry moves on to closure. */
    reviewWindow: {
      on: {
        REQUEST_REVIEW: { guard: 'canRequestReview', target: 'underReview', actions: 'recordReviewRequest' },
        ACCEPT_RESULT: { guard: 'isOwnCase', target: 'awaitingClosure', actions: 'recordResultAccepted' },
        REVIEW_WINDOW_EXPIRED: { target: 'awaitingClosure', actions: 'recordWindowLapsed' },
        ...whileDecisionInForce,
      },
    },
    /** The deciding organ reviews within 1 month: upheld or changed. */
    underReview: {
      on: {
        DECIDE_REVIEW: [
          {
            guard: 'isFirstToleranceDecision',
            target: 'appealWindow',
            actions: ['recordReviewDecision', 'markCorrectionOpened', { type: 'openCase', params: correctionParams }],
          },
          {
            guard: 'isValidDecision',
            target: 'appealWindow',
            actions: 'recordReviewDecision',
          },
        ],
        ...whileDecisionInForce,
      },
    },
    /** One 申诉 to the organ one level up within 1 month after the review decision. */
    appealWindow: {
      on: {
        FILE_APPEAL: { guard: 'canAppeal', target: 'underAppeal', actions: 'recordAppeal' },
        ACCEPT_RESULT: { guard: 'isOwnCase', target: 'awaitingClosure', actions: 'recordResultAccepted' },
        APPEAL_WINDOW_EXPIRED: { target: 'awaitingClosure', actions: 'recordWindowLapsed' },
        ...whileDecisionInForce,
      },
    },
    /** The appellate organ decides within 2 months; the officer records its written decision. */
    underAppeal: {
      on: {
        RECORD_APPEAL_DECISION: [
          {
            guard: 'isFirstToleranceDecision',
            target: 'awaitingClosure',
            actions: ['recordAppealDecision', 'markCorrectionOpened', { type: 'openCase', params: correctionParams }],
          },
          {
            guard: 'isValidDecision',
            target: 'awaitingClosure',
            actions: 'recordAppealDecision',
          },
        ],
        ...whileDecisionInForce,
      },
    },
    /** 结果运用: the result is final; feedback, notice to the organisation department, filing. */
    awaitingClosure: {
      on: {
        CLOSE: { target: 'closed', actions: 'recordClosure' },
        ...whileDecisionInForce,
      },
    },
    /**
     * Not an XState final state: a linked correction case whose committee revokes the tolerance
     * decision after overdue rectification sends DECISION_REVOKED (domain.md §3.2 step 6).
     */
    closed: {
      on: {
        ...whileDecisionInForce,
      },
    },
    rejected: { type: 'final' },
    withdrawn: { type: 'final' },
    revoked: { type: 'final' },
  },
});

/** The linked correction case a tolerance decision opens (§3.1 step 9); context is already updated. */
function correctionParams({ context }: { context: ToleranceContext }): OpenCaseParams {
  const outcome = context.outcome!;
  const label =
    outcome.outcome === 'exemption' ? '容错免责' : `从轻/减轻处理(影响期${outcome.impactMonths}个月)`;
  const { decisionOrProject, matter } = context.application;
  const about = [decisionOrProject, matter].filter(filled).join(':');
  return {
    procedure: 'correction',
    relation: 'correctionOf',
    // Exactly the correction procedure's creation fields (correction.definition.ts).
    data: {
      cadreId: context.parties.cadreId,
      unitId: context.parties.unitId,
      summary: `作出容错决定(${label}),立即启动纠错程序。事项:${about}`.slice(0, 2000),
    },
  };
}
