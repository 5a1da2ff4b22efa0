import { entry, eventTable, labelsOfFields, recordSpec, section, type Duration, type Label, type ProcedureDefinition } from '../core';
import { CONSEQUENCE_LABELS, CORRECTION_CREATION_FIELDS, CORRECTION_EVENT_FIELDS, DEFAULT_RECTIFICATION_MONTHS } from './correction.fields';
import { correctionMachine } from './correction.machine';
import { latestItemDueDate, type CorrectionContext } from './correction.model';

const l = (zh: string, en: string): Label => ({ zh, en });

/** Who takes each step, what it is called, and whether the cadre's timeline shows it. */
const events = eventTable(CORRECTION_EVENT_FIELDS, {
  ISSUE_ORDER: { label: l('下发纠错通知（责令限期整改）', 'Issue the correction order'), roles: ['officer'], applicantMilestone: true },
  SUBMIT_PLAN: { label: l('提交整改方案', 'Submit the rectification plan'), roles: ['applicant', 'unit'], applicantMilestone: true },
  PLAN_OVERDUE: { label: l('逾期未提交整改方案', 'Plan not submitted in time'), roles: ['system'], applicantMilestone: true },
  APPROVE_PLAN: { label: l('同意整改方案', 'Approve the plan'), roles: ['officer'], applicantMilestone: true },
  RETURN_PLAN: { label: l('退回整改方案', 'Return the plan'), roles: ['officer'], applicantMilestone: true },
  REPORT_PROGRESS: { label: l('报告整改进展', 'Report progress'), roles: ['applicant', 'unit'] },
  REQUEST_EXTENSION: { label: l('申请延长整改期限', 'Request an extension'), roles: ['officer'] },
  APPROVE_EXTENSION: { label: l('批准延期', 'Approve the extension'), roles: ['leader'], applicantMilestone: true },
  REJECT_EXTENSION: { label: l('不同意延期', 'Refuse the extension'), roles: ['leader'] },
  RECTIFICATION_OVERDUE: { label: l('逾期未整改', 'Rectification overdue'), roles: ['system'], applicantMilestone: true },
  REPORT_COMPLETION: { label: l('报告整改完成', 'Report completion'), roles: ['applicant', 'unit'], applicantMilestone: true },
  CHECK_ITEMS: { label: l('逐项验收', 'Check each item'), roles: ['officer'], applicantMilestone: true },
  CONFIRM_COMPLETION: { label: l('整改完成办结', 'Close as completed'), roles: ['officer'], applicantMilestone: true },
  DECIDE_CONSEQUENCE: {
    label: l('集体研究严肃处理', 'Decide the consequence (collective)'),
    roles: ['committee'],
    applicantMilestone: true,
    facts: { committee: true },
  },
  RECORD_TALK: { label: l('记录谈心谈话', 'Record a heart-to-heart talk'), roles: ['officer'] },
});

const recorded = (type: keyof typeof CORRECTION_EVENT_FIELDS) => labelsOfFields(CORRECTION_EVENT_FIELDS[type]);
const ORDER = recorded('ISSUE_ORDER');
const CHECK = recorded('CHECK_ITEMS');
/** The officer's or the leader's answer to a plan or an extension request. */
const answer = (zh: string, en: string) => section(zh, en, { approved: entry('同意', 'Approved'), reason: entry('意见或理由', 'Remarks or reasons') });

/** The record's labels (the context as the case view shows it), in the field's own terms. */
const record = recordSpec({
  origin: section('来源案件', 'Originating case', {}),
  opening: section('启动纠错', 'Correction started', {
    source: entry('启动方式', 'Started by', {
      values: { tolerance: l('容错认定后启动纠错', 'A tolerance decision'), ownMotion: l('主动纠错', 'Own motion') },
    }),
    summary: entry('问题概述', 'Summary'),
  }),
  order: section('纠错通知', 'Correction order', {
    items: section('纠错事项', 'Correction items', {
      no: entry('序号', 'No.'),
      ...ORDER.items.fields,
      dueDate: entry('整改期限', 'Deadline'),
      dueDateDefaulted: entry('采用默认期限', 'Default deadline used'),
    }),
    basis: ORDER.basis,
  }),
  plans: section('整改方案', 'Rectification plans', { ...recorded('SUBMIT_PLAN'), review: answer('方案审核', 'Review of the plan') }),
  progressReports: section('整改进展', 'Progress reports', recorded('REPORT_PROGRESS')),
  extension: section('延长整改期限', 'Extension of the deadline', {
    ...recorded('REQUEST_EXTENSION'),
    previousDueDate: entry('原整改期限', 'Previous deadline'),
    newDueDate: entry('延长至', 'New deadline'),
    days: entry('延长天数', 'Days added'),
    requestedBy: entry('申请人', 'Requested by'),
    requestedAt: entry('申请时间', 'Requested at'),
    decision: answer('审批', 'Decision'),
  }),
  completionReports: section('整改完成报告', 'Completion reports', recorded('REPORT_COMPLETION')),
  checks: section('验收', 'Acceptance checks', {
    round: entry('验收轮次', 'Round'),
    results: CHECK.results,
    summary: CHECK.summary,
  }),
  redo: section('限期重新整改', 'Re-doing failed items', {
    itemNos: entry('重新整改的事项序号', 'Items to re-do'),
    dueDate: entry('重新整改期限', 'Deadline'),
  }),
  completion: section('整改总结', 'Completion', recorded('CONFIRM_COMPLETION')),
  escalation: section('移交严肃处理', 'Escalation', {
    cause: entry('原因', 'Cause', {
      values: {
        planOverdue: l('逾期未提交整改方案', 'Plan not submitted in time'),
        rectificationOverdue: l('逾期未整改', 'Rectification overdue'),
        failedRecheck: l('重新整改仍未通过验收', 'Failed again'),
      },
    }),
  }),
  consequence: section('严肃处理决定', 'Serious handling', {
    ...recorded('DECIDE_CONSEQUENCE'),
    consequences: entry('处理方式', 'Consequences', { values: CONSEQUENCE_LABELS }),
    toleranceRevoked: entry('已撤销容错认定', 'Tolerance decision revoked'),
  }),
  talks: section('谈心谈话', 'Heart-to-heart talks', recorded('RECORD_TALK')),
});

/** Correction (纠错), domain.md §3.2; Qingdao implementing opinions §11. */
export const correctionV1: ProcedureDefinition<typeof correctionMachine> = {
  id: 'correction',
  version: 1,
  label: l('纠错', 'Correction'),
  machine: correctionMachine,
  creation: {
    // An officer opens it on the organ's own motion (抓早抓小); a tolerance decision opens it as `system`.
    roles: ['officer', 'system'],
    label: l('启动纠错程序', 'Start a correction'),
    fields: CORRECTION_CREATION_FIELDS,
  },
  phases: [
    l('纠错通知', 'Correction order'),
    l('整改方案', 'Rectification plan'),
    l('整改中', 'Rectifying'),
    l('验收', 'Acceptance check'),
    l('办结', 'Closed'),
  ],
  events,
  record,
  states: {
    ordering: {
      label: l('待下发纠错通知', 'Correction order to issue'),
      turn: ['officer'],
      phase: 0,
    },
    planning: {
      label: l('待提交整改方案', 'Awaiting the plan'),
      turn: ['applicant', 'unit'],
      phase: 1,
      deadline: {
        rule: 'correction.plan',
        label: l('整改方案提交期限', 'Plan due'),
        length: 10,
        unit: 'workingDays',
        onExpiry: 'PLAN_OVERDUE',
        startsAt: { label: l('下发纠错通知（退回整改方案）之日', 'The day of the order (or of the plan’s return)') },
      },
    },
    planReview: {
      label: l('整改方案审核', 'Plan under review'),
      turn: ['officer'],
      phase: 1,
    },
    rectifying: {
      label: l('整改中', 'Rectifying'),
      turn: ['applicant', 'unit', 'officer', 'leader'],
      phase: 2,
      deadline: {
        rule: 'correction.rectification',
        label: l('整改期限', 'Rectification deadline'),
        length: DEFAULT_RECTIFICATION_MONTHS,
        unit: 'months',
        onExpiry: 'RECTIFICATION_OVERDUE',
        dueDate: (context: CorrectionContext) => latestItemDueDate(context),
        // The order fixes each item's date; an item given none gets this length from the order's
        // day (the machine counts it with the length in force, so it cannot be in working days).
        startsAt: {
          label: l('下发纠错通知之日（各事项期限由通知确定）', 'The day of the order (each item’s date is set by the order)'),
          day: (context: CorrectionContext) => context.order?.at,
        },
        countedByMachine: true,
        extension: (context: CorrectionContext): Duration | undefined =>
          context.extension?.decision?.approved ? { length: context.extension.days, unit: 'calendarDays' } : undefined,
      },
    },
    acceptanceCheck: {
      label: l('验收', 'Acceptance check'),
      turn: ['officer'],
      phase: 3,
    },
    redo: {
      label: l('限期重新整改', 'Re-doing failed items'),
      turn: ['applicant', 'unit'],
      phase: 2,
      deadline: {
        rule: 'correction.redo',
        label: l('重新整改期限', 'Re-do deadline'),
        length: 1,
        unit: 'months',
        onExpiry: 'RECTIFICATION_OVERDUE',
        dueDate: (context: CorrectionContext) => context.redo?.dueDate,
        startsAt: { label: l('验收未通过之日（重新整改期限由验收确定）', 'The day of the failed check (which sets the new date)') },
      },
    },
    concluding: {
      label: l('整改总结（分析原因、健全机制、堵塞漏洞）', 'Root causes and mechanisms to record'),
      turn: ['officer'],
      phase: 4,
    },
    completed: {
      label: l('整改完成', 'Completed'),
      turn: [],
      phase: 4,
    },
    overdue: {
      label: l('逾期未整改（待严肃处理）', 'Overdue — for serious handling'),
      turn: ['committee'],
      phase: 4,
    },
    failedRecheck: {
      label: l('重新整改仍未通过验收（待严肃处理）', 'Failed again — for serious handling'),
      turn: ['committee'],
      phase: 4,
    },
    escalationClosed: {
      label: l('已严肃处理', 'Closed after serious handling'),
      turn: [],
      phase: 4,
    },
  },
};
