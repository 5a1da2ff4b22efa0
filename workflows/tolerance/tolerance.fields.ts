import {
  bool,
  collectiveDecisionFields,
  date,
  fieldPerKey,
  integer,
  object,
  oneOf,
  reason,
  shortText,
  objectList,
  talkFields,
  text,
  textList,
  type EventsOf,
  type Label,
  type PayloadOf,
} from '../core';

/**
 * The vocabulary of the tolerance procedure (domain.md §3.1) and the payload of every step. The
 * field specs below are the one schema of each payload: the machine's event types, the API's
 * validation, the OpenAPI document and the pages' forms are all derived from them.
 */

const l = (zh: string, en: string): Label => ({ zh, en });

/** The six factors weighed when judging a mistake (Qingdao §10). */
export const FACTOR_LABELS = {
  motiveAttitude: l('动机态度', 'Motive and attitude'),
  objectiveConditions: l('客观条件', 'Objective conditions'),
  procedureMethod: l('程序方法', 'Procedure and method'),
  natureDegree: l('性质程度', 'Nature and degree'),
  consequencesImpact: l('后果影响', 'Consequences and impact'),
  lossRecovery: l('挽回损失', 'Recovery of losses'),
} as const;
export type Factor = keyof typeof FACTOR_LABELS;
export const FACTORS = Object.keys(FACTOR_LABELS) as Factor[];

/** How a factor weighs in the judgement. */
export const FACTOR_WEIGHT_LABELS = {
  favourable: l('有利于容错', 'Favours tolerance'),
  neutral: l('无明显影响', 'Neutral'),
  unfavourable: l('不利于容错', 'Weighs against tolerance'),
} as const;
export type FactorWeight = keyof typeof FACTOR_WEIGHT_LABELS;

/**
 * The three distinctions (三个区分开来). Each is assessed by saying on which side of the line the
 * conduct falls: the first value is the tolerable side, the second the violation.
 */
export const DISTINCTIONS = {
  experience: {
    label: l('把干部在推进改革中因缺乏经验、先行先试出现的失误错误，同明知故犯的违纪违法行为区分开来', 'Inexperience in reform vs knowing violation'),
    values: {
      exploratoryMistake: l('缺乏经验、先行先试出现的失误错误', 'Mistake through inexperience or pioneering'),
      knowingViolation: l('明知故犯的违纪违法行为', 'Knowing violation'),
    },
  },
  prohibition: {
    label: l('把上级尚无明确限制的探索性试验中的失误错误，同上级明令禁止后依然我行我素的违纪违法行为区分开来', 'Unforbidden trial vs defying a prohibition'),
    values: {
      unforbiddenTrial: l('上级尚无明确限制的探索性试验中的失误错误', 'Error in a trial not expressly forbidden'),
      defiedProhibition: l('上级明令禁止后依然我行我素的违纪违法行为', 'Violation after an express prohibition'),
    },
  },
  purpose: {
    label: l('把为推动发展的无意过失，同为谋取私利的违纪违法行为区分开来', 'Unintended error for development vs private gain'),
    values: {
      developmentError: l('为推动发展的无意过失', 'Unintended error made to promote development'),
      privateGain: l('为谋取私利的违纪违法行为', 'Violation for personal or private gain'),
    },
  },
} as const;
export type Distinction = keyof typeof DISTINCTIONS;
export const DISTINCTION_KEYS = Object.keys(DISTINCTIONS) as Distinction[];

/** The violation side of each distinction (明知故犯, 明令禁止后仍为之, 为谋取私利): it rules tolerance out. */
export const VIOLATION_SIDES: Record<Distinction, string> = {
  experience: 'knowingViolation',
  prohibition: 'defiedProhibition',
  purpose: 'privateGain',
};

export const OUTCOME_LABELS = {
  exemption: l('容错免责', 'Exemption (tolerated)'),
  mitigated: l('从轻/减轻处理', 'Lighter or mitigated handling'),
  notTolerated: l('不予容错', 'Not tolerated'),
} as const;
export type Outcome = keyof typeof OUTCOME_LABELS;

export const MITIGATION_LABELS = {
  lighter: l('从轻处理', 'Lighter handling'),
  reduced: l('减轻处理', 'Reduced handling'),
} as const;
export type Mitigation = keyof typeof MITIGATION_LABELS;

/** 不予受理 grounds (domain.md §3.1 step 2). */
export const REJECTION_GROUND_LABELS = {
  outOfScope: l('不属于容错受理范围', 'Outside the scope of tolerance'),
  exclusionEvident: l('明显属于不予容错情形', 'Obviously an exclusion situation'),
  duplicate: l('重复申请', 'Duplicate application'),
} as const;
export type RejectionGround = keyof typeof REJECTION_GROUND_LABELS;

export const REVIEW_RESULT_LABELS = {
  upheld: l('维持原决定', 'Upheld'),
  changed: l('变更原决定', 'Changed'),
} as const;
export type ReviewResult = keyof typeof REVIEW_RESULT_LABELS;

export const SERVICE_METHOD_LABELS = {
  inPerson: l('直接送达', 'In person'),
  post: l('邮寄送达', 'By post'),
  viaUnit: l('通过所在单位送达', 'Through the unit'),
  electronic: l('电子送达', 'Electronically'),
} as const;
export type ServiceMethod = keyof typeof SERVICE_METHOD_LABELS;

/** 审理助辩: the review heard the cadre's defence, or the cadre declined to give one. */
export const DEFENCE_HEARING_LABELS = {
  heard: l('已听取当事干部申辩', 'The cadre’s defence was heard'),
  declined: l('当事干部明确放弃申辩', 'The cadre declined to give a defence'),
} as const;
export type DefenceHearing = keyof typeof DEFENCE_HEARING_LABELS;

/** Impact period bounds in months (影响期), for mitigated handling. */
export const IMPACT_MONTHS = { min: 1, max: 24 } as const;

// ---------------------------------------------------------------------------------------------
// Field groups several steps share.

const evidence = () => textList('证据材料', 'Evidence (documents, records)');

/** The application's own fields: the draft, the submission and the opening give them. */
export const applicationFields = () => ({
  matter: text('事项经过', 'What happened'),
  decisionOrProject: shortText('涉及的决策或项目', 'Decision or project concerned'),
  grounds: text('符合容错情形的理由', 'Why it fits a tolerance situation'),
  claimedSituations: textList('申请适用的容错情形', 'Tolerance situations invoked (catalogue codes or short texts)'),
  evidence: evidence(),
  accountabilityStartedOn: date('问责程序启动日期', 'Accountability proceedings started on'),
  accountabilityRef: shortText('问责事项或文号', 'Accountability matter or reference'),
  decisionOn: date('所涉决策作出（项目启动）日期', 'Decision made (project started) on'),
  riskFilingNo: shortText('事先防错备案的备案编号', 'Number of the risk-prevention filing made in advance (防错备案)'),
});

/** An outcome with its handling: mitigated needs an impact period (§3.1 step 5). */
const outcomeDetailFields = () => ({
  mitigation: oneOf('从轻或减轻', 'Lighter or reduced', MITIGATION_LABELS),
  impactMonths: integer('影响期（月，从轻/减轻处理时必填）', 'Impact period in months (required when mitigated)', IMPACT_MONTHS.min, IMPACT_MONTHS.max),
});

/**
 * Situations selected from the jurisdiction's catalogue by code (tolerance.catalogue.ts); the
 * "other" entry (T99, X99) needs a description.
 */
const situationsField = (zh: string, en: string, kind: 'tolerance' | 'exclusion') =>
  objectList(zh, en, {
    code: shortText('情形编号', 'Code', { required: true, lookup: `catalogue.${kind}` }),
    description: text('具体说明（选“其他”时必填）', 'Description (required for “other”)', { maxLength: 2000 }),
  });

/** The sides of the three distinctions a review or appeal finds differently (absent: the earlier finding stands). */
const distinctionSidesFields = () =>
  fieldPerKey(DISTINCTIONS, (key) => oneOf<string>(DISTINCTIONS[key].label.zh, DISTINCTIONS[key].label.en, DISTINCTIONS[key].values));

/** A review or appeal result; `changed` names the new outcome. */
export const reviewResultFields = () => ({
  result: oneOf('复核/申诉结果', 'Result', REVIEW_RESULT_LABELS, { required: true }),
  newOutcome: oneOf('变更后的认定（变更时必填）', 'New outcome (required when changed)', OUTCOME_LABELS, { required: false }),
  ...outcomeDetailFields(),
  exclusionSituations: situationsField(
    '重新认定的不予容错情形（变更认定事实时填写；不填则沿用原认定）',
    'Exclusion situations held to apply (when the findings change; absent: the earlier finding stands)',
    'exclusion',
  ),
  distinctions: object(
    '重新认定的“三个区分开来”（变更认定事实时填写）',
    'The three distinctions as now found (when the findings change)',
    distinctionSidesFields(),
  ),
  reasoning: text('理由', 'Reasoning', { required: true, maxLength: 2000 }),
});

const factorFields = () =>
  fieldPerKey(FACTOR_LABELS, (factor) =>
    object(FACTOR_LABELS[factor].zh, FACTOR_LABELS[factor].en, {
      weight: oneOf('研判', 'Weight', FACTOR_WEIGHT_LABELS, { required: true }),
      note: text('分析', 'Analysis', { required: true, maxLength: 2000 }),
    }),
  );

const distinctionFields = () =>
  fieldPerKey(DISTINCTIONS, (key) =>
    object(DISTINCTIONS[key].label.zh, DISTINCTIONS[key].label.en, {
      side: oneOf<string, { required: true }>('属于', 'Falls on the side of', DISTINCTIONS[key].values, { required: true }),
      note: text('分析', 'Analysis', { required: true, maxLength: 2000 }),
    }),
  );

/** 综合分析研判 (§3.1 step 3): any of its sections, sent together or one at a time. */
export const assessmentFields = () => ({
  factors: object('六个因素', 'The six factors', factorFields()),
  distinctions: object('“三个区分开来”', 'The three distinctions', distinctionFields()),
  catalogue: object('比对容错情形和不予容错情形目录', 'Catalogue check', {
    toleranceSituations: situationsField('符合的容错情形（从目录中选择）', 'Tolerance situations that apply (from the catalogue)', 'tolerance'),
    exclusionSituations: situationsField('涉及的不予容错情形（从目录中选择）', 'Exclusion situations that apply (from the catalogue)', 'exclusion'),
    note: text('说明', 'Remarks', { maxLength: 2000 }),
  }),
  riskFiling: object('核对防错备案', 'Risk-prevention filing check (防错备案)', {
    filingNo: shortText('备案编号（不填则核对申请所引的备案）', 'Filing number (absent: the one the application cites)'),
    decisionOn: date('所涉决策作出（项目启动）日期（不填则以申请所填为准）', 'Decision made (project started) on (absent: as the application says)'),
    coversMatter: bool('备案涵盖所涉事项', 'The filing covers the matter'),
    note: text('说明', 'Remarks', { maxLength: 2000 }),
  }),
});

/** The opening: the cadre applies, the unit on the cadre's behalf, or an officer on the organ's own motion. */
export const TOLERANCE_CREATION_FIELDS = {
  cadreId: shortText('当事干部（单位代为申请或主动容错时必填）', 'Cadre concerned (required for a unit or officer)'),
  unitId: shortText('所在单位', 'Unit', { required: true }),
  ...applicationFields(),
  exOfficioReason: text('主动容错的理由（承办人）', 'Why the organ opens it on its own motion (officer)', { maxLength: 2000 }),
};

/** Every event's payload, in the order of the procedure. */
export const TOLERANCE_EVENT_FIELDS = {
  UPDATE_DRAFT: applicationFields(),
  SUBMIT: applicationFields(),
  WITHDRAW: { reason: reason() },
  ACCEPT: { note: text('受理意见', 'Remarks', { maxLength: 2000 }) },
  REJECT: {
    ground: oneOf('不予受理情形', 'Ground', REJECTION_GROUND_LABELS, { required: true }),
    reason: reason({ required: true }),
    duplicateOf: shortText('重复的案件编号', 'Case it duplicates'),
  },
  REQUEST_SUPPLEMENT: {
    items: textList('需补正的材料（一次性告知）', 'Material to supply (all at once)', { required: true, minItems: 1 }),
    note: text('说明', 'Remarks', { maxLength: 2000 }),
  },
  RESUBMIT: {
    supplement: text('补正说明', 'Supplement', { required: true }),
    evidence: evidence(),
  },
  SUPPLEMENT_EXPIRED: {},
  RECORD_STATEMENT: {
    statement: text('陈述申辩内容', 'Statement and defence', { required: true }),
    heardOn: date('听取日期', 'Heard on'),
  },
  RECORD_UNIT_OPINION: {
    opinion: text('单位意见', 'Opinion', { required: true }),
    unitName: shortText('单位（党组织）名称', 'Unit or party organisation'),
  },
  RECORD_DEPARTMENT_OPINION: {
    department: shortText('部门', 'Department', { required: true }),
    opinion: text('意见', 'Opinion', { required: true }),
  },
  RECORD_ASSESSMENT: assessmentFields(),
  REQUEST_EXTENSION: { reason: reason({ required: true }) },
  APPROVE_EXTENSION: { comment: text('批示', 'Comment', { maxLength: 2000 }) },
  DENY_EXTENSION: { comment: text('批示', 'Comment', { maxLength: 2000 }) },
  SUBMIT_FINDINGS: {
    summary: text('核实情况报告', 'Findings', { required: true }),
    recommendation: oneOf('建议认定', 'Recommended outcome', OUTCOME_LABELS, { required: true }),
  },
  SUBMIT_REVIEW_DEFENCE: {
    defence: text('申辩意见', 'Defence', { required: true }),
    evidence: evidence(),
  },
  RECORD_REVIEW_DEFENCE: {
    hearing: oneOf('审理助辩', 'Defence at review', DEFENCE_HEARING_LABELS, { required: true }),
    defence: text('申辩内容（听取申辩时必填）', 'Defence heard (required when heard)'),
    heardOn: date('听取日期（听取申辩时必填）', 'Heard on (required when heard)'),
  },
  PASS_TO_COMMITTEE: {
    opinion: text('审理意见', 'Review opinion', { required: true }),
    recommendation: oneOf('建议认定', 'Recommended outcome', OUTCOME_LABELS, { required: false }),
  },
  RETURN_FOR_VERIFICATION: {
    reason: text('退回理由及需补充核实的事项', 'Reasons and points to verify', { required: true, maxLength: 2000 }),
  },
  DECIDE: {
    outcome: oneOf('认定结果', 'Outcome', OUTCOME_LABELS, { required: true }),
    ...outcomeDetailFields(),
    reasoning: text('认定理由', 'Reasoning', { required: true, maxLength: 2000 }),
    ...collectiveDecisionFields(),
  },
  SERVE_DECISION: {
    documentNo: shortText('决定书文号', 'Decision reference', { required: true }),
    servedToApplicantOn: date('送达申请人日期', 'Served on the applicant on', { required: true }),
    servedToUnitOn: date('送达所在单位日期', 'Served on the unit on', { required: true }),
    method: oneOf('送达方式', 'Method', SERVICE_METHOD_LABELS, { required: true }),
  },
  ACKNOWLEDGE_RECEIPT: { note: text('签收说明', 'Remarks', { maxLength: 2000 }) },
  RECEIPT_DEEMED: {},
  REQUEST_REVIEW: {
    grounds: text('复核理由', 'Grounds', { required: true }),
    evidence: evidence(),
  },
  ACCEPT_RESULT: { note: text('说明', 'Remarks', { maxLength: 2000 }) },
  REVIEW_WINDOW_EXPIRED: {},
  DECIDE_REVIEW: { ...reviewResultFields(), ...collectiveDecisionFields() },
  FILE_APPEAL: {
    grounds: text('申诉理由', 'Grounds', { required: true }),
    evidence: evidence(),
  },
  APPEAL_WINDOW_EXPIRED: {},
  RECORD_APPEAL_DECISION: {
    ...reviewResultFields(),
    documentNo: shortText('申诉决定文号', 'Decision reference'),
    decidedOn: date('决定日期', 'Decided on', { required: true }),
  },
  RECORD_TALK: talkFields(),
  IMPACT_PERIOD_ENDED: {},
  CLOSE: {
    feedbackOn: date('书面反馈申请人（单位）日期', 'Written feedback to applicant or unit on', { required: true }),
    orgDeptNotifiedOn: date('函告组织人事部门日期', 'Organisation department notified on', { required: true }),
    partyCommitteeFiledOn: date('报同级党委（政府）备案日期', 'Filed with the party committee on', { required: true }),
    impactFrom: date('影响期起算日（从轻/减轻处理；不填则自决定之日起算）', 'Impact period starts (default: decision date)'),
    note: text('说明', 'Remarks', { maxLength: 2000 }),
  },
  /**
   * What a linked correction case sends when its committee revokes the tolerance decision
   * (correction.machine.ts `revocationParams`; the engine adds the correction case's id).
   */
  DECISION_REVOKED: {
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
};

export type ToleranceEvent = EventsOf<typeof TOLERANCE_EVENT_FIELDS>;
export type ToleranceEventType = ToleranceEvent['type'];
export type CreationData = PayloadOf<typeof TOLERANCE_CREATION_FIELDS>;
export type AssessmentData = PayloadOf<ReturnType<typeof assessmentFields>>;
export type RevocationData = PayloadOf<(typeof TOLERANCE_EVENT_FIELDS)['DECISION_REVOKED']>;
