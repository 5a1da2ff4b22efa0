import { and, assign, not, setup } from 'xstate';
import type { Label } from '../core/label';
import type {
  BaseContext,
  OpenCaseParams,
  ProcedureEvent,
  ProcedureInput,
  SendToOriginParams,
} from '../core/procedure';
import { addCalendar } from '../core/time';

/*
 * 澄清正名 — clarification for a cadre accused in an untrue report (domain.md §3.3).
 * National basis: 《纪检监察机关处理检举控告工作规则》(2020) arts. 47–52 and the CCDI/NSC opinion on
 * clarifying untrue reports: whoever verified clarifies (谁核实谁澄清); clarification is required where
 * the untrue report had a bad effect, and not done where it had none.
 */

// ---------------------------------------------------------------------------------------------
// Vocabulary: the values guards accept, with the policy texts' terms (the definition reuses them).
// ---------------------------------------------------------------------------------------------

const l = (zh: string, en: string): Label => ({ zh, en });

/** 信访举报 channels. */
export const CHANNEL_LABELS = {
  letter: l('来信', 'Letter'),
  visit: l('来访', 'Visit'),
  phone: l('来电', 'Phone call'),
  online: l('网络举报', 'Online report'),
  other: l('其他', 'Other'),
} as const;

export const VERIFICATION_METHOD_LABELS = {
  talkAndLetter: l('谈话函询', 'Talk-and-letter inquiry'),
  preliminaryVerification: l('初步核实', 'Preliminary verification'),
} as const;

export const CONCLUSION_LABELS = {
  true: l('属实', 'True'),
  partlyTrue: l('部分属实', 'Partly true'),
  untrue: l('失实', 'Untrue'),
  unverifiable: l('无法查实', 'Cannot be verified'),
} as const;

export const CLARIFICATION_METHOD_LABELS = {
  written: l('书面澄清', 'Written'),
  inPerson: l('当面澄清', 'In person'),
  meeting: l('会议澄清', 'At a meeting'),
  notice: l('通报澄清', 'Circulated notice'),
} as const;

export const NOTICE_METHOD_LABELS = {
  inWriting: l('书面告知', 'In writing'),
  phone: l('电话告知', 'By phone'),
  inPerson: l('当面告知', 'In person'),
  online: l('网上告知', 'Online'),
  other: l('其他方式', 'Other'),
} as const;

export const FOLLOW_UP_FORM_LABELS = {
  talk: l('谈心谈话', 'Heart-to-heart talk'),
  visit: l('跟踪回访', 'Follow-up visit'),
} as const;

export const CONSEQUENCE_KIND_LABELS = {
  sanction: l('受到处理处分', 'Sanction or handling'),
  lostOpportunity: l('影响选拔任用、评先评优等', 'Lost promotion, award or other opportunity'),
  other: l('其他不良影响', 'Other harm'),
} as const;

export const CORRECTION_STATUS_LABELS = {
  corrected: l('已予纠正', 'Corrected'),
  recommended: l('已向有权机关提出纠正建议', 'Correction recommended to the competent body'),
} as const;

export type Channel = keyof typeof CHANNEL_LABELS;
export type VerificationMethod = keyof typeof VERIFICATION_METHOD_LABELS;
export type Conclusion = keyof typeof CONCLUSION_LABELS;
export type ClarificationMethod = keyof typeof CLARIFICATION_METHOD_LABELS;
export type NoticeMethod = keyof typeof NOTICE_METHOD_LABELS;
export type FollowUpForm = keyof typeof FOLLOW_UP_FORM_LABELS;
export type ConsequenceKind = keyof typeof CONSEQUENCE_KIND_LABELS;
export type CorrectionStatus = keyof typeof CORRECTION_STATUS_LABELS;

/** How a case ends; the result-notice step routes to the final state of that name. */
export type FinalOutcome = 'transferred' | 'closedWithoutClarification' | 'closedDeclined' | 'closed';
export type OutcomeReason = 'true' | 'unverifiable' | 'noHarm' | 'declined' | 'deemedDeclined' | 'clarified';

/** Default lengths (domain.md §3.3); the definition's deadlines and the due dates use them. */
export const CLARIFICATION_DEFAULTS = {
  acceptanceNoticeWorkingDays: 15, // national: told of acceptance within 15 working days of receipt
  verificationCalendarDays: 60, // no national limit
  consentWorkingDays: 10,
  planMonths: 1, // plan within 1 month of the conclusion
  followUpMonths: 3,
  resultNoticeWorkingDays: 15, // national: told of the result within 15 working days of closure
} as const;

// ---------------------------------------------------------------------------------------------
// Payloads and context
// ---------------------------------------------------------------------------------------------

/** 线索登记: what the officer registers when opening the case. */
export type LeadData = {
  summary: string;
  channel: Channel;
  receivedOn: string;
  signed: boolean;
  cadreId: string;
  unitId: string;
  /** Sealed (art. 47): kept only under `context.sealed`. */
  reporterName?: string;
  reporterContact?: string;
  reporterUserId?: string;
};

export interface ReporterIdentityData {
  reporterName: string;
  reporterContact: string;
  reporterUserId?: string;
}

export interface NoticeData {
  notifiedOn: string;
  method: NoticeMethod;
  note?: string;
}

export interface ConclusionData {
  method: VerificationMethod;
  conclusion: Conclusion;
  findings: string;
  /** The points found untrue: what may be clarified (required for 部分属实 and 失实). */
  untruePoints?: string[];
  /** Points found true in a partly true report; they are handled under the ordinary rules. */
  truePoints?: string[];
  /** Did the untrue report harm the cadre's work or life or have a bad social effect? */
  harmful?: boolean;
  harmDescription?: string;
  /** Suspected malice at the conclusion: opens a linked false-accusation case. */
  suspectedMalice?: boolean;
  maliceGrounds?: string;
}

export interface ConsultationData {
  proposal: string;
  proposedMethod?: ClarificationMethod;
  proposedScope?: string;
}

export interface ApplicationData {
  application: string;
}

export interface ConsentData {
  opinion?: string;
}

export interface PlanData {
  method: ClarificationMethod;
  /** In-person, meeting and notice clarifications are accompanied by a written one. */
  withWrittenClarification?: boolean;
  /** A meeting held as a 澄清正名大会. */
  rally?: boolean;
  scope: string;
  points: string[];
  plannedOn?: string;
  notes?: string;
}

export interface DecisionData {
  opinion?: string;
  reason?: string;
}

export interface ClarifiedData {
  clarifiedOn: string;
  audience: string;
  writtenClarification: string;
  notes?: string;
}

export interface ConsequenceItem {
  kind: ConsequenceKind;
  description: string;
  correction: string;
  status: CorrectionStatus;
  competentBody?: string;
}

export interface ConsequencesData {
  hadConsequences: boolean;
  items?: ConsequenceItem[];
}

export interface FollowUpData {
  visitedOn: string;
  form: FollowUpForm;
  findings: string;
}

export interface ReferralData {
  grounds: string;
}

interface Stamp {
  by: string;
  at: string;
}

export type LeadRecord = Stamp & Pick<LeadData, 'summary' | 'channel' | 'receivedOn' | 'signed'>;
export type NoticeRecord = Stamp & NoticeData;
export type VerificationRecord = Stamp &
  Omit<ConclusionData, 'suspectedMalice' | 'maliceGrounds' | 'untruePoints' | 'truePoints'> & {
    untruePoints: string[];
    truePoints: string[];
  };
export type StartRecord = Stamp &
  ({ kind: 'proposal'; proposal: string; proposedMethod?: ClarificationMethod; proposedScope?: string } | { kind: 'application'; application: string });
export type ConsentRecord = Stamp & { answer: 'accepted' | 'declined' | 'deemedDeclined'; opinion?: string };
export type PlanRecord = Stamp & PlanData & { withWrittenClarification: boolean; rally: boolean };
export type PlanDecisionRecord = Stamp & { opinion?: string; reason?: string };
export type ClarifiedRecord = Stamp & ClarifiedData;
export type ConsequencesRecord = Stamp & { hadConsequences: boolean; items: ConsequenceItem[] };
export type FollowUpRecord = Stamp & FollowUpData;
export type ReferralRecord = Stamp & { grounds: string; stage: string };
export type OutcomeRecord = Stamp & { result: FinalOutcome; reason: OutcomeReason };
export type IdentityAmendment = Stamp;

export interface ClarificationContext extends BaseContext {
  lead: LeadRecord;
  /** Staff who completed a missing reporter identity (the values themselves are sealed). */
  identityAmendments: IdentityAmendment[];
  acceptanceNotice?: NoticeRecord;
  verification?: VerificationRecord;
  start?: StartRecord;
  consent?: ConsentRecord;
  /** Every plan submitted, the current one last. */
  plans: PlanRecord[];
  planReturns: PlanDecisionRecord[];
  planApproval?: PlanDecisionRecord;
  clarification?: ClarifiedRecord;
  consequences?: ConsequencesRecord;
  followUp?: FollowUpRecord;
  resultNotice?: NoticeRecord;
  falseAccusationReferral?: ReferralRecord;
  outcome?: OutcomeRecord;
}

type E<T extends string, D> = ProcedureEvent<T, D>;

export type ClarificationEvent =
  | E<'RECORD_REPORTER_IDENTITY', ReporterIdentityData>
  | E<'NOTIFY_ACCEPTANCE', NoticeData>
  | E<'CONCLUDE_VERIFICATION', ConclusionData>
  | E<'CONSULT_CADRE', ConsultationData>
  | E<'APPLY_FOR_CLARIFICATION', ApplicationData>
  | E<'ACCEPT_CLARIFICATION', ConsentData>
  | E<'DECLINE_CLARIFICATION', ConsentData>
  | E<'CONSENT_EXPIRED', Record<string, never>>
  | E<'SUBMIT_PLAN', PlanData>
  | E<'APPROVE_PLAN', DecisionData>
  | E<'RETURN_PLAN', DecisionData>
  | E<'RECORD_CLARIFICATION', ClarifiedData>
  | E<'RECORD_CONSEQUENCES', ConsequencesData>
  | E<'RECORD_FOLLOW_UP', FollowUpData>
  | E<'NOTIFY_RESULT', NoticeData>
  | E<'OPEN_FALSE_ACCUSATION_CASE', ReferralData>;

export type ClarificationEventType = ClarificationEvent['type'];

// ---------------------------------------------------------------------------------------------
// Small pure helpers (payloads are checked again here: the machine does not rely on the API)
// ---------------------------------------------------------------------------------------------

type DataOf<K extends ClarificationEventType> = Partial<Extract<ClarificationEvent, { type: K }>['data']>;

/** The payload when the event is of that type, else undefined. */
function payload<K extends ClarificationEventType>(event: ClarificationEvent, type: K): DataOf<K> | undefined {
  return event.type === type ? ((event.data ?? {}) as DataOf<K>) : undefined;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;
const isOneOf = <T extends object>(labels: T, value: unknown): value is keyof T =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(labels, value);
const textItems = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter(isText).map((item) => item.trim()) : [];

/**
 * A `YYYY-MM-DD` date no later than the event's day. One day of slack: `at` is UTC and the
 * office's calendar day (UTC+8) may already be the next one.
 */
function isPastDate(value: unknown, at: string): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) return false;
  return value <= addCalendar(at, 1, 'calendarDays').toISOString().slice(0, 10);
}

/** Drops undefined values so the stored JSON equals the context. */
function compact<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

const isFoundUntrueConclusion = (conclusion: unknown): boolean => conclusion === 'partlyTrue' || conclusion === 'untrue';

/** Due date (`YYYY-MM-DD`) `months` after an ISO instant or date. */
export function monthsAfter(from: string | undefined, months: number): string | undefined {
  return from ? addCalendar(from, months, 'months').toISOString().slice(0, 10) : undefined;
}

/** The linked false-accusation case (domain.md §3.4): keys agreed with that procedure. */
function falseAccusationOpening(context: ClarificationContext, conclusion: Conclusion | undefined): OpenCaseParams {
  return {
    procedure: 'falseAccusation',
    relation: 'falseAccusationFrom',
    data: compact({
      cadreId: context.parties.cadreId,
      unitId: context.parties.unitId,
      summary: context.lead.summary,
      conclusion,
    }),
    sealed: compact({
      accuserName: context.sealed.reporterName,
      accuserContact: context.sealed.reporterContact,
      accuserUserId: context.sealed.reporterUserId,
    }),
  };
}

const stamp = (event: ClarificationEvent): Stamp => ({ by: event.actor.id, at: event.at });

// ---------------------------------------------------------------------------------------------
// The machine
// ---------------------------------------------------------------------------------------------

/** A complete (partly) untrue conclusion, valid whatever the harm. */
const UNTRUE_CONCLUSION = [
  'hasConclusionRecord',
  'hasUntruePoints',
  'hasHarmAssessment',
  'canReferAtConclusion',
  'isFoundUntrue',
] as const;

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
    hasReporterIdentity: ({ context }) => isText(context.sealed.reporterName) && isText(context.sealed.reporterContact),
    hasIdentityData: ({ event }) => {
      const data = payload(event, 'RECORD_REPORTER_IDENTITY');
      return !!data && isText(data.reporterName) && isText(data.reporterContact);
    },
    hasNoticeRecord: ({ event }) => {
      const data = payload(event, 'NOTIFY_ACCEPTANCE') ?? payload(event, 'NOTIFY_RESULT');
      return !!data && isPastDate(data.notifiedOn, event.at) && isOneOf(NOTICE_METHOD_LABELS, data.method);
    },

    // --- verification conclusion ---
    hasConclusionRecord: ({ event }) => {
      const data = payload(event, 'CONCLUDE_VERIFICATION');
      return (
        !!data &&
        isOneOf(VERIFICATION_METHOD_LABELS, data.method) &&
        isOneOf(CONCLUSION_LABELS, data.conclusion) &&
        isText(data.findings)
      );
    },
    /** 部分属实 / 失实: only the specific untrue points are clarified, so they must be named. */
    hasUntruePoints: ({ event }) => {
      const data = payload(event, 'CONCLUDE_VERIFICATION');
      if (!data) return false;
      return !isFoundUntrueConclusion(data.conclusion) || textItems(data.untruePoints).length > 0;
    },
    /** Clarification is required when the report did harm and not done when it did not: say which. */
    hasHarmAssessment: ({ event }) => {
      const data = payload(event, 'CONCLUDE_VERIFICATION');
      if (!data) return false;
      return !isFoundUntrueConclusion(data.conclusion) || typeof data.harmful === 'boolean';
    },
    /**
     * No false-accusation case where the report was true or could be neither proven nor excluded;
     * malice needs its grounds and a known reporter.
     */
    canReferAtConclusion: ({ context, event }) => {
      const data = payload(event, 'CONCLUDE_VERIFICATION');
      if (!data) return false;
      if (data.suspectedMalice !== true) return true;
      return isFoundUntrueConclusion(data.conclusion) && isText(data.maliceGrounds) && isText(context.sealed.reporterName);
    },
    isConcludedTrue: ({ event }) => payload(event, 'CONCLUDE_VERIFICATION')?.conclusion === 'true',
    isConcludedUnverifiable: ({ event }) => payload(event, 'CONCLUDE_VERIFICATION')?.conclusion === 'unverifiable',
    isFoundUntrue: ({ event }) => isFoundUntrueConclusion(payload(event, 'CONCLUDE_VERIFICATION')?.conclusion),
    isHarmful: ({ event }) => payload(event, 'CONCLUDE_VERIFICATION')?.harmful === true,
    isMaliceSuspected: ({ event }) => payload(event, 'CONCLUDE_VERIFICATION')?.suspectedMalice === true,

    // --- start and consent ---
    isCadreConcerned: ({ context, event }) => event.actor.id === context.parties.cadreId,
    hasProposal: ({ event }) => isText(payload(event, 'CONSULT_CADRE')?.proposal),
    hasApplication: ({ event }) => isText(payload(event, 'APPLY_FOR_CLARIFICATION')?.application),

    // --- plan ---
    hasPlanDetails: ({ event }) => {
      const data = payload(event, 'SUBMIT_PLAN');
      return !!data && isOneOf(CLARIFICATION_METHOD_LABELS, data.method) && isText(data.scope);
    },
    /** In-person, meeting and notice clarifications are accompanied by a written one. */
    hasWrittenAccompaniment: ({ event }) => {
      const data = payload(event, 'SUBMIT_PLAN');
      return !!data && (data.method === 'written' || data.withWrittenClarification === true);
    },
    /** Only points the verification found untrue are clarified; it is no overall evaluation. */
    isLimitedToUntruePoints: ({ context, event }) => {
      const data = payload(event, 'SUBMIT_PLAN');
      const points = textItems(data?.points);
      const untrue = new Set(context.verification?.untruePoints ?? []);
      return points.length > 0 && points.length === (data?.points?.length ?? 0) && points.every((point) => untrue.has(point));
    },
    hasReason: ({ event }) => isText(payload(event, 'RETURN_PLAN')?.reason),

    // --- clarified, consequences, follow-up ---
    hasClarificationRecord: ({ event }) => {
      const data = payload(event, 'RECORD_CLARIFICATION');
      return !!data && isPastDate(data.clarifiedOn, event.at) && isText(data.audience) && isText(data.writtenClarification);
    },
    /** Art. 51: each wrong consequence records the correction made or recommended (and to whom). */
    hasConsequenceRecord: ({ event }) => {
      const data = payload(event, 'RECORD_CONSEQUENCES');
      if (!data || typeof data.hadConsequences !== 'boolean') return false;
      const items = Array.isArray(data.items) ? data.items : [];
      if (!data.hadConsequences) return items.length === 0;
      return (
        items.length > 0 &&
        items.every(
          (item) =>
            !!item &&
            isOneOf(CONSEQUENCE_KIND_LABELS, item.kind) &&
            isText(item.description) &&
            isText(item.correction) &&
            isOneOf(CORRECTION_STATUS_LABELS, item.status) &&
            (item.status !== 'recommended' || isText(item.competentBody)),
        )
      );
    },
    hasFollowUpRecord: ({ event }) => {
      const data = payload(event, 'RECORD_FOLLOW_UP');
      return !!data && isPastDate(data.visitedOn, event.at) && isOneOf(FOLLOW_UP_FORM_LABELS, data.form) && isText(data.findings);
    },

    // --- closing and false accusation ---
    isSettledAsClosed: ({ context }) => context.outcome?.result === 'closed',
    isSettledAsDeclined: ({ context }) => context.outcome?.result === 'closedDeclined',
    isSettledWithoutClarification: ({ context }) => context.outcome?.result === 'closedWithoutClarification',
    isConclusionUntrue: ({ context }) => isFoundUntrueConclusion(context.verification?.conclusion),
    hasNoFalseAccusationCase: ({ context }) => !context.falseAccusationReferral,
    /** The false-accusation case investigates a named accuser: an anonymous reporter must be known first. */
    isReporterKnown: ({ context }) => isText(context.sealed.reporterName),
    hasMaliceGrounds: ({ event }) => isText(payload(event, 'OPEN_FALSE_ACCUSATION_CASE')?.grounds),
  },
  actions: {
    // Effects on other cases: the engine carries them out (empty bodies by contract).
    openCase: (_, _params: OpenCaseParams) => {},
    sendToOrigin: (_, _params: SendToOriginParams) => {},

    recordReporterIdentity: assign(({ context, event }) => {
      const data = payload(event, 'RECORD_REPORTER_IDENTITY');
      if (!data) return {};
      const reporterUserId = isText(data.reporterUserId) ? data.reporterUserId : context.sealed.reporterUserId;
      return {
        sealed: compact({ ...context.sealed, reporterName: data.reporterName, reporterContact: data.reporterContact, reporterUserId }),
        parties: compact({ ...context.parties, accuserUserId: reporterUserId as string | undefined }),
        identityAmendments: [...context.identityAmendments, stamp(event)],
      };
    }),
    recordAcceptanceNotice: assign(({ event }) => {
      const data = payload(event, 'NOTIFY_ACCEPTANCE');
      return data ? { acceptanceNotice: compact({ ...stamp(event), notifiedOn: data.notifiedOn!, method: data.method!, note: data.note }) } : {};
    }),
    recordConclusion: assign(({ event }) => {
      const data = payload(event, 'CONCLUDE_VERIFICATION');
      if (!data) return {};
      const untrue = isFoundUntrueConclusion(data.conclusion);
      return {
        verification: compact({
          ...stamp(event),
          method: data.method!,
          conclusion: data.conclusion!,
          findings: data.findings!,
          untruePoints: untrue ? textItems(data.untruePoints) : [],
          truePoints: data.conclusion === 'partlyTrue' ? textItems(data.truePoints) : [],
          harmful: untrue ? data.harmful : undefined,
          harmDescription: untrue ? data.harmDescription : undefined,
        }),
      };
    }),
    recordProposal: assign(({ event }) => {
      const data = payload(event, 'CONSULT_CADRE');
      return data
        ? {
            start: compact({
              ...stamp(event),
              kind: 'proposal' as const,
              proposal: data.proposal!,
              proposedMethod: data.proposedMethod,
              proposedScope: data.proposedScope,
            }),
          }
        : {};
    }),
    recordApplication: assign(({ event }) => {
      const data = payload(event, 'APPLY_FOR_CLARIFICATION');
      return data ? { start: { ...stamp(event), kind: 'application' as const, application: data.application! } } : {};
    }),
    recordConsent: assign(({ event }) => {
      const data = payload(event, 'ACCEPT_CLARIFICATION');
      return data ? { consent: compact({ ...stamp(event), answer: 'accepted' as const, opinion: data.opinion }) } : {};
    }),
    recordRefusal: assign(({ event }) => {
      const data = payload(event, 'DECLINE_CLARIFICATION');
      return data ? { consent: compact({ ...stamp(event), answer: 'declined' as const, opinion: data.opinion }) } : {};
    }),
    recordDeemedRefusal: assign(({ event }) => ({ consent: { ...stamp(event), answer: 'deemedDeclined' as const } })),
    recordPlan: assign(({ context, event }) => {
      const data = payload(event, 'SUBMIT_PLAN');
      if (!data) return {};
      const plan: PlanRecord = compact({
        ...stamp(event),
        method: data.method!,
        withWrittenClarification: data.method === 'written' || data.withWrittenClarification === true,
        rally: data.method === 'meeting' && data.rally === true,
        scope: data.scope!,
        points: textItems(data.points),
        plannedOn: data.plannedOn,
        notes: data.notes,
      });
      return { plans: [...context.plans, plan] };
    }),
    recordPlanApproval: assign(({ event }) => {
      const data = payload(event, 'APPROVE_PLAN');
      return data ? { planApproval: compact({ ...stamp(event), opinion: data.opinion }) } : {};
    }),
    recordPlanReturn: assign(({ context, event }) => {
      const data = payload(event, 'RETURN_PLAN');
      return data ? { planReturns: [...context.planReturns, { ...stamp(event), reason: data.reason! }] } : {};
    }),
    recordClarified: assign(({ event }) => {
      const data = payload(event, 'RECORD_CLARIFICATION');
      return data
        ? {
            clarification: compact({
              ...stamp(event),
              clarifiedOn: data.clarifiedOn!,
              audience: data.audience!,
              writtenClarification: data.writtenClarification!,
              notes: data.notes,
            }),
          }
        : {};
    }),
    recordConsequences: assign(({ event }) => {
      const data = payload(event, 'RECORD_CONSEQUENCES');
      if (!data) return {};
      const items = (data.hadConsequences ? data.items ?? [] : []).map((item) =>
        compact({
          kind: item.kind,
          description: item.description,
          correction: item.correction,
          status: item.status,
          competentBody: item.competentBody,
        }),
      );
      return { consequences: { ...stamp(event), hadConsequences: data.hadConsequences === true, items } };
    }),
    recordFollowUp: assign(({ event }) => {
      const data = payload(event, 'RECORD_FOLLOW_UP');
      return data
        ? { followUp: { ...stamp(event), visitedOn: data.visitedOn!, form: data.form!, findings: data.findings! } }
        : {};
    }),
    recordResultNotice: assign(({ event }) => {
      const data = payload(event, 'NOTIFY_RESULT');
      return data ? { resultNotice: compact({ ...stamp(event), notifiedOn: data.notifiedOn!, method: data.method!, note: data.note }) } : {};
    }),
    recordReferral: assign(({ event }, params: { stage: string }) => {
      const grounds = payload(event, 'OPEN_FALSE_ACCUSATION_CASE')?.grounds ?? payload(event, 'CONCLUDE_VERIFICATION')?.maliceGrounds;
      return { falseAccusationReferral: { ...stamp(event), grounds: grounds ?? '', stage: params.stage } };
    }),
    settleOutcome: assign(({ event }, params: { result: FinalOutcome; reason: OutcomeReason }) => ({
      outcome: { ...stamp(event), result: params.result, reason: params.reason },
    })),
  },
}).createMachine({
  id: 'clarification',
  context: ({ input }) => {
    const data = (input.data ?? {}) as Partial<LeadData>;
    const reporterUserId = isText(data.reporterUserId) ? data.reporterUserId : undefined;
    return {
      parties: compact({ cadreId: data.cadreId ?? '', unitId: data.unitId ?? '', accuserUserId: reporterUserId }),
      // Art. 47: the reporter's identity is kept secret; it lives here and nowhere else.
      sealed: compact({
        reporterName: isText(data.reporterName) ? data.reporterName : undefined,
        reporterContact: isText(data.reporterContact) ? data.reporterContact : undefined,
        reporterUserId,
      }),
      lead: {
        by: input.actor.id,
        at: input.at,
        summary: data.summary ?? '',
        channel: data.channel ?? 'other',
        receivedOn: data.receivedOn ?? input.at.slice(0, 10),
        signed: data.signed === true,
      },
      identityAmendments: [],
      plans: [],
      planReturns: [],
    };
  },
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
        RECORD_REPORTER_IDENTITY: {
          guard: and([not('hasReporterIdentity'), 'hasIdentityData']),
          actions: 'recordReporterIdentity',
        },
        NOTIFY_ACCEPTANCE: {
          guard: and(['hasReporterIdentity', 'hasNoticeRecord']),
          target: 'verifying',
          actions: 'recordAcceptanceNotice',
        },
      },
    },
    /** 核查: 谈话函询 or 初步核实, then the conclusion routes the case. */
    verifying: {
      on: {
        CONCLUDE_VERIFICATION: [
          {
            // 属实: leaves this system for the ordinary disciplinary procedure.
            guard: and(['hasConclusionRecord', 'canReferAtConclusion', 'isConcludedTrue']),
            target: 'transferred',
            actions: ['recordConclusion', { type: 'settleOutcome', params: { result: 'transferred', reason: 'true' } }],
          },
          {
            // 无法查实: neither proven nor excluded, so not an "untrue report": no clarification.
            guard: and(['hasConclusionRecord', 'canReferAtConclusion', 'isConcludedUnverifiable']),
            target: 'settling',
            actions: [
              'recordConclusion',
              { type: 'settleOutcome', params: { result: 'closedWithoutClarification', reason: 'unverifiable' } },
            ],
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
            actions: [
              'recordConclusion',
              ...openFalseAccusation('verifying'),
              { type: 'settleOutcome', params: { result: 'closedWithoutClarification', reason: 'noHarm' } },
            ],
          },
          {
            guard: and([...UNTRUE_CONCLUSION, not('isHarmful')]),
            target: 'settling',
            actions: [
              'recordConclusion',
              { type: 'settleOutcome', params: { result: 'closedWithoutClarification', reason: 'noHarm' } },
            ],
          },
        ],
      },
    },
    /** Started on the officer's proposal after consulting the cadre, or on the cadre's written application. */
    awaitingStart: {
      on: {
        CONSULT_CADRE: { guard: 'hasProposal', target: 'awaitingConsent', actions: 'recordProposal' },
        APPLY_FOR_CLARIFICATION: {
          guard: and(['isCadreConcerned', 'hasApplication']),
          target: 'planning',
          actions: 'recordApplication',
        },
        OPEN_FALSE_ACCUSATION_CASE: referral('awaitingStart'),
      },
    },
    /** 充分征求被举报人意见: the cadre may decline a public clarification; silence means declined. */
    awaitingConsent: {
      on: {
        ACCEPT_CLARIFICATION: { guard: 'isCadreConcerned', target: 'planning', actions: 'recordConsent' },
        DECLINE_CLARIFICATION: {
          guard: 'isCadreConcerned',
          target: 'settling',
          actions: ['recordRefusal', { type: 'settleOutcome', params: { result: 'closedDeclined', reason: 'declined' } }],
        },
        CONSENT_EXPIRED: {
          target: 'settling',
          actions: ['recordDeemedRefusal', { type: 'settleOutcome', params: { result: 'closedDeclined', reason: 'deemedDeclined' } }],
        },
        OPEN_FALSE_ACCUSATION_CASE: referral('awaitingConsent'),
      },
    },
    /** 澄清方案: method, scope, the untrue points. */
    planning: {
      on: {
        SUBMIT_PLAN: {
          guard: and(['hasPlanDetails', 'hasWrittenAccompaniment', 'isLimitedToUntruePoints']),
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
        RETURN_PLAN: { guard: 'hasReason', target: 'planning', actions: 'recordPlanReturn' },
        OPEN_FALSE_ACCUSATION_CASE: referral('awaitingPlanApproval'),
      },
    },
    /** 实施澄清. */
    clarifying: {
      on: {
        RECORD_CLARIFICATION: { guard: 'hasClarificationRecord', target: 'undoingConsequences', actions: 'recordClarified' },
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
          guard: 'hasFollowUpRecord',
          target: 'settling',
          actions: ['recordFollowUp', { type: 'settleOutcome', params: { result: 'closed', reason: 'clarified' } }],
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
          { guard: and(['hasReporterIdentity', 'hasNoticeRecord', 'isSettledAsClosed']), target: 'closed', actions: 'recordResultNotice' },
          {
            guard: and(['hasReporterIdentity', 'hasNoticeRecord', 'isSettledAsDeclined']),
            target: 'closedDeclined',
            actions: 'recordResultNotice',
          },
          {
            guard: and(['hasReporterIdentity', 'hasNoticeRecord', 'isSettledWithoutClarification']),
            target: 'closedWithoutClarification',
            actions: 'recordResultNotice',
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
    {
      type: 'openCase',
      params: ({ context }: { context: ClarificationContext }) => falseAccusationOpening(context, context.verification?.conclusion),
    },
  ] as const;
}

/**
 * Suspected malice after the conclusion: staff open the linked false-accusation case once, and only
 * where the report was found (partly) untrue (domain.md §3.4: where the allegation can neither be
 * proven nor excluded, no false-accusation investigation starts).
 */
function referral(stage: string) {
  return {
    guard: and(['isConclusionUntrue', 'hasNoFalseAccusationCase', 'isReporterKnown', 'hasMaliceGrounds']),
    actions: openFalseAccusation(stage),
  } as const;
}
