import { WorkingCalendar } from '../deadlines/working-calendar';
import { nearestRank, procedureRun, stepInstances, stayDays } from './step-times';
import type { ChainEntry } from './timeliness';

/** 2026 with the National Day week off (10-01…10-08) and Saturday 10-10 a make-up working day. */
const calendar = new WorkingCalendar([
  {
    year: 2026,
    holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08'],
    workdays: ['2026-10-10'],
  },
]);

let position = 0;
const entry = (event: string, at: string, fromState: string | null, toState: string | null, data: Record<string, unknown> = {}): ChainEntry => ({
  position: ++position,
  event,
  at,
  fromState,
  toState,
  data,
});

describe('processing time per step (docs/statistics.md)', () => {
  it('counts calendar days between China days and working days after the first up to the last', () => {
    // 09-30 (Wed) 20:00 China time to 10-12 (Mon): 12 days; working: 09 (Fri), 10 (Sat, make-up), 12 (Mon).
    expect(stayDays('2026-09-30T12:00:00.000Z', '2026-10-12T01:00:00.000Z', calendar)).toEqual({ days: 12, workingDays: 3 });
    // 23:30 China time and 00:30 the next day: one calendar day, one working day (Thu 09-17 → Fri 09-18).
    expect(stayDays('2026-09-17T15:30:00.000Z', '2026-09-17T16:30:00.000Z', calendar)).toEqual({ days: 1, workingDays: 1 });
    expect(stayDays('2026-09-17T01:00:00.000Z', '2026-09-17T09:00:00.000Z', calendar)).toEqual({ days: 0, workingDays: 0 });
  });

  it('finds each stay from the entry into a state to the entry out of it, and marks it overdue by the last warning naming it', () => {
    const chain = [
      entry('CREATE', '2026-09-01T01:00:00.000Z', null, 'filed'),
      entry('WARNING_CHANGED', '2026-09-10T01:00:00.000Z', 'filed', 'filed', { deadline: { state: 'filed', dueAt: '2026-09-09T16:00:00.000Z' } }),
      // A moved date replaces the earlier one: the last warning counts.
      entry('WARNING_CHANGED', '2026-09-11T01:00:00.000Z', 'filed', 'filed', { deadline: { state: 'filed', dueAt: '2026-09-30T16:00:00.000Z' } }),
      entry('NOTE', '2026-09-12T01:00:00.000Z', 'filed', 'filed'),
      entry('REVIEW', '2026-09-14T01:00:00.000Z', 'filed', 'reviewed'),
      entry('WARNING_CHANGED', '2026-09-20T01:00:00.000Z', 'reviewed', 'reviewed', { deadline: { state: 'reviewed', dueAt: '2026-09-18T16:00:00.000Z' } }),
      entry('RETURN', '2026-09-21T01:00:00.000Z', 'reviewed', 'filed'),
      entry('REVIEW', '2026-09-22T01:00:00.000Z', 'filed', 'reviewed'),
    ];
    const stays = stepInstances(chain, calendar);
    expect(stays.map(({ state, days, workingDays, overdue, event }) => ({ state, days, workingDays, overdue, event }))).toEqual([
      { state: 'filed', days: 13, workingDays: 9, overdue: false, event: 'REVIEW' },
      { state: 'reviewed', days: 7, workingDays: 5, overdue: true, event: 'RETURN' },
      // The second stay in filed: the earlier warnings were in the first stay, not this one.
      { state: 'filed', days: 1, workingDays: 1, overdue: false, event: 'REVIEW' },
    ]);
    expect(procedureRun(chain, (state) => state === 'registered', calendar)).toBeUndefined();
    const closed = [...chain, entry('REGISTER', '2026-10-12T01:00:00.000Z', 'reviewed', 'registered')];
    expect(procedureRun(closed, (state) => state === 'registered', calendar)).toMatchObject({ days: 41 });
  });

  it('takes the nearest rank: a value that occurred', () => {
    expect(nearestRank([], 0.5)).toBeNull();
    expect(nearestRank([5, 1, 3, 2], 0.5)).toBe(2);
    expect(nearestRank([5, 1, 3, 2], 0.9)).toBe(5);
    expect(nearestRank([7], 0.9)).toBe(7);
  });
});
