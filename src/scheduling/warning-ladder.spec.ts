import { loadWorkingCalendar } from '../deadlines/calendar-loader';
import { colourAt, colourRank, ladderPoints, NEVER, nextChangeAt } from './warning-ladder';

// The 2026 facts used below, from the shipped calendar: Labour Day 2026-05-01..05 off (05-09 Sat
// is a make-up working day); Dragon Boat Festival 2026-06-19 off.
const calendar = loadWorkingCalendar();
const defaults = { bluePercent: 70, yellowWorkingDays: 3 };
const local = (day: string, time = '00:00:00.000') => new Date(Date.parse(`${day}T${time}+08:00`)).toISOString();

describe('the 三色 warning ladder of one deadline', () => {
  // 15 working days from Mon 2026-04-13: 04-14..17 (1–4), 04-20..24 (5–9), 04-27..30 (10–13),
  // Labour Day, 05-06 (14), 05-07 (15).
  const deadline = { countedFrom: local('2026-04-13', '10:00:00.000'), dueAt: local('2026-05-07', '23:59:59.999'), overdue: false, provisional: false };

  it('turns blue on the working day 70 % is reached, yellow 3 working days before the due day across the holiday, red after the due time', () => {
    const points = ladderPoints(deadline, defaults, calendar);
    expect(points.workingDays).toBe(15);
    // ceil(0.7 × 15) = 11: the 11th working day is Tue 04-28.
    expect(points.blueAt).toBe(local('2026-04-28'));
    // Back from Thu 05-07 over working days: 05-06, (05-01..05 off) 04-30, 04-29.
    expect(points.yellowAt).toBe(local('2026-04-29'));
    expect(colourAt(points, deadline, local('2026-04-27', '23:59:59.999'))).toBeNull();
    expect(colourAt(points, deadline, local('2026-04-28', '09:00:00.000'))).toBe('blue');
    expect(colourAt(points, deadline, local('2026-04-29', '00:00:00.000'))).toBe('yellow');
    expect(colourAt(points, deadline, local('2026-05-07', '23:59:59.999'))).toBe('yellow');
    expect(colourAt(points, deadline, local('2026-05-08', '00:00:00.000'))).toBe('red');
    expect(colourAt(points, { ...deadline, overdue: true }, local('2026-05-07', '12:00:00.000'))).toBe('red');
  });

  it('says when to look again: the next threshold, then never once red', () => {
    const points = ladderPoints(deadline, defaults, calendar);
    expect(nextChangeAt(points, deadline, local('2026-04-20'))).toBe(local('2026-04-28'));
    expect(nextChangeAt(points, deadline, local('2026-04-28', '09:00:00.000'))).toBe(local('2026-04-29'));
    expect(nextChangeAt(points, deadline, local('2026-04-29', '09:00:00.000'))).toBe(local('2026-05-08'));
    expect(nextChangeAt(points, { ...deadline, overdue: true }, local('2026-05-08', '09:00:00.000'))).toBe(NEVER);
  });

  it('never turns a provisional due date red: it stays yellow until the year’s calendar is loaded', () => {
    const provisional = { ...deadline, provisional: true };
    const points = ladderPoints(provisional, defaults, calendar);
    expect(colourAt(points, provisional, local('2026-05-20'))).toBe('yellow');
    expect(nextChangeAt(points, provisional, local('2026-05-20'))).toBe(NEVER);
  });

  it('skips blue where the limit is too short for it (5 working days: yellow first)', () => {
    const short = { countedFrom: local('2026-06-08', '10:00:00.000'), dueAt: local('2026-06-15', '23:59:59.999'), overdue: false, provisional: false };
    const points = ladderPoints(short, defaults, calendar);
    expect(points.workingDays).toBe(5);
    expect(points.blueAt).toBeNull();
    expect(points.yellowAt).toBe(local('2026-06-10'));
  });

  it('counts a calendar-day limit’s working days, and takes a rule’s own thresholds', () => {
    // 30 calendar days from 2026-06-01 to 07-01: 21 working days (06-19 off).
    const thirty = { countedFrom: local('2026-06-01', '10:00:00.000'), dueAt: local('2026-07-01', '23:59:59.999'), overdue: false, provisional: false };
    const points = ladderPoints(thirty, defaults, calendar);
    expect(points.workingDays).toBe(21);
    expect(points.blueAt).toBe(local('2026-06-23')); // ceil(14.7) = 15th working day
    expect(ladderPoints(thirty, { bluePercent: 50, yellowWorkingDays: 5 }, calendar)).toMatchObject({
      blueAt: local('2026-06-16'),
      yellowAt: local('2026-06-24'),
    });
  });

  it('ranks red above yellow above blue above none', () => {
    expect([null, 'blue', 'red', 'yellow'].map((c) => colourRank(c as never))).toEqual([0, 1, 3, 2]);
  });
});
