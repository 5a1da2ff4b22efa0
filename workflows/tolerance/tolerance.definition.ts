import {
  bool,
  collectiveDecisionFields,
  date,
  integer,
  object,
  oneOf,
  reason,
  shortText,
  text,
  textList,
  type Duration,
  type EventSpec,
  type FieldSpecs,
  type Label,
  type ProcedureDefinition,
  type StateSpec,
} from '../core';
import { toleranceMachine } from './tolerance.machine';
import {
  DISTINCTIONS,
  FACTOR_LABELS,
  FACTOR_WEIGHT_LABELS,
  IMPACT_MONTHS,
  MITIGATION_LABELS,
  OUTCOME_LABELS,
  REJECTION_GROUND_LABELS,
  REVIEW_RESULT_LABELS,
  SERVICE_METHOD_LABELS,
  type ToleranceContext,
  type ToleranceEventType,
} from './tolerance.model';

const l = (zh: string, en: string): Label => ({ zh, en });

/** Default time limits (domain.md §3.1); each jurisdiction overrides them by rule name. */
export const TOLERANCE_LIMITS = {
  acceptanceWorkingDays: 5,
  supplementWorkingDays: 10,
  verificationDays: 30,
  verificationExtensionDays: 30,
  serviceWorkingDays: 5,
  /** Not in the sources: a sensible default for deemed receipt of a served decision. */
  deemedReceiptWorkingDays: 10,
  reviewRequestMonths: 1,
  reviewDecisionMonths: 1,
  appealRequestMonths: 1,
  appealDecisionMonths: 2,
  /** Not in the sources: a reminder for feedback, notice and filing once the result is final. */
  closureWorkingDays: 10,
} as const;

/**
 * The extra verification time once a leader approved the one extension in the current round
 * (§3.1 step 3). A round returned by review runs on its own 30 days.
 */
export function verificationExtension(context: ToleranceContext): Duration | undefined {
  const extension = context.verification.extension;
  if (extension?.status !== 'approved' || extension.round !== context.verification.round) return undefined;
  return { length: TOLERANCE_LIMITS.verificationExtensionDays, unit: 'calendarDays' };
}

const evidence = () => textList('证据材料', 'Evidence (documents, records)');

const applicationFields = (): FieldSpecs => ({
  matter: text('事项经过', 'What happened'),
  decisionOrProject: shortText('涉及的决策或项目', 'Decision or project concerned'),
  grounds: text('符合容错情形的理由', 'Why it fits a tolerance situation'),
  claimedSituations: textList('申请适用的容错情形', 'Tolerance situations invoked (catalogue codes or short texts)'),
  evidence: evidence(),
  accountabilityStartedOn: date('问责程序启动日期', 'Accountability proceedings started on'),
  accountabilityRef: shortText('问责事项或文号', 'Accountability matter or reference'),
});

const outcome = (zh: string, en: string, required: boolean) =>
  oneOf(zh, en, OUTCOME_LABELS, { required });

/** An outcome with its handling: mitigated needs an impact period (§3.1 step 5). */
const outcomeDetailFields = (): FieldSpecs => ({
  mitigation: oneOf('从轻或减轻', 'Lighter or reduced', MITIGATION_LABELS),
  impactMonths: integer('影响期(月,从轻/减轻处理时必填)', 'Impact period in months (required when mitigated)', IMPACT_MONTHS.min, IMPACT_MONTHS.max),
});

/** A review or appeal result; `changed` names the new outcome. */
const reviewResultFields = (): FieldSpecs => ({
  result: oneOf('复核/申诉结果', 'Result', REVIEW_RESULT_LABELS, { required: true }),
  newOutcome: outcome('变更后的认定(变更时必填)', 'New outcome (required when changed)', false),
  ...outcomeDetailFields(),
  exclusionSituations: textList(
    '认定的不予容错情形(变更时填写;不填则沿用原认定)',
    'Exclusion situations held to apply (when changed; absent: the earlier finding stands)',
  ),
  reasoning: text('理由', 'Reasoning', { required: true, maxLength: 2000 }),
});

const factorFields = (): FieldSpecs =>
  Object.fromEntries(
    Object.entries(FACTOR_LABELS).map(([key, label]) => [
      key,
      object(label.zh, label.en, {
        weight: oneOf('研判', 'Weight', FACTOR_WEIGHT_LABELS, { required: true }),
        note: text('分析', 'Analysis', { required: true, maxLength: 2000 }),
      }),
    ]),
  );

const distinctionFields = (): FieldSpecs =>
  Object.fromEntries(
    Object.entries(DISTINCTIONS).map(([key, distinction]) => [
      key,
      object(distinction.label.zh, distinction.label.en, {
        side: oneOf('属于', 'Falls on the side of', distinction.values, { required: true }),
        note: text('分析', 'Analysis', { required: true, maxLength: 2000 }),
      }),
    ]),
  );

const events: Record<ToleranceEventType, EventSpec> = {
  UPDATE_DRAFT: {
    label: l('修改申请', 'Edit the draft'),
    roles: ['applicant', 'unit'],
    fields: applicationFields(),
  },
  SUBMIT: {
    label: l('提交容错申请', 'Submit the application'),
    roles: ['applicant', 'unit'],
    applicantMilestone: true,
    fields: applicationFields(),
  },
  WITHDRAW: {
    label: l('撤回申请', 'Withdraw the application'),
    roles: ['applicant', 'unit'],
    applicantMilestone: true,
    fields: { reason: reason() },
  },
  ACCEPT: {
    label: l('受理', 'Accept'),
    roles: ['officer'],
    applicantMilestone: true,
    fields: { note: text('受理意见', 'Remarks', { maxLength: 2000 }) },
  },
  REJECT: {
    label: l('不予受理', 'Reject'),
    roles: ['officer'],
    applicantMilestone: true,
    fields: {
      ground: oneOf('不予受理情形', 'Ground', REJECTION_GROUND_LABELS, { required: true }),
      reason: reason({ required: true }),
      duplicateOf: shortText('重复的案件编号', 'Case it duplicates'),
    },
  },
  REQUEST_SUPPLEMENT: {
    label: l('通知补正材料', 'Ask for supplementary material'),
    roles: ['officer'],
    applicantMilestone: true,
    fields: {
      items: textList('需补正的材料(一次性告知)', 'Material to supply (all at once)', { required: true, minItems: 1 }),
      note: text('说明', 'Remarks', { maxLength: 2000 }),
    },
  },
  RESUBMIT: {
    label: l('补正后重新提交', 'Resubmit with the supplement'),
    roles: ['applicant', 'unit'],
    applicantMilestone: true,
    fields: {
      supplement: text('补正说明', 'Supplement', { required: true }),
      evidence: evidence(),
    },
  },
  SUPPLEMENT_EXPIRED: {
    label: l('逾期未补正,视为撤回', 'No supplement in time: deemed withdrawn'),
    roles: ['system'],
    applicantMilestone: true,
    fields: {},
  },
  RECORD_STATEMENT: {
    label: l('记录陈述申辩', "Record the applicant's statement and defence"),
    roles: ['officer'],
    fields: {
      statement: text('陈述申辩内容', 'Statement and defence', { required: true }),
      heardOn: date('听取日期', 'Heard on'),
    },
  },
  RECORD_UNIT_OPINION: {
    label: l('记录所在单位意见', "Record the unit's opinion"),
    roles: ['officer'],
    fields: {
      opinion: text('单位意见', 'Opinion', { required: true }),
      unitName: shortText('单位(党组织)名称', 'Unit or party organisation'),
    },
  },
  RECORD_DEPARTMENT_OPINION: {
    label: l('记录相关部门意见', 'Record a relevant department’s opinion'),
    roles: ['officer'],
    fields: {
      department: shortText('部门', 'Department', { required: true }),
      opinion: text('意见', 'Opinion', { required: true }),
    },
  },
  RECORD_ASSESSMENT: {
    label: l('综合分析研判', 'Record the assessment'),
    roles: ['officer'],
    fields: {
      factors: object('六个因素', 'The six factors', factorFields()),
      distinctions: object('“三个区分开来”', 'The three distinctions', distinctionFields()),
      catalogue: object('比对容错情形和不予容错情形', 'Catalogue check', {
        toleranceSituations: textList('符合的容错情形', 'Tolerance situations that apply (codes or short texts)'),
        exclusionSituations: textList('涉及的不予容错情形', 'Exclusion situations that apply (codes or short texts)'),
        note: text('说明', 'Remarks', { maxLength: 2000 }),
      }),
      riskFiling: object('防错备案情况', 'Risk-prevention filing (防错备案)', {
        filed: bool('事先已防错备案', 'Filed in advance for risk prevention', { required: true }),
        filingRef: shortText('备案编号', 'Filing reference'),
        filedOn: date('备案日期', 'Filed on'),
        note: text('说明', 'Remarks', { maxLength: 2000 }),
      }),
    },
  },
  REQUEST_EXTENSION: {
    label: l('申请延长核实期限', 'Ask to extend verification'),
    roles: ['officer'],
    fields: { reason: reason({ required: true }) },
  },
  APPROVE_EXTENSION: {
    label: l('批准延长核实期限', 'Approve the extension'),
    roles: ['leader'],
    fields: { comment: text('批示', 'Comment', { maxLength: 2000 }) },
  },
  DENY_EXTENSION: {
    label: l('不批准延长', 'Deny the extension'),
    roles: ['leader'],
    fields: { comment: text('批示', 'Comment', { maxLength: 2000 }) },
  },
  SUBMIT_FINDINGS: {
    label: l('提交核实报告,移送审理', 'Submit the findings for review'),
    roles: ['officer'],
    fields: {
      summary: text('核实情况报告', 'Findings', { required: true }),
      recommendation: outcome('建议认定', 'Recommended outcome', true),
    },
  },
  RECORD_REVIEW_DEFENCE: {
    label: l('记录审理助辩', "Record the applicant's defence at review"),
    roles: ['reviewer'],
    fields: {
      defence: text('助辩内容', 'Defence', { required: true }),
      heardOn: date('听取日期', 'Heard on'),
    },
  },
  PASS_TO_COMMITTEE: {
    label: l('审理完毕,提请集体研究', 'Pass to the committee'),
    roles: ['reviewer'],
    fields: {
      opinion: text('审理意见', 'Review opinion', { required: true }),
      recommendation: outcome('建议认定', 'Recommended outcome', false),
    },
  },
  RETURN_FOR_VERIFICATION: {
    label: l('退回补充核实', 'Return for further verification'),
    roles: ['reviewer'],
    fields: { reason: text('退回理由及需补充核实的事项', 'Reasons and points to verify', { required: true, maxLength: 2000 }) },
  },
  DECIDE: {
    label: l('集体研究认定', 'Collective decision'),
    roles: ['committee'],
    applicantMilestone: true,
    fields: {
      outcome: outcome('认定结果', 'Outcome', true),
      ...outcomeDetailFields(),
      reasoning: text('认定理由', 'Reasoning', { required: true, maxLength: 2000 }),
      ...collectiveDecisionFields(),
    },
  },
  SERVE_DECISION: {
    label: l('送达决定书', 'Serve the written decision'),
    roles: ['officer'],
    applicantMilestone: true,
    fields: {
      documentNo: shortText('决定书文号', 'Decision reference', { required: true }),
      servedToApplicantOn: date('送达申请人日期', 'Served on the applicant on', { required: true }),
      servedToUnitOn: date('送达所在单位日期', 'Served on the unit on', { required: true }),
      method: oneOf('送达方式', 'Method', SERVICE_METHOD_LABELS, { required: true }),
    },
  },
  ACKNOWLEDGE_RECEIPT: {
    label: l('签收决定书', 'Acknowledge receipt'),
    roles: ['applicant'],
    applicantMilestone: true,
    fields: { note: text('签收说明', 'Remarks', { maxLength: 2000 }) },
  },
  RECEIPT_DEEMED: {
    label: l('逾期未签收,视为送达', 'Receipt deemed'),
    roles: ['system'],
    applicantMilestone: true,
    fields: {},
  },
  REQUEST_REVIEW: {
    label: l('申请复核', 'Ask for a review'),
    roles: ['applicant', 'unit'],
    applicantMilestone: true,
    fields: {
      grounds: text('复核理由', 'Grounds', { required: true }),
      evidence: evidence(),
    },
  },
  ACCEPT_RESULT: {
    label: l('服从决定,不申请复核/申诉', 'Accept the result'),
    roles: ['applicant'],
    applicantMilestone: true,
    fields: { note: text('说明', 'Remarks', { maxLength: 2000 }) },
  },
  REVIEW_WINDOW_EXPIRED: {
    label: l('复核申请期满', 'Review window lapsed'),
    roles: ['system'],
    applicantMilestone: true,
    fields: {},
  },
  DECIDE_REVIEW: {
    label: l('作出复核决定', 'Decide the review'),
    roles: ['committee'],
    applicantMilestone: true,
    fields: { ...reviewResultFields(), ...collectiveDecisionFields() },
  },
  FILE_APPEAL: {
    label: l('向上一级机关申诉', 'Appeal to the organ one level up'),
    roles: ['applicant', 'unit'],
    applicantMilestone: true,
    fields: {
      appellateOrgan: shortText('受理申诉的上一级机关', 'Appellate organ', { required: true }),
      grounds: text('申诉理由', 'Grounds', { required: true }),
      evidence: evidence(),
    },
  },
  APPEAL_WINDOW_EXPIRED: {
    label: l('申诉期满', 'Appeal window lapsed'),
    roles: ['system'],
    applicantMilestone: true,
    fields: {},
  },
  RECORD_APPEAL_DECISION: {
    label: l('登记申诉决定', "Record the appellate organ's decision"),
    roles: ['officer'],
    applicantMilestone: true,
    fields: {
      ...reviewResultFields(),
      decidingOrgan: shortText('作出决定的机关', 'Deciding organ', { required: true }),
      documentNo: shortText('申诉决定文号', 'Decision reference'),
      decidedOn: date('决定日期', 'Decided on', { required: true }),
    },
  },
  CLOSE: {
    label: l('结果运用,办结', 'Use the result and close'),
    roles: ['officer'],
    applicantMilestone: true,
    fields: {
      feedbackOn: date('书面反馈申请人(单位)日期', 'Written feedback to applicant or unit on', { required: true }),
      orgDeptNotifiedOn: date('函告组织人事部门日期', 'Organisation department notified on', { required: true }),
      partyCommitteeFiledOn: date('报同级党委(政府)备案日期', 'Filed with the party committee on', { required: true }),
      impactFrom: date('影响期起算日(从轻/减轻处理;不填则自决定之日起算)', 'Impact period starts (default: decision date)'),
      note: text('说明', 'Remarks', { maxLength: 2000 }),
    },
  },
  DECISION_REVOKED: {
    label: l('容错认定被撤销(逾期未整改)', 'Tolerance decision revoked (rectification overdue)'),
    roles: ['system'],
    applicantMilestone: true,
    fields: {
      reason: text('撤销理由', 'Reason', { maxLength: 5000 }),
      decidedAt: shortText('决定时间', 'Decided at'),
      decidedBy: shortText('决定记录人', 'Recorded by'),
      meetingDate: date('会议日期', 'Meeting date'),
      consequences: textList('处理措施', 'Consequences'),
      correction: object('纠错案件', 'Correction case', {
        procedure: shortText('程序', 'Procedure'),
        cause: shortText('原因', 'Cause'),
      }),
      correctionCaseId: shortText('纠错案件编号', 'Correction case id'),
    },
  },
};

const PHASES = [
  l('申请', 'Application'),
  l('受理', 'Acceptance'),
  l('核实', 'Verification'),
  l('审理', 'Review'),
  l('集体研究', 'Collective decision'),
  l('告知', 'Notification'),
  l('复核申诉', 'Review and appeal'),
  l('办结', 'Closed'),
] as const;

const CLOSED_PHASE = PHASES.length - 1;

/** Every resting state; the transient `opening` only routes and is never stored. */
const states: Record<string, StateSpec> = {
  draft: { label: l('申请草稿', 'Draft'), turn: ['applicant', 'unit'], phase: 0 },
  submitted: {
    label: l('待受理', 'Awaiting acceptance'),
    turn: ['officer'],
    phase: 1,
    deadline: {
      rule: 'tolerance.acceptance',
      label: l('受理期限', 'Acceptance due'),
      length: TOLERANCE_LIMITS.acceptanceWorkingDays,
      unit: 'workingDays',
    },
  },
  awaitingSupplement: {
    label: l('待补正', 'Awaiting supplementary material'),
    turn: ['applicant', 'unit'],
    phase: 1,
    deadline: {
      rule: 'tolerance.supplement',
      label: l('补正期限', 'Supplement due'),
      length: TOLERANCE_LIMITS.supplementWorkingDays,
      unit: 'workingDays',
      onExpiry: 'SUPPLEMENT_EXPIRED',
    },
  },
  verifying: {
    label: l('核实中', 'Verification'),
    turn: ['officer'],
    phase: 2,
    deadline: {
      rule: 'tolerance.verification',
      label: l('核实期限', 'Verification due'),
      length: TOLERANCE_LIMITS.verificationDays,
      unit: 'calendarDays',
      extension: verificationExtension,
    },
  },
  inReview: { label: l('审理中', 'Under review'), turn: ['reviewer'], phase: 3 },
  awaitingDecision: { label: l('待集体研究认定', 'Awaiting collective decision'), turn: ['committee'], phase: 4 },
  awaitingService: {
    label: l('待送达决定书', 'Decision to be served'),
    turn: ['officer'],
    phase: 5,
    deadline: {
      rule: 'tolerance.service',
      label: l('送达期限', 'Service due'),
      length: TOLERANCE_LIMITS.serviceWorkingDays,
      unit: 'workingDays',
    },
  },
  awaitingReceipt: {
    label: l('待签收', 'Awaiting acknowledgement of receipt'),
    turn: ['applicant'],
    phase: 5,
    deadline: {
      rule: 'tolerance.receipt',
      label: l('签收期限(逾期视为送达)', 'Receipt deemed after'),
      length: TOLERANCE_LIMITS.deemedReceiptWorkingDays,
      unit: 'workingDays',
      onExpiry: 'RECEIPT_DEEMED',
    },
  },
  reviewWindow: {
    label: l('复核申请期', 'Review may be requested'),
    turn: ['applicant', 'unit'],
    phase: 6,
    deadline: {
      rule: 'tolerance.reviewRequest',
      label: l('申请复核期限', 'Review request window'),
      length: TOLERANCE_LIMITS.reviewRequestMonths,
      unit: 'months',
      onExpiry: 'REVIEW_WINDOW_EXPIRED',
    },
  },
  underReview: {
    label: l('复核中', 'Review in progress'),
    turn: ['committee'],
    phase: 6,
    deadline: {
      rule: 'tolerance.reviewDecision',
      label: l('复核决定期限', 'Review decision due'),
      length: TOLERANCE_LIMITS.reviewDecisionMonths,
      unit: 'months',
    },
  },
  appealWindow: {
    label: l('申诉期', 'Appeal may be filed'),
    turn: ['applicant', 'unit'],
    phase: 6,
    deadline: {
      rule: 'tolerance.appealRequest',
      label: l('申诉期限', 'Appeal window'),
      length: TOLERANCE_LIMITS.appealRequestMonths,
      unit: 'months',
      onExpiry: 'APPEAL_WINDOW_EXPIRED',
    },
  },
  underAppeal: {
    label: l('申诉处理中', 'Appeal in progress'),
    turn: ['officer'],
    phase: 6,
    deadline: {
      rule: 'tolerance.appealDecision',
      label: l('申诉决定期限', 'Appeal decision due'),
      length: TOLERANCE_LIMITS.appealDecisionMonths,
      unit: 'months',
    },
  },
  awaitingClosure: {
    label: l('待结果运用', 'Result final: feedback, notice and filing'),
    turn: ['officer'],
    phase: CLOSED_PHASE,
    deadline: {
      rule: 'tolerance.closure',
      label: l('反馈、函告、备案期限', 'Feedback, notice and filing due'),
      length: TOLERANCE_LIMITS.closureWorkingDays,
      unit: 'workingDays',
    },
  },
  closed: { label: l('已办结', 'Closed'), turn: [], phase: CLOSED_PHASE },
  rejected: { label: l('不予受理', 'Rejected'), turn: [], phase: CLOSED_PHASE },
  withdrawn: { label: l('已撤回', 'Withdrawn'), turn: [], phase: CLOSED_PHASE },
  revoked: { label: l('容错认定已撤销', 'Tolerance decision revoked'), turn: [], phase: CLOSED_PHASE },
};

/** Tolerance application (容错申请), domain.md §3.1. */
export const toleranceV1: ProcedureDefinition<typeof toleranceMachine> = {
  id: 'tolerance',
  version: 1,
  label: l('容错申请', 'Tolerance application'),
  machine: toleranceMachine,
  creation: {
    // The cadre applies, or the unit on the cadre's behalf; an officer opens 主动容错.
    roles: ['applicant', 'unit', 'officer'],
    label: l('提出容错申请 / 主动容错', 'Apply for tolerance / open on own motion'),
    fields: {
      cadreId: shortText('当事干部(单位代为申请或主动容错时必填)', 'Cadre concerned (required for a unit or officer)'),
      unitId: shortText('所在单位', 'Unit', { required: true }),
      ...applicationFields(),
      exOfficioReason: text('主动容错的理由(承办人)', 'Why the organ opens it on its own motion (officer)', { maxLength: 2000 }),
    },
  },
  events,
  states,
  phases: PHASES,
};
