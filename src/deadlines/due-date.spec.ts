import { loadShippedYears, loadWorkingCalendar } from './calendar-loader';
import { dueAt, dueAtEndOfLocalDate, dueDate, localDate } from './due-date';
import { WorkingCalendar } from './working-calendar';

const calendar = loadWorkingCalendar();

describe('localDate (China time, UTC+8)', () => {
  it('moves to the next day at 16:00 UTC', () => {
    expect(localDate('2026-03-01T15:59:59.999Z')).toBe('2026-03-01');
    expect(localDate('2026-03-01T16:00:00.000Z')).toBe('2026-03-02');
    expect(localDate('2026-03-01T17:00:00Z')).toBe('2026-03-02');
    expect(localDate('2026-03-02T00:30:00+08:00')).toBe('2026-03-02');
  });

  it('refuses an instant without a zone (it would be read in the host zone)', () => {
    expect(() => localDate('2026-03-01T17:00:00')).toThrow(RangeError);
    expect(() => localDate('yesterday')).toThrow(RangeError);
  });
});

describe('dueAtEndOfLocalDate', () => {
  it('is 23:59:59.999 China time', () => {
    expect(dueAtEndOfLocalDate('2026-03-09')).toBe('2026-03-09T15:59:59.999Z');
    expect(dueAtEndOfLocalDate('2026-12-31')).toBe('2026-12-31T15:59:59.999Z');
    expect(() => dueAtEndOfLocalDate('2026-02-29')).toThrow(RangeError);
  });
});

describe('dueAt', () => {
  it('counts working days from the China-time date of entry', () => {
    // 2026-03-01T17:00Z is Mon 2026-03-02 in China: 1..4 = Tue 03-03..Fri 03-06, 5 = Mon 03-09.
    expect(dueAt('2026-03-01T17:00:00Z', { length: 5, unit: 'workingDays' }, calendar)).toBe('2026-03-09T15:59:59.999Z');
    // 2026-03-01T15:00Z is still Sun 2026-03-01 in China: 1..5 = Mon 03-02..Fri 03-06.
    expect(dueAt('2026-03-01T15:00:00Z', { length: 5, unit: 'workingDays' }, calendar)).toBe('2026-03-06T15:59:59.999Z');
  });

  it('skips the Spring Festival and counts its make-up Saturday', () => {
    // Thu 2026-02-12 → Fri 02-13, Sat 02-14 (调休), [02-15..02-23 off], Tue 02-24, Wed 02-25, Thu 02-26.
    expect(dueAt('2026-02-12T02:00:00Z', { length: 5, unit: 'workingDays' }, calendar)).toBe('2026-02-26T15:59:59.999Z');
  });

  it('counts calendar days, holidays included', () => {
    // Local 2026-03-02 + 30 days = 2026-04-01.
    expect(dueAt('2026-03-01T17:00:00Z', { length: 30, unit: 'calendarDays' }, calendar)).toBe('2026-04-01T15:59:59.999Z');
    // Local 2026-02-12 + 5 days = 2026-02-17, a holiday: calendar days do not care.
    expect(dueAt('2026-02-12T02:00:00Z', { length: 5, unit: 'calendarDays' }, calendar)).toBe('2026-02-17T15:59:59.999Z');
  });

  it('counts calendar months, clamping to the end of a shorter month', () => {
    const months = (enteredAt: string, length: number): string => dueAt(enteredAt, { length, unit: 'months' }, calendar);
    expect(months('2026-03-01T17:00:00Z', 1)).toBe('2026-04-02T15:59:59.999Z');
    expect(months('2026-01-31T03:00:00Z', 1)).toBe('2026-02-28T15:59:59.999Z');
    // 2026-01-30T16:30Z is already 2026-01-31 in China.
    expect(months('2026-01-30T16:30:00Z', 1)).toBe('2026-02-28T15:59:59.999Z');
    expect(months('2028-01-31T03:00:00Z', 1)).toBe('2028-02-29T15:59:59.999Z'); // leap year
    expect(months('2026-03-31T03:00:00Z', 1)).toBe('2026-04-30T15:59:59.999Z');
    expect(months('2026-11-15T03:00:00Z', 3)).toBe('2027-02-15T15:59:59.999Z'); // across a year
    expect(months('2026-01-31T03:00:00Z', 13)).toBe('2027-02-28T15:59:59.999Z');
  });

  it('counts a year without data Monday to Friday and says the answer is provisional', () => {
    // From Mon 2026-12-28: 12-29..12-31 are working days 1–3; 2027 has no data, so Fri 01-01 counts
    // (4), Mon 01-04..Fri 01-08 (5–9), Mon 01-11 (10).
    expect(dueDate('2026-12-28T02:00:00Z', { length: 10, unit: 'workingDays' }, calendar)).toEqual({
      dueAt: '2027-01-11T15:59:59.999Z',
      provisionalYears: [2027],
    });
    expect(dueAt('2026-12-28T02:00:00Z', { length: 10, unit: 'workingDays' }, calendar)).toBe('2027-01-11T15:59:59.999Z');
    // A count that stays inside 2026 rests on official data.
    expect(dueDate('2026-12-28T02:00:00Z', { length: 3, unit: 'workingDays' }, calendar)).toEqual({
      dueAt: '2026-12-31T15:59:59.999Z',
      provisionalYears: [],
    });
    // Calendar days and months need no holiday data, whatever the year.
    expect(dueDate('2026-12-28T02:00:00Z', { length: 30, unit: 'calendarDays' }, calendar).provisionalYears).toEqual([]);
    expect(dueDate('2026-12-28T02:00:00Z', { length: 2, unit: 'months' }, calendar).provisionalYears).toEqual([]);
  });

  it('is no longer provisional once the year is loaded, and then counts its holidays', () => {
    const with2027 = new WorkingCalendar([...loadShippedYears(), { year: 2027, holidays: ['2027-01-01'], workdays: [] }]);
    expect(dueDate('2026-12-28T02:00:00Z', { length: 10, unit: 'workingDays' }, with2027)).toEqual({
      dueAt: '2027-01-12T15:59:59.999Z',
      provisionalYears: [],
    });
  });

  it('rejects a non-positive or fractional length', () => {
    expect(() => dueAt('2026-03-01T17:00:00Z', { length: 0, unit: 'calendarDays' }, calendar)).toThrow(RangeError);
    expect(() => dueAt('2026-03-01T17:00:00Z', { length: 1.5, unit: 'months' }, calendar)).toThrow(RangeError);
  });
});
