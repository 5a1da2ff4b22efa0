import type { TimingRule } from '../../workflows/indicators';
import { lastDayOf, officeDayOf } from '../../workflows/core/time';
import type { WorkingCalendar } from '../deadlines/working-calendar';

/** One applied entry of a case's chain, as the timing rules read it. */
export interface ChainEntry {
  position: number;
  event: string;
  at: string;
  fromState: string | null;
  toState: string | null;
  data: Record<string, unknown>;
}

/** The national limits the rules count with (domain.md §3.2, §3.3); the same as the machines' defaults. */
const DEFAULT_RECTIFICATION_MONTHS = 3;
const CLARIFICATION_MONTHS = 1;
const NOTICE_WORKING_DAYS = 15;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/**
 * Whether the counted entry (at `index` of its case's chain; `element` the list element counted,
 * for an indicator that counts each item) met its time limit, by the rule's 统计口径
 * (workflows/indicators.ts `TimingRule`, docs/statistics.md). Undefined when the chain lacks what
 * the rule needs (the entry then counts in the total only).
 */
export function timingOf(
  rule: TimingRule,
  chain: readonly ChainEntry[],
  index: number,
  element: Record<string, unknown> | undefined,
  calendar: WorkingCalendar,
): 'onTime' | 'late' | undefined {
  const before = chain.slice(0, index);
  const counted = chain[index];
  const lastBefore = (event: string) => [...before].reverse().find((entry) => entry.event === event);
  let day: string | undefined;
  let limit: string | undefined;
  if (rule === 'correctionItem') {
    const itemNo = Number(element?.itemNo);
    const order = lastBefore('ISSUE_ORDER');
    const report = lastBefore('REPORT_COMPLETION');
    if (!order || !report || !Number.isInteger(itemNo)) return undefined;
    const items = Array.isArray(order.data.items) ? (order.data.items as Array<Record<string, unknown>>) : [];
    limit = text(items[itemNo - 1]?.dueDate) ?? lastDayOf(order.at, { length: DEFAULT_RECTIFICATION_MONTHS, unit: 'months' });
    // The deadline as it stood: moved by each approved extension and by a failed check's re-do date.
    for (const [at, entry] of before.entries()) {
      if (entry.position <= order.position) continue;
      if (entry.event === 'APPROVE_EXTENSION') {
        const request = [...before.slice(0, at)].reverse().find((candidate) => candidate.event === 'REQUEST_EXTENSION');
        limit = text(request?.data.newDueDate) ?? limit;
      }
      if (entry.event === 'CHECK_ITEMS') {
        const results = Array.isArray(entry.data.results) ? (entry.data.results as Array<Record<string, unknown>>) : [];
        if (results.some((result) => Number(result.itemNo) === itemNo && result.result === 'failed')) limit = text(entry.data.redoDueDate) ?? limit;
      }
    }
    day = officeDayOf(report.at);
  } else if (rule === 'clarification') {
    const conclusion = lastBefore('CONCLUDE_VERIFICATION');
    if (!conclusion) return undefined;
    limit = lastDayOf(conclusion.at, { length: CLARIFICATION_MONTHS, unit: 'months' });
    day = text(counted.data.clarifiedOn) ?? officeDayOf(counted.at);
  } else if (rule === 'acceptanceNotice') {
    const receivedOn = text(chain[0]?.event === 'CREATE' ? chain[0].data.receivedOn : undefined);
    if (!receivedOn) return undefined;
    limit = calendar.countWorkingDays(receivedOn, NOTICE_WORKING_DAYS).date;
    day = text(counted.data.notifiedOn) ?? officeDayOf(counted.at);
  } else {
    // The result was settled by the entry that brought the case into the state the notice is given in.
    const settled = [...before].reverse().find((entry) => entry.toState === counted.fromState && entry.fromState !== entry.toState);
    if (!settled) return undefined;
    limit = calendar.countWorkingDays(officeDayOf(settled.at), NOTICE_WORKING_DAYS).date;
    day = text(counted.data.notifiedOn) ?? officeDayOf(counted.at);
  }
  return day <= limit ? 'onTime' : 'late';
}
