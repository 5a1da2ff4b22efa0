import {
  collectiveDecisionFields,
  date,
  integer,
  objectList,
  oneOf,
  reason,
  shortText,
  someOf,
  talkFields,
  text,
  textList,
  type EventsOf,
  type Label,
  type PayloadOf,
} from '../core';

/**
 * The vocabulary of correction (纠错, domain.md §3.2) and the payload of every step: the one
 * schema from which the machine's event types, the API's validation, the OpenAPI document and the
 * pages' forms are derived.
 */

const l = (zh: string, en: string): Label => ({ zh, en });

/** Who must rectify an item (整改责任主体): the cadre, the unit, or both. */
export const RESPONSIBLE_LABELS = {
  cadre: l('当事干部', 'The cadre'),
  unit: l('所在单位', 'The unit'),
  both: l('干部和单位', 'Cadre and unit'),
} as const;
export type ResponsibleParty = keyof typeof RESPONSIBLE_LABELS;
export const RESPONSIBLE_PARTIES = Object.keys(RESPONSIBLE_LABELS) as ResponsibleParty[];

export const CHECK_RESULT_LABELS = {
  passed: l('通过', 'Passed'),
  failed: l('未通过', 'Failed'),
} as const;
export type CheckResult = keyof typeof CHECK_RESULT_LABELS;
export const CHECK_RESULTS = Object.keys(CHECK_RESULT_LABELS) as CheckResult[];

/** What the committee may decide when rectification failed (严肃处理). */
export const CONSEQUENCE_LABELS = {
  criticismEducation: l('批评教育', 'Criticism and education'),
  admonishment: l('诫勉', 'Admonishment'),
  organisationalHandling: l('组织处理', 'Organisational handling'),
  disciplinarySanction: l('纪律处分', 'Disciplinary sanction'),
  revokeTolerance: l('撤销容错认定', 'Revoke the tolerance decision'),
} as const;
export type Consequence = keyof typeof CONSEQUENCE_LABELS;
export const CONSEQUENCES = Object.keys(CONSEQUENCE_LABELS) as Consequence[];

/** Default rectification period when an item gives no date (domain.md §3.2 step 1: 3 months). */
export const DEFAULT_RECTIFICATION_MONTHS = 3;

const evidence = () => textList('佐证材料', 'Evidence (documents, photos, records)', { required: false });

/** Opened by an officer on the organ's own motion (抓早抓小), or by a tolerance decision. */
export const CORRECTION_CREATION_FIELDS = {
  cadreId: shortText('当事干部', 'Cadre concerned', { required: true }),
  unitId: shortText('所在单位', 'Unit', { required: true }),
  summary: text('问题概述（苗头性、倾向性问题或容错事项）', 'Summary of the problem or the tolerated matter', {
    required: true,
  }),
};

/** Every event's payload, in the order of the procedure. */
export const CORRECTION_EVENT_FIELDS = {
  ISSUE_ORDER: {
    items: objectList(
      '纠错事项',
      'Correction items',
      {
        requirement: text('整改要求', 'Requirement', { required: true, maxLength: 2000 }),
        responsible: oneOf('整改责任主体', 'Responsible party', RESPONSIBLE_LABELS, { required: true }),
        dueDate: date('整改期限（不填则按默认期限，一般为3个月）', 'Deadline (default: the rule’s period, usually 3 months)'),
      },
      { required: true, minItems: 1 },
    ),
    basis: text('纠错依据', 'Basis of the order', { maxLength: 2000 }),
  },
  SUBMIT_PLAN: {
    content: text('整改方案', 'Plan', { required: true }),
    measures: textList('整改措施', 'Measures'),
  },
  PLAN_OVERDUE: {},
  APPROVE_PLAN: { note: text('意见', 'Remarks', { maxLength: 2000 }) },
  RETURN_PLAN: { reason: reason({ required: true }) },
  REPORT_PROGRESS: {
    progress: text('整改进展', 'Progress', { required: true }),
    evidence: evidence(),
  },
  REQUEST_EXTENSION: {
    reason: reason({ required: true }),
    newDueDate: date('延长至', 'New deadline', { required: true }),
  },
  APPROVE_EXTENSION: { note: text('意见', 'Remarks', { maxLength: 2000 }) },
  REJECT_EXTENSION: { reason: reason({ required: true }) },
  RECTIFICATION_OVERDUE: {},
  REPORT_COMPLETION: {
    summary: text('整改情况报告', 'Completion report', { required: true }),
    evidence: textList('佐证材料', 'Evidence (documents, photos, records)', { required: true, minItems: 1 }),
  },
  CHECK_ITEMS: {
    results: objectList(
      '验收结果',
      'Results',
      {
        itemNo: integer('事项序号', 'Item no.', 1, 50, { required: true }),
        result: oneOf('结论', 'Result', CHECK_RESULT_LABELS, { required: true }),
        note: text('说明（未通过时必填）', 'Note (required when failed)', { maxLength: 2000 }),
      },
      { required: true, minItems: 1 },
    ),
    redoDueDate: date('重新整改期限（有未通过事项时必填）', 'New deadline for failed items'),
    summary: text('验收意见', 'Overall remarks', { maxLength: 2000 }),
  },
  CONFIRM_COMPLETION: {
    rootCauseAnalysis: text('原因分析', 'Root-cause analysis', { required: true }),
    mechanismImprovements: textList('健全机制、堵塞漏洞的措施', 'Mechanism improvements', {
      required: true,
      minItems: 1,
      maxLength: 2000,
    }),
    summary: text('办结意见', 'Closing remarks', { maxLength: 2000 }),
  },
  DECIDE_CONSEQUENCE: {
    consequences: someOf('处理方式', 'Consequences', CONSEQUENCE_LABELS, { required: true, minItems: 1 }),
    reasoning: text('处理理由', 'Reasoning', { required: true, maxLength: 2000 }),
    ...collectiveDecisionFields(),
  },
  RECORD_TALK: talkFields(),
};

export type CorrectionEvent = EventsOf<typeof CORRECTION_EVENT_FIELDS>;
export type CorrectionEventType = CorrectionEvent['type'];
export type CorrectionCreationData = PayloadOf<typeof CORRECTION_CREATION_FIELDS>;
