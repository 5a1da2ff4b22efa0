import { and, assertEvent, assign, not, setup } from 'xstate';
import {
  allOf,
  appendOnce,
  collectiveDecisionConditions,
  collectiveDecisionRecord,
  dayOf,
  daysBetween,
  guardKit,
  LIMITS,
  lastDayOf,
  limitInForce,
  officeDayOf,
  stamp,
  talkConditions,
  talkRecord,
  unmet,
  type Label,
  type OpenCaseParams,
  type ProcedureInput,
  type SendToOriginParams,
} from '../core';
import { DEFAULT_RECTIFICATION_MONTHS, RESPONSIBLE_LABELS, type CorrectionCreationData, type CorrectionEvent } from './correction.fields';
import {
  checkConditions,
  currentDueDate,
  isResponsibleActor,
  latestItemDueDate,
  type CorrectionContext,
  type CorrectionItem,
  type EscalationCause,
  type ExtensionRecord,
} from './correction.model';

/**
 * Correction (纠错), domain.md §3.2. Payloads reach the machine already checked against their
 * field specs (correction.fields.ts): the guards check the procedure's rules only, and each names
 * what it finds unmet.
 */

const l = (zh: string, en: string): Label => ({ zh, en });
const { requires, checks, when, whenPayload } = guardKit<CorrectionContext, CorrectionEvent>();

/** Overdue rectification and a second failed check both go to the committee (严肃处理). */
const seriousHandling = {
  DECIDE_CONSEQUENCE: [
    {
      guard: and(['isValidCollectiveDecision', 'isRevocation', 'canRevokeTolerance']),
      target: 'escalationClosed',
      actions: ['recordConsequence', { type: 'sendToOrigin', params: revocationParams }],
    },
    {
      guard: and(['isValidCollectiveDecision', not('isRevocation')]),
      target: 'escalationClosed',
      actions: 'recordConsequence',
    },
  ],
  RECORD_TALK: { guard: 'hasValidTalk', actions: 'recordTalk' },
} as const;

/** 谈心谈话 with the cadre, in any step of a running correction (issue 19 §3). */
const TALK = { RECORD_TALK: { guard: 'hasValidTalk', actions: 'recordTalk' } } as const;

export const correctionMachine = setup({
  types: {
    context: {} as CorrectionContext,
    events: {} as CorrectionEvent,
    input: {} as ProcedureInput<CorrectionCreationData>,
  },
  guards: {
    /** §3.2 step 1: an item's deadline is not before the day of the order. */
    hasValidItems: checks(({ event }) => {
      assertEvent(event, 'ISSUE_ORDER');
      const today = officeDayOf(event.at);
      return event.data.items.flatMap((item, index) =>
        item.dueDate !== undefined && item.dueDate < today
          ? [
              unmet(
                'order.dueDatePast',
                `第${index + 1}项整改事项的整改期限（${item.dueDate}）早于今天（${today}）`,
                `Item ${index + 1}'s deadline (${item.dueDate}) is before today (${today})`,
                `items[${index}].dueDate`,
              ),
            ]
          : [],
      );
    }),
    /** Only the party an item names (the cadre or the unit) submits, reports and completes. */
    isResponsibleParty: requires(({ context, event }) =>
      allOf(
        !isResponsibleActor(context, event.actor) &&
          unmet(
            'party.notResponsible',
            event.actor.role === 'unit' ? `整改事项未指定${RESPONSIBLE_LABELS.unit.zh}为责任主体` : '只有被指定为整改责任主体的当事干部本人可以办理',
            event.actor.role === 'unit' ? 'No item names the unit as responsible' : 'Only the cadre an item names as responsible may take this step',
          ),
      ),
    ),
    /** Keeps the record bounded: at most LIMITS.listItems progress reports. */
    canReportProgress: requires(({ context }) =>
      allOf(
        context.progressReports.length >= LIMITS.listItems &&
          unmet('progress.limit', `整改进展最多报告${LIMITS.listItems}次`, `At most ${LIMITS.listItems} progress reports`),
      ),
    ),
    /** §3.2 step 3: one extension per case (one request, granted or not). */
    canRequestExtension: requires(({ context }) =>
      allOf(
        context.extension !== undefined &&
          unmet('extension.once', '整改期限只能申请延长一次，本案已申请过', 'The deadline may be extended once, and an extension was already asked for'),
      ),
    ),
    isLaterDueDate: checks(({ context, event }) => {
      assertEvent(event, 'REQUEST_EXTENSION');
      const current = currentDueDate(context);
      return allOf(
        (current === undefined || event.data.newDueDate <= current) &&
          unmet(
            'extension.notLater',
            `延长后的期限应晚于现行整改期限（${current ?? '未定'}）`,
            `The new deadline must be later than the current one (${current ?? 'none'})`,
            'newDueDate',
          ),
      );
    }),
    isExtensionPending: requires(({ context }) =>
      allOf(
        !(context.extension !== undefined && context.extension.decision === undefined) &&
          unmet('extension.notPending', '没有待审批的延期申请', 'There is no pending extension request'),
      ),
    ),
    /** §3.2 step 4: the check rules on every open item exactly once; a failed item carries a note. */
    isCompleteCheck: checks(({ context, event }) => {
      assertEvent(event, 'CHECK_ITEMS');
      return checkConditions(context, event.data.results);
    }),
    isAllPassed: whenPayload(({ event }) => {
      assertEvent(event, 'CHECK_ITEMS');
      return event.data.results.every((r) => r.result === 'passed');
    }),
    /** Failed items go back once (§3.2 step 4); a second failure goes to the committee. */
    canRedo: when(({ context }) => context.redo === undefined),
    /** Failed items go back with a new deadline, after the day of the check. */
    hasValidRedoDueDate: checks(({ event }) => {
      assertEvent(event, 'CHECK_ITEMS');
      const today = officeDayOf(event.at);
      return allOf(
        !(event.data.redoDueDate !== undefined && event.data.redoDueDate > today) &&
          unmet(
            'check.redoDueDate',
            `有未通过事项的，须写明晚于今天（${today}）的重新整改期限`,
            `Failed items go back with a new deadline after today (${today})`,
            'redoDueDate',
          ),
      );
    }),
    /** A collective decision (集体研究): see core/collective-decision.ts. */
    isValidCollectiveDecision: checks(({ context, event }) => {
      assertEvent(event, 'DECIDE_CONSEQUENCE');
      return collectiveDecisionConditions(event.data, event.facts, {
        at: event.at,
        since: { since: context.escalation?.at, what: l('提请严肃处理', 'the case was escalated') },
      });
    }),
    isRevocation: whenPayload(({ event }) => {
      assertEvent(event, 'DECIDE_CONSEQUENCE');
      return event.data.consequences.includes('revokeTolerance');
    }),
    /** Only a correction opened by a tolerance decision can revoke that decision. */
    canRevokeTolerance: requires(({ context }) =>
      allOf(
        context.origin?.procedure !== 'tolerance' &&
          unmet(
            'consequence.noTolerance',
            '本纠错案件不是由容错决定启动的，没有可撤销的容错认定',
            'This correction was not opened by a tolerance decision: there is none to revoke',
            'consequences',
          ),
      ),
    ),
    hasValidTalk: checks(({ context, event }) => {
      assertEvent(event, 'RECORD_TALK');
      return talkConditions(event.data, event.at, { since: context.opening.at, what: l('启动纠错', 'the correction was opened') });
    }),
  },
  actions: {
    // Effects on other cases: empty on purpose; the engine carries them out (core/runtime.ts).
    openCase: (_, _params: OpenCaseParams) => {},
    sendToOrigin: (_, _params: SendToOriginParams) => {},
    recordOrder: assign(({ event }) => {
      assertEvent(event, 'ISSUE_ORDER');
      // An item without a date gets the rectification period in force (the jurisdiction's, or 3 months).
      const period = limitInForce(event, 'correction.rectification', { length: DEFAULT_RECTIFICATION_MONTHS, unit: 'months' });
      const defaultDue = lastDayOf(event.at, period);
      const items: CorrectionItem[] = event.data.items.map((item, index) => ({
        no: index + 1,
        requirement: item.requirement,
        responsible: item.responsible,
        dueDate: item.dueDate ?? defaultDue,
        dueDateDefaulted: item.dueDate === undefined,
      }));
      return { order: { ...stamp(event, 'withRole'), items, basis: event.data.basis } };
    }),
    recordPlan: assign(({ context, event }) => {
      assertEvent(event, 'SUBMIT_PLAN');
      const plan = { ...stamp(event, 'withRole'), content: event.data.content, measures: event.data.measures ?? [] };
      return { plans: [...context.plans, plan] };
    }),
    /** The officer's review of the latest plan: approved (with a remark) or returned (with reasons). */
    recordPlanReview: assign(({ context, event }) => {
      assertEvent(event, ['APPROVE_PLAN', 'RETURN_PLAN']);
      const review =
        event.type === 'APPROVE_PLAN'
          ? { approved: true, reason: event.data.note, by: event.actor.id, at: event.at }
          : { approved: false, reason: event.data.reason, by: event.actor.id, at: event.at };
      const plans = context.plans.map((plan, index) => (index === context.plans.length - 1 ? { ...plan, review } : plan));
      return { plans };
    }),
    recordProgress: assign(({ context, event }) => {
      assertEvent(event, 'REPORT_PROGRESS');
      const report = { ...stamp(event, 'withRole'), progress: event.data.progress, evidence: event.data.evidence ?? [] };
      return { progressReports: [...context.progressReports, report] };
    }),
    recordExtensionRequest: assign(({ context, event }) => {
      assertEvent(event, 'REQUEST_EXTENSION');
      const previousDueDate = latestItemDueDate(context) ?? dayOf(event.at);
      const { reason, newDueDate } = event.data;
      const extension: ExtensionRecord = {
        reason,
        previousDueDate,
        newDueDate,
        days: daysBetween(previousDueDate, newDueDate),
        requestedBy: event.actor.id,
        requestedAt: event.at,
      };
      return { extension };
    }),
    recordExtensionDecision: assign(({ context, event }) => {
      assertEvent(event, ['APPROVE_EXTENSION', 'REJECT_EXTENSION']);
      const decision =
        event.type === 'APPROVE_EXTENSION'
          ? { approved: true, reason: event.data.note, by: event.actor.id, at: event.at }
          : { approved: false, reason: event.data.reason, by: event.actor.id, at: event.at };
      return { extension: { ...context.extension!, decision } };
    }),
    recordCompletionReport: assign(({ context, event }) => {
      assertEvent(event, 'REPORT_COMPLETION');
      const report = { ...stamp(event, 'withRole'), summary: event.data.summary, evidence: event.data.evidence };
      return { completionReports: [...context.completionReports, report] };
    }),
    recordCheck: assign(({ context, event }) => {
      assertEvent(event, 'CHECK_ITEMS');
      const results = event.data.results.map((r) => ({ itemNo: r.itemNo, result: r.result, note: r.note }));
      const round = { ...stamp(event, 'withRole'), round: context.checks.length + 1, results, summary: event.data.summary };
      return { checks: [...context.checks, round] };
    }),
    recordRedo: assign(({ event }) => {
      assertEvent(event, 'CHECK_ITEMS');
      const itemNos = event.data.results.filter((r) => r.result === 'failed').map((r) => r.itemNo);
      return { redo: { ...stamp(event, 'withRole'), itemNos, dueDate: event.data.redoDueDate ?? '' } };
    }),
    recordCompletion: assign(({ event }) => {
      assertEvent(event, 'CONFIRM_COMPLETION');
      const { rootCauseAnalysis, mechanismImprovements, summary } = event.data;
      return { completion: { ...stamp(event, 'withRole'), rootCauseAnalysis, mechanismImprovements, summary } };
    }),
    /** 逾期未整改 or 复验仍不合格: the case goes to the committee for serious handling. */
    escalate: assign(({ event }, params: { cause: EscalationCause }) => ({
      escalation: { cause: params.cause, at: event.at, by: event.actor.id },
    })),
    recordConsequence: assign(({ event }) => {
      assertEvent(event, 'DECIDE_CONSEQUENCE');
      const { consequences, reasoning } = event.data;
      return {
        consequence: {
          ...stamp(event, 'withRole'),
          consequences,
          reasoning,
          ...collectiveDecisionRecord(event.data, event.facts),
          toleranceRevoked: consequences.includes('revokeTolerance'),
        },
      };
    }),
    recordTalk: assign(({ context, event }) => {
      assertEvent(event, 'RECORD_TALK');
      return { talks: appendOnce(context.talks ?? [], talkRecord(stamp(event), event.data)) };
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
      ...stamp(input, 'withRole'),
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
      on: { ISSUE_ORDER: { guard: 'hasValidItems', target: 'planning', actions: 'recordOrder' }, ...TALK },
    },
    /** 整改方案: due from the responsible party within 10 working days; silence escalates. */
    planning: {
      on: {
        SUBMIT_PLAN: { guard: 'isResponsibleParty', target: 'planReview', actions: 'recordPlan' },
        PLAN_OVERDUE: { target: 'overdue', actions: { type: 'escalate', params: { cause: 'planOverdue' } } },
        ...TALK,
      },
    },
    planReview: {
      on: {
        APPROVE_PLAN: { target: 'rectifying', actions: 'recordPlanReview' },
        RETURN_PLAN: { target: 'planning', actions: 'recordPlanReview' },
        ...TALK,
      },
    },
    /** 整改中 */
    rectifying: {
      on: {
        REPORT_PROGRESS: { guard: and(['isResponsibleParty', 'canReportProgress']), actions: 'recordProgress' },
        REQUEST_EXTENSION: { guard: and(['canRequestExtension', 'isLaterDueDate']), actions: 'recordExtensionRequest' },
        APPROVE_EXTENSION: { guard: 'isExtensionPending', actions: 'recordExtensionDecision' },
        REJECT_EXTENSION: { guard: 'isExtensionPending', actions: 'recordExtensionDecision' },
        REPORT_COMPLETION: { guard: 'isResponsibleParty', target: 'acceptanceCheck', actions: 'recordCompletionReport' },
        RECTIFICATION_OVERDUE: { target: 'overdue', actions: { type: 'escalate', params: { cause: 'rectificationOverdue' } } },
        ...TALK,
      },
    },
    /** 验收: item by item. */
    acceptanceCheck: {
      on: {
        CHECK_ITEMS: [
          { guard: and(['isCompleteCheck', 'isAllPassed']), target: 'concluding', actions: 'recordCheck' },
          {
            guard: and(['isCompleteCheck', not('isAllPassed'), 'canRedo', 'hasValidRedoDueDate']),
            target: 'redo',
            actions: ['recordCheck', 'recordRedo'],
          },
          {
            guard: and(['isCompleteCheck', not('isAllPassed'), not('canRedo')]),
            target: 'failedRecheck',
            actions: ['recordCheck', { type: 'escalate', params: { cause: 'failedRecheck' } }],
          },
        ],
        ...TALK,
      },
    },
    /** 限期重新整改: the failed items, once, by the date the check set. */
    redo: {
      on: {
        REPORT_PROGRESS: { guard: and(['isResponsibleParty', 'canReportProgress']), actions: 'recordProgress' },
        REPORT_COMPLETION: { guard: 'isResponsibleParty', target: 'acceptanceCheck', actions: 'recordCompletionReport' },
        RECTIFICATION_OVERDUE: { target: 'overdue', actions: { type: 'escalate', params: { cause: 'rectificationOverdue' } } },
        ...TALK,
      },
    },
    /** 整改总结: 分析原因、健全机制、堵塞漏洞 (the payload requires both). */
    concluding: {
      on: {
        CONFIRM_COMPLETION: { target: 'completed', actions: 'recordCompletion' },
        ...TALK,
      },
    },
    completed: { type: 'final' },
    /** 逾期未整改 → 严肃处理. */
    overdue: { on: seriousHandling },
    /** 复验仍不合格 → 严肃处理. */
    failedRecheck: { on: seriousHandling },
    escalationClosed: { type: 'final' },
  },
});

/**
 * What the tolerance case receives when the committee revokes its decision (撤销容错认定). The
 * engine adds this correction case's id when it delivers the event.
 */
function revocationParams({ context, event }: { context: CorrectionContext; event: CorrectionEvent }): SendToOriginParams {
  assertEvent(event, 'DECIDE_CONSEQUENCE');
  return {
    type: 'DECISION_REVOKED',
    data: {
      reason: event.data.reasoning,
      decidedAt: event.at,
      decidedBy: event.actor.id,
      meetingDate: event.data.meetingDate,
      consequences: event.data.consequences,
      correction: { procedure: 'correction', cause: context.escalation?.cause ?? 'rectificationOverdue' },
    },
  };
}
