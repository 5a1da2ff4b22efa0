import { entry, eventTable, labelsOfFields, recordSpec, section, type Label, type ProcedureDefinition } from '../core';
import { FALSE_ACCUSATION_CREATION_FIELDS, FALSE_ACCUSATION_EVENT_FIELDS } from './false-accusation.fields';
import { falseAccusationMachine } from './false-accusation.machine';
import { REVIEW_WINDOW_MONTHS } from './false-accusation.model';

const l = (zh: string, en: string): Label => ({ zh, en });

/** Who takes each step, what it is called, and whether the timeline of the person concerned shows it. */
const events = eventTable(FALSE_ACCUSATION_EVENT_FIELDS, {
  CONCLUDE_MISTAKEN: { label: l('认定为错告', 'Conclude: mistaken report (错告)'), roles: ['officer'], applicantMilestone: true },
  CONCLUDE_UNDETERMINED: { label: l('无法认定诬告陷害', 'Conclude: cannot be determined'), roles: ['officer'], applicantMilestone: true },
  FIND_MALICIOUS: { label: l('认定为诬告陷害，提请集体研究', 'Find malicious false accusation (诬告陷害)'), roles: ['officer'] },
  RETURN_FINDING: { label: l('退回补充核查', 'Return for further investigation'), roles: ['committee'] },
  DECIDE_MEASURES: {
    label: l('集体研究作出处理决定', 'Decide the measures (collective)'),
    roles: ['committee'],
    applicantMilestone: true,
    facts: { committee: true },
  },
  RECORD_EXECUTION: { label: l('记录处理措施执行情况', 'Record the execution of a measure'), roles: ['officer'] },
  REQUEST_REVIEW: { label: l('申请复核', 'Request a review'), roles: ['applicant', 'officer'], applicantMilestone: true },
  REVIEW_WINDOW_EXPIRED: { label: l('复核申请期满', 'Review window expired'), roles: ['system'] },
  DECIDE_REVIEW: { label: l('复核决定', 'Review decision'), roles: ['committee'], applicantMilestone: true, facts: { committee: true } },
  RECORD_TALK: { label: l('与被诬告干部谈心谈话', 'Record a talk with the cadre falsely accused'), roles: ['officer'] },
});

const recorded = (type: keyof typeof FALSE_ACCUSATION_EVENT_FIELDS) => labelsOfFields(FALSE_ACCUSATION_EVENT_FIELDS[type]);
const DECISION = recorded('DECIDE_MEASURES');

/** A finding on the report: mistaken, undetermined or malicious, with what each records. */
const conclusion = (zh: string, en: string) =>
  section(zh, en, {
    kind: entry('认定', 'Finding', {
      values: {
        mistaken: l('错告', 'Mistaken report'),
        undetermined: l('无法认定诬告陷害', 'Cannot be determined'),
        malicious: l('诬告陷害', 'Malicious false accusation'),
      },
    }),
    ...recorded('CONCLUDE_MISTAKEN'),
    ...recorded('FIND_MALICIOUS'),
  });

/** The record's labels (the context as the case view shows it), in the field's own terms. */
const record = recordSpec({
  origin: section('来源案件', 'Originating case', {}),
  opening: section('启动查处', 'Opened', {
    accusationSummary: entry('检举控告内容摘要', 'Summary of the accusation'),
    clarificationConclusion: entry('澄清正名案件核查结论', 'Verification conclusion in the clarification case', {
      values: {
        true: l('属实', 'True'),
        partlyTrue: l('部分属实', 'Partly true'),
        untrue: l('失实', 'Untrue'),
        unverifiable: l('无法查实', 'Cannot be verified'),
      },
    }),
  }),
  conclusion: conclusion('核查结论', 'Finding'),
  returns: section('退回补充核查', 'Returned for further investigation', {
    ...recorded('RETURN_FINDING'),
    finding: conclusion('被退回的认定', 'Finding returned'),
  }),
  decision: section('处理决定', 'Decision on the measures', DECISION),
  executions: section('执行情况', 'Execution of the measures', recorded('RECORD_EXECUTION')),
  reviewWindow: section('复核申请期', 'Review window', { openedAt: entry('起算时间', 'Opened at') }),
  reviewRequest: section('复核申请', 'Review request', {
    ...recorded('REQUEST_REVIEW'),
    onBehalf: entry('由承办人代为登记书面申请', 'Written request recorded by an officer'),
  }),
  reviewDecision: section('复核决定', 'Review decision', {
    ...recorded('DECIDE_REVIEW'),
    newDecision: section('变更后的处理措施', 'Measures as changed', DECISION),
  }),
  talks: section('谈心谈话', 'Heart-to-heart talks', recorded('RECORD_TALK')),
  closure: section('办结', 'Closure', {
    cause: entry('办结原因', 'Closed because', {
      values: { reviewWindowExpired: l('复核申请期满', 'Review window expired'), reviewDecided: l('已作出复核决定', 'Review decided') },
    }),
  }),
});

/** False-accusation handling (诬告陷害查处), domain.md §3.4. */
export const falseAccusationV1: ProcedureDefinition<typeof falseAccusationMachine> = {
  id: 'falseAccusation',
  version: 1,
  label: l('诬告陷害查处', 'False-accusation handling'),
  machine: falseAccusationMachine,
  creation: {
    // Opened only from a clarification case (domain.md §3.3 step 8, §3.4 step 1).
    roles: ['system'],
    label: l('启动诬告陷害查处', 'Open a false-accusation case'),
    fields: FALSE_ACCUSATION_CREATION_FIELDS,
  },
  accuserIsSubject: true,
  protectedPerson: { role: 'accuser', label: l('被处理人', 'Person handled') },
  phases: [l('核查', 'Investigation'), l('集体研究决定', 'Collective decision'), l('执行', 'Execution'), l('复核', 'Review'), l('办结', 'Closed')],
  events,
  record,
  states: {
    investigating: {
      label: l('核查', 'Investigation'),
      turn: ['officer'],
      phase: 0,
      deadline: {
        rule: 'falseAccusation.investigation',
        label: l('核查期限', 'Investigation period'),
        length: 60,
        unit: 'calendarDays',
        startsAt: { label: l('启动查处（退回重新核查）之日', 'The day the case was opened (or the finding returned)') },
      },
    },
    deciding: {
      label: l('集体研究', 'Collective decision'),
      turn: ['committee'],
      phase: 1,
    },
    executing: {
      label: l('执行处理决定', 'Executing the measures'),
      turn: ['officer'],
      phase: 2,
    },
    reviewWindow: {
      label: l('复核申请期', 'Review window'),
      turn: ['applicant', 'officer'],
      phase: 3,
      deadline: {
        rule: 'falseAccusation.reviewRequest',
        label: l('申请复核期限', 'Review request window'),
        length: REVIEW_WINDOW_MONTHS,
        unit: 'months',
        onExpiry: 'REVIEW_WINDOW_EXPIRED',
        // isWithinReviewWindow checks the same window, with the length in force.
        startsAt: { label: l('处理措施执行完毕之日', 'The day the last measure was recorded as executed') },
        countedByMachine: true,
      },
    },
    reviewing: {
      label: l('复核', 'Review'),
      turn: ['committee'],
      phase: 3,
      deadline: {
        rule: 'falseAccusation.review',
        label: l('复核办理期限', 'Review period'),
        length: 1,
        unit: 'months',
        startsAt: { label: l('申请复核之日', 'The day the review was requested') },
      },
    },
    closed: {
      label: l('查处办结', 'Closed'),
      turn: [],
      phase: 4,
    },
    closedMistaken: {
      label: l('属错告，不以诬告陷害论处', 'Closed: mistaken report'),
      turn: [],
      phase: 4,
    },
    closedUndetermined: {
      label: l('无法认定诬告陷害，办结', 'Closed: cannot be determined'),
      turn: [],
      phase: 4,
    },
  },
};
