import { date, object, oneOf, reason, shortText, text, textList, type EventsOf, type Label, type PayloadOf } from '../core';

/**
 * 防错备案 — the vocabulary of risk-prevention filing (改革风险防控备案, domain.md §3.5; research
 * report §三(二)4: 对本单位重大改革创新项目、先行先试的探索性任务,事先要通过合法性审查和风险评估) and the
 * payload of every step: the one schema from which the machine's event types, the API's
 * validation, the OpenAPI document and the pages' forms are derived.
 */

const l = (zh: string, en: string): Label => ({ zh, en });

/** The legality review's conclusion (合法性审查意见). */
export const LEGALITY_LABELS = {
  lawful: l('合法合规', 'Lawful'),
  lawfulWithConditions: l('附条件合法合规（须落实审查意见）', 'Lawful on conditions (the review’s requirements to be met)'),
  unlawful: l('存在合法性问题', 'Legality problems found'),
} as const;
export type LegalityConclusion = keyof typeof LEGALITY_LABELS;

/** 合法性审查: who reviewed, when, the conclusion and the opinion. */
const legalityReviewFields = () => ({
  reviewer: shortText('审查人（机构）', 'Reviewed by', { required: true }),
  reviewedOn: date('审查日期', 'Reviewed on', { required: true }),
  conclusion: oneOf('审查结论', 'Conclusion', LEGALITY_LABELS, { required: true }),
  opinion: text('审查意见', 'Opinion', { required: true, maxLength: 2000 }),
});

/** 风险评估: the risks found and the measures against each. */
const riskAssessmentFields = () => ({
  assessor: shortText('评估人（机构）', 'Assessed by'),
  assessedOn: date('评估日期', 'Assessed on', { required: true }),
  risks: textList('主要风险', 'Risks', { required: true, minItems: 1, maxLength: 500 }),
  measures: textList('防控措施', 'Measures', { required: true, minItems: 1, maxLength: 500 }),
});

/** A unit files a major reform or pilot project in advance. */
export const RISK_FILING_CREATION_FIELDS = {
  unitId: shortText('备案单位', 'Filing unit', { required: true }),
  cadreId: shortText('项目责任领导干部（用户账号）', 'Cadre responsible for the project (user id)', { required: true }),
  project: shortText('改革创新项目或先行先试事项', 'Reform or pilot project', { required: true }),
  description: text('项目内容', 'What the project does', { required: true }),
  scope: text('备案范围（所涉决策、事项及实施期限）', 'Scope (decisions and matters covered, period)', { required: true, maxLength: 2000 }),
  plannedStartOn: date('拟启动日期', 'Planned start'),
  legalityReview: object('合法性审查', 'Legality review', legalityReviewFields(), { required: true }),
  riskAssessment: object('风险评估', 'Risk assessment', riskAssessmentFields(), { required: true }),
  approvingBody: shortText('批准机关', 'Approving body', { required: true }),
  approvedOn: date('批准日期', 'Approved on'),
  evidence: textList('附件材料', 'Attachments (documents)'),
};

export const RISK_FILING_EVENT_FIELDS = {
  REVIEW_FILING: {
    opinion: text('审查意见', 'Review opinion', { required: true, maxLength: 2000 }),
  },
  RETURN_FILING: {
    reason: reason({ required: true }),
    items: textList('需修改补充的内容', 'What to change or add'),
  },
  RESUBMIT_FILING: {
    changes: text('修改说明', 'What was changed', { required: true, maxLength: 2000 }),
    description: text('项目内容（修改后）', 'What the project does (revised)'),
    scope: text('备案范围（修改后）', 'Scope (revised)', { maxLength: 2000 }),
    legalityReview: object('合法性审查（修改后）', 'Legality review (revised)', legalityReviewFields()),
    riskAssessment: object('风险评估（修改后）', 'Risk assessment (revised)', riskAssessmentFields()),
  },
  REGISTER_FILING: {
    filingNo: shortText('备案编号', 'Filing number', { required: true }),
    note: text('登记说明', 'Remarks', { maxLength: 2000 }),
  },
  WITHDRAW_FILING: { reason: reason({ required: true }) },
  RESUBMISSION_EXPIRED: {},
};

export type RiskFilingEvent = EventsOf<typeof RISK_FILING_EVENT_FIELDS>;
export type RiskFilingCreationData = PayloadOf<typeof RISK_FILING_CREATION_FIELDS>;
export type LegalityReviewData = NonNullable<RiskFilingCreationData['legalityReview']>;
export type RiskAssessmentData = NonNullable<RiskFilingCreationData['riskAssessment']>;
