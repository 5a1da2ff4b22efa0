import { condition, DomainError, type RefusalCondition } from '../common/domain-error';

/** China time (UTC+8, no daylight saving): the office's day, month and year. */
const CHINA_OFFSET_MS = 8 * 3600 * 1000;
const MAX_YEARS = 10;

/** A statistics period: whole China-time days, `from` inclusive, `to` exclusive, as UTC instants. */
export interface StatsPeriod {
  /** The first day, YYYY-MM-DD (China time). */
  firstDay: string;
  /** The last day, inclusive, YYYY-MM-DD (China time). */
  lastDay: string;
  fromInstant: string;
  toInstant: string;
}

const YEAR = /^(\d{4})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function invalid(conditions: RefusalCondition[]): DomainError {
  return new DomainError('STATS.INVALID', conditions.map((c) => c.en).join('; '), { conditions });
}

/** The UTC instant at which the China-time day `y-m-d` begins (month may overflow: Date.UTC normalises). */
function dayStart(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day) - CHINA_OFFSET_MS);
}

function isoDay(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

function parseDay(text: string, field: string): Date {
  const match = DAY.exec(text);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const start = dayStart(year, month, day);
  if (!match || isoDay(start) !== text) {
    throw invalid([
      condition('STATS.BAD_DATE', `${field === 'from' ? '起始' : '截止'}日期应为有效日期（年-月-日）`, `${field} must be a date YYYY-MM-DD`, field),
    ]);
  }
  return start;
}

/**
 * Reads `period` (2026, 2026-Q2, 2026-03) or `from`/`to` (days, both inclusive). Without either,
 * the current China-time year. A range that ends before it starts, or runs over ten years, is
 * refused before anything is read.
 */
export function parsePeriod(input: { period?: string; from?: string; to?: string }, now: Date): StatsPeriod {
  let start: Date;
  let end: Date;
  if (input.period !== undefined && (input.from !== undefined || input.to !== undefined)) {
    throw invalid([condition('STATS.PERIOD_AND_RANGE', '统计期间与起止日期只能选择一种', 'Give either period or from/to, not both', 'period')]);
  }
  if (input.period !== undefined) {
    const text = input.period;
    let match: RegExpExecArray | null;
    if ((match = YEAR.exec(text))) {
      start = dayStart(Number(match[1]), 1, 1);
      end = dayStart(Number(match[1]) + 1, 1, 1);
    } else if ((match = QUARTER.exec(text))) {
      const firstMonth = (Number(match[2]) - 1) * 3 + 1;
      start = dayStart(Number(match[1]), firstMonth, 1);
      end = dayStart(Number(match[1]), firstMonth + 3, 1);
    } else if ((match = MONTH.exec(text))) {
      start = dayStart(Number(match[1]), Number(match[2]), 1);
      end = dayStart(Number(match[1]), Number(match[2]) + 1, 1);
    } else {
      throw invalid([
        condition(
          'STATS.BAD_PERIOD',
          '统计期间应为年（2026）、季度（2026-Q2）或月份（2026-03）',
          'period must be a year (2026), a quarter (2026-Q2) or a month (2026-03)',
          'period',
        ),
      ]);
    }
  } else if (input.from !== undefined || input.to !== undefined) {
    if (input.from === undefined || input.to === undefined) {
      throw invalid([
        condition(
          'STATS.RANGE_INCOMPLETE',
          '自定义期间须同时填写起始日期和截止日期',
          'A custom range needs both from and to',
          input.from === undefined ? 'from' : 'to',
        ),
      ]);
    }
    start = parseDay(input.from, 'from');
    const last = parseDay(input.to, 'to');
    if (last.getTime() < start.getTime()) {
      throw invalid([condition('STATS.RANGE_REVERSED', '截止日期早于起始日期', 'The range ends before it starts', 'to')]);
    }
    end = new Date(last.getTime() + 24 * 3600 * 1000);
  } else {
    const year = Number(isoDay(now).slice(0, 4));
    start = dayStart(year, 1, 1);
    end = dayStart(year + 1, 1, 1);
  }
  const firstDay = isoDay(start);
  const limit = dayStart(Number(firstDay.slice(0, 4)) + MAX_YEARS, Number(firstDay.slice(5, 7)), Number(firstDay.slice(8, 10)));
  if (end.getTime() > limit.getTime()) {
    throw invalid([condition('STATS.RANGE_TOO_LONG', `统计期间不得超过${MAX_YEARS}年`, `A period may not exceed ${MAX_YEARS} years`, 'to')]);
  }
  return { firstDay, lastDay: isoDay(new Date(end.getTime() - 1)), fromInstant: start.toISOString(), toInstant: end.toISOString() };
}

/** The China-time month (YYYY-MM) and quarter (YYYY-Qn) of an instant. */
export function chinaMonth(at: string): string {
  return isoDay(new Date(at)).slice(0, 7);
}

export function chinaQuarter(at: string): string {
  const month = chinaMonth(at);
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}
