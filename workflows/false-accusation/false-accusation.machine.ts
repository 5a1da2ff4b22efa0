import { and, assign, setup } from 'xstate';
import {
  isValidCollectiveDecision as isValidVote,
  type CollectiveDecisionRecord,
} from '../core/collective-decision';
import { LIMITS } from '../core/field-builders';
import type {
  BaseContext,
  OpenCaseParams,
  ProcedureEvent,
  ProcedureInput,
  SendToOriginParams,
} from '../core/procedure';
import type { Actor, Role } from '../core/roles';
import { isWithin } from '../core/time';

/**
 * False-accusation handling (诬告陷害查处), domain.md §3.4; Qingdao implementing opinions §12;
 * 《纪检监察机关处理检举控告工作规则》 art. 39; 刑法 art. 243.
 */

/** The measures a collective decision may take against a malicious accuser (domain.md §3.4 step 3). */
export const MEASURES = [
  'dissuasionCriticismEducation',
  'organisationalHandling',
  'disciplinarySanction',
  'governmentSanction',
  'judicialTransfer',
  'creditBlacklist',
  'circulatedNotice',
] as const;
export type Measure = (typeof MEASURES)[number];

/** 《中国共产党纪律处分条例》 art. 8: the five party sanctions, warning to expulsion. */
export const DISCIPLINARY_LEVELS = ['warning', 'seriousWarning', 'removalFromPartyPosts', 'probation', 'expulsion'] as const;
/** 《公职人员政务处分法》 art. 7: the six government sanctions. */
export const GOVERNMENT_SANCTION_LEVELS = ['warning', 'demerit', 'majorDemerit', 'demotion', 'dismissalFromPost', 'expulsion'] as const;

export const FABRICATION_KINDS = ['fabricatedFacts', 'forgedMaterial'] as const;
export const REVIEW_OUTCOMES = ['upheld', 'changed'] as const;

/**
 * How often the committee may send a finding of malice back for further investigation. No text
 * fixes it; two mirrors the limit on supplementary investigation in 刑事诉讼法 art. 175 and keeps
 * the case from cycling without end.
 */
export const MAX_RETURNS = 2;

/** Stands for the accuser's user id wherever a step they took is recorded outside `sealed`. */
export const SEALED_ACCUSER = 'sealed:accuser';

/** Default window for the sanctioned person's review request (domain.md §3.4 step 5 / §3.1 step 7). */
export const REVIEW_WINDOW_MONTHS = 1;

interface Stamp {
  by: string;
  role: Role;
  at: string;
}

export interface MeasureDecision {
  measures: Measure[];
  disciplinaryLevel?: string;
  governmentSanctionLevel?: string;
}

export type Conclusion =
  | (Stamp & { kind: 'mistaken'; reasoning: string; educationGiven: boolean; educationNote?: string })
  | (Stamp & { kind: 'undetermined'; reasoning: string })
  | (Stamp & {
      kind: 'malicious';
      establishedFacts: string;
      intentEvidence: string[];
      fabrication: string[];
      reasoning?: string;
    });

export interface FalseAccusationContext extends BaseContext {
  origin?: { caseId: string; procedure: string };
  opening: Stamp & { accusationSummary: string; clarificationConclusion: string };
  conclusion?: Conclusion;
  /** Findings of malice the committee sent back for further investigation. */
  returns: Array<Stamp & { reason: string; finding: Conclusion }>;
  decision?: Stamp & CollectiveDecisionRecord & MeasureDecision & { approvingBody: string; reasoning: string };
  executions: Array<Stamp & { measure: Measure; executedOn: string; detail: string; documentRef?: string }>;
  reviewWindow?: { openedAt: string };
  reviewRequest?: Stamp & { reason: string; onBehalf: boolean };
  reviewDecision?: Stamp &
    CollectiveDecisionRecord & { outcome: 'upheld' | 'changed'; reasoning: string; newDecision?: MeasureDecision };
  closure?: { cause: 'reviewWindowExpired' | 'reviewDecided'; at: string; by: string };
}

export interface FalseAccusationCreationData {
  cadreId?: string;
  unitId?: string;
  /** The accusation's summary, as the clarification case registered it. */
  summary?: string;
  /** The clarification case's verification conclusion (e.g. `untrue`, `partlyTrue`). */
  conclusion?: string;
  accuserName?: string;
  accuserContact?: string;
  accuserUserId?: string;
}

type Ev<T extends string, D> = ProcedureEvent<T, D>;
type MeasureData = { measures?: string[]; disciplinaryLevel?: string; governmentSanctionLevel?: string };

export type FalseAccusationEvent =
  | Ev<'CONCLUDE_MISTAKEN', { reasoning?: string; educationGiven?: boolean; educationNote?: string }>
  | Ev<'CONCLUDE_UNDETERMINED', { reasoning?: string }>
  | Ev<'FIND_MALICIOUS', { establishedFacts?: string; intentEvidence?: string[]; fabrication?: string[]; reasoning?: string }>
  | Ev<'RETURN_FINDING', { reason?: string }>
  | Ev<'DECIDE_MEASURES', Partial<CollectiveDecisionRecord> & MeasureData & { approvingBody?: string; reasoning?: string }>
  | Ev<'RECORD_EXECUTION', { measure?: string; executedOn?: string; detail?: string; documentRef?: string }>
  | Ev<'REQUEST_REVIEW', { reason?: string }>
  | Ev<'REVIEW_WINDOW_EXPIRED', Record<string, never>>
  | Ev<'DECIDE_REVIEW', Partial<CollectiveDecisionRecord> & MeasureData & { outcome?: string; reasoning?: string }>;

// ---------------------------------------------------------------- helpers (pure)

const hasText = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

const isDate = (value: unknown): value is string => {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
};

const stamp = (event: { actor: Actor; at: string }): Stamp => ({ by: event.actor.id, role: event.actor.role, at: event.at });

const includesValue = (list: readonly string[], value: unknown): boolean => typeof value === 'string' && list.includes(value);

/** One or more distinct measures from the list (at least one measure: domain.md §3.4 step 3). */
function isMeasureList(value: unknown): value is Measure[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    new Set(value).size === value.length &&
    value.every((measure) => includesValue(MEASURES, measure))
  );
}

/** A party or government sanction names its level (纪律处分条例 art. 8; 政务处分法 art. 7). */
function hasLevelsFor(data: MeasureData): boolean {
  const measures = data.measures ?? [];
  const party = !measures.includes('disciplinarySanction') || includesValue(DISCIPLINARY_LEVELS, data.disciplinaryLevel);
  const government =
    !measures.includes('governmentSanction') || includesValue(GOVERNMENT_SANCTION_LEVELS, data.governmentSanctionLevel);
  return party && government;
}

function measureDecision(data: MeasureData): MeasureDecision {
  const measures = (data.measures ?? []) as Measure[];
  return {
    measures,
    disciplinaryLevel: measures.includes('disciplinarySanction') ? data.disciplinaryLevel : undefined,
    governmentSanctionLevel: measures.includes('governmentSanction') ? data.governmentSanctionLevel : undefined,
  };
}

const voteOf = (data: Partial<CollectiveDecisionRecord>): CollectiveDecisionRecord => ({
  meetingDate: data.meetingDate ?? '',
  attendees: data.attendees ?? [],
  votesFor: data.votesFor ?? 0,
  votesAgainst: data.votesAgainst ?? 0,
  votesAbstain: data.votesAbstain ?? 0,
});

/** Decided measures whose execution is not recorded yet. */
export function pendingMeasures(context: Pick<FalseAccusationContext, 'decision' | 'executions'>): Measure[] {
  const done = new Set(context.executions.map((execution) => execution.measure));
  return (context.decision?.measures ?? []).filter((measure) => !done.has(measure));
}

// ---------------------------------------------------------------- machine

export const falseAccusationMachine = setup({
  types: {
    context: {} as FalseAccusationContext,
    events: {} as FalseAccusationEvent,
    input: {} as ProcedureInput<FalseAccusationCreationData>,
  },
  guards: {
    hasReasoning: ({ event }) =>
      (event.type === 'CONCLUDE_MISTAKEN' ||
        event.type === 'CONCLUDE_UNDETERMINED' ||
        event.type === 'DECIDE_MEASURES' ||
        event.type === 'DECIDE_REVIEW') &&
      hasText(event.data.reasoning),
    /**
     * 检举控告工作规则 art. 39: malice means fabricated facts or forged material with intent, so the
     * finding states the established facts, how they were fabricated, and the evidence of intent.
     */
    hasEstablishedFacts: ({ event }) =>
      event.type === 'FIND_MALICIOUS' &&
      hasText(event.data.establishedFacts) &&
      Array.isArray(event.data.fabrication) &&
      event.data.fabrication.length > 0 &&
      event.data.fabrication.every((kind) => includesValue(FABRICATION_KINDS, kind)),
    hasIntentEvidence: ({ event }) =>
      event.type === 'FIND_MALICIOUS' &&
      Array.isArray(event.data.intentEvidence) &&
      event.data.intentEvidence.length > 0 &&
      event.data.intentEvidence.length <= LIMITS.listItems &&
      event.data.intentEvidence.every(hasText),
    hasReason: ({ event }) => (event.type === 'RETURN_FINDING' || event.type === 'REQUEST_REVIEW') && hasText(event.data.reason),
    canReturnFinding: ({ context }) => context.returns.length < MAX_RETURNS,
    hasMeasures: ({ event }) => event.type === 'DECIDE_MEASURES' && isMeasureList(event.data.measures),
    hasSanctionLevels: ({ event }) =>
      (event.type === 'DECIDE_MEASURES' || event.type === 'DECIDE_REVIEW') && hasLevelsFor(event.data),
    /** Who approves a finding of malice is set locally (e.g. Sichuan: city-level committee or above). */
    hasApprovingBody: ({ event }) => event.type === 'DECIDE_MEASURES' && hasText(event.data.approvingBody),
    isValidCollectiveDecision: ({ event }) =>
      (event.type === 'DECIDE_MEASURES' || event.type === 'DECIDE_REVIEW') &&
      isDate(event.data.meetingDate) &&
      isValidVote(event.data),
    /** Each decided measure's execution is recorded once. */
    canRecordExecution: ({ context, event }) =>
      event.type === 'RECORD_EXECUTION' &&
      pendingMeasures(context).includes(event.data.measure as Measure) &&
      isDate(event.data.executedOn) &&
      hasText(event.data.detail),
    isLastPendingMeasure: ({ context, event }) =>
      event.type === 'RECORD_EXECUTION' &&
      pendingMeasures(context).length === 1 &&
      pendingMeasures(context)[0] === event.data.measure,
    /** The sanctioned accuser (when a user) asks in person; an officer records a written request. */
    canRequestReview: ({ context, event }) =>
      event.actor.role === 'officer' ||
      (event.actor.role === 'applicant' &&
        context.parties.accuserUserId !== undefined &&
        event.actor.id === context.parties.accuserUserId),
    isWithinReviewWindow: ({ context, event }) =>
      isWithin(context.reviewWindow?.openedAt, event.at, REVIEW_WINDOW_MONTHS, 'months'),
    /** A review upholds, or changes the measures and then says what they become. */
    hasReviewOutcome: ({ event }) =>
      event.type === 'DECIDE_REVIEW' &&
      ((event.data.outcome === 'upheld' && (event.data.measures ?? []).length === 0) ||
        (event.data.outcome === 'changed' && isMeasureList(event.data.measures))),
  },
  actions: {
    // Effects on other cases: empty on purpose; the engine carries them out (core/runtime.ts).
    openCase: (_, _params: OpenCaseParams) => {},
    sendToOrigin: (_, _params: SendToOriginParams) => {},
    recordMistaken: assign(({ event }) => {
      if (event.type !== 'CONCLUDE_MISTAKEN') return {};
      const conclusion: Conclusion = {
        ...stamp(event),
        kind: 'mistaken',
        reasoning: event.data.reasoning ?? '',
        educationGiven: event.data.educationGiven === true,
        educationNote: event.data.educationNote,
      };
      return { conclusion };
    }),
    recordUndetermined: assign(({ event }) => {
      if (event.type !== 'CONCLUDE_UNDETERMINED') return {};
      const conclusion: Conclusion = { ...stamp(event), kind: 'undetermined', reasoning: event.data.reasoning ?? '' };
      return { conclusion };
    }),
    recordMaliciousFinding: assign(({ event }) => {
      if (event.type !== 'FIND_MALICIOUS') return {};
      const conclusion: Conclusion = {
        ...stamp(event),
        kind: 'malicious',
        establishedFacts: event.data.establishedFacts ?? '',
        intentEvidence: event.data.intentEvidence ?? [],
        fabrication: event.data.fabrication ?? [],
        reasoning: event.data.reasoning,
      };
      return { conclusion };
    }),
    recordReturn: assign(({ context, event }) => {
      if (event.type !== 'RETURN_FINDING' || !context.conclusion) return {};
      return {
        returns: [...context.returns, { ...stamp(event), reason: event.data.reason ?? '', finding: context.conclusion }],
        conclusion: undefined,
      };
    }),
    recordDecision: assign(({ event }) => {
      if (event.type !== 'DECIDE_MEASURES') return {};
      return {
        decision: {
          ...stamp(event),
          ...voteOf(event.data),
          ...measureDecision(event.data),
          approvingBody: event.data.approvingBody ?? '',
          reasoning: event.data.reasoning ?? '',
        },
      };
    }),
    recordExecution: assign(({ context, event }) => {
      if (event.type !== 'RECORD_EXECUTION') return {};
      const execution = {
        ...stamp(event),
        measure: event.data.measure as Measure,
        executedOn: event.data.executedOn ?? '',
        detail: event.data.detail ?? '',
        documentRef: event.data.documentRef,
      };
      return { executions: [...context.executions, execution] };
    }),
    openReviewWindow: assign(({ event }) => ({ reviewWindow: { openedAt: event.at } })),
    recordReviewRequest: assign(({ event }) => {
      if (event.type !== 'REQUEST_REVIEW') return {};
      // When the accuser asks in person, their user id stays sealed: the record says only "the accuser".
      const byAccuser = event.actor.role !== 'officer';
      const who = byAccuser ? { ...stamp(event), by: SEALED_ACCUSER } : stamp(event);
      return { reviewRequest: { ...who, reason: event.data.reason ?? '', onBehalf: !byAccuser } };
    }),
    recordReviewDecision: assign(({ event }) => {
      if (event.type !== 'DECIDE_REVIEW') return {};
      const outcome = event.data.outcome === 'changed' ? 'changed' : 'upheld';
      return {
        reviewDecision: {
          ...stamp(event),
          ...voteOf(event.data),
          outcome,
          reasoning: event.data.reasoning ?? '',
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
        by: input.actor.id,
        role: input.actor.role,
        at: input.at,
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
        CONCLUDE_MISTAKEN: { guard: 'hasReasoning', target: 'closedMistaken', actions: 'recordMistaken' },
        CONCLUDE_UNDETERMINED: { guard: 'hasReasoning', target: 'closedUndetermined', actions: 'recordUndetermined' },
        FIND_MALICIOUS: {
          guard: and(['hasEstablishedFacts', 'hasIntentEvidence']),
          target: 'deciding',
          actions: 'recordMaliciousFinding',
        },
      },
    },
    /** 集体研究决定 */
    deciding: {
      on: {
        DECIDE_MEASURES: {
          guard: and(['hasMeasures', 'hasSanctionLevels', 'hasApprovingBody', 'hasReasoning', 'isValidCollectiveDecision']),
          target: 'executing',
          actions: 'recordDecision',
        },
        RETURN_FINDING: { guard: and(['canReturnFinding', 'hasReason']), target: 'investigating', actions: 'recordReturn' },
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
          guard: and(['canRequestReview', 'hasReason', 'isWithinReviewWindow']),
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
          guard: and(['hasReviewOutcome', 'hasSanctionLevels', 'hasReasoning', 'isValidCollectiveDecision']),
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
