import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadShippedYears, loadWorkingCalendar } from './calendar-loader';
import { CalendarMissingError, WorkingCalendar } from './working-calendar';

// The 2026 facts used below, from chinese-days 1.5.7 dist/years/2026.json:
//   Spring Festival holidays 2026-02-15 (Sun) .. 2026-02-23 (Mon);
//   make-up working days 2026-02-14 (Sat) and 2026-02-28 (Sat); National Day 2026-10-01..07.
const calendar = loadWorkingCalendar();

describe('WorkingCalendar (shipped data)', () => {
  it('covers 2004–2026 from chinese-days', () => {
    const years = calendar.years();
    expect(years[0]).toBe(2004);
    expect(years[years.length - 1]).toBe(2026);
    expect(years).toHaveLength(23);
  });

  it('treats ordinary weekends as days off and weekdays as working days', () => {
    expect(calendar.isWorkingDay('2026-03-07')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-03-08')).toBe(false); // Sunday
    expect(calendar.isWorkingDay('2026-03-09')).toBe(true); // Monday
    expect(calendar.addWorkingDays('2026-03-06', 1)).toBe('2026-03-09'); // Fri → Mon
    expect(calendar.addWorkingDays('2026-03-07', 1)).toBe('2026-03-09'); // start on a Saturday
  });

  it('treats a public holiday on a weekday as a day off', () => {
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false); // Thursday, National Day
    expect(calendar.isWorkingDay('2026-02-16')).toBe(false); // Monday, Spring Festival
  });

  it('counts a make-up working day (调休) on a weekend', () => {
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true); // Saturday
    expect(calendar.isWorkingDay('2026-02-28')).toBe(true); // Saturday
    expect(calendar.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
  });

  it('counts working days across the 2026 Spring Festival', () => {
    // From Thu 2026-02-12 (the start never counts):
    //   1 = Fri 02-13, 2 = Sat 02-14 (make-up day), 02-15..02-23 holiday,
    //   3 = Tue 02-24, 4 = Wed 02-25, 5 = Thu 02-26, 6 = Fri 02-27, 7 = Sat 02-28 (make-up day).
    expect(calendar.addWorkingDays('2026-02-12', 5)).toBe('2026-02-26');
    expect(calendar.addWorkingDays('2026-02-12', 7)).toBe('2026-02-28');
    // Sun 03-01 is an ordinary weekend day again: 8 = Mon 03-02.
    expect(calendar.addWorkingDays('2026-02-12', 8)).toBe('2026-03-02');
  });

  it('refuses to guess for a year without data when asked strictly', () => {
    expect(() => calendar.isWorkingDay('2027-03-01')).toThrow(CalendarMissingError);
    expect(() => calendar.isWorkingDay('2027-03-01')).toThrow(/No working-day calendar for 2027 .*CALENDAR_FILE/);
    expect(() => calendar.isWorkingDay('2003-06-02')).toThrow(/2003/);
    // Thu 2026-12-31 is working day 1; the count then runs into 2027.
    expect(() => calendar.addWorkingDays('2026-12-30', 5)).toThrow(CalendarMissingError);
    expect(() => calendar.addWorkingDays('2026-12-30', 5)).toThrow(/needed for 2027-01-01/);
  });

  it('counts a year without data Monday to Friday, provisionally, naming the years it assumed', () => {
    // Thu 2026-12-31 is working day 1; 2027 is unknown: Fri 01-01 (2), Mon 01-04..Wed 01-06 (3–5).
    expect(calendar.countWorkingDays('2026-12-30', 5)).toEqual({ date: '2027-01-06', provisionalYears: [2027] });
    expect(calendar.dayKind('2027-01-01')).toEqual({ working: true, assumed: true });
    expect(calendar.dayKind('2027-01-02')).toEqual({ working: false, assumed: true }); // Saturday
    expect(calendar.dayKind('2026-10-01')).toEqual({ working: false, assumed: false }); // National Day
    // Inside known years nothing is assumed.
    expect(calendar.countWorkingDays('2026-02-12', 5)).toEqual({ date: '2026-02-26', provisionalYears: [] });
    // A long count through two unknown years names both.
    expect(calendar.countWorkingDays('2026-12-30', 300).provisionalYears).toEqual([2027, 2028]);
    // The start day's own year does not matter when no day of it is counted.
    expect(calendar.countWorkingDays('2027-06-01', 1)).toEqual({ date: '2027-06-02', provisionalYears: [2027] });
  });

  it('stops being provisional once the year is known, and then counts its holidays and make-up days', () => {
    const with2027 = new WorkingCalendar([...loadShippedYears(), { year: 2027, holidays: ['2027-01-01', '2027-01-04'], workdays: ['2027-01-09'] }]);
    // 12-31 (1), 01-01 and 01-04 off, 01-05..01-08 (2–5).
    expect(with2027.countWorkingDays('2026-12-30', 5)).toEqual({ date: '2027-01-08', provisionalYears: [] });
    expect(with2027.countWorkingDays('2026-12-30', 6)).toEqual({ date: '2027-01-09', provisionalYears: [] }); // make-up Saturday
  });

  it('rejects malformed dates and day counts', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2026-3-9')).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-03-09', 0)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-03-09', 1.5)).toThrow(RangeError);
  });

  it('lets a later entry for the same year replace an earlier one', () => {
    const cal = new WorkingCalendar([
      { year: 2030, holidays: ['2030-01-01'], workdays: [] },
      { year: 2030, holidays: ['2030-01-02'], workdays: [] },
    ]);
    expect(cal.isWorkingDay('2030-01-01')).toBe(true);
    expect(cal.isWorkingDay('2030-01-02')).toBe(false);
  });

  it('names the years it does have, gaps included', () => {
    const cal = new WorkingCalendar([2004, 2005, 2006, 2030].map((year) => ({ year, holidays: [], workdays: [] })));
    expect(() => cal.isWorkingDay('2027-01-04')).toThrow(/years with data: 2004–2006, 2030\)/);
  });
});

describe('loadWorkingCalendar with an override file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'calendar-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: unknown): string => {
    const file = join(dir, name);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  it('adds a year (the documented example file, fictitious 2027)', () => {
    const cal = loadWorkingCalendar(resolve(__dirname, '../../docs/calendar-example.json'));
    expect(cal.years()).toContain(2027);
    expect(cal.isWorkingDay('2027-02-06')).toBe(true); // Saturday, make-up day
    expect(cal.isWorkingDay('2027-02-08')).toBe(false); // Monday, holiday
    // From Fri 2027-02-05: 1 = Sat 02-06 (make-up), Sun 02-07 off, 02-08..02-10 holiday, 2 = Thu 02-11.
    expect(cal.addWorkingDays('2027-02-05', 2)).toBe('2027-02-11');
    // Shipped years stay.
    expect(cal.isWorkingDay('2026-02-14')).toBe(true);
  });

  it('replaces a shipped year whole and accepts a single object', () => {
    const file = write('override-2026.json', { year: 2026, holidays: ['2026-03-09'], workdays: [] });
    const cal = loadWorkingCalendar(file);
    expect(cal.isWorkingDay('2026-03-09')).toBe(false);
    expect(cal.isWorkingDay('2026-02-16')).toBe(true); // shipped holiday no longer listed
    expect(cal.isWorkingDay('2026-02-14')).toBe(false); // shipped make-up day no longer listed
    expect(cal.isWorkingDay('2025-10-01')).toBe(false); // other shipped years untouched
  });

  it.each([
    ['an impossible date', [{ year: 2027, holidays: ['2027-02-30'], workdays: [] }], /year 2027 holidays\[0\] "2027-02-30" is not a valid YYYY-MM-DD date/],
    ['a date in another year', [{ year: 2027, holidays: ['2028-01-01'], workdays: [] }], /holidays\[0\] "2028-01-01" is not in 2027/],
    ['a sloppy date format', [{ year: 2027, holidays: ['2027-1-1'], workdays: [] }], /holidays\[0\] "2027-1-1" is not a valid/],
    ['a make-up day on a weekday', [{ year: 2027, holidays: [], workdays: ['2027-02-08'] }], /"2027-02-08" is not a Saturday or Sunday/],
    ['a date both off and on', [{ year: 2027, holidays: ['2027-02-06'], workdays: ['2027-02-06'] }], /both a holiday and a workday/],
    ['a misspelt key', [{ year: 2027, holidays: [], workday: [] }], /unknown key\(s\) workday/],
    ['a missing list', [{ year: 2027, holidays: [] }], /"workdays" must be an array/],
    ['a non-string date', [{ year: 2027, holidays: [20270101], workdays: [] }], /holidays\[0\] must be a "YYYY-MM-DD" string/],
    [
      'a year given twice',
      [
        { year: 2027, holidays: [], workdays: [] },
        { year: 2027, holidays: [], workdays: [] },
      ],
      /year 2027 appears more than once/,
    ],
    ['a text year', [{ year: '2027', holidays: [], workdays: [] }], /"year" must be an integer/],
    ['an empty list', [], /contains no years/],
    ['broken JSON', '[{ "year": 2027, ', /is not valid JSON/],
  ])('rejects %s, naming the file', (_label, content, message) => {
    const file = write('bad.json', content);
    let error: unknown;
    try {
      loadWorkingCalendar(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(message);
  });

  it('rejects a file that cannot be read', () => {
    expect(() => loadWorkingCalendar(join(dir, 'missing.json'))).toThrow(/missing\.json \(CALENDAR_FILE\) cannot be read/);
  });
});
