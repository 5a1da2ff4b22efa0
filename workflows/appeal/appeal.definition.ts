import { entry, eventTable, labelsOfFields, recordSpec, section, collectiveDecisionFields, type Label, type ProcedureDefinition } from '../core';
import { OUTCOME_LABELS, REVIEW_RESULT_LABELS } from '../tolerance/tolerance.fields';
import { APPEAL_CREATION_FIELDS, APPEAL_DECISION_MONTHS, APPEAL_EVENT_FIELDS } from './appeal.fields';
import { appealMachine } from './appeal.machine';
import type { AppealContext } from './appeal.model';

const l = (zh: string, en: string): Label => ({ zh, en });

const events = eventTable(APPEAL_EVENT_FIELDS, {
  ACCEPT_APPEAL: { label: l('受理申诉', 'Accept the appeal'), roles: ['officer'], applicantMilestone: true },
  SUBMIT_REVIEW_REPORT: { label: l('审查原案卷宗，提请集体研究', 'Review the lower case’s file and pass to the committee'), roles: ['officer'] },
  DECIDE_APPEAL: {
    label: l('集体研究作出申诉决定', 'Decide the appeal (collective)'),
    roles: ['committee'],
    applicantMilestone: true,
    facts: { committee: true },
  },
});

const recorded = (type: keyof typeof APPEAL_EVENT_FIELDS) => labelsOfFields(APPEAL_EVENT_FIELDS[type]);

const record = recordSpec({
  origin: section('原案件', 'Case appealed against', {}),
  filed: section('提出申诉', 'Appeal filed', labelsOfFields(APPEAL_CREATION_FIELDS)),
  acceptance: section('受理', 'Acceptance', recorded('ACCEPT_APPEAL')),
  reviewReport: section('审查', 'Review of the file', recorded('SUBMIT_REVIEW_REPORT')),
  decision: section('申诉决定', 'Appeal decision', {
    ...recorded('DECIDE_APPEAL'),
    result: entry('申诉结果', 'Result', { values: REVIEW_RESULT_LABELS }),
    newOutcome: entry('变更后的认定', 'New outcome', { values: OUTCOME_LABELS }),
    decidedOn: entry('决定日期', 'Decided on'),
    vote: section('集体研究', 'Collective deliberation', {
      ...labelsOfFields(collectiveDecisionFields()),
      committee: section('委员会', 'Committee', {
        jurisdiction: entry('委员会所属机关', 'Committee of'),
        version: entry('组成版本', 'Roster version'),
        members: entry('委员人数', 'Members'),
        quorum: entry('法定人数', 'Quorum'),
      }),
    }),
  }),
});

/** The time to decide counts from the filing of the appeal, in every step until the decision. */
const decisionDeadline = {
  rule: 'appeal.decision',
  label: l('申诉决定期限', 'Appeal decision due'),
  length: APPEAL_DECISION_MONTHS,
  unit: 'months',
  startsAt: { label: l('提出申诉之日', 'The day the appeal was filed'), day: (context: AppealContext) => context.filed?.at },
} as const;

/** 申诉案件 — an appeal heard as its own case by the body one level up (issue 18 §3; domain.md §3.1 step 7, §7). */
export const appealV1: ProcedureDefinition<typeof appealMachine> = {
  id: 'appeal',
  version: 1,
  label: l('申诉案件', 'Appeal case'),
  machine: appealMachine,
  creation: {
    // Opened only by the appeal filed in the lower case, in that transaction.
    roles: ['system'],
    label: l('提出申诉', 'File an appeal'),
    fields: APPEAL_CREATION_FIELDS,
  },
  events,
  states: {
    received: { label: l('待受理', 'Awaiting acceptance'), turn: ['officer'], phase: 0, deadline: decisionDeadline },
    reviewing: { label: l('审查中', 'Under review'), turn: ['officer'], phase: 1, deadline: decisionDeadline },
    atCommittee: { label: l('待集体研究', 'Awaiting the committee'), turn: ['committee'], phase: 2, deadline: decisionDeadline },
    decided: { label: l('已作出申诉决定', 'Decided'), turn: [], phase: 3 },
  },
  phases: [l('受理', 'Acceptance'), l('审查', 'Review'), l('集体研究', 'Collective deliberation'), l('决定', 'Decision')],
  record,
};
