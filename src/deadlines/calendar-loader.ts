/**
 * Builds the working calendar: the State Council schedule shipped in the `chinese-days` package,
 * then an administrator's file (the CALENDAR_FILE setting) that adds a year or replaces one. Years
 * loaded on the system administrator's page live in the database and go over both (LiveCalendar).
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
  return new WorkingCalendar(loadBaseYears(overrideFile));
}

/** Where a year's data comes from; a later source replaces an earlier one for its year. */
export type CalendarSource = 'package' | 'file' | 'database';

export interface SourcedYear extends CalendarYear {
  source: CalendarSource;
  /** Festival names by date, where the source gives them (the package does: 春节, 国庆节 …). */
  labels: Record<string, string>;
  note?: string;
}

/**
 * The years known without the database: the package, then the CALENDAR_FILE file over it. Read
 * once at start-up; a bad file stops the start with its error. Years the system administrator
 * loads into the database go over both (LiveCalendar).
 */
export function loadBaseYears(overrideFile?: string): SourcedYear[] {
  const years: SourcedYear[] = loadShippedYears().map((entry) => ({ ...entry, source: 'package' }));
  if (overrideFile !== undefined) {
    years.push(...loadOverrideFile(overrideFile).map((entry): SourcedYear => ({ ...entry, labels: {}, source: 'file' })));
  }
  return years;
}

/** The shipped years (2004–2026 with chinese-days 1.5.7), oldest first, with the package's festival names. */
export function loadShippedYears(): Array<CalendarYear & { labels: Record<string, string> }> {
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
    return { ...entry, labels: { ...chineseNames(raw.holidays), ...chineseNames(raw.workdays) } };
  });
}

/**
 * Reads an override file: one `CalendarYear` object or an array of them. An optional `note`
 * string per year is allowed (JSON has no comments; e.g. cite the State Council notice).
 * Any other key is rejected so a typo such as "workday" cannot silently drop data.
 */
export function loadOverrideFile(file: string): Array<CalendarYear & { note?: string }> {
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
  const years = list.map((item: unknown, i): CalendarYear & { note?: string } => {
    const at = Array.isArray(raw) ? `entry [${i}]` : 'the object';
    if (!isRecord(item)) return fail(`${at} must be an object { year, holidays, workdays }`);
    const unknownKeys = Object.keys(item).filter((k) => !['year', 'holidays', 'workdays', 'note'].includes(k));
    if (unknownKeys.length) fail(`${at} has unknown key(s) ${unknownKeys.join(', ')}`);
    const { year, holidays, workdays, note } = item;
    if (typeof year !== 'number' || !Number.isInteger(year)) return fail(`${at} "year" must be an integer`);
    if (seen.has(year)) fail(`year ${year} appears more than once`);
    seen.add(year);
    if (note !== undefined && typeof note !== 'string') fail(`year ${year} "note" must be a string`);
    return {
      year,
      holidays: stringList(holidays, year, 'holidays', fail),
      workdays: stringList(workdays, year, 'workdays', fail),
      ...(typeof note === 'string' ? { note } : {}),
    };
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

/** The package labels a date "Spring Festival,春节,4": the Chinese name is the second part. */
function chineseNames(labels: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(labels).flatMap(([date, label]) => {
      const name = typeof label === 'string' ? label.split(',')[1]?.trim() : undefined;
      return name ? [[date, name]] : [];
    }),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
