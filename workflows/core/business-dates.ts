import type { Label } from './label';
import { unmet, type UnmetCondition } from './rules';
import { officeDay, officeDayOf } from './time';

/**
 * Business dates a step records (a meeting, a service, a receipt, an execution): never later than
 * the day the step is recorded (the server's now, in the office's calendar), and where it makes no
 * sense, never before the case reached the point the date belongs to (issue 19 §3).
 */

/** The earliest day a date may name, and what happened then (「案件受理」). */
export interface EarliestDay {
  /** An ISO instant (a step's stamp) or a `YYYY-MM-DD` day. */
  since: string | undefined;
  what: Label;
}

/** The day a date names has come (today or earlier, in the office's calendar). */
export function notInFuture(date: string | undefined, at: string, field: string, label: Label): UnmetCondition[] {
  if (date === undefined) return [];
  const today = officeDayOf(at);
  return date > today
    ? [
        unmet(
          'date.inFuture',
          `“${label.zh}”（${date}）晚于今天（${today}），不能记录尚未发生的日期`,
          `${label.en} (${date}) is later than today (${today}): a date that has not come yet cannot be recorded`,
          field,
        ),
      ]
    : [];
}

/** The date is not before the step it belongs to began (the case did not exist, the decision was not made). */
export function notBefore(date: string | undefined, earliest: EarliestDay, field: string, label: Label): UnmetCondition[] {
  if (date === undefined || earliest.since === undefined) return [];
  const first = officeDay(earliest.since);
  return date < first
    ? [
        unmet(
          'date.beforeStep',
          `“${label.zh}”（${date}）早于${earliest.what.zh}之日（${first}）`,
          `${label.en} (${date}) is before ${earliest.what.en} (${first})`,
          field,
        ),
      ]
    : [];
}

/** A business date: not in the future and, where given, not before its step. */
export function businessDate(date: string | undefined, at: string, field: string, label: Label, earliest?: EarliestDay): UnmetCondition[] {
  return [...notInFuture(date, at, field, label), ...(earliest ? notBefore(date, earliest, field, label) : [])];
}

/** A date that must lie after another (an until after its from, a new deadline after the old). */
export function after(date: string | undefined, than: string | undefined, field: string, label: Label, thanLabel: Label): UnmetCondition[] {
  if (date === undefined || than === undefined) return [];
  return date <= officeDay(than)
    ? [
        unmet(
          'date.notAfter',
          `“${label.zh}”（${date}）应晚于${thanLabel.zh}（${officeDay(than)}）`,
          `${label.en} (${date}) must be later than ${thanLabel.en} (${officeDay(than)})`,
          field,
        ),
      ]
    : [];
}
