import type { Label } from './core';
import { CLARIFICATION_METHOD_LABELS, CONCLUSION_LABELS } from './clarification/clarification.fields';
import { RESPONSIBLE_LABELS } from './correction/correction.fields';
import { MEASURE_LABELS } from './false-accusation/false-accusation.fields';
import { OUTCOME_LABELS, REVIEW_RESULT_LABELS } from './tolerance/tolerance.fields';

const l = (zh: string, en: string): Label => ({ zh, en });

/**
 * How one indicator's figure splits: by a value of the counted entry's own payload (`field`, a
 * dotted path; a list counts the entry once under each value it holds), by the event counted
 * (`byEvent`), or by a value an earlier entry of the same case recorded (`fromEarlier`: the last
 * such entry before the counted one, e.g. the method of the clarification plan that was carried out).
 */
export interface IndicatorBreakdown {
  label: Label;
  values: Record<string, Label>;
  field?: string;
  byEvent?: true;
  fromEarlier?: { event: string; field: string };
  /** In time or late, by one of the timing rules of src/statistics/timeliness.ts (values `onTime`, `late`). */
  timing?: TimingRule;
}

/**
 * The timing rules (docs/statistics.md, 统计口径 of each): whether a counted entry met its time limit.
 * - `correctionItem`: the completion report before the check that passed the item was made by the
 *   item's deadline in force (the order's date, moved by an approved extension, or the re-do date
 *   of a check it failed; an item the order gave no date: 3 months from the order).
 * - `clarification`: the clarification was carried out within 1 month of the verification conclusion.
 * - `acceptanceNotice`: the signed reporter was told of acceptance within 15 working days of receipt.
 * - `resultNotice`: the signed reporter was told of the result within 15 working days of the day the result was settled.
 */
export type TimingRule = 'correctionItem' | 'clarification' | 'acceptanceNotice' | 'resultNotice';

export const TIMING_VALUES = { onTime: l('按期', 'On time'), late: l('逾期', 'Late') } as const;

/**
 * A defined indicator (统计口径). Every indicator counts entries of the trail: applied entries
 * (`outcome = applied`) on a case's chain whose `event` is one of `events` (of `procedure`, or of
 * any procedure when it is null) and whose payload matches `match`, dated by the entry's `at` read in
 * China time (UTC+8). The unit and the jurisdiction are the case's (fixed when it was opened). Each
 * entry counts once: a figure is 人次 (times), so a case counted twice in a period is listed twice.
 * docs/statistics.md gives the same definitions in words; `definition` is the text the page shows.
 */
export interface IndicatorSpec {
  id: string;
  label: Label;
  group: Label;
  procedure: string | null;
  events: string[];
  /** Payload field (dotted path) → the values that count. */
  match?: Record<string, readonly string[]>;
  /** Payload fields (dotted paths) that must hold a value for the entry to count. */
  present?: readonly string[];
  breakdown?: IndicatorBreakdown;
  /**
   * Counts each element of a list in the entry's payload instead of the entry (e.g. each item of an
   * order); `match` then applies to the element, and a breakdown `field` is read from the element.
   */
  each?: { list: string; match?: Record<string, readonly string[]> };
  /**
   * Whether a report was signed is secret (domain.md §4): an indicator only signed reports reach
   * is an aggregate count with no drill-down, and is withheld where a filter or group narrows it
   * to a unit (docs/statistics.md).
   */
  secret?: true;
  definition: Label;
}

const TOLERANCE = l('容错纠错', 'Tolerance and correction');
const CLARIFICATION = l('澄清正名', 'Clarification');
const FALSE_ACCUSATION = l('诬告陷害查处', 'False accusations');
const FILING = l('防错备案', 'Risk-prevention filing');
const SUPERVISION = l('超期预警', 'Deadline warnings');

const WARNING_COLOURS = { red: l('红色预警', 'Red'), yellow: l('黄色预警', 'Yellow'), blue: l('蓝色预警', 'Blue') } as const;

export const INDICATORS: readonly IndicatorSpec[] = [
  {
    id: 'tolerance.decisions',
    label: l('容错认定人次', 'Tolerance decisions'),
    group: TOLERANCE,
    procedure: 'tolerance',
    events: ['DECIDE'],
    breakdown: { label: l('认定结果', 'Outcome'), field: 'outcome', values: OUTCOME_LABELS },
    definition: l(
      '统计期内记录的集体研究认定，每记录一次计一人次，按认定结果（容错免责、从轻/减轻处理、不予容错）分列；日期为认定记入系统之时（北京时间）；不含复核、申诉决定。',
      'Collective decisions (DECIDE) recorded in the period, one per entry, by outcome; dated when recorded (China time); review and appeal decisions excluded.',
    ),
  },
  {
    id: 'tolerance.reviewDecisions',
    label: l('容错复核决定', 'Tolerance review decisions'),
    group: TOLERANCE,
    procedure: 'tolerance',
    events: ['DECIDE_REVIEW'],
    breakdown: { label: l('复核结果', 'Result'), field: 'result', values: REVIEW_RESULT_LABELS },
    definition: l(
      '统计期内作出的容错复核决定，按维持原决定、变更原决定分列。',
      'Review decisions on tolerance (DECIDE_REVIEW) in the period, upheld or changed.',
    ),
  },
  {
    id: 'tolerance.appealDecisions',
    label: l('容错申诉决定', 'Tolerance appeal decisions'),
    group: TOLERANCE,
    procedure: 'tolerance',
    events: ['RECORD_APPEAL_DECISION'],
    breakdown: { label: l('申诉结果', 'Result'), field: 'result', values: REVIEW_RESULT_LABELS },
    definition: l(
      '统计期内登记的上一级机关申诉决定，按维持、变更分列。',
      "The appellate organ's decisions recorded in the period (RECORD_APPEAL_DECISION), upheld or changed.",
    ),
  },
  {
    id: 'tolerance.revoked',
    label: l('容错认定被撤销', 'Tolerance decisions revoked'),
    group: TOLERANCE,
    procedure: 'tolerance',
    events: ['DECISION_REVOKED'],
    definition: l(
      '统计期内因逾期未整改而撤销的容错认定（由关联纠错案件触发）。',
      'Tolerance decisions revoked in the period because rectification was overdue (DECISION_REVOKED).',
    ),
  },
  {
    id: 'tolerance.impactPeriodsEnded',
    label: l('影响期届满人次', 'Impact periods ended'),
    group: TOLERANCE,
    procedure: 'tolerance',
    events: ['IMPACT_PERIOD_ENDED'],
    definition: l(
      '统计期内届满、由系统记录的从轻/减轻处理影响期，每届满一次计一人次；自届满次日起干部可正常使用。撤销或尚未届满的不计。',
      'Impact periods of mitigated handling that ran out in the period, as the system recorded them (IMPACT_PERIOD_ENDED), one each; the cadre may be used normally from the next day. Revoked or still running periods are not counted.',
    ),
  },
  {
    id: 'correction.orders',
    label: l('下发纠错通知', 'Correction orders issued'),
    group: TOLERANCE,
    procedure: 'correction',
    events: ['ISSUE_ORDER'],
    definition: l('统计期内下发的纠错通知（责令限期整改），每份计一次。', 'Correction orders issued in the period (ISSUE_ORDER), one each.'),
  },
  {
    id: 'correction.completed',
    label: l('整改完成办结', 'Corrections completed'),
    group: TOLERANCE,
    procedure: 'correction',
    events: ['CONFIRM_COMPLETION'],
    definition: l('统计期内逐项验收后整改完成办结的纠错案件。', 'Correction cases closed as completed in the period (CONFIRM_COMPLETION).'),
  },
  {
    id: 'correction.extended',
    label: l('批准延长整改期限', 'Rectification extensions approved'),
    group: TOLERANCE,
    procedure: 'correction',
    events: ['APPROVE_EXTENSION'],
    definition: l('统计期内批准的整改延期，每次批准计一次。', 'Extensions of rectification approved in the period (APPROVE_EXTENSION).'),
  },
  {
    id: 'correction.overdue',
    label: l('逾期未整改', 'Rectification overdue'),
    group: TOLERANCE,
    procedure: 'correction',
    events: ['RECTIFICATION_OVERDUE'],
    definition: l('统计期内整改期限届满仍未整改、由系统记录的逾期。', 'Rectification deadlines that passed in the period (RECTIFICATION_OVERDUE).'),
  },
  {
    id: 'correction.escalated',
    label: l('逾期未整改追责', 'Overdue rectification escalated'),
    group: TOLERANCE,
    procedure: 'correction',
    events: ['DECIDE_CONSEQUENCE'],
    definition: l('统计期内对逾期未整改集体研究作出处理的纠错案件。', 'Collective decisions on overdue rectification in the period (DECIDE_CONSEQUENCE).'),
  },
  {
    id: 'correction.items',
    label: l('纠错事项', 'Correction items ordered'),
    group: TOLERANCE,
    procedure: 'correction',
    events: ['ISSUE_ORDER'],
    each: { list: 'items' },
    breakdown: { label: l('整改责任主体', 'Responsible party'), field: 'responsible', values: RESPONSIBLE_LABELS },
    definition: l(
      '统计期内下发的纠错通知所列整改事项，每项计一次，按整改责任主体分列；每份通知平均事项数＝本指标÷下发纠错通知数。',
      'Items listed by the correction orders issued in the period (ISSUE_ORDER), one each, by responsible party; items per order = this figure ÷ orders issued.',
    ),
  },
  {
    id: 'correction.itemsCompleted',
    label: l('整改事项验收通过', 'Correction items completed'),
    group: TOLERANCE,
    procedure: 'correction',
    events: ['CHECK_ITEMS'],
    each: { list: 'results', match: { result: ['passed'] } },
    breakdown: { label: l('是否按期', 'On time'), timing: 'correctionItem', values: TIMING_VALUES },
    definition: l(
      '统计期内逐项验收通过的整改事项，每项计一次；验收前最后一次报告整改完成之日不晚于该事项当时有效的整改期限（纠错通知所定期限；批准延期的，为延长后的期限；验收未通过限期重新整改的，为重新整改期限；通知未定期限的，为下发之日起3个月）为按期，否则为逾期。按期整改率＝按期÷合计。',
      'Items passed at the item-by-item check in the period (CHECK_ITEMS, result passed), one each; on time when the last completion report before the check was made by the deadline then in force for the item (the order’s date, an approved extension’s, the re-do date after a failed check; 3 months from the order when it gave none), else late. On-time rate = on time ÷ total.',
    ),
  },
  {
    id: 'clarification.conclusions',
    label: l('核查结论', 'Verification conclusions'),
    group: CLARIFICATION,
    procedure: 'clarification',
    events: ['CONCLUDE_VERIFICATION'],
    breakdown: { label: l('核查结论', 'Conclusion'), field: 'conclusion', values: CONCLUSION_LABELS },
    definition: l(
      '统计期内对检举控告作出的核查结论，按属实、部分属实、失实、无法查实分列。',
      'Verification conclusions on reports in the period (CONCLUDE_VERIFICATION), by conclusion.',
    ),
  },
  {
    id: 'clarification.clarified',
    label: l('澄清正名人数', 'Cadres clarified'),
    group: CLARIFICATION,
    procedure: 'clarification',
    events: ['RECORD_CLARIFICATION'],
    breakdown: {
      label: l('澄清方式', 'Method'),
      fromEarlier: { event: 'SUBMIT_PLAN', field: 'method' },
      values: CLARIFICATION_METHOD_LABELS,
    },
    definition: l(
      '统计期内实施的澄清，每件案件一名干部；澄清方式取该案此前最后一次提交的澄清方案所载方式；日期为记录实施之时。',
      'Clarifications carried out in the period (RECORD_CLARIFICATION), one cadre per case; the method is the one of the last plan submitted before it (SUBMIT_PLAN).',
    ),
  },
  {
    id: 'clarification.declined',
    label: l('干部不同意公开澄清', 'Clarification declined by the cadre'),
    group: CLARIFICATION,
    procedure: 'clarification',
    events: ['DECLINE_CLARIFICATION'],
    definition: l('统计期内被举报干部表示不同意公开澄清的次数。', 'Cadres who declined public clarification in the period (DECLINE_CLARIFICATION).'),
  },
  {
    id: 'clarification.clarifiedInTime',
    label: l('按期澄清正名', 'Clarified within the time limit'),
    group: CLARIFICATION,
    procedure: 'clarification',
    events: ['RECORD_CLARIFICATION'],
    breakdown: { label: l('是否按期', 'On time'), timing: 'clarification', values: TIMING_VALUES },
    definition: l(
      '统计期内实施的澄清，实施之日（北京时间）在最近一次核查结论作出之日起1个月内的为按期，否则为逾期；按期率＝按期÷合计。',
      'Clarifications carried out in the period (RECORD_CLARIFICATION); on time when carried out within 1 month of the last verification conclusion (China time), else late; rate = on time ÷ total.',
    ),
  },
  {
    id: 'reports.acceptanceNotified',
    label: l('实名举报受理情况告知', 'Signed reporters told of acceptance'),
    group: CLARIFICATION,
    procedure: 'clarification',
    events: ['NOTIFY_ACCEPTANCE'],
    breakdown: { label: l('是否在15个工作日内', 'Within 15 working days'), timing: 'acceptanceNotice', values: TIMING_VALUES },
    secret: true,
    definition: l(
      '统计期内告知实名检举控告人受理情况的次数；告知日期在收到检举控告之日起15个工作日内（按工作日历）的为按期；按期率＝按期÷合计。是否实名属于保密信息：本指标只提供汇总数，不提供案件明细，按单位筛选或分组时不提供。',
      'Signed reporters told of acceptance in the period (NOTIFY_ACCEPTANCE); on time when told within 15 working days of receipt (working calendar). Whether a report was signed is secret: an aggregate only, with no list of cases, and withheld under a unit filter or grouping.',
    ),
  },
  {
    id: 'reports.resultNotified',
    label: l('实名举报处理结果告知', 'Signed reporters told of the result'),
    group: CLARIFICATION,
    procedure: 'clarification',
    events: ['NOTIFY_RESULT'],
    breakdown: { label: l('是否在15个工作日内', 'Within 15 working days'), timing: 'resultNotice', values: TIMING_VALUES },
    secret: true,
    definition: l(
      '统计期内告知实名检举控告人处理结果的次数；告知日期在办理结果确定之日起15个工作日内（按工作日历）的为按期；按期率＝按期÷合计。只提供汇总数，不提供案件明细，按单位筛选或分组时不提供。',
      'Signed reporters told of the result in the period (NOTIFY_RESULT); on time when told within 15 working days of the day the result was settled (working calendar). An aggregate only, with no list of cases, withheld under a unit filter or grouping.',
    ),
  },
  {
    id: 'falseAccusation.conclusions',
    label: l('诬告陷害查处结论', 'False-accusation conclusions'),
    group: FALSE_ACCUSATION,
    procedure: 'falseAccusation',
    events: ['CONCLUDE_MISTAKEN', 'CONCLUDE_UNDETERMINED', 'DECIDE_MEASURES'],
    breakdown: {
      label: l('结论', 'Conclusion'),
      byEvent: true,
      values: {
        CONCLUDE_MISTAKEN: l('错告', 'Mistaken report'),
        CONCLUDE_UNDETERMINED: l('无法认定诬告陷害', 'Cannot be determined'),
        DECIDE_MEASURES: l('诬告陷害（集体研究作出处理）', 'Malicious (measures decided)'),
      },
    },
    definition: l(
      '统计期内诬告陷害查处案件的结论：认定错告、无法认定、认定诬告陷害并经集体研究作出处理。',
      'Conclusions of false-accusation cases in the period: mistaken, undetermined, malicious with measures decided.',
    ),
  },
  {
    id: 'falseAccusation.measures',
    label: l('诬告陷害处理措施', 'Measures against false accusers'),
    group: FALSE_ACCUSATION,
    procedure: 'falseAccusation',
    events: ['DECIDE_MEASURES'],
    breakdown: { label: l('处理措施', 'Measure'), field: 'measures', values: MEASURE_LABELS },
    definition: l(
      '统计期内集体研究决定的处理，合计为决定数；分列各措施（一项决定含多项措施的，各计一次），含纳入失信“黑名单”、移送司法机关。',
      'Measures decided in the period (DECIDE_MEASURES): the total counts decisions; each measure a decision names counts once under it (blacklist and judicial transfer included).',
    ),
  },
  {
    id: 'riskFiling.registered',
    label: l('防错备案登记', 'Risk-prevention filings registered'),
    group: FILING,
    procedure: 'riskFiling',
    events: ['REGISTER_FILING'],
    definition: l('统计期内登记并编定备案编号的防错备案。', 'Filings registered under a number in the period (REGISTER_FILING).'),
  },
  {
    id: 'riskFiling.cited',
    label: l('容错申请援引防错备案', 'Filings cited in tolerance applications'),
    group: FILING,
    procedure: 'tolerance',
    events: ['RECORD_ASSESSMENT'],
    present: ['facts.filing.filingNo'],
    definition: l(
      '统计期内容错案件综合分析研判时，核对申请所援引的防错备案、且在备案登记簿中查到已登记备案的次数；援引但未查到的不计。',
      'Assessments of tolerance cases in the period (RECORD_ASSESSMENT) that checked a cited filing and found it in the register (facts.filing); cited but not found is not counted.',
    ),
  },
  {
    id: 'warnings.raised',
    label: l('超期预警', 'Deadline warnings raised'),
    group: SUPERVISION,
    procedure: null,
    events: ['WARNING_CHANGED'],
    match: { 'warning.to': ['blue', 'yellow', 'red'] },
    breakdown: { label: l('预警颜色', 'Colour'), field: 'warning.to', values: WARNING_COLOURS },
    definition: l(
      '统计期内系统记录的预警颜色变化中变为蓝、黄、红色的次数，按变化后的颜色分列；预警撤销不计。',
      'Warning colour changes recorded in the period (WARNING_CHANGED) to blue, yellow or red, by the new colour; withdrawals excluded.',
    ),
  },
];

/**
 * The steps (states) only signed reports pass through, per procedure: their processing times are an
 * aggregate with no list of cases, withheld under a unit filter, as the signed-report indicators are.
 */
export const SIGNED_ONLY_STEPS: Readonly<Record<string, readonly string[]>> = {
  clarification: ['awaitingAcceptanceNotice', 'notifyingResult'],
};

export function findIndicator(id: string): IndicatorSpec | undefined {
  return INDICATORS.find((indicator) => indicator.id === id);
}

/** The value at a dotted path of an entry's payload. */
export function payloadValue(data: Record<string, unknown>, path: string): unknown {
  let value: unknown = data;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * The entries that decide a case on its merits, per procedure: the case list's "decided between"
 * filter looks for one of them in the range (docs/statistics.md).
 */
export const DECISION_EVENTS: Readonly<Record<string, readonly string[]>> = {
  tolerance: ['DECIDE', 'DECIDE_REVIEW', 'RECORD_APPEAL_DECISION'],
  correction: ['ISSUE_ORDER', 'DECIDE_CONSEQUENCE'],
  clarification: ['CONCLUDE_VERIFICATION'],
  falseAccusation: ['CONCLUDE_MISTAKEN', 'CONCLUDE_UNDETERMINED', 'DECIDE_MEASURES', 'DECIDE_REVIEW'],
  riskFiling: ['REGISTER_FILING'],
};
