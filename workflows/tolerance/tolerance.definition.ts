import {
  collectiveDecisionFields,
  entry,
  eventTable,
  labelOfField,
  labelsOfFields,
  recordSpec,
  relabel,
  section,
  type Duration,
  type Label,
  type ProcedureDefinition,
  type StateSpec,
  type ProcedureInput,
} from '../core';
import { applicationFields, assessmentFields, DISTINCTIONS, FACTOR_LABELS, TOLERANCE_CREATION_FIELDS, TOLERANCE_EVENT_FIELDS } from './tolerance.fields';
import { toleranceMachine } from './tolerance.machine';
import { APPEAL_REQUEST_WINDOW, EFFECT_LABELS, REVIEW_REQUEST_WINDOW, type ToleranceContext } from './tolerance.model';
import { applicationDateConditions, cataloguedCodes, citedFilingNo } from './tolerance.rules';
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
  reviewRequestMonths: REVIEW_REQUEST_WINDOW.length,
  reviewDecisionMonths: 1,
  appealRequestMonths: APPEAL_REQUEST_WINDOW.length,
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

/** Who takes each step, what it is called, and whether the cadre's timeline shows it. */
const events = eventTable(TOLERANCE_EVENT_FIELDS, {
  UPDATE_DRAFT: { label: l('修改申请', 'Edit the draft'), roles: ['applicant', 'unit'], optional: true },
  SUBMIT: { label: l('提交容错申请', 'Submit the application'), roles: ['applicant', 'unit'], applicantMilestone: true },
  WITHDRAW: { label: l('撤回申请', 'Withdraw the application'), roles: ['applicant', 'unit'], applicantMilestone: true, optional: true },
  ACCEPT: { label: l('受理', 'Accept'), roles: ['officer'], applicantMilestone: true },
  REJECT: { label: l('不予受理', 'Reject'), roles: ['officer'], applicantMilestone: true },
  REQUEST_SUPPLEMENT: { label: l('通知补正材料', 'Ask for supplementary material'), roles: ['officer'], applicantMilestone: true },
  RESUBMIT: { label: l('补正后重新提交', 'Resubmit with the supplement'), roles: ['applicant', 'unit'], applicantMilestone: true },
  SUPPLEMENT_EXPIRED: { label: l('逾期未补正，视为撤回', 'No supplement in time: deemed withdrawn'), roles: ['system'], applicantMilestone: true },
  RECORD_STATEMENT: { label: l('记录陈述申辩', "Record the applicant's statement and defence"), roles: ['officer'] },
  RECORD_UNIT_OPINION: { label: l('记录所在单位意见', "Record the unit's opinion"), roles: ['officer'] },
  RECORD_DEPARTMENT_OPINION: { label: l('记录相关部门意见', 'Record a relevant department’s opinion'), roles: ['officer'] },
  RECORD_ASSESSMENT: {
    label: l('综合分析研判', 'Record the assessment'),
    roles: ['officer'],
    // The situations named, from the catalogue version the case is held to; the cited filing's register entry.
    facts: { catalogue: cataloguedCodes, filing: citedFilingNo },
  },
  REQUEST_EXTENSION: { label: l('申请延长核实期限', 'Ask to extend verification'), roles: ['officer'] },
  APPROVE_EXTENSION: { label: l('批准延长核实期限', 'Approve the extension'), roles: ['leader'] },
  DENY_EXTENSION: { label: l('不批准延长', 'Deny the extension'), roles: ['leader'] },
  SUBMIT_FINDINGS: { label: l('提交核实报告，移送审理', 'Submit the findings for review'), roles: ['officer'] },
  SUBMIT_REVIEW_DEFENCE: { label: l('提交审理申辩意见', 'Submit a defence at review'), roles: ['applicant'], applicantMilestone: true },
  RECORD_REVIEW_DEFENCE: { label: l('记录审理助辩（听取申辩或放弃申辩）', 'Record the defence at review (heard or declined)'), roles: ['reviewer'] },
  PASS_TO_COMMITTEE: { label: l('审理完毕，提请集体研究', 'Pass to the committee'), roles: ['reviewer'] },
  RETURN_FOR_VERIFICATION: { label: l('退回补充核实', 'Return for further verification'), roles: ['reviewer'] },
  DECIDE: { label: l('集体研究认定', 'Collective decision'), roles: ['committee'], applicantMilestone: true, facts: { committee: true } },
  SERVE_DECISION: { label: l('送达决定书', 'Serve the written decision'), roles: ['officer'], applicantMilestone: true },
  ACKNOWLEDGE_RECEIPT: { label: l('签收决定书', 'Acknowledge receipt'), roles: ['applicant'], applicantMilestone: true },
  RECEIPT_DEEMED: { label: l('逾期未签收，视为送达', 'Receipt deemed'), roles: ['system'], applicantMilestone: true },
  REQUEST_REVIEW: { label: l('申请复核', 'Ask for a review'), roles: ['applicant', 'unit'], applicantMilestone: true },
  ACCEPT_RESULT: { label: l('服从决定，不申请复核/申诉', 'Accept the result'), roles: ['applicant'], applicantMilestone: true },
  REVIEW_WINDOW_EXPIRED: { label: l('复核申请期满', 'Review window lapsed'), roles: ['system'], applicantMilestone: true },
  DECIDE_REVIEW: {
    label: l('作出复核决定', 'Decide the review'),
    roles: ['committee'],
    applicantMilestone: true,
    facts: { committee: true, catalogue: cataloguedCodes },
  },
  FILE_APPEAL: {
    label: l('向上一级机关申诉', 'Appeal to the organ one level up'),
    roles: ['applicant', 'unit'],
    applicantMilestone: true,
    // The case goes to the parent body's queue; its staff decide (issue 18 §3).
    oneLevelUp: 'refer',
  },
  APPEAL_WINDOW_EXPIRED: { label: l('申诉期满', 'Appeal window lapsed'), roles: ['system'], applicantMilestone: true },
  RECORD_APPEAL_DECISION: {
    label: l('登记申诉决定', "Record the appellate organ's decision"),
    roles: ['officer'],
    applicantMilestone: true,
    oneLevelUp: 'decide',
    facts: { catalogue: cataloguedCodes },
  },
  RECORD_TALK: { label: l('记录谈心谈话', 'Record a heart-to-heart talk'), roles: ['officer'] },
  CLOSE: { label: l('结果运用，办结', 'Use the result and close'), roles: ['officer'], applicantMilestone: true },
  IMPACT_PERIOD_ENDED: { label: l('影响期届满，可正常使用', 'Impact period ended: may be used normally'), roles: ['system'], applicantMilestone: true },
  DECISION_REVOKED: {
    label: l('容错认定被撤销（逾期未整改）', 'Tolerance decision revoked (rectification overdue)'),
    roles: ['system'],
    applicantMilestone: true,
  },
});

/** Field labels of a step, as the record keeps its payload. */
const recorded = (type: keyof typeof TOLERANCE_EVENT_FIELDS) => labelsOfFields(TOLERANCE_EVENT_FIELDS[type]);
const VOTE = labelsOfFields(collectiveDecisionFields());
/** A situation as selected from the catalogue, with its wording and basis then. */
const SITUATION = {
  code: entry('情形编号', 'Code'),
  wording: entry('情形', 'Situation'),
  legalBasis: entry('依据', 'Basis'),
  description: entry('具体说明', 'Description'),
};
const DISTINCTION_NAMES = Object.fromEntries(Object.entries(DISTINCTIONS).map(([key, distinction]) => [key, distinction.label])) as Record<string, Label>;
const STAGE = { review: l('复核', 'Review'), appeal: l('申诉', 'Appeal') };

/** The record's labels (the context as the case view shows it), in the field's own terms. */
const record = recordSpec({
  origin: entry('来源', 'Origin', { values: { application: l('依申请', 'On application'), exOfficio: l('主动容错', 'On own motion') } }),
  opened: section('启动', 'Opened', { exOfficioReason: relabel(TOLERANCE_CREATION_FIELDS.exOfficioReason, '主动容错的理由', 'Why opened on own motion') }),
  application: section('申请内容', 'Application', { ...labelsOfFields(applicationFields()), lastEdit: entry('最近修改', 'Last edit') }),
  submitted: entry('提交申请', 'Submitted'),
  supplement: section('补正材料', 'Supplementary material', {
    ...recorded('REQUEST_SUPPLEMENT'),
    response: section('补正情况', 'Supplement given', recorded('RESUBMIT')),
  }),
  acceptance: section('受理', 'Acceptance', { exOfficio: entry('主动容错', 'On own motion'), ...recorded('ACCEPT') }),
  rejection: section('不予受理', 'Rejection', recorded('REJECT')),
  verification: section('核实', 'Verification', {
    investigators: entry('核实人员', 'Investigators'),
    statements: section('陈述申辩', 'Statements and defence', recorded('RECORD_STATEMENT')),
    unitOpinions: section('所在单位意见', "Unit's opinions", recorded('RECORD_UNIT_OPINION')),
    departmentOpinions: section('相关部门意见', "Departments' opinions", recorded('RECORD_DEPARTMENT_OPINION')),
    ...labelsOfFields(assessmentFields()),
    catalogue: section('比对容错情形和不予容错情形目录', 'Catalogue check', {
      jurisdiction: entry('目录所属辖区', 'Catalogue of'),
      version: entry('目录版本', 'Catalogue version'),
      toleranceSituations: section('符合的容错情形', 'Tolerance situations that apply', SITUATION),
      exclusionSituations: section('涉及的不予容错情形', 'Exclusion situations that apply', SITUATION),
      note: entry('说明', 'Remarks'),
    }),
    riskFiling: section('核对防错备案', 'Risk-prevention filing check', {
      cited: entry('申请援引了防错备案', 'A filing was cited'),
      filingNo: entry('备案编号', 'Filing number'),
      found: entry('备案登记簿中有此备案', 'Found in the register'),
      filing: section('备案登记情况', 'As registered', {
        caseId: entry('备案案件编号', 'Filing case'),
        unitId: entry('备案单位', 'Filing unit'),
        project: entry('备案事项', 'Project'),
        scope: entry('备案范围', 'Scope'),
        filedOn: entry('提交备案日期', 'Filed on'),
        registeredOn: entry('登记日期', 'Registered on'),
      }),
      decisionOn: entry('所涉决策作出日期', 'Decision made on'),
      coversMatter: entry('备案涵盖所涉事项', 'Covers the matter'),
      predatesDecision: entry('备案早于（不晚于）所涉决策', 'Filed no later than the decision'),
      inFavour: entry('作为有利于申请人的因素', 'Counts in the applicant’s favour'),
      note: entry('说明', 'Remarks'),
      // Cases recorded before the register existed kept what the officer wrote.
      filed: entry('事先已防错备案', 'Filed in advance'),
      filingRef: entry('备案编号', 'Filing reference'),
      filedOn: entry('备案日期', 'Filed on'),
    }),
    round: entry('核实轮次', 'Verification round'),
    extension: section('延长核实期限', 'Extension of verification', {
      ...recorded('REQUEST_EXTENSION'),
      round: entry('核实轮次', 'Verification round'),
      status: entry('审批状态', 'Status', {
        values: { pending: l('待审批', 'Pending'), approved: l('已批准', 'Approved'), denied: l('不批准', 'Denied') },
      }),
      decision: section('审批', 'Decision', recorded('APPROVE_EXTENSION')),
    }),
    findings: section('核实报告', 'Findings', {
      summary: relabel(TOLERANCE_EVENT_FIELDS.SUBMIT_FINDINGS.summary, '核实情况', 'Summary'),
      recommendation: labelOfField(TOLERANCE_EVENT_FIELDS.SUBMIT_FINDINGS.recommendation),
      factorsInFavour: entry('有利于申请人的因素', 'Factors in the applicant’s favour', {
        values: { ...FACTOR_LABELS, riskFiling: l('事先已防错备案（经核对）', 'Filed in advance for risk prevention (checked)') },
      }),
    }),
  }),
  review: section('审理', 'Review', {
    submissions: section('当事干部提交的审理申辩意见', 'Defence submitted by the cadre', {
      ...recorded('SUBMIT_REVIEW_DEFENCE'),
      round: entry('核实轮次', 'Verification round'),
    }),
    defences: section('审理助辩', 'Defence at review', { ...recorded('RECORD_REVIEW_DEFENCE'), round: entry('核实轮次', 'Verification round') }),
    returns: section('退回补充核实', 'Returned for further verification', recorded('RETURN_FOR_VERIFICATION')),
    passed: section('审理意见', 'Passed to the committee', recorded('PASS_TO_COMMITTEE')),
  }),
  decision: section('集体研究认定', 'Collective decision', recorded('DECIDE')),
  outcome: section('现行认定结果', 'Outcome in force', {
    outcome: labelOfField(TOLERANCE_EVENT_FIELDS.DECIDE.outcome),
    mitigation: labelOfField(TOLERANCE_EVENT_FIELDS.DECIDE.mitigation),
    impactMonths: entry('影响期（月）', 'Impact period (months)'),
    exclusionSituations: section('认定的不予容错情形', 'Exclusion situations held to apply', SITUATION),
    violationSides: entry('“三个区分开来”中认定属违纪违法一侧的', 'Distinctions found on the violation side', { values: DISTINCTION_NAMES }),
    source: entry('认定依据', 'Decided by', {
      values: { decision: l('集体研究认定', 'Collective decision'), review: l('复核决定', 'Review decision'), appeal: l('申诉决定', 'Appeal decision') },
    }),
    decidedOn: entry('决定日期', 'Decided on'),
  }),
  correctionOpened: entry('已启动纠错', 'Correction opened'),
  service: section('送达决定书', 'Service of the decision', recorded('SERVE_DECISION')),
  receipt: section('签收', 'Receipt', { deemed: entry('逾期视为送达', 'Deemed'), ...recorded('ACKNOWLEDGE_RECEIPT') }),
  reviewRequest: section('复核申请', 'Review request', recorded('REQUEST_REVIEW')),
  reviewDecision: section('复核决定', 'Review decision', { ...recorded('DECIDE_REVIEW'), ...VOTE }),
  appeal: section('申诉', 'Appeal', {
    ...recorded('FILE_APPEAL'),
    heardAsCase: entry('由上一级机关作为申诉案件办理', 'Heard as its own case one level up'),
    // Appeals filed before they were cases named the organ as typed.
    appellateOrgan: entry('受理申诉的上一级机关', 'Appellate organ'),
  }),
  appealDecision: section('申诉决定', 'Appeal decision', { ...recorded('RECORD_APPEAL_DECISION'), decidingOrgan: entry('作出决定的机关', 'Deciding organ') }),
  acceptedResult: section('服从决定', 'Result accepted', { stage: entry('放弃的程序', 'Gave up', { values: STAGE }), ...recorded('ACCEPT_RESULT') }),
  windowLapsed: section('期满未提出', 'Window lapsed', { stage: entry('期满的程序', 'Lapsed', { values: STAGE }) }),
  closure: section('结果运用', 'Use of the result', {
    finalOutcome: relabel(TOLERANCE_EVENT_FIELDS.DECIDE.outcome, '最终认定', 'Final outcome'),
    effect: entry('对干部的影响', 'Effect on the cadre', { values: EFFECT_LABELS }),
    impactMonths: entry('影响期（月）', 'Impact period (months)'),
    impactFrom: entry('影响期起算日', 'Impact period from'),
    impactUntil: entry('影响期届满日', 'Impact period until'),
    impactEndedAt: entry('影响期届满记录时间', 'Impact period end recorded at'),
    ...recorded('CLOSE'),
  }),
  talks: section('谈心谈话', 'Heart-to-heart talks', recorded('RECORD_TALK')),
  withdrawal: section('撤回申请', 'Withdrawal', { deemed: entry('视为撤回', 'Deemed'), ...recorded('WITHDRAW') }),
  revocation: section('撤销容错认定', 'Revocation', recorded('DECISION_REVOKED')),
});

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
      // The application is received when it is submitted here (or resubmitted with the supplement).
      startsAt: { label: l('提交申请（补正后重新提交）之日', 'The day the application was submitted (or resubmitted)') },
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
      startsAt: { label: l('通知补正之日', 'The day supplementary material was asked for') },
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
      // A round returned by review runs on its own period (§3.1 step 4).
      startsAt: { label: l('受理（主动容错启动、退回补充核实）之日', 'The day of acceptance (own-motion opening, return for further verification)') },
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
      // §3.1 step 6: the written decision is served within 5 working days of the decision, which is
      // made at the committee's meeting, however late the secretary records it.
      startsAt: {
        label: l('集体研究作出决定（会议）之日', 'The day of the committee’s decision (its meeting)'),
        day: (context: ToleranceContext) => context.decision?.meetingDate,
      },
    },
  },
  awaitingReceipt: {
    label: l('待签收', 'Awaiting acknowledgement of receipt'),
    turn: ['applicant'],
    phase: 5,
    deadline: {
      rule: 'tolerance.receipt',
      label: l('签收期限（逾期视为送达）', 'Receipt deemed after'),
      length: TOLERANCE_LIMITS.deemedReceiptWorkingDays,
      unit: 'workingDays',
      onExpiry: 'RECEIPT_DEEMED',
      // Counted from the day the decision was served on the applicant, not the day it was recorded.
      startsAt: {
        label: l('决定书送达申请人之日', 'The day the decision was served on the applicant'),
        day: (context: ToleranceContext) => context.service?.servedToApplicantOn,
      },
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
      // isWithinReviewWindow checks the same window from the receipt, with the length in force.
      startsAt: { label: l('签收（视为送达）之日', 'The day of receipt (or deemed receipt)') },
      countedByMachine: true,
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
      startsAt: { label: l('申请复核之日', 'The day the review was requested') },
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
      // isWithinAppealWindow checks the same window, with the length in force.
      startsAt: { label: l('复核决定作出（登记）之日', 'The day the review decision was recorded') },
      countedByMachine: true,
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
      startsAt: { label: l('提出申诉之日', 'The day the appeal was filed') },
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
      // The result is final on the appellate organ's decision date, not when the officer records it.
      startsAt: {
        label: l(
          '结果确定之日（申诉决定作出之日，或复核、申诉期满、表示服从之日）',
          'The day the result became final (the appeal decision’s date, or the window’s end, or acceptance)',
        ),
        day: (context: ToleranceContext) => context.appealDecision?.decidedOn,
      },
    },
  },
  closed: {
    label: l('已办结', 'Closed'),
    turn: [],
    phase: CLOSED_PHASE,
    // 结果运用 (§3.1 step 8): a mitigated cadre may be used normally once the impact period has run.
    // The day the closure recorded is the first day of normal use, so the limit runs out at the end
    // of the day before; the organisation department is told.
    deadline: {
      rule: 'tolerance.impactPeriod',
      label: l('影响期届满', 'Impact period ends'),
      length: 0,
      unit: 'calendarDays',
      startsAt: { label: l('影响期起算日', 'The day the impact period starts'), day: (context: ToleranceContext) => context.closure?.impactFrom },
      appliesTo: (context: ToleranceContext) => context.closure?.effect === 'impactPeriod' && !!context.closure.impactUntil && !context.closure.impactEndedAt,
      dueDate: (context: ToleranceContext) => dayBefore(context.closure?.impactUntil),
      onExpiry: 'IMPACT_PERIOD_ENDED',
      notifyOnExpiry: ['orgDept'],
    },
  },
  rejected: { label: l('不予受理', 'Rejected'), turn: [], phase: CLOSED_PHASE },
  withdrawn: { label: l('已撤回', 'Withdrawn'), turn: [], phase: CLOSED_PHASE },
  revoked: { label: l('容错认定已撤销', 'Tolerance decision revoked'), turn: [], phase: CLOSED_PHASE },
};

/** The calendar day before `date` (`YYYY-MM-DD`). */
function dayBefore(date: string | undefined): string | undefined {
  if (!date) return undefined;
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - 86_400_000).toISOString().slice(0, 10);
}

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
    asRole: {
      applicant: { label: l('提出容错申请', 'Apply for tolerance'), hiddenFields: ['exOfficioReason'] },
      unit: { label: l('代当事干部提出容错申请', 'Apply for tolerance on the cadre’s behalf'), hiddenFields: ['exOfficioReason'] },
    },
    fields: TOLERANCE_CREATION_FIELDS,
    checks: (input: ProcedureInput<Parameters<typeof applicationDateConditions>[0]>) => applicationDateConditions(input.data, input.at),
  },
  events,
  states,
  phases: PHASES,
  record,
};
