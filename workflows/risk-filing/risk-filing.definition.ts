import { entry, eventTable, labelsOfFields, recordSpec, section, type Label, type ProcedureDefinition, type ProcedureInput } from '../core';
import { RISK_FILING_CREATION_FIELDS, RISK_FILING_EVENT_FIELDS } from './risk-filing.fields';
import { riskFilingMachine } from './risk-filing.machine';
import { reviewDateConditions } from './risk-filing.model';

const l = (zh: string, en: string): Label => ({ zh, en });

/** Default time limits; each jurisdiction overrides them by rule name. None is in the sources. */
export const RISK_FILING_LIMITS = {
  reviewWorkingDays: 10,
  registrationWorkingDays: 5,
  resubmitWorkingDays: 20,
} as const;

const events = eventTable(RISK_FILING_EVENT_FIELDS, {
  REVIEW_FILING: { label: l('审查通过，提请登记', 'Pass the review'), roles: ['officer'], applicantMilestone: true },
  RETURN_FILING: { label: l('退回修改', 'Return for changes'), roles: ['officer', 'leader'], applicantMilestone: true },
  RESUBMIT_FILING: { label: l('修改后重新提交备案', 'File again with the changes'), roles: ['unit'], applicantMilestone: true },
  REGISTER_FILING: {
    label: l('登记备案，编定备案编号', 'Register under a filing number'),
    roles: ['leader'],
    applicantMilestone: true,
    // The register's entry for the number, if any: a number is given once.
    facts: { filing: (_context, data: { filingNo?: string }) => data.filingNo?.trim() },
  },
  WITHDRAW_FILING: { label: l('撤回备案', 'Withdraw the filing'), roles: ['unit'], applicantMilestone: true, optional: true },
  RESUBMISSION_EXPIRED: { label: l('逾期未重新提交，视为撤回', 'Not filed again in time: deemed withdrawn'), roles: ['system'], applicantMilestone: true },
});

const recorded = (type: keyof typeof RISK_FILING_EVENT_FIELDS) => labelsOfFields(RISK_FILING_EVENT_FIELDS[type]);
const FILING = labelsOfFields(RISK_FILING_CREATION_FIELDS);

const record = recordSpec({
  filing: section('备案内容', 'The filing', {
    project: FILING.project,
    description: FILING.description,
    scope: FILING.scope,
    plannedStartOn: FILING.plannedStartOn,
    legalityReview: FILING.legalityReview,
    riskAssessment: FILING.riskAssessment,
    approvingBody: FILING.approvingBody,
    approvedOn: FILING.approvedOn,
    evidence: FILING.evidence,
  }),
  submissions: section('提交备案', 'Submissions', { changes: entry('修改说明', 'What was changed') }),
  review: section('审查', 'Review', recorded('REVIEW_FILING')),
  returns: section('退回修改', 'Returned for changes', {
    ...recorded('RETURN_FILING'),
    stage: entry('退回环节', 'Returned at', { values: { review: l('审查', 'Review'), registration: l('登记', 'Registration') } }),
  }),
  registration: section('登记备案', 'Registration', {
    ...recorded('REGISTER_FILING'),
    filedOn: entry('提交备案日期', 'Filed on'),
    registeredOn: entry('登记日期', 'Registered on'),
  }),
  withdrawal: section('撤回备案', 'Withdrawal', { deemed: entry('视为撤回', 'Deemed'), ...recorded('WITHDRAW_FILING') }),
});

const PHASES = [l('备案申报', 'Filed'), l('审查', 'Review'), l('登记', 'Registration'), l('办结', 'Closed')] as const;

/** 防错备案 — risk-prevention filing (改革风险防控备案), domain.md §3.5. */
export const riskFilingV1: ProcedureDefinition<typeof riskFilingMachine> = {
  id: 'riskFiling',
  version: 1,
  label: l('防错备案', 'Risk-prevention filing'),
  machine: riskFilingMachine,
  creation: {
    // The unit files its own project, in advance.
    roles: ['unit'],
    label: l('提交改革风险防控备案', 'File a reform project for risk prevention'),
    fields: RISK_FILING_CREATION_FIELDS,
    checks: (input: ProcedureInput<Parameters<typeof reviewDateConditions>[0]>) => reviewDateConditions(input.data, input.at),
  },
  events,
  states: {
    filed: {
      label: l('待审查', 'Awaiting review'),
      turn: ['officer'],
      phase: 1,
      deadline: { rule: 'riskFiling.review', label: l('审查期限', 'Review due'), length: RISK_FILING_LIMITS.reviewWorkingDays, unit: 'workingDays' },
    },
    reviewed: {
      label: l('待登记', 'Awaiting registration'),
      turn: ['leader'],
      phase: 2,
      deadline: {
        rule: 'riskFiling.registration',
        label: l('登记期限', 'Registration due'),
        length: RISK_FILING_LIMITS.registrationWorkingDays,
        unit: 'workingDays',
      },
    },
    returned: {
      label: l('退回修改', 'Returned for changes'),
      turn: ['unit'],
      phase: 0,
      deadline: {
        rule: 'riskFiling.resubmit',
        label: l('修改重新提交期限（逾期视为撤回）', 'File again by (silence: withdrawn)'),
        length: RISK_FILING_LIMITS.resubmitWorkingDays,
        unit: 'workingDays',
        onExpiry: 'RESUBMISSION_EXPIRED',
      },
    },
    registered: { label: l('已登记备案', 'Registered'), turn: [], phase: 3 },
    withdrawn: { label: l('已撤回', 'Withdrawn'), turn: [], phase: 3 },
  },
  phases: PHASES,
  record,
};
