import type { Label } from './core';
import { CONCLUSION_LABELS } from './clarification/clarification.fields';
import { MEASURE_LABELS, REVIEW_OUTCOME_LABELS } from './false-accusation/false-accusation.fields';
import { RESPONSIBLE_LABELS } from './correction/correction.fields';
import { MITIGATION_LABELS, REJECTION_GROUND_LABELS, OUTCOME_LABELS, REVIEW_RESULT_LABELS } from './tolerance/tolerance.fields';

/**
 * The official documents (文书, domain.md §5) the steps of the procedures issue: which step issues
 * which document, and the values a document's template may name that come from the step (the
 * engine adds the ones every document has: the issuing body, the 文号, the date, the case number,
 * the cadre and the unit). Pure data like `indicators.ts`: src/documents renders, numbers and
 * records them; the wording lives in the templates there, which the system administrator edits.
 */

export type DocumentKind =
  | 'acceptanceNotice'
  | 'rejectionNotice'
  | 'supplementNotice'
  | 'exemptionDecision'
  | 'mitigationDecision'
  | 'nonToleranceDecision'
  | 'reviewDecision'
  | 'correctionNotice'
  | 'clarificationStatement'
  | 'reportAcceptanceNotice'
  | 'reportResultNotice'
  | 'falseAccusationDecision'
  | 'reminderLetter'
  | 'supervisionLetter'
  | 'approvalForm'
  | 'vettingReply';

export interface DocumentKindSpec {
  label: Label;
  /** 机关代字 after the body's short name in the 文号: one sequence per body, year and 代字. */
  series: string;
  /** Served on the party (the applicant's page shows it prominently); internal forms are not. */
  servedOnParty: boolean;
  /** The values the step gives the template, by placeholder name, with what each means. */
  values: Readonly<Record<string, Label>>;
}

const l = (zh: string, en: string): Label => ({ zh, en });

const decisionValues = {
  认定理由: l('集体研究认定的理由', 'The reasoning of the decision'),
  会议日期: l('集体研究的会议日期', 'The meeting date'),
  处理意见: l('从轻或减轻处理及影响期', 'Lighter or reduced handling and the impact period'),
};

export const DOCUMENT_KINDS: Readonly<Record<DocumentKind, DocumentKindSpec>> = {
  acceptanceNotice: { label: l('受理通知书', 'Notice of acceptance'), series: '容受', servedOnParty: true, values: { 受理意见: l('受理意见', 'Remarks') } },
  rejectionNotice: {
    label: l('不予受理通知书', 'Notice of non-acceptance'),
    series: '容受',
    servedOnParty: true,
    values: { 不予受理情形: l('不予受理的情形', 'The ground'), 不予受理理由: l('不予受理的理由', 'The reason') },
  },
  supplementNotice: {
    label: l('补正材料通知书', 'Notice to supply material'),
    series: '容补',
    servedOnParty: true,
    values: { 补正材料: l('需补正的材料（逐项）', 'The material to supply, item by item'), 补正说明: l('说明', 'Remarks') },
  },
  exemptionDecision: { label: l('容错免责决定书', 'Decision: exemption'), series: '容决', servedOnParty: true, values: decisionValues },
  mitigationDecision: { label: l('从轻减轻处理决定书', 'Decision: lighter or reduced handling'), series: '容决', servedOnParty: true, values: decisionValues },
  nonToleranceDecision: { label: l('不予容错决定书', 'Decision: not tolerated'), series: '容决', servedOnParty: true, values: decisionValues },
  reviewDecision: {
    label: l('复核决定书', 'Review decision'),
    series: '复决',
    servedOnParty: true,
    values: {
      复核结果: l('维持或变更原决定', 'Upheld or changed'),
      复核理由: l('复核决定的理由', 'The reasoning'),
      会议日期: l('会议日期', 'The meeting date'),
    },
  },
  correctionNotice: {
    label: l('纠错（整改）通知书', 'Correction order'),
    series: '纠通',
    servedOnParty: true,
    values: { 整改事项: l('纠错事项、责任主体和期限（逐项）', 'The items, who is responsible and by when') },
  },
  clarificationStatement: {
    label: l('澄清正名材料', 'Written clarification'),
    series: '澄',
    servedOnParty: true,
    values: { 澄清日期: l('澄清日期', 'Date clarified'), 澄清范围: l('澄清对象及范围', 'Audience'), 澄清内容: l('书面澄清材料', 'The clarification') },
  },
  reportAcceptanceNotice: {
    label: l('实名举报受理告知书', 'Notice to a signed reporter: acceptance'),
    series: '告',
    servedOnParty: false,
    values: { 告知日期: l('告知日期', 'Date told'), 核查结论: l('核查结论（尚未核查时为空）', 'The conclusion (empty before verification)') },
  },
  reportResultNotice: {
    label: l('处理结果告知书', 'Notice to a signed reporter: result'),
    series: '告',
    servedOnParty: false,
    values: { 告知日期: l('告知日期', 'Date told'), 核查结论: l('核查结论', 'The conclusion') },
  },
  falseAccusationDecision: {
    label: l('诬告陷害处理决定书', 'Decision on a malicious false accusation'),
    series: '诬决',
    servedOnParty: false,
    values: {
      处理措施: l('处理措施', 'The measures'),
      处理理由: l('处理理由', 'The reasoning'),
      审批机关: l('审批机关', 'Approving body'),
      会议日期: l('会议日期', 'The meeting date'),
    },
  },
  reminderLetter: {
    label: l('提示函', 'Reminder letter (yellow)'),
    series: '提',
    servedOnParty: false,
    values: { 办理事项: l('到期的办理环节', 'The step due'), 办理期限: l('办理期限', 'Due date') },
  },
  supervisionLetter: {
    label: l('督办函', 'Supervision letter (red)'),
    series: '督',
    servedOnParty: false,
    values: { 办理事项: l('逾期的办理环节', 'The step overdue'), 办理期限: l('办理期限', 'Due date') },
  },
  approvalForm: {
    label: l('呈批表', 'Submission for approval'),
    series: '呈',
    servedOnParty: false,
    values: { 审理意见: l('审理意见', 'Review opinion'), 建议认定: l('建议认定结果', 'Recommended outcome') },
  },
  /** 党风廉政意见回复 (issue 21 §3): not a step of a case; issued when the body answers a vetting inquiry. */
  vettingReply: {
    label: l('党风廉政意见回复函', 'Reply on a cadre’s integrity record (promotion vetting)'),
    series: '函',
    servedOnParty: false,
    values: {
      征求用途: l('征求意见的用途（选拔任用、评优评先等）', 'What the opinion is asked for'),
      截至日期: l('回复所依据的日期', 'The day the reply speaks for'),
      结果情况: l('该日有效的各项结果（逐项）', 'The results in force on that day, item by item'),
      综合意见: l('干部使用的综合意见', 'The standing for the cadre’s use'),
      干部职务: l('干部职务', 'The cadre’s position'),
    },
  },
};

export const DOCUMENT_KIND_IDS = Object.keys(DOCUMENT_KINDS) as DocumentKind[];

/** What a step issues: the kind (chosen from the step's data) and the values for its template. */
export interface IssuedByStep {
  kind: (data: Record<string, unknown>) => DocumentKind | null;
  /** The step's data, and the case's record as the step leaves it. */
  values: (data: Record<string, unknown>, context: Record<string, unknown>) => Record<string, string>;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const list = (items: unknown): string =>
  Array.isArray(items) ? items.map((item, index) => `${index + 1}．${typeof item === 'string' ? item : JSON.stringify(item)}`).join('\n') : '';

const decision = (data: Record<string, unknown>): Record<string, string> => ({
  认定理由: text(data.reasoning),
  会议日期: chineseDate(text(data.meetingDate)),
  处理意见:
    data.outcome === 'mitigated'
      ? `给予${MITIGATION_LABELS[data.mitigation as keyof typeof MITIGATION_LABELS]?.zh ?? '从轻处理'}，影响期${Number(data.impactMonths) || 0}个月，自本决定作出之日起计算`
      : '',
});

const reviewDecision = (data: Record<string, unknown>): Record<string, string> => ({
  复核结果:
    data.result === 'changed'
      ? `变更原决定，重新认定为${OUTCOME_LABELS[data.newOutcome as keyof typeof OUTCOME_LABELS]?.zh ?? ''}`
      : (REVIEW_RESULT_LABELS[data.result as keyof typeof REVIEW_RESULT_LABELS]?.zh ?? text(data.result)),
  复核理由: text(data.reasoning),
  会议日期: chineseDate(text(data.meetingDate)),
});

const notice = (data: Record<string, unknown>, context: Record<string, unknown>): Record<string, string> => ({
  告知日期: chineseDate(text(data.notifiedOn)),
  核查结论: CONCLUSION_LABELS[(context.verification as { conclusion?: string } | undefined)?.conclusion as keyof typeof CONCLUSION_LABELS]?.zh ?? '',
});

/** Per procedure, per event: the document that step issues. */
export const DOCUMENTS_BY_STEP: Readonly<Record<string, Readonly<Record<string, IssuedByStep>>>> = {
  tolerance: {
    ACCEPT: { kind: () => 'acceptanceNotice', values: (d) => ({ 受理意见: text(d.note) }) },
    REJECT: {
      kind: () => 'rejectionNotice',
      values: (d) => ({
        不予受理情形: REJECTION_GROUND_LABELS[d.ground as keyof typeof REJECTION_GROUND_LABELS]?.zh ?? '',
        不予受理理由: text(d.reason),
      }),
    },
    REQUEST_SUPPLEMENT: { kind: () => 'supplementNotice', values: (d) => ({ 补正材料: list(d.items), 补正说明: text(d.note) }) },
    PASS_TO_COMMITTEE: {
      kind: () => 'approvalForm',
      values: (d) => ({ 审理意见: text(d.opinion), 建议认定: OUTCOME_LABELS[d.recommendation as keyof typeof OUTCOME_LABELS]?.zh ?? '' }),
    },
    DECIDE: {
      kind: (d) => (d.outcome === 'exemption' ? 'exemptionDecision' : d.outcome === 'mitigated' ? 'mitigationDecision' : 'nonToleranceDecision'),
      values: decision,
    },
    DECIDE_REVIEW: { kind: () => 'reviewDecision', values: reviewDecision },
  },
  correction: {
    ISSUE_ORDER: {
      kind: () => 'correctionNotice',
      values: (d) => ({
        整改事项: Array.isArray(d.items)
          ? d.items
              .map(
                (item: Record<string, unknown>, index: number) =>
                  `${index + 1}．${text(item.requirement)}（整改责任主体：${RESPONSIBLE_LABELS[item.responsible as keyof typeof RESPONSIBLE_LABELS]?.zh ?? ''}${
                    item.dueDate ? `；整改期限：${chineseDate(text(item.dueDate))}前` : ''
                  }）`,
              )
              .join('\n')
          : '',
      }),
    },
  },
  clarification: {
    NOTIFY_ACCEPTANCE: { kind: () => 'reportAcceptanceNotice', values: notice },
    RECORD_CLARIFICATION: {
      kind: () => 'clarificationStatement',
      values: (d) => ({ 澄清日期: chineseDate(text(d.clarifiedOn)), 澄清范围: text(d.audience), 澄清内容: text(d.writtenClarification) }),
    },
    NOTIFY_RESULT: { kind: () => 'reportResultNotice', values: notice },
  },
  falseAccusation: {
    DECIDE_MEASURES: {
      kind: () => 'falseAccusationDecision',
      values: (d) => ({
        处理措施: Array.isArray(d.measures) ? d.measures.map((m: string) => MEASURE_LABELS[m as keyof typeof MEASURE_LABELS]?.zh ?? m).join('；') : '',
        处理理由: text(d.reasoning),
        审批机关: text(d.approvingBody),
        会议日期: chineseDate(text(d.meetingDate)),
      }),
    },
    DECIDE_REVIEW: {
      kind: () => 'reviewDecision',
      values: (d) => ({
        复核结果: REVIEW_OUTCOME_LABELS[d.outcome as keyof typeof REVIEW_OUTCOME_LABELS]?.zh ?? '',
        复核理由: text(d.reasoning),
        会议日期: chineseDate(text(d.meetingDate)),
      }),
    },
  },
};

/**
 * Who a document names as the party: the cadre, except where the party is the person handled for
 * a false accusation, whose identity is sealed (domain.md §4): documents name the role pseudonym
 * and the name is written in on paper at service.
 */
export const DOCUMENT_PARTY_PSEUDONYM: Readonly<Record<string, string>> = { falseAccusation: '被处理人' };

/**
 * Whom a document of a case is served on, among the case's parties: the cadre or applicant (the
 * kinds `servedOnParty`), or, in a false-accusation case, only the person handled (the protected
 * accuser): its decisions concern them, not the cadre they accused.
 */
export function servedOn(procedure: string, kind: DocumentKind): 'party' | 'protectedPerson' | null {
  if (procedure in DOCUMENT_PARTY_PSEUDONYM) return kind === 'falseAccusationDecision' || kind === 'reviewDecision' ? 'protectedPerson' : null;
  return DOCUMENT_KINDS[kind].servedOnParty ? 'party' : null;
}

/** The document a step issues, if any, with its values. */
export function documentOfStep(
  procedure: string,
  event: string,
  data: Record<string, unknown>,
  context: Record<string, unknown>,
): { kind: DocumentKind; values: Record<string, string> } | null {
  const step = DOCUMENTS_BY_STEP[procedure]?.[event];
  const kind = step?.kind(data);
  return step && kind ? { kind, values: step.values(data, context) } : null;
}

/** 2026-07-15 → 2026年7月15日 (GB/T 9704-2012 7.3.5.1: Arabic numerals, no leading zeros). */
export function chineseDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  return match ? `${match[1]}年${Number(match[2])}月${Number(match[3])}日` : '';
}
