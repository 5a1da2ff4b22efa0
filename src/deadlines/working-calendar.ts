/**
 * Working-day (工作日) calendar: Monday–Friday, minus official holidays, plus make-up working days
 * (调休) that fall on weekends. Dates are plain local calendar dates `YYYY-MM-DD` (China has one
 * time zone and no DST, so a date needs no zone); arithmetic on them is done in UTC so the host's
 * time zone can never shift a day.
 */

/** One year of the State Council holiday schedule. */
export interface CalendarYear {
  year: number;
  /** Official days off; may fall on weekdays or weekends. */
  holidays: string[];
  /** Make-up working days (调休); always a Saturday or Sunday. */
  workdays: string[];
}

/**
 * A date's year has no holiday data. Guessing (treating it as a plain Mon–Fri year) would silently
 * produce wrong deadlines once the State Council publishes that year's schedule, so we refuse.
 */
export class CalendarMissingError extends Error {
  override readonly name = 'CalendarMissingError';

  constructor(
    readonly year: number,
    readonly date: string,
    knownYears: readonly number[],
  ) {
    const known = knownYears.length ? yearRanges(knownYears) : 'none';
    super(
      `No working-day calendar for ${year} (needed for ${date}; years with data: ${known}). ` +
        `Add ${year}'s public holidays and make-up working days (调休) to a JSON calendar file ` +
        `(see docs/calendar-example.json) and point the CALENDAR_FILE setting at it.`,
    );
  }
}

/** Sorted years as ranges, e.g. "2004–2026, 2030", so a gap is not hidden. */
function yearRanges(years: readonly number[]): string {
  const parts: string[] = [];
  let start = years[0];
  for (let i = 1; i <= years.length; i++) {
    if (i < years.length && years[i] === years[i - 1] + 1) continue;
    const end = years[i - 1];
    parts.push(start === end ? String(start) : `${start}–${end}`);
    start = years[i];
  }
  return parts.join(', ');
}

/** Calendar data that contradicts itself or is not a valid date; the loader adds the file name. */
export class CalendarDataError extends Error {
  override readonly name = 'CalendarDataError';
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** `YYYY-MM-DD` that names a real day (rejects 2026-02-30, 2026-13-01, 2026-2-3). */
export function isValidIsoDate(date: string): boolean {
  const m = ISO_DATE.exec(date);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Parses `YYYY-MM-DD` to UTC midnight milliseconds; throws on anything else. */
export function isoDateToUtcMs(date: string): number {
  if (!isValidIsoDate(date)) throw new RangeError(`Not a valid date (expected YYYY-MM-DD): ${date}`);
  return Date.parse(`${date}T00:00:00Z`);
}

export function utcMsToIsoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addCalendarDays(date: string, days: number): string {
  return utcMsToIsoDate(isoDateToUtcMs(date) + days * DAY_MS);
}

interface YearData {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

export class WorkingCalendar {
  private readonly byYear = new Map<number, YearData>();

  /** Later entries for the same year replace earlier ones whole (an override file wins). */
  constructor(years: readonly CalendarYear[]) {
    for (const entry of years) this.byYear.set(entry.year, checkYear(entry));
  }

  years(): number[] {
    return [...this.byYear.keys()].sort((a, b) => a - b);
  }

  isWorkingDay(date: string): boolean {
    const ms = isoDateToUtcMs(date);
    const year = Number(date.slice(0, 4));
    const data = this.byYear.get(year);
    if (!data) throw new CalendarMissingError(year, date, this.years());
    if (data.workdays.has(date)) return true;
    if (data.holidays.has(date)) return false;
    const weekday = new Date(ms).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /** The `days`-th working day after `date`; `date` itself never counts, whatever it is. */
  addWorkingDays(date: string, days: number): string {
    if (!Number.isInteger(days) || days < 1) {
      throw new RangeError(`Working days to add must be an integer >= 1, not ${days}`);
    }
    isoDateToUtcMs(date);
    let current = date;
    let counted = 0;
    // Terminates: every year has ~250 working days, and a year without data throws.
    while (counted < days) {
      current = addCalendarDays(current, 1);
      if (this.isWorkingDay(current)) counted += 1;
    }
    return current;
  }
}

function checkYear(entry: CalendarYear): YearData {
  const { year } = entry;
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new CalendarDataError(`year must be a four-digit integer, not ${String(year)}`);
  }
  const check = (list: readonly string[], field: 'holidays' | 'workdays'): Set<string> => {
    list.forEach((date, i) => {
      const where = `year ${year} ${field}[${i}] "${date}"`;
      if (!isValidIsoDate(date)) throw new CalendarDataError(`${where} is not a valid YYYY-MM-DD date`);
      if (Number(date.slice(0, 4)) !== year) throw new CalendarDataError(`${where} is not in ${year}`);
    });
    return new Set(list);
  };
  const holidays = check(entry.holidays, 'holidays');
  const workdays = check(entry.workdays, 'workdays');
  for (const date of workdays) {
    // A make-up day on a weekday changes nothing, so it is almost certainly a mistyped date.
    const weekday = new Date(isoDateToUtcMs(date)).getUTCDay();
    if (weekday !== 0 && weekday !== 6) {
      throw new CalendarDataError(`year ${year} workdays "${date}" is not a Saturday or Sunday`);
    }
    if (holidays.has(date)) {
      throw new CalendarDataError(`year ${year} lists "${date}" as both a holiday and a workday`);
    }
  }
  return { holidays, workdays };
}
