import { DomainError } from '../common/domain-error';
import { chinaMonth, chinaQuarter, parsePeriod } from './period';

const NOW = new Date('2026-12-31T17:00:00.000Z'); // 2027-01-01 01:00 in China

const codeOf = (input: Parameters<typeof parsePeriod>[0]): string | undefined => {
  try {
    parsePeriod(input, NOW);
    return undefined;
  } catch (error) {
    return ((error as DomainError).details.conditions as Array<{ code: string }>)[0].code;
  }
};

describe('statistics periods (China time, UTC+8)', () => {
  it('reads years, quarters, months and custom ranges as whole China-time days', () => {
    expect(parsePeriod({ period: '2026' }, NOW)).toEqual({
      firstDay: '2026-01-01',
      lastDay: '2026-12-31',
      fromInstant: '2025-12-31T16:00:00.000Z',
      toInstant: '2026-12-31T16:00:00.000Z',
    });
    expect(parsePeriod({ period: '2026-Q4' }, NOW)).toMatchObject({ firstDay: '2026-10-01', lastDay: '2026-12-31', toInstant: '2026-12-31T16:00:00.000Z' });
    expect(parsePeriod({ period: '2026-02' }, NOW)).toMatchObject({ firstDay: '2026-02-01', lastDay: '2026-02-28' });
    expect(parsePeriod({ from: '2026-03-01', to: '2026-03-01' }, NOW)).toMatchObject({
      fromInstant: '2026-02-28T16:00:00.000Z',
      toInstant: '2026-03-01T16:00:00.000Z',
    });
    // Without a period: the current year in China, which has already turned.
    expect(parsePeriod({}, NOW)).toMatchObject({ firstDay: '2027-01-01', lastDay: '2027-12-31' });
    expect(parsePeriod({ from: '2016-01-01', to: '2025-12-31' }, NOW).lastDay).toBe('2025-12-31');
  });

  it('puts an instant in the China-time month and quarter it falls in', () => {
    expect(chinaMonth('2026-03-31T16:30:00.000Z')).toBe('2026-04');
    expect(chinaQuarter('2026-03-31T16:30:00.000Z')).toBe('2026-Q2');
    expect(chinaMonth('2026-03-31T15:59:59.999Z')).toBe('2026-03');
  });

  it('refuses what is not a period, each with its condition', () => {
    expect(codeOf({ period: '2026-Q5' })).toBe('STATS.BAD_PERIOD');
    expect(codeOf({ period: '26' })).toBe('STATS.BAD_PERIOD');
    expect(codeOf({ period: '2026', from: '2026-01-01', to: '2026-01-02' })).toBe('STATS.PERIOD_AND_RANGE');
    expect(codeOf({ from: '2026-01-01' })).toBe('STATS.RANGE_INCOMPLETE');
    expect(codeOf({ from: '2026-1-1', to: '2026-01-02' })).toBe('STATS.BAD_DATE');
    expect(codeOf({ from: '2026-02-29', to: '2026-03-02' })).toBe('STATS.BAD_DATE');
    expect(codeOf({ from: '2026-03-02', to: '2026-03-01' })).toBe('STATS.RANGE_REVERSED');
    expect(codeOf({ from: '2016-01-01', to: '2026-01-01' })).toBe('STATS.RANGE_TOO_LONG');
  });
});
