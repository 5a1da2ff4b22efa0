import { collectiveDecisionFields } from '../core/collective-decision';
import {
  date,
  integer,
  objectList,
  oneOf,
  reason,
  shortText,
  someOf,
  text,
  textList,
} from '../core/field-builders';
import type { Duration, ProcedureDefinition } from '../core/procedure';
import {
  correctionMachine,
  DEFAULT_RECTIFICATION_MONTHS,
  latestItemDueDate,
  type CorrectionContext,
} from './correction.machine';

const l = (zh: string, en: string) => ({ zh, en });

const consequenceLabels = {
  criticismEducation: l('批评教育', 'Criticism and education'),
  admonishment: l('诫勉', 'Admonishment'),
  organisationalHandling: l('组织处理', 'Organisational handling'),
  disciplinarySanction: l('纪律处分', 'Disciplinary sanction'),
  revokeTolerance: l('撤销容错认定', 'Revoke the tolerance decision'),
};

const evidence = (minItems?: number) =>
  textList('佐证材料', 'Evidence (documents, photos, records)', { required: minItems !== undefined, minItems });

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
    fields: {
      cadreId: shortText('当事干部', 'Cadre concerned', { required: true }),
      unitId: shortText('所在单位', 'Unit', { required: true }),
      summary: text('问题概述(苗头性、倾向性问题或容错事项)', 'Summary of the problem or the tolerated matter', {
        required: true,
      }),
    },
  },
  phases: [
    l('纠错通知', 'Correction order'),
    l('整改方案', 'Rectification plan'),
    l('整改中', 'Rectifying'),
    l('验收', 'Acceptance check'),
    l('办结', 'Closed'),
  ],
  events: {
    ISSUE_ORDER: {
      label: l('下发纠错通知(责令限期整改)', 'Issue the correction order'),
      roles: ['officer'],
      applicantMilestone: true,
      fields: {
        items: objectList(
          '纠错事项',
          'Correction items',
          {
            requirement: text('整改要求', 'Requirement', { required: true, maxLength: 2000 }),
            responsible: oneOf(
              '整改责任主体',
              'Responsible party',
              { cadre: l('当事干部', 'The cadre'), unit: l('所在单位', 'The unit'), both: l('干部和单位', 'Cadre and unit') },
              { required: true },
            ),
            dueDate: date('整改期限(默认3个月)', 'Deadline (default: 3 months)'),
          },
          { required: true, minItems: 1 },
        ),
        basis: text('纠错依据', 'Basis of the order', { maxLength: 2000 }),
      },
    },
    SUBMIT_PLAN: {
      label: l('提交整改方案', 'Submit the rectification plan'),
      roles: ['applicant', 'unit'],
      applicantMilestone: true,
      fields: {
        content: text('整改方案', 'Plan', { required: true }),
        measures: textList('整改措施', 'Measures'),
      },
    },
    PLAN_OVERDUE: {
      label: l('逾期未提交整改方案', 'Plan not submitted in time'),
      roles: ['system'],
      applicantMilestone: true,
      fields: {},
    },
    APPROVE_PLAN: {
      label: l('同意整改方案', 'Approve the plan'),
      roles: ['officer'],
      applicantMilestone: true,
      fields: { note: text('意见', 'Remarks', { maxLength: 2000 }) },
    },
    RETURN_PLAN: {
      label: l('退回整改方案', 'Return the plan'),
      roles: ['officer'],
      applicantMilestone: true,
      fields: { reason: reason({ required: true }) },
    },
    REPORT_PROGRESS: {
      label: l('报告整改进展', 'Report progress'),
      roles: ['applicant', 'unit'],
      fields: {
        progress: text('整改进展', 'Progress', { required: true }),
        evidence: evidence(),
      },
    },
    REQUEST_EXTENSION: {
      label: l('申请延长整改期限', 'Request an extension'),
      roles: ['officer'],
      fields: {
        reason: reason({ required: true }),
        newDueDate: date('延长至', 'New deadline', { required: true }),
      },
    },
    APPROVE_EXTENSION: {
      label: l('批准延期', 'Approve the extension'),
      roles: ['leader'],
      applicantMilestone: true,
      fields: { note: text('意见', 'Remarks', { maxLength: 2000 }) },
    },
    REJECT_EXTENSION: {
      label: l('不同意延期', 'Refuse the extension'),
      roles: ['leader'],
      fields: { reason: reason({ required: true }) },
    },
    RECTIFICATION_OVERDUE: {
      label: l('逾期未整改', 'Rectification overdue'),
      roles: ['system'],
      applicantMilestone: true,
      fields: {},
    },
    REPORT_COMPLETION: {
      label: l('报告整改完成', 'Report completion'),
      roles: ['applicant', 'unit'],
      applicantMilestone: true,
      fields: {
        summary: text('整改情况报告', 'Completion report', { required: true }),
        evidence: evidence(1),
      },
    },
    CHECK_ITEMS: {
      label: l('逐项验收', 'Check each item'),
      roles: ['officer'],
      applicantMilestone: true,
      fields: {
        results: objectList(
          '验收结果',
          'Results',
          {
            itemNo: integer('事项序号', 'Item no.', 1, 50, { required: true }),
            result: oneOf('结论', 'Result', { passed: l('通过', 'Passed'), failed: l('未通过', 'Failed') }, { required: true }),
            note: text('说明(未通过时必填)', 'Note (required when failed)', { maxLength: 2000 }),
          },
          { required: true, minItems: 1 },
        ),
        redoDueDate: date('重新整改期限(有未通过事项时必填)', 'New deadline for failed items'),
        summary: text('验收意见', 'Overall remarks', { maxLength: 2000 }),
      },
    },
    CONFIRM_COMPLETION: {
      label: l('整改完成办结', 'Close as completed'),
      roles: ['officer'],
      applicantMilestone: true,
      fields: {
        rootCauseAnalysis: text('原因分析', 'Root-cause analysis', { required: true }),
        mechanismImprovements: textList('健全机制、堵塞漏洞的措施', 'Mechanism improvements', {
          required: true,
          minItems: 1,
          maxLength: 2000,
        }),
        summary: text('办结意见', 'Closing remarks', { maxLength: 2000 }),
      },
    },
    DECIDE_CONSEQUENCE: {
      label: l('集体研究严肃处理', 'Decide the consequence (collective)'),
      roles: ['committee'],
      applicantMilestone: true,
      fields: {
        consequences: someOf('处理方式', 'Consequences', consequenceLabels, { required: true, minItems: 1 }),
        reasoning: text('处理理由', 'Reasoning', { required: true, maxLength: 2000 }),
        ...collectiveDecisionFields(),
      },
    },
  },
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
      },
    },
    concluding: {
      label: l('整改总结(分析原因、健全机制、堵塞漏洞)', 'Root causes and mechanisms to record'),
      turn: ['officer'],
      phase: 4,
    },
    completed: {
      label: l('整改完成', 'Completed'),
      turn: [],
      phase: 4,
    },
    overdue: {
      label: l('逾期未整改(待严肃处理)', 'Overdue — for serious handling'),
      turn: ['committee'],
      phase: 4,
    },
    failedRecheck: {
      label: l('重新整改仍未通过验收(待严肃处理)', 'Failed again — for serious handling'),
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
