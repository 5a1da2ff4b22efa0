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
 * A date's year has no holiday data, asked of the strict methods. Deadlines do not use them: they
 * count such a year Monday to Friday and mark the result provisional (`countWorkingDays`).
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
        `Load ${year}'s public holidays and make-up working days (调休) on the system administrator's calendar page, ` +
        `or add them to the CALENDAR_FILE file (see docs/calendar-example.json).`,
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

  hasYear(year: number): boolean {
    return this.byYear.has(year);
  }

  /**
   * Whether `date` is a working day, and whether that is only assumed: a date in a year without
   * official data counts as a working day Monday to Friday (domain.md §4: a year whose schedule is
   * not yet published never blocks work; the answer is provisional until the year is loaded).
   */
  dayKind(date: string): { working: boolean; assumed: boolean } {
    const year = Number(date.slice(0, 4));
    if (this.byYear.has(year)) return { working: this.isWorkingDay(date), assumed: false };
    isoDateToUtcMs(date);
    return { working: isMondayToFriday(date), assumed: true };
  }

  /**
   * The `days`-th working day after `date` (`date` itself never counts, whatever it is), and the
   * years whose days were counted Monday to Friday because their schedule is not loaded: a
   * non-empty `provisionalYears` makes the result provisional, to be recomputed when they arrive.
   */
  countWorkingDays(date: string, days: number): WorkingDayCount {
    const { firstAssumed: _first, ...counted } = this.count(date, days);
    return counted;
  }

  /**
   * Strict counting: the `days`-th working day after `date`, refusing (CalendarMissingError) to
   * count through a year without data. For callers that must not guess; deadlines use
   * `countWorkingDays`.
   */
  addWorkingDays(date: string, days: number): string {
    const counted = this.count(date, days);
    if (counted.firstAssumed) throw new CalendarMissingError(Number(counted.firstAssumed.slice(0, 4)), counted.firstAssumed, this.years());
    return counted.date;
  }

  private count(date: string, days: number): WorkingDayCount & { firstAssumed?: string } {
    if (!Number.isInteger(days) || days < 1) {
      throw new RangeError(`Working days to add must be an integer >= 1, not ${days}`);
    }
    isoDateToUtcMs(date);
    let current = date;
    let counted = 0;
    let firstAssumed: string | undefined;
    const assumed = new Set<number>();
    // Terminates: every year has ~250 working days, official or assumed.
    while (counted < days) {
      current = addCalendarDays(current, 1);
      const kind = this.dayKind(current);
      if (kind.assumed) {
        firstAssumed ??= current;
        assumed.add(Number(current.slice(0, 4)));
      }
      if (kind.working) counted += 1;
    }
    return { date: current, provisionalYears: [...assumed].sort((a, b) => a - b), firstAssumed };
  }
}

/** A working-day count, with the years it had to assume Monday to Friday for. */
export interface WorkingDayCount {
  date: string;
  provisionalYears: number[];
}

export function isMondayToFriday(date: string): boolean {
  const weekday = new Date(isoDateToUtcMs(date)).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

function checkYear(entry: CalendarYear): YearData {
  const [problem] = yearProblems(entry);
  if (problem) throw new CalendarDataError(problem.message);
  return { holidays: new Set(entry.holidays), workdays: new Set(entry.workdays) };
}

/** What is wrong with a year's data, each naming the list, the position and the date concerned. */
export interface CalendarProblem {
  code: 'YEAR' | 'INVALID_DATE' | 'OTHER_YEAR' | 'WORKDAY_NOT_WEEKEND' | 'HOLIDAY_AND_WORKDAY';
  field?: 'holidays' | 'workdays';
  index?: number;
  date?: string;
  message: string;
}

/**
 * Every contradiction in a year's data: dates that do not exist or lie in another year, make-up
 * working days that are not on a weekend, a date both off and on. Shared by the shipped data, the
 * CALENDAR_FILE file and the system administrator's page, so all three are held to the same rules.
 */
export function yearProblems(entry: CalendarYear): CalendarProblem[] {
  const { year } = entry;
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    return [{ code: 'YEAR', message: `year must be a four-digit integer, not ${String(year)}` }];
  }
  const problems: CalendarProblem[] = [];
  const valid = (list: readonly string[], field: 'holidays' | 'workdays'): string[] =>
    list.filter((date, index) => {
      const where = `year ${year} ${field}[${index}] "${date}"`;
      if (!isValidIsoDate(date)) {
        problems.push({ code: 'INVALID_DATE', field, index, date, message: `${where} is not a valid YYYY-MM-DD date` });
        return false;
      }
      if (Number(date.slice(0, 4)) !== year) {
        problems.push({ code: 'OTHER_YEAR', field, index, date, message: `${where} is not in ${year}` });
        return false;
      }
      return true;
    });
  const holidays = new Set(valid(entry.holidays, 'holidays'));
  valid(entry.workdays, 'workdays').forEach((date) => {
    const index = entry.workdays.indexOf(date);
    // A make-up day on a weekday changes nothing, so it is almost certainly a mistyped date.
    if (isMondayToFriday(date)) {
      problems.push({ code: 'WORKDAY_NOT_WEEKEND', field: 'workdays', index, date, message: `year ${year} workdays "${date}" is not a Saturday or Sunday` });
    }
    if (holidays.has(date)) {
      problems.push({ code: 'HOLIDAY_AND_WORKDAY', field: 'workdays', index, date, message: `year ${year} lists "${date}" as both a holiday and a workday` });
    }
  });
  return problems;
}
