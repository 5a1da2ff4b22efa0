/**
 * Builds the working calendar: the State Council schedule shipped in the `chinese-days` package,
 * then an administrator's file (the CALENDAR_FILE setting) that adds a year or replaces one.
 *
 * The package ships one plain JSON file per year (`dist/years/<year>.json`, shaped
 * `{ holidays: {date: label}, workdays: {date: label}, inLieuDays: {...} }`), so we read those
 * at run time instead of copying them: upgrading the pinned package brings new years with no
 * generated files to keep in step. Its JavaScript API is not used, because it answers "working
 * day" for years it has no data for, which is exactly the silent guess we must avoid.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CalendarDataError, type CalendarYear, WorkingCalendar } from './working-calendar';

export function loadWorkingCalendar(overrideFile?: string): WorkingCalendar {
  const years = loadShippedYears();
  if (overrideFile !== undefined) years.push(...loadOverrideFile(overrideFile));
  return new WorkingCalendar(years);
}

/** The shipped years (2004–2026 with chinese-days 1.5.7), oldest first. */
export function loadShippedYears(): CalendarYear[] {
  const dir = join(dirname(require.resolve('chinese-days/package.json')), 'dist', 'years');
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}\.json$/.test(f))
    .sort();
  if (files.length === 0) throw new Error(`No <year>.json files in ${dir}: has chinese-days changed its layout?`);
  return files.map((file) => {
    const path = join(dir, file);
    const raw: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (!isRecord(raw) || !isRecord(raw.holidays) || !isRecord(raw.workdays)) {
      throw new Error(`${path} lacks "holidays"/"workdays" objects: has chinese-days changed its layout?`);
    }
    const entry = { year: Number(file.slice(0, 4)), holidays: Object.keys(raw.holidays), workdays: Object.keys(raw.workdays) };
    // Same checks as an administrator's file, so bad package data fails at start-up, not on a due date.
    withSource(path, () => new WorkingCalendar([entry]));
    return entry;
  });
}

/**
 * Reads an override file: one `CalendarYear` object or an array of them. An optional `note`
 * string per year is allowed (JSON has no comments; e.g. cite the State Council notice).
 * Any other key is rejected so a typo such as "workday" cannot silently drop data.
 */
export function loadOverrideFile(file: string): CalendarYear[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`Calendar file ${file} (CALENDAR_FILE) cannot be read: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`Calendar file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  const list = Array.isArray(raw) ? raw : [raw];
  const fail = (msg: string): never => {
    throw new Error(`Calendar file ${file}: ${msg}`);
  };
  if (list.length === 0) fail('contains no years');
  const seen = new Set<number>();
  const years = list.map((item: unknown, i): CalendarYear => {
    const at = Array.isArray(raw) ? `entry [${i}]` : 'the object';
    if (!isRecord(item)) return fail(`${at} must be an object { year, holidays, workdays }`);
    const unknownKeys = Object.keys(item).filter((k) => !['year', 'holidays', 'workdays', 'note'].includes(k));
    if (unknownKeys.length) fail(`${at} has unknown key(s) ${unknownKeys.join(', ')}`);
    const { year, holidays, workdays, note } = item;
    if (typeof year !== 'number' || !Number.isInteger(year)) return fail(`${at} "year" must be an integer`);
    if (seen.has(year)) fail(`year ${year} appears more than once`);
    seen.add(year);
    if (note !== undefined && typeof note !== 'string') fail(`year ${year} "note" must be a string`);
    return { year, holidays: stringList(holidays, year, 'holidays', fail), workdays: stringList(workdays, year, 'workdays', fail) };
  });
  withSource(`Calendar file ${file}`, () => new WorkingCalendar(years));
  return years;
}

function stringList(value: unknown, year: number, field: string, fail: (msg: string) => never): string[] {
  if (!Array.isArray(value)) return fail(`year ${year} "${field}" must be an array of "YYYY-MM-DD" strings`);
  return value.map((v: unknown, i) =>
    typeof v === 'string' ? v : fail(`year ${year} ${field}[${i}] must be a "YYYY-MM-DD" string, not ${JSON.stringify(v)}`),
  );
}

/** Runs the calendar's own date checks, prefixing their message with where the data came from. */
function withSource<T>(source: string, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (e instanceof CalendarDataError) throw new Error(`${source}: ${e.message}`);
    throw e;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
