export type TimeUnit = 'workingDays' | 'calendarDays' | 'months';

/** A length of time as a procedure's table states it (15 working days, 1 month). */
export interface Duration {
  length: number;
  unit: TimeUnit;
}

/**
 * Calendar arithmetic machines may do themselves: windows counted in calendar days or months
 * ("within 1 month of receipt"). Working days need the jurisdiction's holiday calendar, which
 * lives outside the machines, so working-day limits are enforced by deadlines that send events.
 */
export function addCalendar(isoInstant: string, length: number, unit: 'calendarDays' | 'months'): Date {
  const date = new Date(isoInstant);
  if (unit === 'calendarDays') {
    date.setUTCDate(date.getUTCDate() + length);
    return date;
  }
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() + length);
  // 31 January + 1 month is the last day of February, not 3 March.
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return date;
}

/** True when `at` is no later than `length` units after `from` (both ISO instants). */
export function isWithin(from: string | undefined, at: string, length: number, unit: 'calendarDays' | 'months'): boolean {
  if (!from) return false;
  return new Date(at).getTime() <= addCalendar(from, length, unit).getTime();
}

/**
 * Offices work on China time (UTC+8, no daylight saving): a limit runs to the END of its last local
 * day, as the service's deadline rows count it (src/deadlines/due-date.ts), so a guard that checks
 * the same window agrees with the row that closes it.
 */
const OFFICE_UTC_OFFSET_MS = 8 * 3600 * 1000;

/** The office's (China time) calendar day of an ISO instant, or a `YYYY-MM-DD` day as it is. */
export function officeDay(instantOrDay: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(instantOrDay)) return instantOrDay;
  return new Date(Date.parse(instantOrDay) + OFFICE_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The last day (`YYYY-MM-DD`) of a limit counted in calendar days or months from `from`'s office
 * day; the start day does not count, and a day the target month lacks becomes its last day
 * (31 January + 1 month: 28/29 February).
 */
export function lastDayOf(from: string, duration: Duration): string {
  const [y, m, d] = officeDay(from).split('-').map(Number);
  if (duration.unit === 'calendarDays') return new Date(Date.UTC(y, m - 1, d + duration.length)).toISOString().slice(0, 10);
  if (duration.unit === 'months') {
    const target = new Date(Date.UTC(y, m - 1 + duration.length, 1));
    const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    target.setUTCDate(Math.min(d, lastDay));
    return target.toISOString().slice(0, 10);
  }
  // Working days need the jurisdiction's holiday calendar, which machines do not have: such a
  // limit is enforced by its deadline row (the loader refuses working days for these rules).
  throw new RangeError(`a machine cannot count ${duration.length} ${duration.unit}`);
}

/** True when `at` falls on or before the last office day of the limit counted from `from`. */
export function isWithinLimit(from: string | undefined, at: string, duration: Duration): boolean {
  if (!from) return false;
  return officeDay(at) <= lastDayOf(from, duration);
}

/** The length in force for `rule`: the jurisdiction's, as the engine passes it with the event, else the default. */
export function limitInForce(event: { limits?: Readonly<Record<string, Duration>> }, rule: string, fallback: Duration): Duration {
  return event.limits?.[rule] ?? fallback;
}

/** The office's calendar day (`YYYY-MM-DD`, UTC+8) of an ISO instant: "today" for a step taken then. */
export function officeDayOf(isoInstant: string): string {
  return officeDay(isoInstant);
}

/** A length as a refusal names it: 「1个月」 / "1 month", 「15日」 / "15 days". */
export function durationWords(duration: Duration): { zh: string; en: string } {
  const plural = duration.length === 1 ? '' : 's';
  if (duration.unit === 'months') return { zh: `${duration.length}个月`, en: `${duration.length} month${plural}` };
  if (duration.unit === 'workingDays') return { zh: `${duration.length}个工作日`, en: `${duration.length} working day${plural}` };
  return { zh: `${duration.length}日`, en: `${duration.length} day${plural}` };
}
