import { and, assertEvent, assign, not, setup } from 'xstate';
import {
  allOf,
  appendOnce,
  businessDate,
  collectiveDecisionConditions,
  collectiveDecisionRecord,
  guardKit,
  hasText,
  durationWords,
  isWithinLimit,
  limitInForce,
  stamp,
  talkConditions,
  talkRecord,
  unmet,
  type Label,
  type OpenCaseParams,
  type ProcedureInput,
  type RegisterParams,
  type SendToOriginParams,
} from '../core';
import { MEASURE_LABELS, type FalseAccusationCreationData, type FalseAccusationEvent } from './false-accusation.fields';
import {
  blacklistEntry,
  blacklistWithdrawal,
  canRequestReview,
  MAX_RETURNS,
  measureConditions,
  measureDecision,
  pendingMeasures,
  REVIEW_WINDOW_MONTHS,
  SEALED_ACCUSER,
  type Conclusion,
  type FalseAccusationContext,
} from './false-accusation.model';

/**
 * False-accusation handling (诬告陷害查处), domain.md §3.4. Payloads reach the machine already
 * checked against their field specs (false-accusation.fields.ts): the guards check the
 * procedure's rules only, and each names what it finds unmet.
 */

const l = (zh: string, en: string): Label => ({ zh, en });
const { requires, checks, whenPayload } = guardKit<FalseAccusationContext, FalseAccusationEvent>();

/** The register entry a decision listing the blacklist measure makes (the accuser, sealed). */
function decisionEntry({ event }: { event: FalseAccusationEvent }): RegisterParams {
  assertEvent(event, 'DECIDE_MEASURES');
  return blacklistEntry(
    { ...measureDecision(event.data), approvingBody: event.data.approvingBody, meetingDate: event.data.meetingDate, reasoning: event.data.reasoning },
    'decision',
  );
}

/** The entry a review that changes the measures and keeps the blacklist makes, by the same body. */
function reviewEntry({ context, event }: { context: FalseAccusationContext; event: FalseAccusationEvent }): RegisterParams {
  assertEvent(event, 'DECIDE_REVIEW');
  return blacklistEntry(
    {
      ...measureDecision(event.data),
      approvingBody: context.decision?.approvingBody ?? '',
      meetingDate: event.data.meetingDate,
      reasoning: event.data.reasoning,
    },
    'review',
  );
}

/** 谈心谈话 with the falsely accused cadre, in any running step (issue 19 §3). */
const TALK = { RECORD_TALK: { guard: 'hasValidTalk', actions: 'recordTalk' } } as const;

export const falseAccusationMachine = setup({
  types: {
    context: {} as FalseAccusationContext,
    events: {} as FalseAccusationEvent,
    input: {} as ProcedureInput<FalseAccusationCreationData>,
  },
  guards: {
    canReturnFinding: requires(({ context }) =>
      allOf(
        context.returns.length >= MAX_RETURNS &&
          unmet('return.limit', `诬告陷害认定意见最多退回补充核查${MAX_RETURNS}次`, `A finding of malice is sent back at most ${MAX_RETURNS} times`),
      ),
    ),
    /** A party or government sanction names its kind; a blacklisting says until when. */
    hasMeasureDetails: checks(({ event }) => {
      assertEvent(event, ['DECIDE_MEASURES', 'DECIDE_REVIEW']);
      return measureConditions(event.data);
    }),
    /** A collective decision (集体研究): see core/collective-decision.ts. */
    isValidCollectiveDecision: checks(({ context, event }) => {
      assertEvent(event, ['DECIDE_MEASURES', 'DECIDE_REVIEW']);
      const since =
        event.type === 'DECIDE_MEASURES'
          ? { since: context.conclusion?.at, what: l('认定诬告陷害', 'the finding of malice') }
          : { since: context.reviewRequest?.at, what: l('申请复核', 'the review was requested') };
      return collectiveDecisionConditions(event.data, event.facts, { at: event.at, since });
    }),
    /** The decision lists the blacklist measure: the accuser goes on the register. */
    listsBlacklist: whenPayload(({ event }) => {
      assertEvent(event, ['DECIDE_MEASURES', 'DECIDE_REVIEW']);
      return (event.data.measures ?? []).includes('creditBlacklist');
    }),
    /** Each decided measure's execution is recorded once, on a day it took place, after the decision. */
    canRecordExecution: checks(({ context, event }) => {
      assertEvent(event, 'RECORD_EXECUTION');
      const { measure, executedOn } = event.data;
      return allOf(
        !pendingMeasures(context).includes(measure) &&
          unmet(
            'execution.notPending',
            `“${MEASURE_LABELS[measure].zh}”不是待记录执行的处理措施（未作决定或已记录）`,
            `“${MEASURE_LABELS[measure].en}” is not a decided measure awaiting its execution record`,
            'measure',
          ),
        businessDate(executedOn, event.at, 'executedOn', l('执行日期', 'Executed on'), {
          since: context.decision?.meetingDate,
          what: l('作出处理决定', 'the decision'),
        }),
      );
    }),
    isLastPendingMeasure: whenPayload(({ context, event }) => {
      assertEvent(event, 'RECORD_EXECUTION');
      const pending = pendingMeasures(context);
      return pending.length === 1 && pending[0] === event.data.measure;
    }),
    /** The sanctioned accuser (when a user) asks in person; an officer records a written request. */
    canRequestReview: requires(({ context, event }) =>
      allOf(
        !canRequestReview(context, event.actor) &&
          unmet(
            'review.notSubject',
            '只有被处理人本人，或由承办人登记其书面申请，可以申请复核',
            'Only the person sanctioned may ask for review, or an officer recording their written request',
          ),
      ),
    ),
    /** The review window counts from the decision's service, with the jurisdiction's length (`falseAccusation.reviewRequest`). */
    isWithinReviewWindow: requires(({ context, event }) => {
      const window = limitInForce(event, 'falseAccusation.reviewRequest', { length: REVIEW_WINDOW_MONTHS, unit: 'months' });
      const words = durationWords(window);
      return allOf(
        !isWithinLimit(context.reviewWindow?.openedAt, event.at, window) &&
          unmet('review.windowClosed', `已超过${words.zh}的复核申请期限`, `The ${words.en} review window has passed`),
      );
    }),
    /** A review upholds (naming no measures), or changes the measures and then says what they become. */
    hasReviewOutcome: checks(({ event }) => {
      assertEvent(event, 'DECIDE_REVIEW');
      const measures = event.data.measures ?? [];
      if (event.data.outcome === 'upheld') {
        return allOf(
          measures.length > 0 && unmet('review.upheldWithMeasures', '维持原决定的，不再填写处理措施', 'An upheld decision names no new measures', 'measures'),
        );
      }
      return allOf(
        measures.length === 0 &&
          unmet('review.changedWithoutMeasures', '变更原决定的，须写明变更后的处理措施', 'A changed decision names the measures it comes to', 'measures'),
      );
    }),
    isChanged: whenPayload(({ event }) => {
      assertEvent(event, 'DECIDE_REVIEW');
      return event.data.outcome === 'changed';
    }),
    hasValidTalk: checks(({ context, event }) => {
      assertEvent(event, 'RECORD_TALK');
      return talkConditions(event.data, event.at, { since: context.opening.at, what: l('启动诬告陷害查处', 'the case was opened') });
    }),
  },
  actions: {
    // Effects on other cases: empty on purpose; the engine carries them out (core/runtime.ts).
    openCase: (_, _params: OpenCaseParams) => {},
    sendToOrigin: (_, _params: SendToOriginParams) => {},
    register: (_, _params: RegisterParams) => {},
    recordMistaken: assign(({ event }) => {
      assertEvent(event, 'CONCLUDE_MISTAKEN');
      const { reasoning, educationGiven, educationNote } = event.data;
      const conclusion: Conclusion = { ...stamp(event, 'withRole'), kind: 'mistaken', reasoning, educationGiven: educationGiven === true, educationNote };
      return { conclusion };
    }),
    recordUndetermined: assign(({ event }) => {
      assertEvent(event, 'CONCLUDE_UNDETERMINED');
      const conclusion: Conclusion = { ...stamp(event, 'withRole'), kind: 'undetermined', reasoning: event.data.reasoning };
      return { conclusion };
    }),
    recordMaliciousFinding: assign(({ event }) => {
      assertEvent(event, 'FIND_MALICIOUS');
      const { establishedFacts, intentEvidence, fabrication, reasoning } = event.data;
      const conclusion: Conclusion = { ...stamp(event, 'withRole'), kind: 'malicious', establishedFacts, intentEvidence, fabrication, reasoning };
      return { conclusion };
    }),
    recordReturn: assign(({ context, event }) => {
      assertEvent(event, 'RETURN_FINDING');
      if (!context.conclusion) return {};
      return {
        returns: [...context.returns, { ...stamp(event, 'withRole'), reason: event.data.reason, finding: context.conclusion }],
        conclusion: undefined,
      };
    }),
    recordDecision: assign(({ event }) => {
      assertEvent(event, 'DECIDE_MEASURES');
      const { approvingBody, reasoning } = event.data;
      return {
        decision: {
          ...stamp(event, 'withRole'),
          ...collectiveDecisionRecord(event.data, event.facts),
          ...measureDecision(event.data),
          approvingBody,
          reasoning,
        },
      };
    }),
    recordExecution: assign(({ context, event }) => {
      assertEvent(event, 'RECORD_EXECUTION');
      const { measure, executedOn, detail, documentRef } = event.data;
      return { executions: [...context.executions, { ...stamp(event, 'withRole'), measure, executedOn, detail, documentRef }] };
    }),
    openReviewWindow: assign(({ event }) => ({ reviewWindow: { openedAt: event.at } })),
    recordReviewRequest: assign(({ event }) => {
      assertEvent(event, 'REQUEST_REVIEW');
      // When the accuser asks in person, their user id stays sealed: the record says only "the accuser".
      const byAccuser = event.actor.role !== 'officer';
      const who = byAccuser ? { ...stamp(event, 'withRole'), by: SEALED_ACCUSER } : stamp(event, 'withRole');
      return { reviewRequest: { ...who, reason: event.data.reason, onBehalf: !byAccuser } };
    }),
    recordReviewDecision: assign(({ event }) => {
      assertEvent(event, 'DECIDE_REVIEW');
      const { outcome, reasoning } = event.data;
      return {
        reviewDecision: {
          ...stamp(event, 'withRole'),
          ...collectiveDecisionRecord(event.data, event.facts),
          outcome,
          reasoning,
          newDecision: outcome === 'changed' ? measureDecision(event.data) : undefined,
        },
        closure: { cause: 'reviewDecided' as const, at: event.at, by: event.actor.id },
      };
    }),
    recordTalk: assign(({ context, event }) => {
      assertEvent(event, 'RECORD_TALK');
      return { talks: appendOnce(context.talks ?? [], talkRecord(stamp(event, 'withRole'), event.data)) };
    }),
    closeAfterWindow: assign(({ event }) => ({
      closure: { cause: 'reviewWindowExpired' as const, at: event.at, by: event.actor.id },
    })),
  },
}).createMachine({
  id: 'falseAccusation',
  initial: 'investigating',
  context: ({ input }) => {
    const { accuserName, accuserContact, accuserUserId } = input.data;
    // The accuser's identity is sealed (domain.md §4): only here and, for recusal, in `parties`.
    const sealed: Record<string, unknown> = {};
    if (accuserName !== undefined) sealed.accuserName = accuserName;
    if (accuserContact !== undefined) sealed.accuserContact = accuserContact;
    if (accuserUserId !== undefined) sealed.accuserUserId = accuserUserId;
    return {
      parties: {
        cadreId: input.data.cadreId ?? '',
        unitId: input.data.unitId ?? '',
        ...(hasText(accuserUserId) ? { accuserUserId } : {}),
      },
      sealed,
      origin: input.origin ? { caseId: input.origin.caseId, procedure: input.origin.procedure } : undefined,
      opening: {
        ...stamp(input, 'withRole'),
        accusationSummary: input.data.summary ?? '',
        clarificationConclusion: input.data.conclusion ?? '',
      },
      returns: [],
      executions: [],
    };
  },
  states: {
    /** 核查: separate 错告 from 诬告陷害. */
    investigating: {
      on: {
        CONCLUDE_MISTAKEN: { target: 'closedMistaken', actions: 'recordMistaken' },
        CONCLUDE_UNDETERMINED: { target: 'closedUndetermined', actions: 'recordUndetermined' },
        /** 检举控告工作规则 art. 39: the facts, how they were fabricated, and the evidence of intent. */
        FIND_MALICIOUS: { target: 'deciding', actions: 'recordMaliciousFinding' },
        ...TALK,
      },
    },
    /** 集体研究决定 */
    deciding: {
      on: {
        DECIDE_MEASURES: [
          {
            guard: and(['hasMeasureDetails', 'isValidCollectiveDecision', 'listsBlacklist']),
            target: 'executing',
            actions: ['recordDecision', { type: 'register', params: decisionEntry }],
          },
          { guard: and(['hasMeasureDetails', 'isValidCollectiveDecision', not('listsBlacklist')]), target: 'executing', actions: 'recordDecision' },
        ],
        RETURN_FINDING: { guard: 'canReturnFinding', target: 'investigating', actions: 'recordReturn' },
        ...TALK,
      },
    },
    /** 执行: one record per decided measure. */
    executing: {
      on: {
        RECORD_EXECUTION: [
          {
            guard: and(['canRecordExecution', 'isLastPendingMeasure']),
            target: 'reviewWindow',
            actions: ['recordExecution', 'openReviewWindow'],
          },
          { guard: and(['canRecordExecution', not('isLastPendingMeasure')]), actions: 'recordExecution' },
        ],
        ...TALK,
      },
    },
    /** 复核申请期: 1 month; silence closes the case. */
    reviewWindow: {
      on: {
        REQUEST_REVIEW: {
          guard: and(['canRequestReview', 'isWithinReviewWindow']),
          target: 'reviewing',
          actions: 'recordReviewRequest',
        },
        REVIEW_WINDOW_EXPIRED: { target: 'closed', actions: 'closeAfterWindow' },
        ...TALK,
      },
    },
    /** 复核 */
    reviewing: {
      on: {
        // A changed decision takes its blacklist entry off the register, and enters the new one if it keeps the measure.
        DECIDE_REVIEW: [
          {
            guard: and(['hasReviewOutcome', 'hasMeasureDetails', 'isValidCollectiveDecision', 'isChanged', 'listsBlacklist']),
            target: 'closed',
            actions: ['recordReviewDecision', { type: 'register', params: blacklistWithdrawal }, { type: 'register', params: reviewEntry }],
          },
          {
            guard: and(['hasReviewOutcome', 'hasMeasureDetails', 'isValidCollectiveDecision', 'isChanged', not('listsBlacklist')]),
            target: 'closed',
            actions: ['recordReviewDecision', { type: 'register', params: blacklistWithdrawal }],
          },
          {
            guard: and(['hasReviewOutcome', 'hasMeasureDetails', 'isValidCollectiveDecision', not('isChanged')]),
            target: 'closed',
            actions: 'recordReviewDecision',
          },
        ],
        ...TALK,
      },
    },
    closed: { type: 'final' },
    closedMistaken: { type: 'final' },
    closedUndetermined: { type: 'final' },
  },
});
