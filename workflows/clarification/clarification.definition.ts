import {
  entry,
  eventTable,
  labelsOfFields,
  recordSpec,
  section,
  type DeadlineSpec,
  type Label,
  type ProcedureDefinition,
  type StateSpec,
  type ProcedureInput,
} from '../core';
import { CLARIFICATION_CREATION_FIELDS, CLARIFICATION_EVENT_FIELDS, CONCLUSION_LABELS } from './clarification.fields';
import { clarificationMachine } from './clarification.machine';
import { leadConditions, type ClarificationContext } from './clarification.model';

const l = (zh: string, en: string): Label => ({ zh, en });

/** Default lengths (domain.md §3.3); the deadlines and the plan's due date use them. */
export const CLARIFICATION_DEFAULTS = {
  acceptanceNoticeWorkingDays: 15, // national: told of acceptance within 15 working days of receipt
  verificationCalendarDays: 60, // no national limit
  consentWorkingDays: 10,
  planMonths: 1, // plan within 1 month of the conclusion
  followUpMonths: 3,
  resultNoticeWorkingDays: 15, // national: told of the result within 15 working days of closure
} as const;

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

/**
 * The plan is due one month after the conclusion whichever of the three planning steps the case
 * is in, so the limit counts from the conclusion rather than restarting in each step (and a
 * jurisdiction's own length for `clarification.plan` applies).
 */
const planDeadline: DeadlineSpec = {
  rule: 'clarification.plan',
  label: l('制定澄清方案', 'Clarification plan'),
  length: CLARIFICATION_DEFAULTS.planMonths,
  unit: 'months',
  startsAt: { label: l('作出核查结论之日', 'The day of the verification conclusion'), day: (context: ClarificationContext) => context.verification?.at },
};

/** Who takes each step, what it is called, and whether the cadre's timeline shows it. */
const events = eventTable(CLARIFICATION_EVENT_FIELDS, {
  RECORD_REPORTER_IDENTITY: { label: l('补录实名检举控告人身份信息', 'Complete the signed reporter’s identity'), roles: ['officer'] },
  NOTIFY_ACCEPTANCE: { label: l('告知实名检举控告人受理情况', 'Tell the signed reporter of acceptance'), roles: ['officer'] },
  // The cadre learns the conclusion and the points found untrue (what will be clarified); how it
  // was verified, what was found, and any suspicion about the reporter stay with the staff.
  CONCLUDE_VERIFICATION: { label: l('作出核查结论', 'Conclude verification'), roles: ['officer'], applicantMilestone: true },
  CONSULT_CADRE: { label: l('征求被举报人意见', 'Consult the cadre'), roles: ['officer'], applicantMilestone: true },
  APPLY_FOR_CLARIFICATION: {
    label: l('被举报人书面申请澄清正名', 'Cadre applies in writing for clarification'),
    roles: ['applicant'],
    applicantMilestone: true,
  },
  ACCEPT_CLARIFICATION: { label: l('同意公开澄清', 'Cadre accepts public clarification'), roles: ['applicant'], applicantMilestone: true },
  DECLINE_CLARIFICATION: { label: l('不同意公开澄清', 'Cadre declines public clarification'), roles: ['applicant'], applicantMilestone: true },
  CONSENT_EXPIRED: {
    label: l('逾期未答复，视为不同意公开澄清', 'No answer in time: public clarification deemed declined'),
    roles: ['system'],
    applicantMilestone: true,
  },
  SUBMIT_PLAN: { label: l('提交澄清方案', 'Submit the clarification plan'), roles: ['officer'] },
  APPROVE_PLAN: { label: l('本机关主要负责人批准澄清方案', 'Principal leader approves the plan'), roles: ['leader'], applicantMilestone: true },
  RETURN_PLAN: { label: l('退回澄清方案', 'Return the plan'), roles: ['leader'] },
  RECORD_CLARIFICATION: { label: l('实施澄清', 'Record the clarification'), roles: ['officer'], applicantMilestone: true },
  RECORD_CONSEQUENCES: { label: l('消除不良影响、纠正错误处理', 'Undo wrong consequences'), roles: ['officer'], applicantMilestone: true },
  RECORD_FOLLOW_UP: { label: l('跟踪回访', 'Record the follow-up'), roles: ['officer'], applicantMilestone: true },
  NOTIFY_RESULT: { label: l('告知实名检举控告人处理结果', 'Tell the signed reporter of the result'), roles: ['officer'] },
  HAND_OVER_CLARIFICATION: { label: l('移交澄清工作（须说明理由）', 'Hand the clarification over (with a reason)'), roles: ['leader'] },
  OPEN_FALSE_ACCUSATION_CASE: { label: l('移送诬告陷害查处', 'Open a false-accusation case'), roles: ['officer'] },
});

const recorded = (type: keyof typeof CLARIFICATION_EVENT_FIELDS) => labelsOfFields(CLARIFICATION_EVENT_FIELDS[type]);
const CREATION = labelsOfFields(CLARIFICATION_CREATION_FIELDS);
const CONCLUSION = recorded('CONCLUDE_VERIFICATION');
const PLAN = recorded('SUBMIT_PLAN');

/** The record's labels (the context as the case view shows it), in the field's own terms. */
const record = recordSpec({
  lead: section('线索', 'Report lead', {
    summary: CREATION.summary,
    channel: CREATION.channel,
    receivedOn: CREATION.receivedOn,
    signed: CREATION.signed,
  }),
  identityAmendments: section('补录检举控告人身份信息', 'Reporter’s identity completed', {}),
  acceptanceNotice: section('告知受理情况', 'Acceptance notice', recorded('NOTIFY_ACCEPTANCE')),
  verification: section('核查结论', 'Verification conclusion', {
    method: CONCLUSION.method,
    conclusion: CONCLUSION.conclusion,
    findings: CONCLUSION.findings,
    untruePoints: CONCLUSION.untruePoints,
    truePoints: CONCLUSION.truePoints,
    harmful: CONCLUSION.harmful,
    harmDescription: CONCLUSION.harmDescription,
  }),
  start: section('启动澄清', 'Start of clarification', {
    kind: entry('启动方式', 'Started by', {
      values: {
        proposal: l('承办部门提议并征求意见', 'Proposal after consulting the cadre'),
        application: l('被举报人书面申请', 'The cadre’s written application'),
      },
    }),
    ...recorded('CONSULT_CADRE'),
    ...recorded('APPLY_FOR_CLARIFICATION'),
  }),
  consent: section('被举报人意见', 'The cadre’s answer', {
    answer: entry('答复', 'Answer', {
      values: {
        accepted: l('同意公开澄清', 'Accepted'),
        declined: l('不同意公开澄清', 'Declined'),
        deemedDeclined: l('逾期未答复，视为不同意', 'No answer: deemed declined'),
      },
    }),
    ...recorded('ACCEPT_CLARIFICATION'),
  }),
  plans: section('澄清方案', 'Clarification plans', PLAN),
  planReturns: section('退回澄清方案', 'Plan returned', recorded('RETURN_PLAN')),
  planApproval: section('澄清方案审批', 'Approval of the plan', recorded('APPROVE_PLAN')),
  clarification: section('实施澄清', 'Clarification', recorded('RECORD_CLARIFICATION')),
  consequences: section('消除不良影响、纠正错误处理', 'Wrong consequences undone', recorded('RECORD_CONSEQUENCES')),
  followUp: section('跟踪回访', 'Follow-up', recorded('RECORD_FOLLOW_UP')),
  resultNotice: section('告知处理结果', 'Result notice', recorded('NOTIFY_RESULT')),
  handovers: section('移交澄清工作', 'Clarification handed over', recorded('HAND_OVER_CLARIFICATION')),
  falseAccusationReferral: section('移送诬告陷害查处', 'Referred for false-accusation handling', {
    ...recorded('OPEN_FALSE_ACCUSATION_CASE'),
    stage: entry('移送时所处环节', 'Step referred from', {
      values: {
        verifying: l('核查中', 'Verifying'),
        awaitingStart: l('待启动澄清', 'Clarification to start'),
        awaitingConsent: l('征求被举报人意见中', 'Awaiting the cadre’s answer'),
        planning: l('制定澄清方案', 'Drawing up the plan'),
        awaitingPlanApproval: l('澄清方案待审批', 'Plan awaiting approval'),
        clarifying: l('实施澄清', 'Clarifying'),
        undoingConsequences: l('消除不良影响、纠正错误处理', 'Undoing wrong consequences'),
        followingUp: l('跟踪回访', 'Follow-up'),
        notifyingResult: l('待告知处理结果', 'Result notice due'),
      },
    }),
  }),
  outcome: section('办理结果', 'Outcome', {
    result: entry('结果', 'Result', {
      values: {
        transferred: l('属实，转入执纪审查程序', 'Transferred to the disciplinary procedure'),
        closedWithoutClarification: l('办结（不予澄清）', 'Closed without clarification'),
        closedDeclined: l('办结（被举报人不同意公开澄清）', 'Closed: public clarification declined'),
        closed: l('办结（已澄清正名）', 'Closed: clarified'),
      },
    }),
    reason: entry('理由', 'Reason', {
      values: {
        true: CONCLUSION_LABELS.true,
        unverifiable: CONCLUSION_LABELS.unverifiable,
        noHarm: l('失实但未造成不良影响', 'Untrue, but no bad effect'),
        declined: l('被举报人不同意公开澄清', 'The cadre declined'),
        deemedDeclined: l('逾期未答复，视为不同意', 'No answer: deemed declined'),
        clarified: l('已澄清正名', 'Clarified'),
      },
    }),
  }),
});

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
      label: l('告知实名检举控告人受理情况', 'Tell the signed reporter of acceptance'),
      length: CLARIFICATION_DEFAULTS.acceptanceNoticeWorkingDays,
      unit: 'workingDays',
      hiddenFromParties: true,
      // 检举控告工作规则 (2020): 15 working days from the day the report was RECEIVED, so a report
      // registered late may be overdue at registration, and shows so.
      startsAt: { label: l('收到检举控告之日', 'The day the report was received'), day: (context: ClarificationContext) => context.lead.receivedOn },
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
      // Verification of a lead runs from its registration, signed or not: the notice to a signed
      // reporter is a duty alongside it, not a step that holds the verification back. The parties
      // still do not see the period (it would date the registration of the lead).
      hiddenFromParties: true,
      startsAt: { label: l('线索登记之日', 'The day the lead was registered'), day: (context: ClarificationContext) => context.lead.at },
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
      startsAt: { label: l('征求被举报人意见之日', 'The day the cadre was consulted') },
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
      label: l('跟踪回访', 'Follow-up'),
      length: CLARIFICATION_DEFAULTS.followUpMonths,
      unit: 'months',
      // 澄清后3个月内: from the clarification itself, not from the later record of consequences undone.
      startsAt: { label: l('实施澄清之日', 'The day of the clarification'), day: (context: ClarificationContext) => context.clarification?.clarifiedOn },
    },
  },
  notifyingResult: {
    label: l('待告知处理结果', 'Result notice due'),
    turn: ['officer'],
    phase: PHASE.closed,
    deadline: {
      rule: 'clarification.resultNotice',
      label: l('告知实名检举控告人处理结果', 'Tell the signed reporter of the result'),
      length: CLARIFICATION_DEFAULTS.resultNoticeWorkingDays,
      unit: 'workingDays',
      hiddenFromParties: true,
      startsAt: { label: l('办结之日', 'The day the case was concluded') },
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
    fields: CLARIFICATION_CREATION_FIELDS,
    checks: (input: ProcedureInput<Parameters<typeof leadConditions>[0]>) => leadConditions(input.data, input.at),
  },
  events,
  states,
  phases: PHASES,
  record,
};
