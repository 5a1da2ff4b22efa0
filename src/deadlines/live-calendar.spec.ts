import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { loadBaseYears } from './calendar-loader';
import { LiveCalendar } from './live-calendar.service';

class FixedClock extends Clock {
  constructor(public at: Date) {
    super();
  }
  protected current(): Date {
    return this.at;
  }
}

// The warning and its log line need no database: the shipped years (2004–2026) are enough.
const calendarAt = (iso: string) => new LiveCalendar(undefined as unknown as DataSource, loadBaseYears(), new FixedClock(new Date(iso)));

describe('LiveCalendar: the missing-year warning', () => {
  it('names next year from 1 November (China time) while it is missing, and the current year whenever it is missing', () => {
    const calendar = calendarAt('2026-12-07T03:00:00Z');
    expect(calendar.warning(new Date('2026-10-31T15:59:59Z'))).toBeUndefined(); // 23:59 on 31 October in China
    expect(calendar.warning(new Date('2026-10-31T16:00:00Z'))).toMatchObject({ code: 'CALENDAR.YEAR_MISSING', year: 2027 });
    expect(calendar.warning(new Date('2027-03-01T00:00:00Z'))).toMatchObject({ year: 2027 });
    expect(calendar.warning(new Date('2026-06-01T00:00:00Z'))).toBeUndefined();
    expect(calendar.warning(new Date('2026-12-07T03:00:00Z'))!.zh).toBe(
      '尚未载入2027年节假日安排：涉及2027年的期限暂按周一至周五计算。请系统管理员在国务院办公厅发布通知后及时载入。',
    );
  });

  it('logs it once a day while it lasts', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const calendar = calendarAt('2026-12-07T03:00:00Z');
      calendar.logWarningOncePerDay(new Date('2026-12-07T01:00:00Z'));
      calendar.logWarningOncePerDay(new Date('2026-12-07T15:00:00Z')); // 23:00 the same day in China
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toContain('The 2027 public holiday schedule is not loaded');
      calendar.logWarningOncePerDay(new Date('2026-12-07T16:00:00Z')); // the next day in China
      expect(warn).toHaveBeenCalledTimes(2);
      calendar.logWarningOncePerDay(new Date('2026-06-01T16:00:00Z'));
      expect(warn).toHaveBeenCalledTimes(2);
    } finally {
      warn.mockRestore();
    }
  });
});
