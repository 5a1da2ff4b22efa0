import { and, assertEvent, assign, not, setup } from 'xstate';
import { compact, hasText, stamp, type OpenCaseParams, type ProcedureInput, type SendToOriginParams } from '../core';
import type { ClarificationEvent, LeadData } from './clarification.fields';
import {
  falseAccusationOpening,
  isConsistentConsequenceRecord,
  isFoundUntrueConclusion,
  isNotAfterToday,
  namesUntruePoints,
  openingRecord,
  textItems,
  type ClarificationContext,
  type FinalOutcome,
  type OutcomeReason,
} from './clarification.model';

/*
 * 澄清正名 — clarification for a cadre accused in an untrue report (domain.md §3.3). Payloads reach
 * the machine already checked against their field specs (clarification.fields.ts): the guards
 * check the procedure's rules only.
 */

/** A (partly) untrue conclusion that names its untrue points, says whether it did harm, and may refer. */
const UNTRUE_CONCLUSION = ['hasUntruePoints', 'hasHarmAssessment', 'canReferAtConclusion', 'isFoundUntrue'] as const;

/** The dates a step records that must not lie in the future. */
type DatedField = 'notifiedOn' | 'clarifiedOn' | 'visitedOn';

/** A result notice needs the reporter's identity on file and a date that has come. */
const RESULT_NOTICE = ['hasReporterIdentity', { type: 'hasPastDate', params: { field: 'notifiedOn' } }] as const;
const RECORD_RESULT_NOTICE = { type: 'recordNotice', params: { notice: 'resultNotice' } } as const;

const settle = (result: FinalOutcome, reason: OutcomeReason) => ({ type: 'settleOutcome', params: { result, reason } }) as const;

export const clarificationMachine = setup({
  types: {
    context: {} as ClarificationContext,
    events: {} as ClarificationEvent,
    input: {} as ProcedureInput<LeadData>,
  },
  guards: {
    // --- lead and notices ---
    isAnonymousReport: ({ context }) => !context.lead.signed,
    /** A signed reporter can only be told something when a name and a contact are on file. */
    hasReporterIdentity: ({ context }) => hasText(context.sealed.reporterName) && hasText(context.sealed.reporterContact),
    /** A notice, a clarification or a follow-up is recorded once it happened, not ahead of time. */
    hasPastDate: ({ event }, params: { field: DatedField }) => {
      assertEvent(event, ['NOTIFY_ACCEPTANCE', 'NOTIFY_RESULT', 'RECORD_CLARIFICATION', 'RECORD_FOLLOW_UP']);
      const date = (event.data as Partial<Record<DatedField, string>>)[params.field];
      return date !== undefined && isNotAfterToday(date, event.at);
    },

    // --- verification conclusion ---
    /** 部分属实 / 失实: only the specific untrue points are clarified, so they must be named. */
    hasUntruePoints: ({ event }) => {
      assertEvent(event, 'CONCLUDE_VERIFICATION');
      return namesUntruePoints(event.data);
    },
    /** Clarification is required when the report did harm and not done when it did not: say which. */
    hasHarmAssessment: ({ event }) => {
      assertEvent(event, 'CONCLUDE_VERIFICATION');
      return !isFoundUntrueConclusion(event.data.conclusion) || event.data.harmful !== undefined;
    },
    /**
     * No false-accusation case where the report was true or could be neither proven nor excluded;
     * malice needs its grounds and a known reporter.
     */
    canReferAtConclusion: ({ context, event }) => {
      assertEvent(event, 'CONCLUDE_VERIFICATION');
      const { suspectedMalice, conclusion, maliceGrounds } = event.data;
      if (suspectedMalice !== true) return true;
      return isFoundUntrueConclusion(conclusion) && hasText(maliceGrounds) && hasText(context.sealed.reporterName);
    },
    isConcludedTrue: ({ event }) => event.type === 'CONCLUDE_VERIFICATION' && event.data.conclusion === 'true',
    isConcludedUnverifiable: ({ event }) => event.type === 'CONCLUDE_VERIFICATION' && event.data.conclusion === 'unverifiable',
    isFoundUntrue: ({ event }) => event.type === 'CONCLUDE_VERIFICATION' && isFoundUntrueConclusion(event.data.conclusion),
    isHarmful: ({ event }) => event.type === 'CONCLUDE_VERIFICATION' && event.data.harmful === true,
    isMaliceSuspected: ({ event }) => event.type === 'CONCLUDE_VERIFICATION' && event.data.suspectedMalice === true,

    // --- start and consent ---
    isCadreConcerned: ({ context, event }) => event.actor.id === context.parties.cadreId,

    // --- plan ---
    /** In-person, meeting and notice clarifications are accompanied by a written one. */
    hasWrittenAccompaniment: ({ event }) => {
      assertEvent(event, 'SUBMIT_PLAN');
      return event.data.method === 'written' || event.data.withWrittenClarification === true;
    },
    /** Only points the verification found untrue are clarified; it is no overall evaluation. */
    isLimitedToUntruePoints: ({ context, event }) => {
      assertEvent(event, 'SUBMIT_PLAN');
      const untrue = new Set(context.verification?.untruePoints ?? []);
      return textItems(event.data.points).every((point) => untrue.has(point));
    },

    // --- consequences ---
    /** Art. 51: each wrong consequence records its correction; none are listed when there were none. */
    hasConsequenceRecord: ({ event }) => {
      assertEvent(event, 'RECORD_CONSEQUENCES');
      return isConsistentConsequenceRecord(event.data);
    },

    // --- closing and false accusation ---
    isSettledAsClosed: ({ context }) => context.outcome?.result === 'closed',
    isSettledAsDeclined: ({ context }) => context.outcome?.result === 'closedDeclined',
    isSettledWithoutClarification: ({ context }) => context.outcome?.result === 'closedWithoutClarification',
    isConclusionUntrue: ({ context }) => isFoundUntrueConclusion(context.verification?.conclusion),
    hasNoFalseAccusationCase: ({ context }) => !context.falseAccusationReferral,
    /** The false-accusation case investigates a named accuser: an anonymous reporter must be known first. */
    isReporterKnown: ({ context }) => hasText(context.sealed.reporterName),
  },
  actions: {
    // Effects on other cases: the engine carries them out (empty bodies by contract).
    openCase: (_, _params: OpenCaseParams) => {},
    sendToOrigin: (_, _params: SendToOriginParams) => {},

    recordReporterIdentity: assign(({ context, event }) => {
      assertEvent(event, 'RECORD_REPORTER_IDENTITY');
      const { reporterName, reporterContact } = event.data;
      const reporterUserId = hasText(event.data.reporterUserId) ? event.data.reporterUserId : context.sealed.reporterUserId;
      return {
        sealed: compact({ ...context.sealed, reporterName, reporterContact, reporterUserId }),
        parties: compact({ ...context.parties, accuserUserId: reporterUserId as string | undefined }),
        identityAmendments: [...context.identityAmendments, stamp(event)],
      };
    }),
    /** A notice to a signed reporter: of acceptance, or of the result. */
    recordNotice: assign(({ event }, params: { notice: 'acceptanceNotice' | 'resultNotice' }) => {
      assertEvent(event, ['NOTIFY_ACCEPTANCE', 'NOTIFY_RESULT']);
      const { notifiedOn, method, note } = event.data;
      const notice = compact({ ...stamp(event), notifiedOn, method, note });
      return params.notice === 'acceptanceNotice' ? { acceptanceNotice: notice } : { resultNotice: notice };
    }),
    recordConclusion: assign(({ event }) => {
      assertEvent(event, 'CONCLUDE_VERIFICATION');
      const { method, conclusion, findings, untruePoints, truePoints, harmful, harmDescription } = event.data;
      const untrue = isFoundUntrueConclusion(conclusion);
      return {
        verification: compact({
          ...stamp(event),
          method,
          conclusion,
          findings,
          untruePoints: untrue ? textItems(untruePoints) : [],
          truePoints: conclusion === 'partlyTrue' ? textItems(truePoints) : [],
          harmful: untrue ? harmful : undefined,
          harmDescription: untrue ? harmDescription : undefined,
        }),
      };
    }),
    recordProposal: assign(({ event }) => {
      assertEvent(event, 'CONSULT_CADRE');
      const { proposal, proposedMethod, proposedScope } = event.data;
      return { start: compact({ ...stamp(event), kind: 'proposal' as const, proposal, proposedMethod, proposedScope }) };
    }),
    recordApplication: assign(({ event }) => {
      assertEvent(event, 'APPLY_FOR_CLARIFICATION');
      return { start: { ...stamp(event), kind: 'application' as const, application: event.data.application } };
    }),
    /** The cadre's answer to the consultation; silence for the period counts as declined. */
    recordAnswer: assign(({ event }, params: { answer: 'accepted' | 'declined' | 'deemedDeclined' }) => {
      assertEvent(event, ['ACCEPT_CLARIFICATION', 'DECLINE_CLARIFICATION', 'CONSENT_EXPIRED']);
      const opinion = event.type === 'CONSENT_EXPIRED' ? undefined : event.data.opinion;
      return { consent: compact({ ...stamp(event), answer: params.answer, opinion }) };
    }),
    recordPlan: assign(({ context, event }) => {
      assertEvent(event, 'SUBMIT_PLAN');
      const { method, withWrittenClarification, rally, scope, points, plannedOn, notes } = event.data;
      const plan = compact({
        ...stamp(event),
        method,
        withWrittenClarification: method === 'written' || withWrittenClarification === true,
        rally: method === 'meeting' && rally === true,
        scope,
        points: textItems(points),
        plannedOn,
        notes,
      });
      return { plans: [...context.plans, plan] };
    }),
    recordPlanApproval: assign(({ event }) => {
      assertEvent(event, 'APPROVE_PLAN');
      return { planApproval: compact({ ...stamp(event), opinion: event.data.opinion }) };
    }),
    recordPlanReturn: assign(({ context, event }) => {
      assertEvent(event, 'RETURN_PLAN');
      return { planReturns: [...context.planReturns, { ...stamp(event), reason: event.data.reason }] };
    }),
    recordClarified: assign(({ event }) => {
      assertEvent(event, 'RECORD_CLARIFICATION');
      const { clarifiedOn, audience, writtenClarification, notes } = event.data;
      return { clarification: compact({ ...stamp(event), clarifiedOn, audience, writtenClarification, notes }) };
    }),
    recordConsequences: assign(({ event }) => {
      assertEvent(event, 'RECORD_CONSEQUENCES');
      const { hadConsequences } = event.data;
      const items = (hadConsequences ? (event.data.items ?? []) : []).map(({ kind, description, correction, status, competentBody }) =>
        compact({ kind, description, correction, status, competentBody }),
      );
      return { consequences: { ...stamp(event), hadConsequences, items } };
    }),
    recordFollowUp: assign(({ event }) => {
      assertEvent(event, 'RECORD_FOLLOW_UP');
      const { visitedOn, form, findings } = event.data;
      return { followUp: { ...stamp(event), visitedOn, form, findings } };
    }),
    recordReferral: assign(({ event }, params: { stage: string }) => {
      assertEvent(event, ['OPEN_FALSE_ACCUSATION_CASE', 'CONCLUDE_VERIFICATION']);
      const grounds = event.type === 'OPEN_FALSE_ACCUSATION_CASE' ? event.data.grounds : event.data.maliceGrounds;
      return { falseAccusationReferral: { ...stamp(event), grounds: grounds ?? '', stage: params.stage } };
    }),
    settleOutcome: assign(({ event }, params: { result: FinalOutcome; reason: OutcomeReason }) => ({
      outcome: { ...stamp(event), result: params.result, reason: params.reason },
    })),
  },
}).createMachine({
  id: 'clarification',
  context: ({ input }) => openingRecord(input),
  initial: 'registered',
  states: {
    /** Routing only: a signed report owes the reporter an acceptance notice, an anonymous one goes to verification. */
    registered: {
      always: [{ guard: 'isAnonymousReport', target: 'verifying' }, { target: 'awaitingAcceptanceNotice' }],
    },
    /** Signed reports: tell the reporter of acceptance (15 working days, national). */
    awaitingAcceptanceNotice: {
      on: {
        // Only while the identity is incomplete: a signed report must say whom to tell.
        RECORD_REPORTER_IDENTITY: { guard: not('hasReporterIdentity'), actions: 'recordReporterIdentity' },
        NOTIFY_ACCEPTANCE: {
          guard: and(['hasReporterIdentity', { type: 'hasPastDate', params: { field: 'notifiedOn' } } as const]),
          target: 'verifying',
          actions: { type: 'recordNotice', params: { notice: 'acceptanceNotice' } },
        },
      },
    },
    /** 核查: 谈话函询 or 初步核实, then the conclusion routes the case. */
    verifying: {
      on: {
        CONCLUDE_VERIFICATION: [
          {
            // 属实: leaves this system for the ordinary disciplinary procedure.
            guard: and(['canReferAtConclusion', 'isConcludedTrue']),
            target: 'transferred',
            actions: ['recordConclusion', settle('transferred', 'true')],
          },
          {
            // 无法查实: neither proven nor excluded, so not an "untrue report": no clarification.
            guard: and(['canReferAtConclusion', 'isConcludedUnverifiable']),
            target: 'settling',
            actions: ['recordConclusion', settle('closedWithoutClarification', 'unverifiable')],
          },
          {
            // Untrue and harmful: clarification is required; malice suspected at once.
            guard: and([...UNTRUE_CONCLUSION, 'isHarmful', 'isMaliceSuspected']),
            target: 'awaitingStart',
            actions: ['recordConclusion', ...openFalseAccusation('verifying')],
          },
          {
            guard: and([...UNTRUE_CONCLUSION, 'isHarmful']),
            target: 'awaitingStart',
            actions: 'recordConclusion',
          },
          {
            // Untrue without bad effect: clarification is not done (malice may still be suspected).
            guard: and([...UNTRUE_CONCLUSION, not('isHarmful'), 'isMaliceSuspected']),
            target: 'settling',
            actions: ['recordConclusion', ...openFalseAccusation('verifying'), settle('closedWithoutClarification', 'noHarm')],
          },
          {
            guard: and([...UNTRUE_CONCLUSION, not('isHarmful')]),
            target: 'settling',
            actions: ['recordConclusion', settle('closedWithoutClarification', 'noHarm')],
          },
        ],
      },
    },
    /** Started on the officer's proposal after consulting the cadre, or on the cadre's written application. */
    awaitingStart: {
      on: {
        CONSULT_CADRE: { target: 'awaitingConsent', actions: 'recordProposal' },
        APPLY_FOR_CLARIFICATION: { guard: 'isCadreConcerned', target: 'planning', actions: 'recordApplication' },
        OPEN_FALSE_ACCUSATION_CASE: referral('awaitingStart'),
      },
    },
    /** 充分征求被举报人意见: the cadre may decline a public clarification; silence means declined. */
    awaitingConsent: {
      on: {
        ACCEPT_CLARIFICATION: { guard: 'isCadreConcerned', target: 'planning', actions: { type: 'recordAnswer', params: { answer: 'accepted' } } },
        DECLINE_CLARIFICATION: {
          guard: 'isCadreConcerned',
          target: 'settling',
          actions: [{ type: 'recordAnswer', params: { answer: 'declined' } }, settle('closedDeclined', 'declined')],
        },
        CONSENT_EXPIRED: {
          target: 'settling',
          actions: [{ type: 'recordAnswer', params: { answer: 'deemedDeclined' } }, settle('closedDeclined', 'deemedDeclined')],
        },
        OPEN_FALSE_ACCUSATION_CASE: referral('awaitingConsent'),
      },
    },
    /** 澄清方案: method, scope, the untrue points. */
    planning: {
      on: {
        SUBMIT_PLAN: {
          guard: and(['hasWrittenAccompaniment', 'isLimitedToUntruePoints']),
          target: 'awaitingPlanApproval',
          actions: 'recordPlan',
        },
        OPEN_FALSE_ACCUSATION_CASE: referral('planning'),
      },
    },
    /** Art. 50: approved by the principal leader of the body. */
    awaitingPlanApproval: {
      on: {
        APPROVE_PLAN: { target: 'clarifying', actions: 'recordPlanApproval' },
        RETURN_PLAN: { target: 'planning', actions: 'recordPlanReturn' },
        OPEN_FALSE_ACCUSATION_CASE: referral('awaitingPlanApproval'),
      },
    },
    /** 实施澄清. */
    clarifying: {
      on: {
        RECORD_CLARIFICATION: {
          guard: { type: 'hasPastDate', params: { field: 'clarifiedOn' } },
          target: 'undoingConsequences',
          actions: 'recordClarified',
        },
        OPEN_FALSE_ACCUSATION_CASE: referral('clarifying'),
      },
    },
    /** Art. 51: wrong consequences of the untrue report corrected or correction recommended. */
    undoingConsequences: {
      on: {
        RECORD_CONSEQUENCES: { guard: 'hasConsequenceRecord', target: 'followingUp', actions: 'recordConsequences' },
        OPEN_FALSE_ACCUSATION_CASE: referral('undoingConsequences'),
      },
    },
    /** 回访: 谈心谈话 / 跟踪回访. */
    followingUp: {
      on: {
        RECORD_FOLLOW_UP: {
          guard: { type: 'hasPastDate', params: { field: 'visitedOn' } },
          target: 'settling',
          actions: ['recordFollowUp', settle('closed', 'clarified')],
        },
        OPEN_FALSE_ACCUSATION_CASE: referral('followingUp'),
      },
    },
    /**
     * Routing only: the outcome is settled; a signed reporter is told of the result first, an
     * anonymous report closes at once.
     */
    settling: {
      always: [
        { guard: not('isAnonymousReport'), target: 'notifyingResult' },
        { guard: 'isSettledAsClosed', target: 'closed' },
        { guard: 'isSettledAsDeclined', target: 'closedDeclined' },
        { target: 'closedWithoutClarification' },
      ],
    },
    /** Signed reports: tell the reporter of the result (15 working days of closure, national). */
    notifyingResult: {
      on: {
        NOTIFY_RESULT: [
          { guard: and([...RESULT_NOTICE, 'isSettledAsClosed']), target: 'closed', actions: RECORD_RESULT_NOTICE },
          { guard: and([...RESULT_NOTICE, 'isSettledAsDeclined']), target: 'closedDeclined', actions: RECORD_RESULT_NOTICE },
          {
            guard: and([...RESULT_NOTICE, 'isSettledWithoutClarification']),
            target: 'closedWithoutClarification',
            actions: RECORD_RESULT_NOTICE,
          },
        ],
        OPEN_FALSE_ACCUSATION_CASE: referral('notifyingResult'),
      },
    },
    transferred: { type: 'final' },
    closedWithoutClarification: { type: 'final' },
    closedDeclined: { type: 'final' },
    closed: { type: 'final' },
  },
});

/** Records the referral and asks the engine to open the linked false-accusation case. */
function openFalseAccusation(stage: string) {
  return [
    { type: 'recordReferral', params: { stage } },
    { type: 'openCase', params: ({ context }: { context: ClarificationContext }) => falseAccusationOpening(context) },
  ] as const;
}

/**
 * Suspected malice after the conclusion: staff open the linked false-accusation case once, and only
 * where the report was found (partly) untrue (domain.md §3.4: where the allegation can neither be
 * proven nor excluded, no false-accusation investigation starts).
 */
function referral(stage: string) {
  return {
    guard: and(['isConclusionUntrue', 'hasNoFalseAccusationCase', 'isReporterKnown']),
    actions: openFalseAccusation(stage),
  } as const;
}
