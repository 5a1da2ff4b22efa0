import { assertEvent, assign, setup } from 'xstate';
import { appendOnce, compact, isWithinLimit, limitInForce, stamp, type OpenCaseParams, type ProcedureInput, type SendToOriginParams } from '../core';
import type { CreationData, RevocationData, ToleranceEvent } from './tolerance.fields';
import {
  assessmentPatch,
  correctionOpening,
  decisionProblems,
  draftFields,
  effectOf,
  impactPeriod,
  investigated,
  isCompleteApplication,
  isOwnCase,
  isTolerated,
  missingForFindings,
  openingRecord,
  outcomeRecord,
  proposalOf,
  APPEAL_REQUEST_WINDOW,
  REVIEW_REQUEST_WINDOW,
  type ToleranceContext,
} from './tolerance.model';

/**
 * Tolerance application (容错申请), domain.md §3.1. One flat state per step; everything a step
 * records lands in the context with who and when. Time comes only from `event.at`. Payloads reach
 * the machine already checked against their field specs (tolerance.fields.ts), so the guards
 * check the procedure's rules only.
 */

/**
 * A linked correction case's committee may revoke the decision (纠错 §3.2 step 6) in any state
 * after it, while exemption or mitigation is in force.
 */
const whileDecisionInForce = {
  DECISION_REVOKED: { guard: 'isToleranceInForce', target: 'revoked', actions: 'recordRevocation' },
} as const;

/**
 * A decision (or a review or appeal decision that changes the outcome) that puts tolerance in
 * force for the first time opens the linked correction case at once (§3.1 step 9); any other
 * valid one is recorded alone.
 */
const deciding = (target: string, record: 'recordDecision' | 'recordReviewDecision' | 'recordAppealDecision') =>
  [
    {
      guard: 'isFirstToleranceDecision',
      target,
      actions: [record, 'markCorrectionOpened', { type: 'openCase', params: ({ context }: { context: ToleranceContext }) => correctionOpening(context) }],
    },
    { guard: 'isValidDecision', target, actions: record },
  ] as const;

export const toleranceMachine = setup({
  types: {
    context: {} as ToleranceContext,
    events: {} as ToleranceEvent,
    input: {} as ProcedureInput<CreationData>,
  },
  guards: {
    isExOfficio: ({ context }) => context.origin === 'exOfficio',
    /** See `isOwnCase` in the model: the cadre's own case, or the application the unit filed. */
    isOwnCase: ({ context, event }) => isOwnCase(context, event.actor),
    /** §3.1 step 1: the cadre or the filing unit submits, stating the matter and why it fits. */
    canSubmit: ({ context, event }) => {
      assertEvent(event, 'SUBMIT');
      return isOwnCase(context, event.actor) && isCompleteApplication({ ...context.application, ...draftFields(event.data) });
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
    /**
     * §3.1 step 7: the cadre (or the unit that filed) asks for review within 1 month of receipt, or
     * the jurisdiction's own length (`tolerance.reviewRequest`, passed in by the engine).
     */
    canRequestReview: ({ context, event }) =>
      isOwnCase(context, event.actor) && isWithinLimit(context.receipt?.at, event.at, limitInForce(event, 'tolerance.reviewRequest', REVIEW_REQUEST_WINDOW)),
    /** §3.1 step 7: one appeal within 1 month after the review decision (`tolerance.appealRequest`). */
    canAppeal: ({ context, event }) =>
      isOwnCase(context, event.actor) && isWithinLimit(context.reviewDecision?.at, event.at, limitInForce(event, 'tolerance.appealRequest', APPEAL_REQUEST_WINDOW)),
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
    /** §3.1 step 2: silence for the supplement period counts as withdrawal. */
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
      return { verification: investigated(context.verification, event.actor.id, assessmentPatch(context.verification, stamp(event), event.data)) };
    }),
    recordExtensionRequest: assign(({ context, event }) => {
      assertEvent(event, 'REQUEST_EXTENSION');
      const extension = { ...stamp(event), reason: event.data.reason, round: context.verification.round, status: 'pending' as const };
      return { verification: investigated(context.verification, event.actor.id, { extension }) };
    }),
    recordExtensionDecision: assign(({ context, event }, params: { status: 'approved' | 'denied' }) => {
      assertEvent(event, ['APPROVE_EXTENSION', 'DENY_EXTENSION']);
      const decision = { ...stamp(event), ...(event.data.comment ? { comment: event.data.comment } : {}) };
      return { verification: { ...context.verification, extension: { ...context.verification.extension!, status: params.status, decision } } };
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
      const { meetingDate, attendees, votesFor, votesAgainst, votesAbstain, reasoning } = event.data;
      const outcome = outcomeRecord(proposalOf(context, event)!, stamp(event), 'decision', meetingDate);
      const { mitigation, impactMonths } = outcome;
      const decision = { ...stamp(event), outcome: outcome.outcome, ...compact({ mitigation, impactMonths }), reasoning };
      return { decision: { ...decision, meetingDate, attendees, votesFor, votesAgainst, votesAbstain }, outcome };
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
        reviewDecision: { ...stamp(event), result, reasoning, meetingDate, attendees, votesFor, votesAgainst, votesAbstain },
        outcome: result === 'changed' ? outcomeRecord(proposalOf(context, event)!, stamp(event), 'review', meetingDate) : context.outcome,
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
    recordWindowLapsed: assign(({ event }, params: { stage: 'review' | 'appeal' }) => ({
      windowLapsed: { ...stamp(event), stage: params.stage },
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
  context: ({ input }) => openingRecord(input),
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
        APPROVE_EXTENSION: { guard: 'isExtensionPending', actions: { type: 'recordExtensionDecision', params: { status: 'approved' } } },
        DENY_EXTENSION: { guard: 'isExtensionPending', actions: { type: 'recordExtensionDecision', params: { status: 'denied' } } },
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
        DECIDE: deciding('awaitingService', 'recordDecision'),
        WITHDRAW: { guard: 'canWithdraw', target: 'withdrawn', actions: 'recordWithdrawal' },
      },
    },
    /** 送达: the written decision reaches applicant and unit within 5 working days (staff duty). */
    awaitingService: { on: { SERVE_DECISION: { target: 'awaitingReceipt', actions: 'recordService' }, ...whileDecisionInForce } },
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
        REVIEW_WINDOW_EXPIRED: { target: 'awaitingClosure', actions: { type: 'recordWindowLapsed', params: { stage: 'review' } } },
        ...whileDecisionInForce,
      },
    },
    /** The deciding organ reviews within 1 month: upheld or changed. */
    underReview: { on: { DECIDE_REVIEW: deciding('appealWindow', 'recordReviewDecision'), ...whileDecisionInForce } },
    /** One 申诉 to the organ one level up within 1 month after the review decision. */
    appealWindow: {
      on: {
        FILE_APPEAL: { guard: 'canAppeal', target: 'underAppeal', actions: 'recordAppeal' },
        ACCEPT_RESULT: { guard: 'isOwnCase', target: 'awaitingClosure', actions: 'recordResultAccepted' },
        APPEAL_WINDOW_EXPIRED: { target: 'awaitingClosure', actions: { type: 'recordWindowLapsed', params: { stage: 'appeal' } } },
        ...whileDecisionInForce,
      },
    },
    /** The appellate organ decides within 2 months; the officer records its written decision. */
    underAppeal: { on: { RECORD_APPEAL_DECISION: deciding('awaitingClosure', 'recordAppealDecision'), ...whileDecisionInForce } },
    /** 结果运用: the result is final; feedback, notice to the organisation department, filing. */
    awaitingClosure: { on: { CLOSE: { target: 'closed', actions: 'recordClosure' }, ...whileDecisionInForce } },
    /**
     * Not an XState final state: a linked correction case whose committee revokes the tolerance
     * decision after overdue rectification sends DECISION_REVOKED (domain.md §3.2 step 6).
     */
    closed: { on: { ...whileDecisionInForce } },
    rejected: { type: 'final' },
    withdrawn: { type: 'final' },
    revoked: { type: 'final' },
  },
});
