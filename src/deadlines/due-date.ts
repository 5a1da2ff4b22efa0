/**
 * Due instants. Offices work on China time (UTC+8, no DST since 1991), so a deadline is counted
 * from the local date a step was entered and runs to the END of the local due day: work done
 * late on the last day is still on time. Stored instants stay UTC ISO strings.
 */
import { addCalendarDays, isoDateToUtcMs, utcMsToIsoDate, type WorkingCalendar } from './working-calendar';

export type DurationUnit = 'workingDays' | 'calendarDays' | 'months';

export interface Duration {
  length: number;
  unit: DurationUnit;
}

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const LAST_MS_OF_DAY = 24 * 60 * 60 * 1000 - 1;
// An explicit zone is required: without one, Date.parse reads the host's local time.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The China-time (UTC+8) calendar date of an ISO instant, as `YYYY-MM-DD`. */
export function localDate(instant: string): string {
  const ms = ISO_INSTANT.test(instant) ? Date.parse(instant) : NaN;
  if (Number.isNaN(ms)) {
    throw new RangeError(`Not an ISO instant with a zone (e.g. 2026-03-01T17:00:00Z): ${instant}`);
  }
  return utcMsToIsoDate(ms + CHINA_OFFSET_MS);
}

/** 23:59:59.999 China time on `date` (`YYYY-MM-DD`), as an ISO UTC string. */
export function dueAtEndOfLocalDate(date: string): string {
  return new Date(isoDateToUtcMs(date) + LAST_MS_OF_DAY - CHINA_OFFSET_MS).toISOString();
}

/** A due instant, and the years its working days were counted Monday to Friday for (none: official). */
export interface DueDate {
  dueAt: string;
  provisionalYears: number[];
}

/**
 * When a deadline of `duration` started at `enteredAt` falls due. The entry day never counts:
 * 5 working days from a Monday end on the following Monday. Working days that run into a year
 * without holiday data are counted Monday to Friday there, and the answer says which years it
 * assumed (domain.md §4: a missing year never blocks work; it is recomputed when it arrives).
 */
export function dueDate(enteredAt: string, duration: Duration, calendar: WorkingCalendar): DueDate {
  const { length, unit } = duration;
  if (!Number.isInteger(length) || length < 1) {
    throw new RangeError(`Deadline length must be an integer >= 1, not ${length}`);
  }
  const start = localDate(enteredAt);
  switch (unit) {
    case 'workingDays': {
      const counted = calendar.countWorkingDays(start, length);
      return { dueAt: dueAtEndOfLocalDate(counted.date), provisionalYears: counted.provisionalYears };
    }
    case 'calendarDays':
      return { dueAt: dueAtEndOfLocalDate(addCalendarDays(start, length)), provisionalYears: [] };
    case 'months':
      return { dueAt: dueAtEndOfLocalDate(addMonthsClamped(start, length)), provisionalYears: [] };
    default: {
      const unknownUnit: never = unit;
      throw new RangeError(`Unknown deadline unit: ${String(unknownUnit)}`);
    }
  }
}

/** The due instant alone (see `dueDate`, which also says whether it is provisional). */
export function dueAt(enteredAt: string, duration: Duration, calendar: WorkingCalendar): string {
  return dueDate(enteredAt, duration, calendar).dueAt;
}

/** Same day-of-month `months` later; a day the target month lacks becomes its last day (31 Jan + 1 → 28/29 Feb). */
function addMonthsClamped(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return utcMsToIsoDate(target.getTime());
}
