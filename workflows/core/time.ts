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

/** The office's time zone (China, UTC+8): its calendar day is the day a business date names. */
const OFFICE_OFFSET_MS = 8 * 3600_000;

/** The office's calendar day (`YYYY-MM-DD`, UTC+8) of an ISO instant: "today" for a step taken then. */
export function officeDayOf(isoInstant: string): string {
  return new Date(Date.parse(isoInstant) + OFFICE_OFFSET_MS).toISOString().slice(0, 10);
}
