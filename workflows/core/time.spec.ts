import { isWithinLimit, lastDayOf, limitInForce, officeDay } from './time';

describe('limits a machine counts itself (office days, China time)', () => {
  it('reads an instant as the office’s calendar day and a day as it is', () => {
    expect(officeDay('2026-04-23T15:59:59.999Z')).toBe('2026-04-23');
    expect(officeDay('2026-04-23T16:00:00.000Z')).toBe('2026-04-24');
    expect(officeDay('2026-04-23')).toBe('2026-04-23');
  });

  it('ends a month on the same day, or the last day of a shorter month, and counts calendar days without the start day', () => {
    expect(lastDayOf('2026-01-31T02:00:00.000Z', { length: 1, unit: 'months' })).toBe('2026-02-28');
    expect(lastDayOf('2026-04-23', { length: 2, unit: 'months' })).toBe('2026-06-23');
    expect(lastDayOf('2026-12-20', { length: 15, unit: 'calendarDays' })).toBe('2027-01-04');
    expect(() => lastDayOf('2026-04-23', { length: 5, unit: 'workingDays' })).toThrow(RangeError);
  });

  it('is within the limit to the end of its last office day', () => {
    const month = { length: 1, unit: 'months' } as const;
    expect(isWithinLimit('2026-04-23T02:00:00.000Z', '2026-05-23T15:59:59.999Z', month)).toBe(true);
    expect(isWithinLimit('2026-04-23T02:00:00.000Z', '2026-05-23T16:00:00.000Z', month)).toBe(false);
    expect(isWithinLimit(undefined, '2026-04-24T02:00:00.000Z', month)).toBe(false);
  });

  it('takes the length the engine passed with the event, else the default', () => {
    const fallback = { length: 1, unit: 'months' } as const;
    expect(limitInForce({}, 'tolerance.reviewRequest', fallback)).toBe(fallback);
    expect(limitInForce({ limits: { 'tolerance.reviewRequest': { length: 2, unit: 'months' } } }, 'tolerance.reviewRequest', fallback)).toEqual({
      length: 2,
      unit: 'months',
    });
  });
});
