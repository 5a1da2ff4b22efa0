import { and, assertEvent, assign, setup } from 'xstate';
import { hasText, isValidCollectiveDecision, isWithinLimit, limitInForce, stamp, type OpenCaseParams, type ProcedureInput, type SendToOriginParams } from '../core';
import type { FalseAccusationCreationData, FalseAccusationEvent } from './false-accusation.fields';
import {
  canRequestReview,
  hasLevelsFor,
  MAX_RETURNS,
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
 * procedure's rules only.
 */

export const falseAccusationMachine = setup({
  types: {
    context: {} as FalseAccusationContext,
    events: {} as FalseAccusationEvent,
    input: {} as ProcedureInput<FalseAccusationCreationData>,
  },
  guards: {
    canReturnFinding: ({ context }) => context.returns.length < MAX_RETURNS,
    /** A party or government sanction names its kind (纪律处分条例 art. 8; 政务处分法 art. 7). */
    hasSanctionLevels: ({ event }) => {
      assertEvent(event, ['DECIDE_MEASURES', 'DECIDE_REVIEW']);
      return hasLevelsFor(event.data);
    },
    /** A collective decision (集体研究): votes that add up to the attendees and a majority. */
    isValidCollectiveDecision: ({ event }) => {
      assertEvent(event, ['DECIDE_MEASURES', 'DECIDE_REVIEW']);
      return isValidCollectiveDecision(event.data);
    },
    /** Each decided measure's execution is recorded once. */
    canRecordExecution: ({ context, event }) => {
      assertEvent(event, 'RECORD_EXECUTION');
      return pendingMeasures(context).includes(event.data.measure);
    },
    isLastPendingMeasure: ({ context, event }) => {
      assertEvent(event, 'RECORD_EXECUTION');
      const pending = pendingMeasures(context);
      return pending.length === 1 && pending[0] === event.data.measure;
    },
    /** The sanctioned accuser (when a user) asks in person; an officer records a written request. */
    canRequestReview: ({ context, event }) => canRequestReview(context, event.actor),
    isWithinReviewWindow: ({ context, event }) =>
      isWithinLimit(context.reviewWindow?.openedAt, event.at, limitInForce(event, 'falseAccusation.reviewRequest', { length: REVIEW_WINDOW_MONTHS, unit: 'months' })),
    /** A review upholds (naming no measures), or changes the measures and then says what they become. */
    hasReviewOutcome: ({ event }) => {
      assertEvent(event, 'DECIDE_REVIEW');
      const measures = event.data.measures ?? [];
      return event.data.outcome === 'upheld' ? measures.length === 0 : measures.length > 0;
    },
  },
  actions: {
    // Effects on other cases: empty on purpose; the engine carries them out (core/runtime.ts).
    openCase: (_, _params: OpenCaseParams) => {},
    sendToOrigin: (_, _params: SendToOriginParams) => {},
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
      const { meetingDate, attendees, votesFor, votesAgainst, votesAbstain, approvingBody, reasoning } = event.data;
      return {
        decision: {
          ...stamp(event, 'withRole'),
          ...{ meetingDate, attendees, votesFor, votesAgainst, votesAbstain },
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
      const { meetingDate, attendees, votesFor, votesAgainst, votesAbstain, outcome, reasoning } = event.data;
      return {
        reviewDecision: {
          ...stamp(event, 'withRole'),
          ...{ meetingDate, attendees, votesFor, votesAgainst, votesAbstain },
          outcome,
          reasoning,
          newDecision: outcome === 'changed' ? measureDecision(event.data) : undefined,
        },
        closure: { cause: 'reviewDecided' as const, at: event.at, by: event.actor.id },
      };
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
      },
    },
    /** 集体研究决定 */
    deciding: {
      on: {
        DECIDE_MEASURES: {
          guard: and(['hasSanctionLevels', 'isValidCollectiveDecision']),
          target: 'executing',
          actions: 'recordDecision',
        },
        RETURN_FINDING: { guard: 'canReturnFinding', target: 'investigating', actions: 'recordReturn' },
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
          { guard: 'canRecordExecution', actions: 'recordExecution' },
        ],
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
      },
    },
    /** 复核 */
    reviewing: {
      on: {
        DECIDE_REVIEW: {
          guard: and(['hasReviewOutcome', 'hasSanctionLevels', 'isValidCollectiveDecision']),
          target: 'closed',
          actions: 'recordReviewDecision',
        },
      },
    },
    closed: { type: 'final' },
    closedMistaken: { type: 'final' },
    closedUndetermined: { type: 'final' },
  },
});
