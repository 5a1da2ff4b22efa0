import { bool, date, objectList, oneOf, reason, shortText, text, textList } from '../core/field-builders';
import type { FieldSpec } from '../core/fields';
import type { Label } from '../core/label';
import type { DeadlineSpec, EventSpec, ProcedureDefinition, StateSpec } from '../core/procedure';
import {
  CHANNEL_LABELS,
  CLARIFICATION_DEFAULTS,
  CLARIFICATION_METHOD_LABELS,
  CONCLUSION_LABELS,
  CONSEQUENCE_KIND_LABELS,
  CORRECTION_STATUS_LABELS,
  FOLLOW_UP_FORM_LABELS,
  NOTICE_METHOD_LABELS,
  VERIFICATION_METHOD_LABELS,
  clarificationMachine,
  monthsAfter,
  type ClarificationContext,
  type ClarificationEventType,
} from './clarification.machine';

const l = (zh: string, en: string): Label => ({ zh, en });

/** Staff and auditors see it; the cadre's view of the step leaves it out. */
const internal = <T extends FieldSpec>(field: T): T => ({ ...field, internal: true });

/** Progress bar of the cadre's own view. */
const PHASES = [
  l('线索登记与受理', 'Lead registered'),
  l('核查', 'Verification'),
  l('启动与征求意见', 'Start and consent'),
  l('澄清方案', 'Clarification plan'),
  l('实施澄清', 'Clarification'),
  l('跟踪回访', 'Follow-up'),
  l('办结', 'Closed'),
] as const;

const PHASE = { lead: 0, verification: 1, start: 2, plan: 3, clarification: 4, followUp: 5, closed: 6 } as const;

const noticeFields = () => ({
  notifiedOn: date('告知日期', 'Date told', { required: true }),
  method: oneOf('告知方式', 'How told', NOTICE_METHOD_LABELS, { required: true }),
  note: text('告知情况', 'Note', { maxLength: 2000 }),
});

/**
 * The plan is due one month after the conclusion whichever of the three planning steps the case
 * is in, so the due date is fixed from the conclusion rather than restarting in each step.
 */
const planDeadline: DeadlineSpec = {
  rule: 'clarification.plan',
  label: l('核查结论作出后1个月内制定澄清方案', 'Clarification plan within 1 month of the conclusion'),
  length: CLARIFICATION_DEFAULTS.planMonths,
  unit: 'months',
  dueDate: (context: ClarificationContext) => monthsAfter(context.verification?.at, CLARIFICATION_DEFAULTS.planMonths),
};

const events: Record<ClarificationEventType, EventSpec> = {
  RECORD_REPORTER_IDENTITY: {
    label: l('补录实名检举控告人身份信息', 'Complete the signed reporter’s identity'),
    roles: ['officer'],
    fields: {
      reporterName: shortText('检举控告人姓名', 'Reporter’s name', { required: true, sealed: true }),
      reporterContact: shortText('检举控告人联系方式', 'Reporter’s contact', { required: true, sealed: true }),
      reporterUserId: shortText('检举控告人用户账号', 'Reporter’s user id', { sealed: true }),
    },
  },
  NOTIFY_ACCEPTANCE: {
    label: l('告知实名检举控告人受理情况', 'Tell the signed reporter of acceptance'),
    roles: ['officer'],
    fields: noticeFields(),
  },
  CONCLUDE_VERIFICATION: {
    label: l('作出核查结论', 'Conclude verification'),
    roles: ['officer'],
    // The cadre learns the conclusion and the points found untrue (what will be clarified); how it
    // was verified, what was found, and any suspicion about the reporter stay with the staff.
    fields: {
      method: internal(oneOf('核查方式', 'Verification method', VERIFICATION_METHOD_LABELS, { required: true })),
      conclusion: oneOf('核查结论', 'Conclusion', CONCLUSION_LABELS, { required: true }),
      findings: internal(text('核查情况', 'Findings', { required: true })),
      untruePoints: textList('失实问题', 'Points found untrue'),
      truePoints: internal(textList('属实问题（依规另行处理）', 'Points found true (handled under the ordinary rules)')),
      harmful: internal(bool('对被举报人工作生活造成较大影响或造成不良社会影响', 'Harmed the cadre’s work or life, or had a bad social effect')),
      harmDescription: internal(text('不良影响情况', 'Harm done', { maxLength: 2000 })),
      suspectedMalice: internal(bool('涉嫌诬告陷害', 'Malice suspected')),
      maliceGrounds: internal(text('涉嫌诬告陷害的依据', 'Grounds for suspecting malice', { maxLength: 2000 })),
    },
    applicantMilestone: true,
  },
  CONSULT_CADRE: {
    label: l('征求被举报人意见', 'Consult the cadre'),
    roles: ['officer'],
    fields: {
      proposal: text('澄清建议', 'Proposal to clarify', { required: true, maxLength: 2000 }),
      proposedMethod: oneOf('拟采取的澄清方式', 'Proposed method', CLARIFICATION_METHOD_LABELS),
      proposedScope: text('拟澄清范围', 'Proposed scope', { maxLength: 2000 }),
    },
    applicantMilestone: true,
  },
  APPLY_FOR_CLARIFICATION: {
    label: l('被举报人书面申请澄清正名', 'Cadre applies in writing for clarification'),
    roles: ['applicant'],
    fields: {
      application: text('申请内容', 'Application', { required: true }),
    },
    applicantMilestone: true,
  },
  ACCEPT_CLARIFICATION: {
    label: l('同意公开澄清', 'Cadre accepts public clarification'),
    roles: ['applicant'],
    fields: {
      opinion: text('意见', 'Opinion', { maxLength: 2000 }),
    },
    applicantMilestone: true,
  },
  DECLINE_CLARIFICATION: {
    label: l('不同意公开澄清', 'Cadre declines public clarification'),
    roles: ['applicant'],
    fields: {
      opinion: text('意见', 'Opinion', { maxLength: 2000 }),
    },
    applicantMilestone: true,
  },
  CONSENT_EXPIRED: {
    label: l('逾期未答复，视为不同意公开澄清', 'No answer in time: public clarification deemed declined'),
    roles: ['system'],
    fields: {},
    applicantMilestone: true,
  },
  SUBMIT_PLAN: {
    label: l('提交澄清方案', 'Submit the clarification plan'),
    roles: ['officer'],
    fields: {
      method: oneOf('澄清方式', 'Method', CLARIFICATION_METHOD_LABELS, { required: true }),
      withWrittenClarification: bool('同时书面澄清', 'Accompanied by a written clarification'),
      rally: bool('召开澄清正名大会', 'Held as a 澄清正名大会 (clarification meeting)'),
      scope: text('澄清范围（与不实举报影响范围相当）', 'Scope (where the untrue report spread)', { required: true, maxLength: 2000 }),
      points: textList('澄清的具体失实问题', 'Untrue points to clarify', { required: true, minItems: 1 }),
      plannedOn: date('拟澄清日期', 'Planned date'),
      notes: text('其他说明', 'Notes', { maxLength: 2000 }),
    },
  },
  APPROVE_PLAN: {
    label: l('本机关主要负责人批准澄清方案', 'Principal leader approves the plan'),
    roles: ['leader'],
    fields: {
      opinion: text('审批意见', 'Opinion', { maxLength: 2000 }),
    },
    applicantMilestone: true,
  },
  RETURN_PLAN: {
    label: l('退回澄清方案', 'Return the plan'),
    roles: ['leader'],
    fields: {
      reason: reason({ required: true }),
    },
  },
  RECORD_CLARIFICATION: {
    label: l('实施澄清', 'Record the clarification'),
    roles: ['officer'],
    fields: {
      clarifiedOn: date('澄清日期', 'Date clarified', { required: true }),
      audience: text('澄清对象及范围', 'Audience', { required: true, maxLength: 2000 }),
      writtenClarification: text('书面澄清材料', 'Written clarification', { required: true }),
      notes: text('其他说明', 'Notes', { maxLength: 2000 }),
    },
    applicantMilestone: true,
  },
  RECORD_CONSEQUENCES: {
    label: l('消除不良影响、纠正错误处理', 'Undo wrong consequences'),
    roles: ['officer'],
    fields: {
      hadConsequences: bool('不实举报是否已导致处理处分或错失机会', 'Did the untrue report lead to a sanction or lost opportunity?', {
        required: true,
      }),
      items: objectList('纠正情况', 'Corrections', {
        kind: oneOf('不良后果类型', 'Kind of consequence', CONSEQUENCE_KIND_LABELS, { required: true }),
        description: text('具体情况', 'What happened', { required: true, maxLength: 2000 }),
        correction: text('纠正措施', 'Correction', { required: true, maxLength: 2000 }),
        status: oneOf('纠正状态', 'Status', CORRECTION_STATUS_LABELS, { required: true }),
        competentBody: shortText('有权机关', 'Competent body'),
      }),
    },
    applicantMilestone: true,
  },
  RECORD_FOLLOW_UP: {
    label: l('跟踪回访', 'Record the follow-up'),
    roles: ['officer'],
    fields: {
      visitedOn: date('回访日期', 'Date', { required: true }),
      form: oneOf('回访方式', 'Form', FOLLOW_UP_FORM_LABELS, { required: true }),
      findings: text('回访情况', 'What was found', { required: true }),
    },
    applicantMilestone: true,
  },
  NOTIFY_RESULT: {
    label: l('告知实名检举控告人处理结果', 'Tell the signed reporter of the result'),
    roles: ['officer'],
    fields: noticeFields(),
  },
  OPEN_FALSE_ACCUSATION_CASE: {
    label: l('移送诬告陷害查处', 'Open a false-accusation case'),
    roles: ['officer'],
    fields: {
      grounds: text('涉嫌诬告陷害的依据', 'Grounds for suspecting malice', { required: true, maxLength: 2000 }),
    },
  },
};

/**
 * The cadre must not learn whether the report was signed (domain.md §4), so the two states that
 * only signed reports pass through are shown to the parties as the state an anonymous report is
 * in at that point, and their limits are not shown to them.
 */
const states: Record<string, StateSpec> = {
  awaitingAcceptanceNotice: {
    label: l('待告知受理情况', 'Acceptance notice due'),
    turn: ['officer'],
    phase: PHASE.lead,
    deadline: {
      rule: 'clarification.acceptanceNotice',
      label: l('收到实名检举控告之日起15个工作日内告知受理情况', 'Tell a signed reporter of acceptance within 15 working days'),
      length: CLARIFICATION_DEFAULTS.acceptanceNoticeWorkingDays,
      unit: 'workingDays',
      hiddenFromParties: true,
    },
    partyView: () => ({ state: 'verifying', done: false }),
  },
  verifying: {
    label: l('核查中', 'Verifying'),
    turn: ['officer'],
    phase: PHASE.verification,
    deadline: {
      rule: 'clarification.verification',
      label: l('核查期限', 'Verification period'),
      length: CLARIFICATION_DEFAULTS.verificationCalendarDays,
      unit: 'calendarDays',
      // A signed report's verification starts after the acceptance notice, an anonymous one's at
      // registration: the parties' view of the period would tell which.
      hiddenFromParties: true,
    },
  },
  awaitingStart: {
    label: l('待启动澄清', 'Clarification to start'),
    turn: ['officer', 'applicant'],
    phase: PHASE.start,
    deadline: planDeadline,
  },
  awaitingConsent: {
    label: l('征求被举报人意见中', 'Awaiting the cadre’s answer'),
    turn: ['applicant'],
    phase: PHASE.start,
    deadline: {
      rule: 'clarification.consent',
      label: l('被举报人答复期限（逾期视为不同意公开澄清）', 'Cadre’s answer (silence means declined)'),
      length: CLARIFICATION_DEFAULTS.consentWorkingDays,
      unit: 'workingDays',
      onExpiry: 'CONSENT_EXPIRED',
    },
  },
  planning: {
    label: l('制定澄清方案', 'Drawing up the plan'),
    turn: ['officer'],
    phase: PHASE.plan,
    deadline: planDeadline,
  },
  awaitingPlanApproval: {
    label: l('澄清方案待审批', 'Plan awaiting approval'),
    turn: ['leader'],
    phase: PHASE.plan,
    deadline: planDeadline,
  },
  clarifying: {
    label: l('实施澄清', 'Clarifying'),
    turn: ['officer'],
    phase: PHASE.clarification,
  },
  undoingConsequences: {
    label: l('消除不良影响、纠正错误处理', 'Undoing wrong consequences'),
    turn: ['officer'],
    phase: PHASE.clarification,
  },
  followingUp: {
    label: l('跟踪回访', 'Follow-up'),
    turn: ['officer'],
    phase: PHASE.followUp,
    deadline: {
      rule: 'clarification.followUp',
      label: l('澄清后3个月内跟踪回访', 'Follow-up within 3 months'),
      length: CLARIFICATION_DEFAULTS.followUpMonths,
      unit: 'months',
    },
  },
  notifyingResult: {
    label: l('待告知处理结果', 'Result notice due'),
    turn: ['officer'],
    phase: PHASE.closed,
    deadline: {
      rule: 'clarification.resultNotice',
      label: l('办结之日起15个工作日内告知实名检举控告人处理结果', 'Tell a signed reporter of the result within 15 working days'),
      length: CLARIFICATION_DEFAULTS.resultNoticeWorkingDays,
      unit: 'workingDays',
      hiddenFromParties: true,
    },
    // The outcome is settled before the notice: an anonymous report would already be closed so.
    partyView: (context: ClarificationContext) => ({ state: context.outcome?.result ?? 'closed', done: true }),
  },
  transferred: {
    label: l('属实，转入执纪审查程序', 'True: transferred to the disciplinary procedure'),
    turn: [],
    phase: PHASE.closed,
  },
  closedWithoutClarification: {
    label: l('办结（不予澄清）', 'Closed without clarification'),
    turn: [],
    phase: PHASE.closed,
  },
  closedDeclined: {
    label: l('办结（被举报人不同意公开澄清）', 'Closed: public clarification declined'),
    turn: [],
    phase: PHASE.closed,
  },
  closed: {
    label: l('办结（已澄清正名）', 'Closed: clarified'),
    turn: [],
    phase: PHASE.closed,
  },
};

export const clarificationV1: ProcedureDefinition<typeof clarificationMachine> = {
  id: 'clarification',
  version: 1,
  label: l('澄清正名', 'Clarification'),
  machine: clarificationMachine,
  protectedPerson: { role: 'reporter', label: l('举报人', 'Reporter') },
  creation: {
    roles: ['officer'],
    label: l('线索登记', 'Register a report lead'),
    // The lead's channel, date and signature are not the cadre's business (domain.md §4).
    partyMilestone: false,
    fields: {
      summary: text('反映的主要问题', 'Summary of the accusation', { required: true }),
      channel: oneOf('信访举报渠道', 'Channel', CHANNEL_LABELS, { required: true }),
      receivedOn: date('收到日期', 'Date received', { required: true }),
      signed: bool('实名检举控告', 'Signed (实名)', { required: true }),
      cadreId: shortText('被举报人', 'Accused cadre (user id)', { required: true }),
      unitId: shortText('被举报人所在单位', 'Cadre’s unit', { required: true }),
      // Art. 47: the reporter's identity is sealed; required when the report is signed.
      reporterName: shortText('检举控告人姓名', 'Reporter’s name', { sealed: true }),
      reporterContact: shortText('检举控告人联系方式', 'Reporter’s contact', { sealed: true }),
      reporterUserId: shortText('检举控告人用户账号', 'Reporter’s user id', { sealed: true }),
    },
  },
  events,
  states,
  phases: PHASES,
};
