import { and, assertEvent, assign, not, setup } from 'xstate';
import {
  allOf,
  businessDate,
  compact,
  guardKit,
  hasText,
  stamp,
  unmet,
  type Label,
  type OpenCaseParams,
  type ProcedureInput,
  type SendToOriginParams,
} from '../core';
import type { ClarificationEvent, LeadData } from './clarification.fields';
import {
  clarifiersOf,
  consequenceConditions,
  falseAccusationOpening,
  isFoundUntrueConclusion,
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
 * check the procedure's rules only, and each names what it finds unmet.
 */

const l = (zh: string, en: string): Label => ({ zh, en });
const { requires, checks, when, whenPayload } = guardKit<ClarificationContext, ClarificationEvent>();

/** A (partly) untrue conclusion that names its untrue points, says whether it did harm, and may refer. */
const UNTRUE_CONCLUSION = ['hasUntruePoints', 'hasHarmAssessment', 'canReferAtConclusion', 'isFoundUntrue'] as const;

/** A result notice needs the reporter's identity on file and a date that has come. */
const RESULT_NOTICE = ['hasReporterIdentity', 'hasValidNoticeDate'] as const;
const RECORD_RESULT_NOTICE = { type: 'recordNotice', params: { notice: 'resultNotice' } } as const;

const settle = (result: FinalOutcome, reason: OutcomeReason) => ({ type: 'settleOutcome', params: { result, reason } }) as const;

/** 谁核实谁澄清's one exception: a leader hands the clarification over to another officer, with a reason. */
const HANDOVER = { HAND_OVER_CLARIFICATION: { guard: 'isNewClarifier', actions: 'recordHandover' } } as const;

export const clarificationMachine = setup({
  types: {
    context: {} as ClarificationContext,
    events: {} as ClarificationEvent,
    input: {} as ProcedureInput<LeadData>,
  },
  guards: {
    // --- lead and notices ---
    isAnonymousReport: when(({ context }) => !context.lead.signed),
    /** A signed reporter can only be told something when a name and a contact are on file. */
    hasReporterIdentity: requires(({ context }) =>
      allOf(
        !(hasText(context.sealed.reporterName) && hasText(context.sealed.reporterContact)) &&
          unmet(
            'reporter.identityMissing',
            '尚未登记实名检举控告人的姓名和联系方式，无法告知',
            'The signed reporter’s name and contact are not on file, so they cannot be told',
          ),
      ),
    ),
    /** The identity is completed only while it is incomplete. */
    lacksReporterIdentity: requires(({ context }) =>
      allOf(
        hasText(context.sealed.reporterName) &&
          hasText(context.sealed.reporterContact) &&
          unmet('reporter.identityComplete', '实名检举控告人的身份信息已登记完整，无需补录', 'The signed reporter’s identity is already complete'),
      ),
    ),
    /** A notice is recorded once it was given: not ahead of time, and not before the report was received or the case settled. */
    hasValidNoticeDate: checks(({ context, event }) => {
      assertEvent(event, ['NOTIFY_ACCEPTANCE', 'NOTIFY_RESULT']);
      const since =
        event.type === 'NOTIFY_ACCEPTANCE'
          ? { since: context.lead.receivedOn, what: l('收到检举控告', 'the report was received') }
          : { since: context.outcome?.at, what: l('办理结果确定', 'the result was settled') };
      return businessDate(event.data.notifiedOn, event.at, 'notifiedOn', l('告知日期', 'Date told'), since);
    }),

    // --- verification conclusion ---
    /** 部分属实 / 失实: only the specific untrue points are clarified, so they must be named. */
    hasUntruePoints: checks(({ event }) => {
      assertEvent(event, 'CONCLUDE_VERIFICATION');
      return allOf(
        !namesUntruePoints(event.data) &&
          unmet('conclusion.untruePoints', '认定部分属实或失实的，须列明失实问题', 'A (partly) untrue conclusion names the untrue points', 'untruePoints'),
      );
    }),
    /** Clarification is required when the report did harm and not done when it did not: say which. */
    hasHarmAssessment: checks(({ event }) => {
      assertEvent(event, 'CONCLUDE_VERIFICATION');
      return allOf(
        isFoundUntrueConclusion(event.data.conclusion) &&
          event.data.harmful === undefined &&
          unmet(
            'conclusion.harm',
            '认定部分属实或失实的，须说明是否对被举报人造成不良影响',
            'A (partly) untrue conclusion says whether the report did harm',
            'harmful',
          ),
      );
    }),
    /**
     * No false-accusation case where the report was true or could be neither proven nor excluded;
     * malice needs its grounds and a known reporter.
     */
    canReferAtConclusion: checks(({ context, event }) => {
      assertEvent(event, 'CONCLUDE_VERIFICATION');
      const { suspectedMalice, conclusion, maliceGrounds } = event.data;
      if (suspectedMalice !== true) return [];
      return allOf(
        !isFoundUntrueConclusion(conclusion) &&
          unmet(
            'malice.notUntrue',
            '只有认定失实或部分属实的，才能涉嫌诬告陷害',
            'Malice is suspected only of a report found (partly) untrue',
            'suspectedMalice',
          ),
        !hasText(maliceGrounds) && unmet('malice.grounds', '涉嫌诬告陷害的，须写明依据', 'Suspected malice states its grounds', 'maliceGrounds'),
        !hasText(context.sealed.reporterName) &&
          unmet(
            'malice.reporterUnknown',
            '须先登记检举控告人身份，才能移送诬告陷害查处',
            'The reporter must be identified before a false-accusation case is opened',
            'suspectedMalice',
          ),
      );
    }),
    isConcludedTrue: whenPayload(({ event }) => event.type === 'CONCLUDE_VERIFICATION' && event.data.conclusion === 'true'),
    isConcludedUnverifiable: whenPayload(({ event }) => event.type === 'CONCLUDE_VERIFICATION' && event.data.conclusion === 'unverifiable'),
    isFoundUntrue: whenPayload(({ event }) => event.type === 'CONCLUDE_VERIFICATION' && isFoundUntrueConclusion(event.data.conclusion)),
    isHarmful: whenPayload(({ event }) => event.type === 'CONCLUDE_VERIFICATION' && event.data.harmful === true),
    isMaliceSuspected: whenPayload(({ event }) => event.type === 'CONCLUDE_VERIFICATION' && event.data.suspectedMalice === true),

    // --- start and consent ---
    isCadreConcerned: requires(({ context, event }) =>
      allOf(
        event.actor.id !== context.parties.cadreId &&
          unmet('party.notCadre', '只有被举报的干部本人可以办理这一步', 'Only the cadre concerned may take this step'),
      ),
    ),
    /**
     * 谁核实谁澄清 (CCDI/NSC opinion, 2020): the officers who verified carry out the clarification;
     * a documented handover with a reason is the only exception.
     */
    isClarifier: requires(({ context, event }) => {
      const clarifiers = clarifiersOf(context);
      return allOf(
        !clarifiers.includes(event.actor.id) &&
          unmet(
            'clarifier.notVerifier',
            `谁核实谁澄清：澄清须由核实本案的承办人（${clarifiers.join('、')}）办理，或经领导书面移交`,
            `Whoever verified clarifies: the clarification is done by the officer who verified (${clarifiers.join(', ')}) or one it was handed over to`,
          ),
      );
    }),
    /** A handover names someone who is not already clarifying. */
    isNewClarifier: checks(({ context, event }) => {
      assertEvent(event, 'HAND_OVER_CLARIFICATION');
      return allOf(
        clarifiersOf(context).includes(event.data.toOfficer.trim()) &&
          unmet(
            'handover.sameOfficer',
            `「${event.data.toOfficer}」已负责本案澄清，无需移交`,
            `${event.data.toOfficer} already clarifies this case`,
            'toOfficer',
          ),
      );
    }),

    // --- plan ---
    /** In-person, meeting and notice clarifications are accompanied by a written one. */
    hasWrittenAccompaniment: checks(({ event }) => {
      assertEvent(event, 'SUBMIT_PLAN');
      return allOf(
        !(event.data.method === 'written' || event.data.withWrittenClarification === true) &&
          unmet(
            'plan.writtenAccompaniment',
            '当面、会议或通报澄清的，须同时进行书面澄清',
            'In-person, meeting and notice clarifications are accompanied by a written one',
            'withWrittenClarification',
          ),
      );
    }),
    /** Only points the verification found untrue are clarified; it is no overall evaluation. */
    isLimitedToUntruePoints: checks(({ context, event }) => {
      assertEvent(event, 'SUBMIT_PLAN');
      const untrue = new Set(context.verification?.untruePoints ?? []);
      const others = textItems(event.data.points).filter((point) => !untrue.has(point));
      return allOf(
        others.length > 0 &&
          unmet(
            'plan.pointsNotUntrue',
            `只澄清核查认定失实的问题，${others.map((point) => `「${point}」`).join('、')}不在其列`,
            `Only the points found untrue are clarified: ${others.join('; ')} is not one of them`,
            'points',
          ),
      );
    }),
    /** Art. 50: a clarification plan is approved by the body's principal leader, not any leader. */
    isPrincipalLeader: requires(({ event }) =>
      allOf(
        event.actor.principal !== true &&
          unmet(
            'plan.notPrincipal',
            '澄清方案须由本机关主要负责人审批（检举控告工作规则第五十条）',
            'A clarification plan is approved by the body’s principal leader (art. 50)',
          ),
      ),
    ),
    /** The clarification took place after the plan was approved, and not ahead of time. */
    hasValidClarificationDate: checks(({ context, event }) => {
      assertEvent(event, 'RECORD_CLARIFICATION');
      return businessDate(event.data.clarifiedOn, event.at, 'clarifiedOn', l('澄清日期', 'Date clarified'), {
        since: context.planApproval?.at,
        what: l('澄清方案批准', 'the plan was approved'),
      });
    }),

    // --- consequences ---
    /** Art. 51: each wrong consequence records its correction; none are listed when there were none. */
    hasConsequenceRecord: checks(({ event }) => {
      assertEvent(event, 'RECORD_CONSEQUENCES');
      return consequenceConditions(event.data);
    }),
    /** The follow-up took place after the clarification, and not ahead of time. */
    hasValidFollowUpDate: checks(({ context, event }) => {
      assertEvent(event, 'RECORD_FOLLOW_UP');
      return businessDate(event.data.visitedOn, event.at, 'visitedOn', l('回访日期', 'Date'), {
        since: context.clarification?.clarifiedOn,
        what: l('实施澄清', 'the clarification'),
      });
    }),

    // --- closing and false accusation ---
    isSettledAsClosed: when(({ context }) => context.outcome?.result === 'closed'),
    isSettledAsDeclined: when(({ context }) => context.outcome?.result === 'closedDeclined'),
    isSettledWithoutClarification: when(({ context }) => context.outcome?.result === 'closedWithoutClarification'),
    isSettledAsTransferred: when(({ context }) => context.outcome?.result === 'transferred'),
    isConclusionUntrue: requires(({ context }) =>
      allOf(
        !isFoundUntrueConclusion(context.verification?.conclusion) &&
          unmet(
            'referral.notUntrue',
            '核查结论不是失实或部分属实，不能移送诬告陷害查处',
            'Only a report found (partly) untrue is referred for false-accusation handling',
          ),
      ),
    ),
    hasNoFalseAccusationCase: requires(({ context }) =>
      allOf(
        !!context.falseAccusationReferral && unmet('referral.already', '本案已移送诬告陷害查处', 'A false-accusation case was already opened from this case'),
      ),
    ),
    /** The false-accusation case investigates a named accuser: an anonymous reporter must be known first. */
    isReporterKnown: requires(({ context }) =>
      allOf(
        !hasText(context.sealed.reporterName) &&
          unmet(
            'referral.reporterUnknown',
            '须先登记检举控告人身份，才能移送诬告陷害查处',
            'The reporter must be identified before a false-accusation case is opened',
          ),
      ),
    ),
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
    recordHandover: assign(({ context, event }) => {
      assertEvent(event, 'HAND_OVER_CLARIFICATION');
      return { handovers: [...(context.handovers ?? []), { ...stamp(event), toOfficer: event.data.toOfficer.trim(), reason: event.data.reason }] };
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
        RECORD_REPORTER_IDENTITY: { guard: 'lacksReporterIdentity', actions: 'recordReporterIdentity' },
        NOTIFY_ACCEPTANCE: {
          guard: and(['hasReporterIdentity', 'hasValidNoticeDate']),
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
            // 属实: leaves this system for the ordinary disciplinary procedure, once a signed reporter is told.
            guard: and(['canReferAtConclusion', 'isConcludedTrue']),
            target: 'settling',
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
            guard: and([...UNTRUE_CONCLUSION, 'isHarmful', not('isMaliceSuspected')]),
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
            guard: and([...UNTRUE_CONCLUSION, not('isHarmful'), not('isMaliceSuspected')]),
            target: 'settling',
            actions: ['recordConclusion', settle('closedWithoutClarification', 'noHarm')],
          },
        ],
      },
    },
    /** Started on the officer's proposal after consulting the cadre, or on the cadre's written application. */
    awaitingStart: {
      on: {
        CONSULT_CADRE: { guard: 'isClarifier', target: 'awaitingConsent', actions: 'recordProposal' },
        APPLY_FOR_CLARIFICATION: { guard: 'isCadreConcerned', target: 'planning', actions: 'recordApplication' },
        OPEN_FALSE_ACCUSATION_CASE: referral('awaitingStart'),
        ...HANDOVER,
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
        ...HANDOVER,
      },
    },
    /** 澄清方案: method, scope, the untrue points. */
    planning: {
      on: {
        SUBMIT_PLAN: {
          guard: and(['isClarifier', 'hasWrittenAccompaniment', 'isLimitedToUntruePoints']),
          target: 'awaitingPlanApproval',
          actions: 'recordPlan',
        },
        OPEN_FALSE_ACCUSATION_CASE: referral('planning'),
        ...HANDOVER,
      },
    },
    /** Art. 50: approved by the principal leader of the body. */
    awaitingPlanApproval: {
      on: {
        APPROVE_PLAN: { guard: 'isPrincipalLeader', target: 'clarifying', actions: 'recordPlanApproval' },
        RETURN_PLAN: { guard: 'isPrincipalLeader', target: 'planning', actions: 'recordPlanReturn' },
        OPEN_FALSE_ACCUSATION_CASE: referral('awaitingPlanApproval'),
        ...HANDOVER,
      },
    },
    /** 实施澄清. */
    clarifying: {
      on: {
        RECORD_CLARIFICATION: {
          guard: and(['isClarifier', 'hasValidClarificationDate']),
          target: 'undoingConsequences',
          actions: 'recordClarified',
        },
        OPEN_FALSE_ACCUSATION_CASE: referral('clarifying'),
        ...HANDOVER,
      },
    },
    /** Art. 51: wrong consequences of the untrue report corrected or correction recommended. */
    undoingConsequences: {
      on: {
        RECORD_CONSEQUENCES: { guard: and(['isClarifier', 'hasConsequenceRecord']), target: 'followingUp', actions: 'recordConsequences' },
        OPEN_FALSE_ACCUSATION_CASE: referral('undoingConsequences'),
        ...HANDOVER,
      },
    },
    /** 回访: 谈心谈话 / 跟踪回访. */
    followingUp: {
      on: {
        RECORD_FOLLOW_UP: {
          guard: and(['isClarifier', 'hasValidFollowUpDate']),
          target: 'settling',
          actions: ['recordFollowUp', settle('closed', 'clarified')],
        },
        OPEN_FALSE_ACCUSATION_CASE: referral('followingUp'),
        ...HANDOVER,
      },
    },
    /**
     * Routing only: the outcome is settled; a signed reporter is told of the result first, an
     * anonymous report closes at once.
     */
    settling: {
      always: [
        { guard: not('isAnonymousReport'), target: 'notifyingResult' },
        { guard: 'isSettledAsTransferred', target: 'transferred' },
        { guard: 'isSettledAsClosed', target: 'closed' },
        { guard: 'isSettledAsDeclined', target: 'closedDeclined' },
        { target: 'closedWithoutClarification' },
      ],
    },
    /** Signed reports: tell the reporter of the result (15 working days of closure, national). */
    notifyingResult: {
      on: {
        NOTIFY_RESULT: [
          // A report found true is transferred only after its signed reporter is told of the result.
          { guard: and([...RESULT_NOTICE, 'isSettledAsTransferred']), target: 'transferred', actions: RECORD_RESULT_NOTICE },
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
