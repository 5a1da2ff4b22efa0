/**
 * What the system administrator pastes or uploads for a calendar year, read into dates. A Chinese
 * office pastes what the State Council notice says, so besides plain dates the lines may read
 *
 *   春节：2月10日（农历除夕）至17日放假调休，共8天。2月7日（星期日）、2月20日（星期六）上班。
 *   春节 2027-02-10至2027-02-17
 *   2027-02-07
 *
 * A sentence that says 上班 gives make-up working days and one that says 放假 gives holidays,
 * whichever box it is in; otherwise the box decides. A festival's name (before a colon, or a word
 * beside the dates) labels its dates. The JSON shape of docs/calendar-example.json (lists of
 * `YYYY-MM-DD`) is read too. Every problem is named with the box, the line and the date, in both
 * languages, and nothing is stored until the year has no problem left and has been confirmed.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../trail/canonical-json';
import { condition, type RefusalCondition } from '../common/domain-error';
import { addCalendarDays, isValidIsoDate, yearProblems, type CalendarYear } from './working-calendar';

export type CalendarField = 'year' | 'holidays' | 'workdays' | 'note';

/** A year read from the input, ready to preview and store. */
export interface ParsedCalendarYear extends CalendarYear {
  /** Festival names by date (元旦, 春节 …), where the input gave them. */
  labels: Record<string, string>;
  note: string | null;
  /** Things worth a second look that do not stop the load (shown in the preview). */
  warnings: RefusalCondition[];
  /** Digest of everything that would be stored: the preview shows it, the load must name it. */
  digest: string;
}

export type CalendarInputResult =
  { ok: true; year: ParsedCalendarYear } | { ok: false; conditions: RefusalCondition[]; fields: Array<{ field: string; messages: string[] }> };

/** The load also names what it confirms (calendar-admin.service.ts). */
const KNOWN_KEYS: readonly string[] = ['year', 'holidays', 'workdays', 'note', 'confirmDigest', 'expectedRevision'];
const FIELD_ZH: Record<CalendarField, string> = { year: '年度', holidays: '放假日期', workdays: '调休上班日期', note: '说明' };
const FIELD_EN: Record<CalendarField, string> = { year: 'year', holidays: 'holidays', workdays: 'make-up working days', note: 'note' };
const MAX_NOTE = 500;
/** No official holiday is near this long (the longest so far: 9 days); a longer range is a typo. */
const MAX_RANGE_DAYS = 31;
const LONG_RANGE_DAYS = 10;
const MAX_DATES = 400;

type Kind = 'holidays' | 'workdays';

interface Collected {
  holidays: Map<string, string | undefined>;
  workdays: Map<string, string | undefined>;
  /** Where each date came from, by list and date (`workdays:2027-02-07`), for messages: 「第3行」 or 「第2项」. */
  origin: Map<string, { field: Kind; zh: string; en: string }>;
  warnings: RefusalCondition[];
  problems: RefusalCondition[];
}

export function parseCalendarInput(body: unknown): CalendarInputResult {
  const problems: RefusalCondition[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return refuse([condition('CALENDAR.NOT_AN_OBJECT', '提交的内容应为包含年度和日期的对象。', 'The request must be an object with the year and the dates.')]);
  }
  const input = body as Record<string, unknown>;
  for (const key of Object.keys(input).filter((k) => !KNOWN_KEYS.includes(k))) {
    problems.push(condition('CALENDAR.UNKNOWN_FIELD', `不认识的字段「${key.slice(0, 40)}」。`, `Unknown field "${key.slice(0, 40)}".`, key.slice(0, 40)));
  }
  const year = input.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 2000 || year > 2100) {
    problems.push(condition('CALENDAR.YEAR_REQUIRED', '请填写年度（2000至2100之间的四位数字）。', 'Give the year (four digits, 2000 to 2100).', 'year'));
    return refuse(problems);
  }
  const note = input.note;
  if (note !== undefined && note !== null && (typeof note !== 'string' || [...note].length > MAX_NOTE)) {
    problems.push(
      condition('CALENDAR.NOTE_TOO_LONG', `说明应为不超过${MAX_NOTE}个字的文字。`, `The note must be text of at most ${MAX_NOTE} characters.`, 'note'),
    );
  }
  const collected: Collected = { holidays: new Map(), workdays: new Map(), origin: new Map(), warnings: [], problems };
  for (const field of ['holidays', 'workdays'] as const) readField(input[field], field, year, collected);
  if (problems.length > 0) return refuse(problems);

  const entry: CalendarYear = { year, holidays: [...collected.holidays.keys()].sort(), workdays: [...collected.workdays.keys()].sort() };
  if (entry.holidays.length === 0 && entry.workdays.length === 0) {
    return refuse([
      condition(
        'CALENDAR.EMPTY',
        `没有读到任何日期：请填写${year}年的放假日期和调休上班日期。`,
        `No dates were found: give the ${year} holidays and make-up working days.`,
        'holidays',
      ),
    ]);
  }
  if (entry.holidays.length === 0) {
    return refuse([
      condition(
        'CALENDAR.NO_HOLIDAYS',
        `没有读到放假日期：每年都有法定节假日，请填写${year}年的放假日期。`,
        `No holidays were found: every year has public holidays; give ${year}'s.`,
        'holidays',
      ),
    ]);
  }
  if (entry.holidays.length + entry.workdays.length > MAX_DATES) {
    return refuse([
      condition(
        'CALENDAR.TOO_MANY_DATES',
        `日期超过${MAX_DATES}个，不像一年的节假日安排，请核对。`,
        `More than ${MAX_DATES} dates: that is not one year's schedule; check the input.`,
        'holidays',
      ),
    ]);
  }
  const checked = describeYearProblems(entry, collected.origin);
  if (checked.length > 0) return refuse(checked);

  const labels: Record<string, string> = {};
  for (const kind of ['holidays', 'workdays'] as const) {
    for (const [date, name] of collected[kind]) if (name) labels[date] = name;
  }
  const noteText = typeof note === 'string' && note.trim() !== '' ? note.trim() : null;
  const stored = { year, holidays: entry.holidays, workdays: entry.workdays, labels, note: noteText };
  return { ok: true, year: { ...stored, warnings: collected.warnings, digest: calendarDigest(stored) } };
}

/** The digest of what a load stores: the same input always gives the same digest. */
export function calendarDigest(year: { year: number; holidays: string[]; workdays: string[]; labels: Record<string, string>; note: string | null }): string {
  return createHash('sha256')
    .update(canonicalJson({ year: year.year, holidays: year.holidays, workdays: year.workdays, labels: year.labels, note: year.note }))
    .digest('hex');
}

function readField(value: unknown, field: Kind, year: number, collected: Collected): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const where = { field, zh: `${FIELD_ZH[field]}第${index + 1}项`, en: `${FIELD_EN[field]} item ${index + 1}` };
      if (typeof item !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(item)) {
        collected.problems.push(
          condition(
            'CALENDAR.INVALID_DATE',
            `${where.zh}「${shown(item)}」不是“年-月-日”格式的日期（如${year}-01-01）。`,
            `${where.en} "${shown(item)}" is not a YYYY-MM-DD date (e.g. ${year}-01-01).`,
            field,
          ),
        );
        return;
      }
      add(collected, field, item, undefined, where);
    });
    return;
  }
  if (typeof value !== 'string') {
    collected.problems.push(
      condition(
        'CALENDAR.NOT_A_LIST',
        `${FIELD_ZH[field]}应为文字（每行一条）或日期列表。`,
        `${FIELD_EN[field]} must be text (one entry a line) or a list of dates.`,
        field,
      ),
    );
    return;
  }
  value.split(/\r?\n/).forEach((line, index) => readLine(line, index + 1, field, year, collected));
}

/** One pasted line: a festival name, sentences of dates and ranges, each with what it says (放假 / 上班). */
function readLine(raw: string, lineNo: number, box: Kind, year: number, collected: Collected): void {
  const line = normalise(raw);
  if (line.trim() === '') return;
  const where = (field: Kind) => ({ field, zh: `${FIELD_ZH[box]}第${lineNo}行`, en: `${FIELD_EN[box]} line ${lineNo}` });
  const { name, rest } = splitName(line);
  if (isSignatureDate(rest, year)) {
    collected.warnings.push(
      condition(
        'CALENDAR.IGNORED_LINE',
        `${where(box).zh}「${shown(raw.trim(), 30)}」像是通知的发文日期，已略过。`,
        `${where(box).en} "${shown(raw.trim(), 30)}" looks like the notice's own date and was skipped.`,
        box,
      ),
    );
    return;
  }
  let found = 0;
  for (const sentence of rest.split(/[。；;]/)) {
    const kind: Kind = /上班/.test(sentence) ? 'workdays' : /放假|休息|休假/.test(sentence) ? 'holidays' : box;
    const tokens = dateTokens(sentence);
    found += tokens.length;
    if (tokens.length === 0) continue;
    const stated = /共\s*(\d+)\s*天/.exec(sentence);
    let days = 0;
    for (let i = 0; i < tokens.length; i += 1) {
      const start = tokens[i];
      const next = tokens[i + 1];
      const between = next ? sentence.slice(start.end, next.start) : '';
      if (next && RANGE_WORD.test(between)) {
        days += addRange(collected, kind, start, next, year, name ?? nameBeside(sentence), where(kind));
        i += 1;
        continue;
      }
      if (start.day === undefined || start.month === undefined) {
        collected.problems.push(
          condition('CALENDAR.INVALID_DATE', `${where(kind).zh}「${start.text}」缺少月份。`, `${where(kind).en} "${start.text}" has no month.`, box),
        );
        continue;
      }
      const date = isoOf(start.year ?? year, start.month, start.day);
      if (!date) {
        collected.problems.push(
          condition(
            'CALENDAR.INVALID_DATE',
            `${where(kind).zh}「${start.text}」不是存在的日期。`,
            `${where(kind).en} "${start.text}" is not a date that exists.`,
            box,
          ),
        );
        continue;
      }
      add(collected, kind, date, name ?? nameBeside(sentence), where(kind));
      days += 1;
    }
    // The notice states each festival's length (共8天): a range that does not add up is worth a look.
    if (stated && kind === 'holidays' && days > 0 && Number(stated[1]) !== days) {
      collected.warnings.push(
        condition(
          'CALENDAR.COUNT_MISMATCH',
          `${where(kind).zh}写明“共${stated[1]}天”，读到的放假日期是${days}天，请核对。`,
          `${where(kind).en} says ${stated[1]} days, but the dates read give ${days}; please check.`,
          box,
        ),
      );
    }
  }
  if (found === 0) {
    collected.warnings.push(
      condition(
        'CALENDAR.IGNORED_LINE',
        `${where(box).zh}没有日期，已略过：「${shown(raw.trim(), 30)}」`,
        `${where(box).en} has no date and was skipped: "${shown(raw.trim(), 30)}"`,
        box,
      ),
    );
  }
}

interface DateToken {
  text: string;
  start: number;
  end: number;
  year?: number;
  month?: number;
  day: number;
}

/**
 * The notice ends with the date it was issued (「2026年11月12日」, in the year before the one it
 * arranges): a line with that date alone and no 放假 or 上班 is not an entry.
 */
function isSignatureDate(line: string, year: number): boolean {
  const tokens = dateTokens(line);
  return (
    tokens.length === 1 &&
    tokens[0].year === year - 1 &&
    /年/.test(tokens[0].text) &&
    !/放假|上班|休/.test(line) &&
    line.replace(tokens[0].text, '').trim() === ''
  );
}

/** 2027-02-10, 2027/2/10, 2027.2.10, 2027年2月10日, 2月10日, and a bare 17日 (the end of a range). */
const DATE_PATTERN = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?|(\d{1,2})\s*[日号]/g;
/** What joins the two ends of a range: 至, 到, ~, a dash with spaces around it. */
const RANGE_WORD = /^\s*(至|到|~|～|〜|—|–|－|\s-\s|--)\s*$/;

function dateTokens(sentence: string): DateToken[] {
  const tokens: DateToken[] = [];
  for (const match of sentence.matchAll(DATE_PATTERN)) {
    const base = { text: match[0].trim(), start: match.index, end: match.index + match[0].length };
    if (match[1]) tokens.push({ ...base, year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) });
    else if (match[4]) tokens.push({ ...base, month: Number(match[4]), day: Number(match[5]) });
    else tokens.push({ ...base, day: Number(match[6]) });
  }
  return tokens;
}

function addRange(
  collected: Collected,
  kind: Kind,
  from: DateToken,
  to: DateToken,
  year: number,
  name: string | undefined,
  where: { field: Kind; zh: string; en: string },
): number {
  const text = `${from.text}至${to.text}`;
  const first = from.month !== undefined ? isoOf(from.year ?? year, from.month, from.day) : undefined;
  if (!first) {
    collected.problems.push(
      condition(
        'CALENDAR.INVALID_DATE',
        `${where.zh}「${text}」的起始日不是存在的日期。`,
        `${where.en} "${text}": the first day is not a date that exists.`,
        where.field,
      ),
    );
    return 0;
  }
  // "2月10日至17日": the end without a month is in the start's month (or the next, "1月31日至2日").
  let last: string | undefined;
  if (to.month !== undefined) last = isoOf(to.year ?? from.year ?? year, to.month, to.day);
  else {
    const [y, m, d] = first.split('-').map(Number);
    last = to.day >= d ? isoOf(y, m, to.day) : m === 12 ? isoOf(y + 1, 1, to.day) : isoOf(y, m + 1, to.day);
  }
  if (!last) {
    collected.problems.push(
      condition(
        'CALENDAR.INVALID_DATE',
        `${where.zh}「${text}」的结束日不是存在的日期。`,
        `${where.en} "${text}": the last day is not a date that exists.`,
        where.field,
      ),
    );
    return 0;
  }
  if (last < first) {
    collected.problems.push(
      condition('CALENDAR.RANGE_BACKWARDS', `${where.zh}「${text}」结束日早于起始日。`, `${where.en} "${text}" ends before it starts.`, where.field),
    );
    return 0;
  }
  const dates: string[] = [];
  for (let date = first; date <= last && dates.length <= MAX_RANGE_DAYS; date = addCalendarDays(date, 1)) dates.push(date);
  if (dates.length > MAX_RANGE_DAYS) {
    collected.problems.push(
      condition(
        'CALENDAR.RANGE_TOO_LONG',
        `${where.zh}「${text}」超过${MAX_RANGE_DAYS}天，不像一个假期，请核对。`,
        `${where.en} "${text}" is longer than ${MAX_RANGE_DAYS} days: that is no holiday; please check.`,
        where.field,
      ),
    );
    return 0;
  }
  if (dates.length > LONG_RANGE_DAYS) {
    collected.warnings.push(
      condition(
        'CALENDAR.LONG_RANGE',
        `${where.zh}「${text}」共${dates.length}天，比通常的假期长，请核对。`,
        `${where.en} "${text}" is ${dates.length} days, longer than usual; please check.`,
        where.field,
      ),
    );
  }
  for (const date of dates) add(collected, kind, date, name, where);
  return dates.length;
}

function add(collected: Collected, kind: Kind, date: string, name: string | undefined, where: { field: Kind; zh: string; en: string }): void {
  const list = collected[kind];
  // Overlapping lines (国庆节、中秋节 listed together and apart) name the date once.
  if (!list.has(date) || (name && !list.get(date))) list.set(date, name);
  if (!collected.origin.has(`${kind}:${date}`)) collected.origin.set(`${kind}:${date}`, where);
}

/**
 * The shared checks of a year's data (working-calendar.ts), said in both languages with where
 * the date came from. Dates of another year are grouped: a wrong year is one mistake, not forty.
 */
function describeYearProblems(entry: CalendarYear, origin: Collected['origin']): RefusalCondition[] {
  const problems = yearProblems(entry);
  const conditions: RefusalCondition[] = [];
  const otherYear = problems.filter((p) => p.code === 'OTHER_YEAR');
  if (otherYear.length > 0) {
    const dates = otherYear.map((p) => p.date!);
    const years = [...new Set(dates.map((d) => d.slice(0, 4)))];
    const listed = dates.slice(0, 5).join('、') + (dates.length > 5 ? ` 等${dates.length}个` : '');
    const listedEn = dates.slice(0, 5).join(', ') + (dates.length > 5 ? ` and ${dates.length - 5} more` : '');
    const field = otherYear[0].field!;
    conditions.push(
      condition(
        'CALENDAR.YEAR_MISMATCH',
        `年度填的是${entry.year}年，但日期${listed}在${years.join('、')}年：请核对年度，或只填写${entry.year}年的日期（跨年的日期请在其所属年度载入）。`,
        `The year is ${entry.year}, but ${listedEn} ${dates.length > 1 ? 'are' : 'is'} in ${years.join(', ')}: check the year, or give only ${entry.year}'s dates (a date across the new year belongs to its own year).`,
        field,
      ),
    );
  }
  for (const problem of problems) {
    const where = problem.date ? origin.get(`${problem.field ?? 'holidays'}:${problem.date}`) : undefined;
    const at = { zh: where ? `${where.zh}` : FIELD_ZH[problem.field ?? 'holidays'], en: where ? where.en : FIELD_EN[problem.field ?? 'holidays'] };
    if (problem.code === 'WORKDAY_NOT_WEEKEND') {
      const weekday = WEEKDAY_ZH[new Date(`${problem.date}T00:00:00Z`).getUTCDay()];
      conditions.push(
        condition(
          'CALENDAR.WORKDAY_NOT_WEEKEND',
          `${at.zh}「${problem.date}」是${weekday}：调休上班日应在周六或周日，工作日本来就上班，请核对。`,
          `${at.en}: ${problem.date} is a weekday; a make-up working day falls on a Saturday or Sunday. Please check.`,
          'workdays',
        ),
      );
    } else if (problem.code === 'HOLIDAY_AND_WORKDAY') {
      conditions.push(
        condition(
          'CALENDAR.HOLIDAY_AND_WORKDAY',
          `「${problem.date}」既列为放假日期，又列为调休上班日期，只能是其中一种。`,
          `${problem.date} is listed both as a holiday and as a make-up working day; it can only be one.`,
          'workdays',
        ),
      );
    } else if (problem.code === 'INVALID_DATE') {
      conditions.push(
        condition(
          'CALENDAR.INVALID_DATE',
          `${at.zh}「${problem.date}」不是存在的日期。`,
          `${at.en} "${problem.date}" is not a date that exists.`,
          problem.field,
        ),
      );
    }
  }
  return conditions;
}

const WEEKDAY_ZH = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/**
 * The festival name at the start of a line: 「二、春节：…」, 「春节: …」. Returns the rest of the
 * line to read dates from.
 */
function splitName(line: string): { name?: string; rest: string } {
  const match = /^\s*(?:[一二三四五六七八九十]+[、.．]|\d+\s*[、.．)）]|[（(][一二三四五六七八九十\d]+[）)])?\s*([^\d:：，,。；;]{1,12}?)\s*[:：]\s*(.*)$/.exec(
    line,
  );
  if (!match) return { rest: line };
  const name = cleanName(match[1]);
  return { name: name || undefined, rest: match[2] };
}

/** A word beside the dates of a sentence without a colon: 「春节 2027-02-10至2027-02-17」. */
function nameBeside(sentence: string): string | undefined {
  const left = sentence.replace(DATE_PATTERN, ' ').replace(/共\s*\d+\s*天/g, ' ');
  const name = cleanName(left);
  return name && [...name].length <= 12 ? name : undefined;
}

function cleanName(text: string): string {
  return text.replace(/放假调休|放假|调休|上班|休息|休假|至|到|与周末连休|[~～〜—–－\-、，,:：\s]/g, '').trim();
}

/** Full-width digits and letters to ASCII; notes in brackets (（周四）（农历除夕）) dropped. */
function normalise(text: string): string {
  return text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[／]/g, '/')
    .replace(/（[^）]*）|\([^)]*\)|【[^】]*】/g, ' ');
}

function isoOf(year: number, month: number, day: number): string | undefined {
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isValidIsoDate(date) ? date : undefined;
}

function shown(value: unknown, max = 40): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return [...text].length > max ? `${[...text].slice(0, max).join('')}…` : text;
}

function refuse(conditions: RefusalCondition[]): CalendarInputResult {
  const byField = new Map<string, string[]>();
  for (const item of conditions) {
    const field = item.field ?? 'holidays';
    byField.set(field, [...(byField.get(field) ?? []), item.en]);
  }
  return { ok: false, conditions, fields: [...byField].map(([field, messages]) => ({ field, messages })) };
}
