import { and, assertEvent, assign, not, setup } from 'xstate';
import {
  allOf,
  appendOnce,
  businessDate,
  collectiveDecisionRecord,
  compact,
  guardKit,
  durationWords,
  isWithinLimit,
  limitInForce,
  notBefore,
  stamp,
  talkConditions,
  talkRecord,
  unmet,
  type Label,
  type OpenCaseParams,
  type ProcedureInput,
  type SendToOriginParams,
} from '../core';
import type { CreationData, RevocationData, ToleranceEvent } from './tolerance.fields';
import { APPEAL_REQUEST_WINDOW, REVIEW_REQUEST_WINDOW, type ToleranceContext } from './tolerance.model';
import {
  applicationConditions,
  applicationDateConditions,
  assessmentGivesNothing,
  assessmentPatch,
  appealOpening,
  correctionOpening,
  draftFields,
  factorsInFavour,
  findingsConditions,
  impactPeriod,
  investigated,
  isTolerated,
  openingRecord,
  ownCaseConditions,
  riskFilingConditions,
} from './tolerance.rules';
import { decisionConditions, effectOf, outcomeRecord, proposalOf, situationConditions } from './tolerance.findings';

/**
 * Tolerance application (容错申请), domain.md §3.1. One flat state per step; everything a step
 * records lands in the context with who and when. Time comes only from `event.at`; what lives
 * outside the case (the committee, the catalogue, the filing register) comes as `event.facts`.
 * Payloads reach the machine already checked against their field specs (tolerance.fields.ts), so
 * the guards check the procedure's rules only, and each names what it finds unmet.
 */

const l = (zh: string, en: string): Label => ({ zh, en });
const { requires, checks, when, whenPayload } = guardKit<ToleranceContext, ToleranceEvent>();

/**
 * A linked correction case's committee may revoke the decision (纠错 §3.2 step 6) in any state
 * after it, while exemption or mitigation is in force.
 */
const whileDecisionInForce = {
  DECISION_REVOKED: { guard: 'isToleranceInForce', target: 'revoked', actions: 'recordRevocation' },
  RECORD_TALK: { guard: and(['isMitigatedInForce', 'hasValidTalk']), actions: 'recordTalk' },
} as const;

/**
 * A decision (or a review or appeal decision that changes the outcome) that puts tolerance in
 * force for the first time opens the linked correction case at once (§3.1 step 9); any other
 * valid one is recorded alone.
 */
const deciding = (
  target: string,
  record: 'recordDecision' | 'recordReviewDecision' | 'recordAppealDecision',
  first: ReadonlyArray<'isRecordedFromAppealCase'> = [],
) =>
  [
    {
      guard: and([...first, 'isValidDecision', 'opensCorrection']),
      target,
      actions: [record, 'markCorrectionOpened', { type: 'openCase', params: ({ context }: { context: ToleranceContext }) => correctionOpening(context) }],
    },
    { guard: and([...first, 'isValidDecision', not('opensCorrection')]), target, actions: record },
  ] as const;

/** A withdrawal: the cadre or the filing unit, an application (not 主动容错), before the decision (§3.1 step 10). */
const WITHDRAWING = { guard: and(['isOwnCase', 'isApplication', 'isBeforeDecision']), target: 'withdrawn', actions: 'recordWithdrawal' } as const;

export const toleranceMachine = setup({
  types: {
    context: {} as ToleranceContext,
    events: {} as ToleranceEvent,
    input: {} as ProcedureInput<CreationData>,
  },
  guards: {
    isExOfficio: when(({ context }) => context.origin === 'exOfficio'),
    /** See `isOwnCase` in the model: the cadre's own case, or the application the unit filed. */
    isOwnCase: requires(({ context, event }) => ownCaseConditions(context, event.actor)),
    /**
     * An appeal heard as its own case (issue 18 §3) is decided there, by the parent body's committee:
     * its decision alone reaches this case (sent by the service); nobody records one here by hand.
     */
    isRecordedFromAppealCase: requires(({ context, event }) =>
      allOf(
        !!context.appeal?.heardAsCase &&
          event.actor.role !== 'system' &&
          unmet(
            'appeal.decidedInAppealCase',
            '本申诉由上一级机关作为申诉案件办理，申诉决定经其集体研究后自动登记到本案，不能在本案中直接登记',
            'This appeal is heard as its own case by the body one level up: its committee’s decision is recorded here by the service, not by hand',
          ),
      ),
    ),
    /** §3.1 step 1: the application states the matter and why it fits a tolerance situation. */
    hasCompleteApplication: checks(({ context, event }) => {
      assertEvent(event, 'SUBMIT');
      return applicationConditions({ ...context.application, ...draftFields(event.data) });
    }),
    /** The application's dates (proceedings started, decision made) have come. */
    hasValidApplicationDates: checks(({ event }) => {
      assertEvent(event, ['SUBMIT', 'UPDATE_DRAFT']);
      return applicationDateConditions(event.data, event.at);
    }),
    /** §3.1 step 10: only an application is withdrawn; nobody applied for 主动容错. */
    isApplication: requires(({ context }) =>
      allOf(
        context.origin !== 'application' &&
          unmet('withdraw.exOfficio', '主动容错案件不是依申请启动的，不能撤回', 'A case opened on the organ’s own motion cannot be withdrawn'),
      ),
    ),
    isBeforeDecision: requires(({ context }) =>
      allOf(
        context.decision !== undefined &&
          unmet('withdraw.decided', '已作出认定决定，不能再撤回申请', 'The decision has been made: the application can no longer be withdrawn'),
      ),
    ),
    /** Supplementary material is asked for once, listing everything missing (一次性告知). */
    canRequestSupplement: requires(({ context }) =>
      allOf(
        context.supplement !== undefined &&
          unmet('supplement.once', '补正材料应一次性告知，本案已通知过补正', 'Supplementary material is asked for once, and was already asked for'),
      ),
    ),
    /** Statements are heard while the case exists, never ahead of time. */
    hasValidHearingDate: checks(({ context, event }) => {
      assertEvent(event, 'RECORD_STATEMENT');
      return businessDate(event.data.heardOn, event.at, 'heardOn', l('听取日期', 'Heard on'), {
        since: context.opened.at,
        what: l('案件启动', 'the case was opened'),
      });
    }),
    /** The catalogue check selects situations from the case's catalogue version; the filing check is complete. */
    hasValidAssessment: checks(({ context, event }) => {
      assertEvent(event, 'RECORD_ASSESSMENT');
      const catalogue = event.data.catalogue;
      return [
        ...(assessmentGivesNothing(event.data)
          ? [
              unmet(
                'assessment.empty',
                '综合分析研判未填写任何内容：请至少填写六个因素、“三个区分开来”、容错情形目录比对或防错备案核对中的一项',
                'The assessment records nothing: give at least one of the six factors, the three distinctions, the catalogue check or the risk-prevention filing check',
              ),
            ]
          : []),
        ...(catalogue ? situationConditions(catalogue.toleranceSituations, 'tolerance', event.facts?.catalogue, 'catalogue.toleranceSituations') : []),
        ...(catalogue ? situationConditions(catalogue.exclusionSituations, 'exclusion', event.facts?.catalogue, 'catalogue.exclusionSituations') : []),
        ...riskFilingConditions(context, event.data, event.facts, event.at),
      ];
    }),
    /** §3.1 step 3: verification is extendable once. */
    canRequestExtension: requires(({ context }) =>
      allOf(
        context.verification.extension !== undefined &&
          unmet('extension.once', '核实期限只能延长一次，本案已申请过延期', 'Verification is extended once only, and an extension was already asked for'),
      ),
    ),
    isExtensionPending: requires(({ context }) =>
      allOf(
        context.verification.extension?.status !== 'pending' &&
          unmet('extension.notPending', '没有待审批的延长核实期限申请', 'There is no pending request to extend verification'),
      ),
    ),
    /**
     * §3.1 step 3: findings go to review only when the cadre has been heard (陈述申辩), the unit's
     * opinion is in, all six factors and all three distinctions are assessed, the catalogues are
     * checked and the risk-prevention filing is checked either way.
     */
    hasCompleteAssessment: requires(({ context }) => findingsConditions(context)),
    /** §2 and §3.1 step 4: whoever investigated the case may not review it. */
    isIndependentReviewer: requires(({ context, event }) =>
      allOf(
        context.verification.investigators.includes(event.actor.id) &&
          unmet('review.investigator', '参与核实的人员不得审理本案（查审分离）', 'Whoever investigated the case may not review it'),
      ),
    ),
    /** 审理助辩: the cadre gives their own defence at review. */
    isCadre: requires(({ context, event }) =>
      allOf(
        event.actor.id !== context.parties.cadreId &&
          unmet('party.notCadre', '只有当事干部本人可以提交审理申辩意见', 'Only the cadre concerned may submit a defence at review'),
      ),
    ),
    /** 审理助辩: a defence heard says what was said and when. */
    hasDefenceRecord: checks(({ context, event }) => {
      assertEvent(event, 'RECORD_REVIEW_DEFENCE');
      if (event.data.hearing !== 'heard') return [];
      return allOf(
        !event.data.defence?.trim() && unmet('defence.text', '听取申辩的，须记录申辩内容', 'A defence heard is recorded with what was said', 'defence'),
        !event.data.heardOn && unmet('defence.heardOn', '听取申辩的，须填写听取日期', 'A defence heard is recorded with its date', 'heardOn'),
        businessDate(event.data.heardOn, event.at, 'heardOn', l('听取日期', 'Heard on'), {
          since: context.verification.findings?.at,
          what: l('移送审理', 'the findings went to review'),
        }),
      );
    }),
    /** 审理助辩: before the committee, the review heard the cadre's defence or recorded that they declined. */
    hasDefenceHeard: requires(({ context }) =>
      allOf(
        !context.review.defences.some((entry) => (entry.round ?? 1) === context.verification.round) &&
          unmet(
            'review.defenceNotHeard',
            '尚未记录审理助辩：须听取当事干部的申辩，或记录其放弃申辩',
            'The review has not recorded the cadre’s defence: hear it, or record that they declined',
          ),
      ),
    ),
    /** §3.1 step 5 and step 7: see `decisionConditions`. */
    isValidDecision: checks(({ context, event }) => decisionConditions(context, event)),
    /**
     * §3.1 step 9 (作出容错决定时,立即启动纠错程序): a decision that puts exemption or mitigation in
     * force when no correction case has been opened yet.
     */
    opensCorrection: whenPayload(({ context, event }) => !context.correctionOpened && isTolerated(proposalOf(context, event)?.outcome)),
    /** The written decision reaches applicant and unit after the decision, not ahead of time. */
    hasValidServiceDates: checks(({ context, event }) => {
      assertEvent(event, 'SERVE_DECISION');
      const since = { since: context.outcome?.decidedOn, what: l('作出决定', 'the decision') };
      return [
        ...businessDate(event.data.servedToApplicantOn, event.at, 'servedToApplicantOn', l('送达申请人日期', 'Served on the applicant on'), since),
        ...businessDate(event.data.servedToUnitOn, event.at, 'servedToUnitOn', l('送达所在单位日期', 'Served on the unit on'), since),
      ];
    }),
    /**
     * §3.1 step 7: the cadre (or the unit that filed) asks for review within 1 month of receipt, or
     * the jurisdiction's own length (`tolerance.reviewRequest`, passed in by the engine).
     */
    isWithinReviewWindow: requires(({ context, event }) => {
      const window = limitInForce(event, 'tolerance.reviewRequest', REVIEW_REQUEST_WINDOW);
      const words = durationWords(window);
      return allOf(
        !isWithinLimit(context.receipt?.at, event.at, window) &&
          unmet('review.windowClosed', `已超过收到决定书之日起${words.zh}的复核申请期限`, `The ${words.en} for asking a review after receipt have passed`),
      );
    }),
    /** §3.1 step 7: one appeal within 1 month after the review decision (`tolerance.appealRequest`). */
    isWithinAppealWindow: requires(({ context, event }) => {
      const window = limitInForce(event, 'tolerance.appealRequest', APPEAL_REQUEST_WINDOW);
      const words = durationWords(window);
      return allOf(
        !isWithinLimit(context.reviewDecision?.at, event.at, window) &&
          unmet('appeal.windowClosed', `已超过复核决定作出之日起${words.zh}的申诉期限`, `The ${words.en} for appealing after the review decision have passed`),
      );
    }),
    /** Feedback, notice and filing happen after the decision in force, not ahead of time. */
    hasValidClosureDates: checks(({ context, event }) => {
      assertEvent(event, 'CLOSE');
      const since = { since: context.outcome?.decidedOn, what: l('作出决定', 'the decision') };
      return [
        ...businessDate(event.data.feedbackOn, event.at, 'feedbackOn', l('书面反馈申请人（单位）日期', 'Written feedback on'), since),
        ...businessDate(event.data.orgDeptNotifiedOn, event.at, 'orgDeptNotifiedOn', l('函告组织人事部门日期', 'Organisation department notified on'), since),
        ...businessDate(
          event.data.partyCommitteeFiledOn,
          event.at,
          'partyCommitteeFiledOn',
          l('报同级党委（政府）备案日期', 'Filed with the party committee on'),
          since,
        ),
        ...notBefore(event.data.impactFrom, since, 'impactFrom', l('影响期起算日', 'Impact period starts')),
      ];
    }),
    /** Only a tolerance decision in force can be revoked (§3.2 step 6). */
    isToleranceInForce: requires(({ context }) =>
      allOf(
        !isTolerated(context.outcome?.outcome) &&
          unmet('revocation.notInForce', '现行认定不是容错免责或从轻/减轻处理，无可撤销', 'No exemption or mitigation is in force to revoke'),
      ),
    ),
    /** 影响期届满 (§3.1 step 8): only a closure with an impact period not yet recorded as run. */
    isImpactPeriodRunning: requires(({ context }) =>
      allOf(
        (context.closure?.effect !== 'impactPeriod' || !!context.closure.impactEndedAt) &&
          unmet('impactPeriod.notRunning', '本案没有尚未届满的影响期', 'This case has no impact period still running'),
      ),
    ),
    /** 谈心谈话 follows a mitigated decision (issue 19 §3). */
    isMitigatedInForce: requires(({ context }) =>
      allOf(
        context.outcome?.outcome !== 'mitigated' &&
          unmet('talk.notMitigated', '作出从轻/减轻处理决定后才记录谈心谈话', 'Talks are recorded once a mitigated decision is in force'),
      ),
    ),
    hasValidTalk: checks(({ context, event }) => {
      assertEvent(event, 'RECORD_TALK');
      return talkConditions(event.data, event.at, { since: context.opened.at, what: l('案件启动', 'the case was opened') });
    }),
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
      withdrawal: { ...stamp(event), deemed: true, reason: '逾期未补正，视为撤回' },
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
      return { verification: investigated(context.verification, event.actor.id, assessmentPatch(context, stamp(event), event.data, event.facts)) };
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
      const findings = {
        ...stamp(event),
        summary: event.data.summary,
        recommendation: event.data.recommendation,
        factorsInFavour: factorsInFavour(context.verification),
      };
      return { verification: investigated(context.verification, event.actor.id, { findings }) };
    }),

    // Review (审理).
    recordReviewSubmission: assign(({ context, event }) => {
      assertEvent(event, 'SUBMIT_REVIEW_DEFENCE');
      const entry = {
        ...stamp(event),
        defence: event.data.defence,
        ...(event.data.evidence ? { evidence: event.data.evidence } : {}),
        round: context.verification.round,
      };
      return { review: { ...context.review, submissions: appendOnce(context.review.submissions ?? [], entry) } };
    }),
    recordReviewDefence: assign(({ context, event }) => {
      assertEvent(event, 'RECORD_REVIEW_DEFENCE');
      const { hearing, defence, heardOn } = event.data;
      const heard = hearing === 'heard';
      const entry = compact({
        ...stamp(event),
        hearing,
        defence: heard ? defence : undefined,
        heardOn: heard ? heardOn : undefined,
        round: context.verification.round,
      });
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
      const { meetingDate, reasoning } = event.data;
      const outcome = outcomeRecord(proposalOf(context, event)!, stamp(event), 'decision', meetingDate);
      const { mitigation, impactMonths } = outcome;
      const decision = { ...stamp(event), outcome: outcome.outcome, ...compact({ mitigation, impactMonths }), reasoning };
      return { decision: { ...decision, ...collectiveDecisionRecord(event.data, event.facts) }, outcome };
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
      const { result, reasoning, meetingDate } = event.data;
      return {
        reviewDecision: { ...stamp(event), result, reasoning, ...collectiveDecisionRecord(event.data, event.facts) },
        outcome: result === 'changed' ? outcomeRecord(proposalOf(context, event)!, stamp(event), 'review', meetingDate) : context.outcome,
      };
    }),
    recordAppeal: assign(({ event }) => {
      assertEvent(event, 'FILE_APPEAL');
      const { grounds, evidence } = event.data;
      return { appeal: { ...stamp(event), heardAsCase: true as const, grounds, ...(evidence ? { evidence } : {}) } };
    }),
    recordAppealDecision: assign(({ context, event }) => {
      assertEvent(event, 'RECORD_APPEAL_DECISION');
      const { result, documentNo, decidedOn, reasoning } = event.data;
      return {
        appealDecision: { ...stamp(event), result, ...(documentNo ? { documentNo } : {}), decidedOn, reasoning },
        outcome: result === 'changed' ? outcomeRecord(proposalOf(context, event)!, stamp(event), 'appeal', decidedOn) : context.outcome,
      };
    }),
    recordResultAccepted: assign(({ context, event }) => {
      assertEvent(event, 'ACCEPT_RESULT');
      // Accepting after a review decision gives up the appeal; before it, the review.
      const stage = context.reviewDecision ? ('appeal' as const) : ('review' as const);
      return { acceptedResult: { ...stamp(event), stage, ...(event.data.note ? { note: event.data.note } : {}) } };
    }),
    recordTalk: assign(({ context, event }) => {
      assertEvent(event, 'RECORD_TALK');
      return { talks: appendOnce(context.talks ?? [], talkRecord(stamp(event), event.data)) };
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
    recordImpactEnded: assign(({ context, event }) => {
      assertEvent(event, 'IMPACT_PERIOD_ENDED');
      return { closure: { ...context.closure!, impactEndedAt: event.at } };
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
        UPDATE_DRAFT: { guard: and(['isOwnCase', 'hasValidApplicationDates']), actions: 'recordDraft' },
        SUBMIT: { guard: and(['isOwnCase', 'hasCompleteApplication', 'hasValidApplicationDates']), target: 'submitted', actions: 'recordSubmission' },
        WITHDRAW: WITHDRAWING,
      },
    },
    /** 受理: 5 working days for the officer (a staff duty). */
    submitted: {
      on: {
        ACCEPT: { target: 'verifying', actions: 'recordAcceptance' },
        REJECT: { target: 'rejected', actions: 'recordRejection' },
        REQUEST_SUPPLEMENT: { guard: 'canRequestSupplement', target: 'awaitingSupplement', actions: 'recordSupplementRequest' },
        WITHDRAW: WITHDRAWING,
      },
    },
    /** 补正: 10 working days; silence counts as withdrawal. */
    awaitingSupplement: {
      on: {
        RESUBMIT: { guard: 'isOwnCase', target: 'submitted', actions: 'recordSupplementResponse' },
        SUPPLEMENT_EXPIRED: { target: 'withdrawn', actions: 'recordDeemedWithdrawal' },
        WITHDRAW: WITHDRAWING,
      },
    },
    /** 核实: 30 days, once extendable by 30 with a leader's approval. */
    verifying: {
      on: {
        RECORD_STATEMENT: { guard: 'hasValidHearingDate', actions: 'recordStatement' },
        RECORD_UNIT_OPINION: { actions: 'recordUnitOpinion' },
        RECORD_DEPARTMENT_OPINION: { actions: 'recordDepartmentOpinion' },
        RECORD_ASSESSMENT: { guard: 'hasValidAssessment', actions: 'recordAssessment' },
        REQUEST_EXTENSION: { guard: 'canRequestExtension', actions: 'recordExtensionRequest' },
        APPROVE_EXTENSION: { guard: 'isExtensionPending', actions: { type: 'recordExtensionDecision', params: { status: 'approved' } } },
        DENY_EXTENSION: { guard: 'isExtensionPending', actions: { type: 'recordExtensionDecision', params: { status: 'denied' } } },
        SUBMIT_FINDINGS: { guard: 'hasCompleteAssessment', target: 'inReview', actions: 'recordFindings' },
        WITHDRAW: WITHDRAWING,
      },
    },
    /** 审理 by a reviewer who did not investigate. */
    inReview: {
      on: {
        SUBMIT_REVIEW_DEFENCE: { guard: 'isCadre', actions: 'recordReviewSubmission' },
        RECORD_REVIEW_DEFENCE: { guard: and(['isIndependentReviewer', 'hasDefenceRecord']), actions: 'recordReviewDefence' },
        PASS_TO_COMMITTEE: { guard: and(['isIndependentReviewer', 'hasDefenceHeard']), target: 'awaitingDecision', actions: 'recordPassToCommittee' },
        RETURN_FOR_VERIFICATION: { guard: 'isIndependentReviewer', target: 'verifying', actions: 'recordReturn' },
        WITHDRAW: WITHDRAWING,
      },
    },
    /** 集体研究认定. */
    awaitingDecision: {
      on: {
        DECIDE: deciding('awaitingService', 'recordDecision'),
        WITHDRAW: WITHDRAWING,
      },
    },
    /** 送达: the written decision reaches applicant and unit within 5 working days (staff duty). */
    awaitingService: {
      on: { SERVE_DECISION: { guard: 'hasValidServiceDates', target: 'awaitingReceipt', actions: 'recordService' }, ...whileDecisionInForce },
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
        REQUEST_REVIEW: { guard: and(['isOwnCase', 'isWithinReviewWindow']), target: 'underReview', actions: 'recordReviewRequest' },
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
        FILE_APPEAL: {
          guard: and(['isOwnCase', 'isWithinAppealWindow']),
          target: 'underAppeal',
          // The appeal opens its own case in the body one level up, in the same transaction.
          actions: [
            'recordAppeal',
            {
              type: 'openCase',
              params: ({ context, event }: { context: ToleranceContext; event: ToleranceEvent }) => {
                assertEvent(event, 'FILE_APPEAL');
                return appealOpening(context, { by: event.actor.id, grounds: event.data.grounds, evidence: event.data.evidence });
              },
            },
          ],
        },
        ACCEPT_RESULT: { guard: 'isOwnCase', target: 'awaitingClosure', actions: 'recordResultAccepted' },
        APPEAL_WINDOW_EXPIRED: { target: 'awaitingClosure', actions: { type: 'recordWindowLapsed', params: { stage: 'appeal' } } },
        ...whileDecisionInForce,
      },
    },
    /** The body one level up decides within 2 months, in the appeal case, whose decision is recorded here. */
    underAppeal: { on: { RECORD_APPEAL_DECISION: deciding('awaitingClosure', 'recordAppealDecision', ['isRecordedFromAppealCase']), ...whileDecisionInForce } },
    /** 结果运用: the result is final; feedback, notice to the organisation department, filing. */
    awaitingClosure: { on: { CLOSE: { guard: 'hasValidClosureDates', target: 'closed', actions: 'recordClosure' }, ...whileDecisionInForce } },
    /**
     * Not an XState final state: a linked correction case whose committee revokes the tolerance
     * decision after overdue rectification sends DECISION_REVOKED (domain.md §3.2 step 6).
     */
    closed: { on: { IMPACT_PERIOD_ENDED: { guard: 'isImpactPeriodRunning', actions: 'recordImpactEnded' }, ...whileDecisionInForce } },
    rejected: { type: 'final' },
    withdrawn: { type: 'final' },
    revoked: { type: 'final' },
  },
});
