import { and, assign, not, setup } from 'xstate';
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
import { addCalendar } from '../core/time';

/**
 * Correction (纠错), domain.md §3.2; Qingdao implementing opinions §11: 明确纠错事项及要求,
 * 责令限期整改,督促深刻分析原因,健全体制机制,堵塞漏洞 … 对不能按期完成纠错整改任务的,予以严肃处理.
 */

/** Who must rectify an item (整改责任主体): the cadre, the unit, or both. */
export const RESPONSIBLE_PARTIES = ['cadre', 'unit', 'both'] as const;
export type ResponsibleParty = (typeof RESPONSIBLE_PARTIES)[number];

export const CHECK_RESULTS = ['passed', 'failed'] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];

/** What the committee may decide when rectification failed (严肃处理). */
export const CONSEQUENCES = [
  'criticismEducation',
  'admonishment',
  'organisationalHandling',
  'disciplinarySanction',
  'revokeTolerance',
] as const;
export type Consequence = (typeof CONSEQUENCES)[number];

/** Default rectification period when an item gives no date (domain.md §3.2 step 1: 3 months). */
export const DEFAULT_RECTIFICATION_MONTHS = 3;

interface Stamp {
  by: string;
  role: Role;
  at: string;
}

export interface CorrectionItem {
  no: number;
  requirement: string;
  responsible: ResponsibleParty;
  dueDate: string;
  /** True when the order gave no date and the 3-month default was applied. */
  dueDateDefaulted: boolean;
}

export interface PlanRecord extends Stamp {
  content: string;
  measures: string[];
  review?: { approved: boolean; reason?: string; by: string; at: string };
}

export interface ProgressReport extends Stamp {
  progress: string;
  evidence: string[];
}

export interface ExtensionRecord {
  reason: string;
  previousDueDate: string;
  newDueDate: string;
  /** Calendar days the approved extension adds to the latest item deadline. */
  days: number;
  requestedBy: string;
  requestedAt: string;
  decision?: { approved: boolean; reason?: string; by: string; at: string };
}

export interface CompletionReport extends Stamp {
  summary: string;
  evidence: string[];
}

export interface ItemResult {
  itemNo: number;
  result: CheckResult;
  note?: string;
}

export interface CheckRound extends Stamp {
  round: number;
  results: ItemResult[];
  summary?: string;
}

export interface CorrectionContext extends BaseContext {
  origin?: { caseId: string; procedure: string };
  opening: Stamp & { source: 'tolerance' | 'ownMotion'; summary: string };
  order?: Stamp & { items: CorrectionItem[]; basis?: string };
  plans: PlanRecord[];
  progressReports: ProgressReport[];
  extension?: ExtensionRecord;
  completionReports: CompletionReport[];
  checks: CheckRound[];
  /** The one re-do allowed after a failed acceptance check (返工整改). */
  redo?: Stamp & { itemNos: number[]; dueDate: string };
  completion?: Stamp & { rootCauseAnalysis: string; mechanismImprovements: string[]; summary?: string };
  escalation?: { cause: 'planOverdue' | 'rectificationOverdue' | 'failedRecheck'; at: string; by: string };
  consequence?: Stamp &
    CollectiveDecisionRecord & { consequences: Consequence[]; reasoning: string; toleranceRevoked: boolean };
}

export interface CorrectionCreationData {
  cadreId?: string;
  unitId?: string;
  summary?: string;
}

interface OrderData {
  items?: Array<{ requirement?: string; responsible?: string; dueDate?: string }>;
  basis?: string;
}

type Ev<T extends string, D> = ProcedureEvent<T, D>;

export type CorrectionEvent =
  | Ev<'ISSUE_ORDER', OrderData>
  | Ev<'SUBMIT_PLAN', { content?: string; measures?: string[] }>
  | Ev<'PLAN_OVERDUE', Record<string, never>>
  | Ev<'APPROVE_PLAN', { note?: string }>
  | Ev<'RETURN_PLAN', { reason?: string }>
  | Ev<'REPORT_PROGRESS', { progress?: string; evidence?: string[] }>
  | Ev<'REQUEST_EXTENSION', { reason?: string; newDueDate?: string }>
  | Ev<'APPROVE_EXTENSION', { note?: string }>
  | Ev<'REJECT_EXTENSION', { reason?: string }>
  | Ev<'RECTIFICATION_OVERDUE', Record<string, never>>
  | Ev<'REPORT_COMPLETION', { summary?: string; evidence?: string[] }>
  | Ev<'CHECK_ITEMS', { results?: Array<{ itemNo?: number; result?: string; note?: string }>; redoDueDate?: string; summary?: string }>
  | Ev<'CONFIRM_COMPLETION', { rootCauseAnalysis?: string; mechanismImprovements?: string[]; summary?: string }>
  | Ev<'DECIDE_CONSEQUENCE', Partial<CollectiveDecisionRecord> & { consequences?: string[]; reasoning?: string }>;

// ---------------------------------------------------------------- helpers (pure)

const hasText = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

const isDate = (value: unknown): value is string => {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
};

const dayOf = (isoInstant: string): string => isoInstant.slice(0, 10);

const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00.000Z`) - Date.parse(`${from}T00:00:00.000Z`)) / 86_400_000);

const stamp = (event: { actor: Actor; at: string }): Stamp => ({ by: event.actor.id, role: event.actor.role, at: event.at });

/** The latest item deadline: the rectification period ends when the last item is due. */
export function latestItemDueDate(context: Pick<CorrectionContext, 'order'>): string | undefined {
  const dates = (context.order?.items ?? []).map((item) => item.dueDate).sort();
  return dates[dates.length - 1];
}

/** The rectification deadline in force: the latest item date, or the extended date once approved. */
export function currentDueDate(context: Pick<CorrectionContext, 'order' | 'extension'>): string | undefined {
  return context.extension?.decision?.approved ? context.extension.newDueDate : latestItemDueDate(context);
}

/** Items not yet passed in an acceptance check: those the next check must rule on. */
export function openItemNos(context: Pick<CorrectionContext, 'order' | 'checks'>): number[] {
  const passed = new Set(
    context.checks.flatMap((round) => round.results.filter((r) => r.result === 'passed').map((r) => r.itemNo)),
  );
  return (context.order?.items ?? []).map((item) => item.no).filter((no) => !passed.has(no));
}

/** The cadre (as applicant) or the unit, when an item of the order is theirs. */
function isResponsibleActor(context: CorrectionContext, actor: Actor): boolean {
  const items = context.order?.items ?? [];
  if (actor.role === 'applicant') {
    return actor.id === context.parties.cadreId && items.some((item) => item.responsible !== 'unit');
  }
  if (actor.role === 'unit') return items.some((item) => item.responsible !== 'cadre');
  return false;
}

const isTextList = (value: unknown, minItems: number): value is string[] =>
  Array.isArray(value) && value.length >= minItems && value.length <= LIMITS.listItems && value.every(hasText);

// ---------------------------------------------------------------- machine

export const correctionMachine = setup({
  types: {
    context: {} as CorrectionContext,
    events: {} as CorrectionEvent,
    input: {} as ProcedureInput<CorrectionCreationData>,
  },
  guards: {
    /** §3.2 step 1: at least one item, each with a requirement, a responsible party and a date not before the order. */
    hasValidItems: ({ event }) => {
      if (event.type !== 'ISSUE_ORDER') return false;
      const items = event.data.items;
      if (!Array.isArray(items) || items.length === 0 || items.length > LIMITS.listItems) return false;
      return items.every(
        (item) =>
          hasText(item.requirement) &&
          (RESPONSIBLE_PARTIES as readonly string[]).includes(item.responsible ?? '') &&
          (item.dueDate === undefined || (isDate(item.dueDate) && item.dueDate >= dayOf(event.at))),
      );
    },
    /** Only the party an item names (the cadre or the unit) submits, reports and completes. */
    isResponsibleParty: ({ context, event }) => isResponsibleActor(context, event.actor),
    hasPlanContent: ({ event }) => event.type === 'SUBMIT_PLAN' && hasText(event.data.content),
    hasReason: ({ event }) =>
      (event.type === 'RETURN_PLAN' || event.type === 'REQUEST_EXTENSION' || event.type === 'REJECT_EXTENSION') &&
      hasText(event.data.reason),
    hasProgress: ({ event }) => event.type === 'REPORT_PROGRESS' && hasText(event.data.progress),
    /** Keeps the record bounded: at most LIMITS.listItems progress reports. */
    canReportProgress: ({ context }) => context.progressReports.length < LIMITS.listItems,
    /** §3.2 step 3: one extension per case (one request, granted or not). */
    canRequestExtension: ({ context }) => context.extension === undefined,
    isLaterDueDate: ({ context, event }) => {
      if (event.type !== 'REQUEST_EXTENSION' || !isDate(event.data.newDueDate)) return false;
      const current = currentDueDate(context);
      return current !== undefined && event.data.newDueDate > current;
    },
    isExtensionPending: ({ context }) => context.extension !== undefined && context.extension.decision === undefined,
    hasCompletionEvidence: ({ event }) =>
      event.type === 'REPORT_COMPLETION' && hasText(event.data.summary) && isTextList(event.data.evidence, 1),
    /** §3.2 step 4: the check rules on every open item exactly once; a failed item carries a note. */
    isCompleteCheck: ({ context, event }) => {
      if (event.type !== 'CHECK_ITEMS' || !Array.isArray(event.data.results)) return false;
      const open = openItemNos(context);
      const ruled = event.data.results.map((r) => r.itemNo);
      const valid = event.data.results.every(
        (r) =>
          (CHECK_RESULTS as readonly string[]).includes(r.result ?? '') && (r.result === 'passed' || hasText(r.note)),
      );
      return valid && ruled.length === open.length && new Set(ruled).size === open.length && open.every((no) => ruled.includes(no));
    },
    isAllPassed: ({ event }) =>
      event.type === 'CHECK_ITEMS' && (event.data.results ?? []).every((r) => r.result === 'passed'),
    /** Failed items go back once (§3.2 step 4). */
    canRedo: ({ context }) => context.redo === undefined,
    hasValidRedoDueDate: ({ event }) =>
      event.type === 'CHECK_ITEMS' && isDate(event.data.redoDueDate) && event.data.redoDueDate > dayOf(event.at),
    /** §3.2 step 5: completion requires the root-cause analysis and the mechanism improvements. */
    hasRootCauseAndMechanisms: ({ event }) =>
      event.type === 'CONFIRM_COMPLETION' &&
      hasText(event.data.rootCauseAnalysis) &&
      isTextList(event.data.mechanismImprovements, 1),
    hasConsequence: ({ event }) =>
      event.type === 'DECIDE_CONSEQUENCE' &&
      Array.isArray(event.data.consequences) &&
      event.data.consequences.length > 0 &&
      new Set(event.data.consequences).size === event.data.consequences.length &&
      event.data.consequences.every((c) => (CONSEQUENCES as readonly string[]).includes(c)),
    hasReasoning: ({ event }) => event.type === 'DECIDE_CONSEQUENCE' && hasText(event.data.reasoning),
    isValidCollectiveDecision: ({ event }) =>
      event.type === 'DECIDE_CONSEQUENCE' && isDate(event.data.meetingDate) && isValidVote(event.data),
    isRevocation: ({ event }) =>
      event.type === 'DECIDE_CONSEQUENCE' && (event.data.consequences ?? []).includes('revokeTolerance'),
    /** Only a correction opened by a tolerance decision can revoke that decision. */
    canRevokeTolerance: ({ context }) => context.origin?.procedure === 'tolerance',
  },
  actions: {
    // Effects on other cases: empty on purpose; the engine carries them out (core/runtime.ts).
    openCase: (_, _params: OpenCaseParams) => {},
    sendToOrigin: (_, _params: SendToOriginParams) => {},
    recordOrder: assign(({ event }) => {
      if (event.type !== 'ISSUE_ORDER') return {};
      const defaultDue = addCalendar(event.at, DEFAULT_RECTIFICATION_MONTHS, 'months').toISOString().slice(0, 10);
      const items: CorrectionItem[] = (event.data.items ?? []).map((item, index) => ({
        no: index + 1,
        requirement: item.requirement ?? '',
        responsible: item.responsible as ResponsibleParty,
        dueDate: item.dueDate ?? defaultDue,
        dueDateDefaulted: item.dueDate === undefined,
      }));
      return { order: { ...stamp(event), items, basis: event.data.basis } };
    }),
    recordPlan: assign(({ context, event }) => {
      if (event.type !== 'SUBMIT_PLAN') return {};
      const plan: PlanRecord = { ...stamp(event), content: event.data.content ?? '', measures: event.data.measures ?? [] };
      return { plans: [...context.plans, plan] };
    }),
    recordPlanReview: assign(({ context, event }) => {
      if (event.type !== 'APPROVE_PLAN' && event.type !== 'RETURN_PLAN') return {};
      const review =
        event.type === 'APPROVE_PLAN'
          ? { approved: true, reason: event.data.note, by: event.actor.id, at: event.at }
          : { approved: false, reason: event.data.reason, by: event.actor.id, at: event.at };
      const plans = context.plans.map((plan, index) => (index === context.plans.length - 1 ? { ...plan, review } : plan));
      return { plans };
    }),
    recordProgress: assign(({ context, event }) => {
      if (event.type !== 'REPORT_PROGRESS') return {};
      const report: ProgressReport = { ...stamp(event), progress: event.data.progress ?? '', evidence: event.data.evidence ?? [] };
      return { progressReports: [...context.progressReports, report] };
    }),
    recordExtensionRequest: assign(({ context, event }) => {
      if (event.type !== 'REQUEST_EXTENSION') return {};
      const previousDueDate = latestItemDueDate(context) ?? dayOf(event.at);
      const newDueDate = event.data.newDueDate ?? previousDueDate;
      const extension: ExtensionRecord = {
        reason: event.data.reason ?? '',
        previousDueDate,
        newDueDate,
        days: daysBetween(previousDueDate, newDueDate),
        requestedBy: event.actor.id,
        requestedAt: event.at,
      };
      return { extension };
    }),
    recordExtensionDecision: assign(({ context, event }) => {
      if (!context.extension || (event.type !== 'APPROVE_EXTENSION' && event.type !== 'REJECT_EXTENSION')) return {};
      const decision =
        event.type === 'APPROVE_EXTENSION'
          ? { approved: true, reason: event.data.note, by: event.actor.id, at: event.at }
          : { approved: false, reason: event.data.reason, by: event.actor.id, at: event.at };
      return { extension: { ...context.extension, decision } };
    }),
    recordCompletionReport: assign(({ context, event }) => {
      if (event.type !== 'REPORT_COMPLETION') return {};
      const report: CompletionReport = { ...stamp(event), summary: event.data.summary ?? '', evidence: event.data.evidence ?? [] };
      return { completionReports: [...context.completionReports, report] };
    }),
    recordCheck: assign(({ context, event }) => {
      if (event.type !== 'CHECK_ITEMS') return {};
      const results: ItemResult[] = (event.data.results ?? []).map((r) => ({
        itemNo: r.itemNo ?? 0,
        result: r.result as CheckResult,
        note: r.note,
      }));
      const round: CheckRound = { ...stamp(event), round: context.checks.length + 1, results, summary: event.data.summary };
      return { checks: [...context.checks, round] };
    }),
    recordRedo: assign(({ event }) => {
      if (event.type !== 'CHECK_ITEMS') return {};
      const itemNos = (event.data.results ?? []).filter((r) => r.result === 'failed').map((r) => r.itemNo ?? 0);
      return { redo: { ...stamp(event), itemNos, dueDate: event.data.redoDueDate ?? '' } };
    }),
    recordCompletion: assign(({ event }) => {
      if (event.type !== 'CONFIRM_COMPLETION') return {};
      return {
        completion: {
          ...stamp(event),
          rootCauseAnalysis: event.data.rootCauseAnalysis ?? '',
          mechanismImprovements: event.data.mechanismImprovements ?? [],
          summary: event.data.summary,
        },
      };
    }),
    escalatePlanOverdue: assign(({ event }) => ({
      escalation: { cause: 'planOverdue' as const, at: event.at, by: event.actor.id },
    })),
    escalateRectificationOverdue: assign(({ event }) => ({
      escalation: { cause: 'rectificationOverdue' as const, at: event.at, by: event.actor.id },
    })),
    escalateFailedRecheck: assign(({ event }) => ({
      escalation: { cause: 'failedRecheck' as const, at: event.at, by: event.actor.id },
    })),
    recordConsequence: assign(({ event }) => {
      if (event.type !== 'DECIDE_CONSEQUENCE') return {};
      const consequences = (event.data.consequences ?? []) as Consequence[];
      return {
        consequence: {
          ...stamp(event),
          consequences,
          reasoning: event.data.reasoning ?? '',
          meetingDate: event.data.meetingDate ?? '',
          attendees: event.data.attendees ?? [],
          votesFor: event.data.votesFor ?? 0,
          votesAgainst: event.data.votesAgainst ?? 0,
          votesAbstain: event.data.votesAbstain ?? 0,
          toleranceRevoked: consequences.includes('revokeTolerance'),
        },
      };
    }),
  },
}).createMachine({
  id: 'correction',
  initial: 'ordering',
  context: ({ input }) => ({
    parties: { cadreId: input.data.cadreId ?? '', unitId: input.data.unitId ?? '' },
    sealed: {},
    origin: input.origin ? { caseId: input.origin.caseId, procedure: input.origin.procedure } : undefined,
    opening: {
      by: input.actor.id,
      role: input.actor.role,
      at: input.at,
      source: input.origin?.procedure === 'tolerance' ? 'tolerance' : 'ownMotion',
      summary: input.data.summary ?? '',
    },
    plans: [],
    progressReports: [],
    completionReports: [],
    checks: [],
  }),
  states: {
    /** 纠错通知: the officer lists the correction items. */
    ordering: {
      on: { ISSUE_ORDER: { guard: 'hasValidItems', target: 'planning', actions: 'recordOrder' } },
    },
    /** 整改方案: due from the responsible party within 10 working days; silence escalates. */
    planning: {
      on: {
        SUBMIT_PLAN: {
          guard: and(['isResponsibleParty', 'hasPlanContent']),
          target: 'planReview',
          actions: 'recordPlan',
        },
        PLAN_OVERDUE: { target: 'overdue', actions: 'escalatePlanOverdue' },
      },
    },
    planReview: {
      on: {
        APPROVE_PLAN: { target: 'rectifying', actions: 'recordPlanReview' },
        RETURN_PLAN: { guard: 'hasReason', target: 'planning', actions: 'recordPlanReview' },
      },
    },
    /** 整改中 */
    rectifying: {
      on: {
        REPORT_PROGRESS: {
          guard: and(['isResponsibleParty', 'hasProgress', 'canReportProgress']),
          actions: 'recordProgress',
        },
        REQUEST_EXTENSION: {
          guard: and(['canRequestExtension', 'hasReason', 'isLaterDueDate']),
          actions: 'recordExtensionRequest',
        },
        APPROVE_EXTENSION: { guard: 'isExtensionPending', actions: 'recordExtensionDecision' },
        REJECT_EXTENSION: { guard: and(['isExtensionPending', 'hasReason']), actions: 'recordExtensionDecision' },
        REPORT_COMPLETION: {
          guard: and(['isResponsibleParty', 'hasCompletionEvidence']),
          target: 'acceptanceCheck',
          actions: 'recordCompletionReport',
        },
        RECTIFICATION_OVERDUE: { target: 'overdue', actions: 'escalateRectificationOverdue' },
      },
    },
    /** 验收: item by item. */
    acceptanceCheck: {
      on: {
        CHECK_ITEMS: [
          { guard: and(['isCompleteCheck', 'isAllPassed']), target: 'concluding', actions: 'recordCheck' },
          {
            guard: and(['isCompleteCheck', 'canRedo', 'hasValidRedoDueDate']),
            target: 'redo',
            actions: ['recordCheck', 'recordRedo'],
          },
          {
            guard: and(['isCompleteCheck', not('canRedo')]),
            target: 'failedRecheck',
            actions: ['recordCheck', 'escalateFailedRecheck'],
          },
        ],
      },
    },
    /** 限期重新整改: the failed items, once, by the date the check set. */
    redo: {
      on: {
        REPORT_PROGRESS: {
          guard: and(['isResponsibleParty', 'hasProgress', 'canReportProgress']),
          actions: 'recordProgress',
        },
        REPORT_COMPLETION: {
          guard: and(['isResponsibleParty', 'hasCompletionEvidence']),
          target: 'acceptanceCheck',
          actions: 'recordCompletionReport',
        },
        RECTIFICATION_OVERDUE: { target: 'overdue', actions: 'escalateRectificationOverdue' },
      },
    },
    /** 整改总结: 分析原因、健全机制、堵塞漏洞. */
    concluding: {
      on: {
        CONFIRM_COMPLETION: { guard: 'hasRootCauseAndMechanisms', target: 'completed', actions: 'recordCompletion' },
      },
    },
    completed: { type: 'final' },
    /** 逾期未整改 → 严肃处理. */
    overdue: {
      on: {
        DECIDE_CONSEQUENCE: [
          {
            guard: and(['hasConsequence', 'hasReasoning', 'isValidCollectiveDecision', 'isRevocation', 'canRevokeTolerance']),
            target: 'escalationClosed',
            actions: ['recordConsequence', { type: 'sendToOrigin', params: revocationParams }],
          },
          {
            guard: and(['hasConsequence', 'hasReasoning', 'isValidCollectiveDecision', not('isRevocation')]),
            target: 'escalationClosed',
            actions: 'recordConsequence',
          },
        ],
      },
    },
    /** 复验仍不合格 → 严肃处理. */
    failedRecheck: {
      on: {
        DECIDE_CONSEQUENCE: [
          {
            guard: and(['hasConsequence', 'hasReasoning', 'isValidCollectiveDecision', 'isRevocation', 'canRevokeTolerance']),
            target: 'escalationClosed',
            actions: ['recordConsequence', { type: 'sendToOrigin', params: revocationParams }],
          },
          {
            guard: and(['hasConsequence', 'hasReasoning', 'isValidCollectiveDecision', not('isRevocation')]),
            target: 'escalationClosed',
            actions: 'recordConsequence',
          },
        ],
      },
    },
    escalationClosed: { type: 'final' },
  },
});

/**
 * What the tolerance case receives when the committee revokes its decision (撤销容错认定). The
 * engine adds this correction case's id when it delivers the event.
 */
function revocationParams({ context, event }: { context: CorrectionContext; event: CorrectionEvent }): SendToOriginParams {
  const data = event.type === 'DECIDE_CONSEQUENCE' ? event.data : {};
  return {
    type: 'DECISION_REVOKED',
    data: {
      reason: data.reasoning ?? '',
      decidedAt: event.at,
      decidedBy: event.actor.id,
      meetingDate: data.meetingDate ?? '',
      consequences: data.consequences ?? [],
      correction: { procedure: 'correction', cause: context.escalation?.cause ?? 'rectificationOverdue' },
    },
  };
}
