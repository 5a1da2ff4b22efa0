import { loadShippedYears } from './calendar-loader';
import { calendarDigest, parseCalendarInput, type ParsedCalendarYear } from './calendar-input';

/**
 * The arrangement part of the State Council notice for 2026 (国办发明电〔2025〕7号), as an office
 * would paste it, header and signature included. Read, it must give exactly the 2026 schedule the
 * chinese-days package ships.
 */
const NOTICE_2026 = `国务院办公厅关于2026年部分节假日安排的通知
经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作，遇有重大突发事件，要按规定及时报告并妥善处置。
国务院办公厅
2025年11月4日`;

function parsed(body: unknown): ParsedCalendarYear {
  const result = parseCalendarInput(body);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.conditions)}`);
  return result.year;
}

function refusal(body: unknown) {
  const result = parseCalendarInput(body);
  if (result.ok) throw new Error('accepted');
  return result;
}

describe('reading a pasted State Council notice', () => {
  it('gives exactly the shipped 2026 schedule, with the festival names, from the notice pasted whole into the holidays box', () => {
    const year = parsed({ year: 2026, holidays: NOTICE_2026 });
    const shipped = loadShippedYears().find((entry) => entry.year === 2026)!;
    expect(year.holidays).toEqual([...shipped.holidays].sort());
    expect(year.workdays).toEqual([...shipped.workdays].sort());
    expect(year.labels['2026-02-16']).toBe('春节');
    expect(year.labels['2026-02-28']).toBe('春节');
    expect(year.labels['2026-10-10']).toBe('国庆节');
    expect(year.labels['2026-01-04']).toBe('元旦');
    // Every stated length (共N天) agrees with the dates read; only the prose lines were skipped.
    expect(year.warnings.map((w) => w.code)).toEqual([
      'CALENDAR.IGNORED_LINE',
      'CALENDAR.IGNORED_LINE',
      'CALENDAR.IGNORED_LINE',
      'CALENDAR.IGNORED_LINE',
      'CALENDAR.IGNORED_LINE',
    ]);
    expect(year.warnings.at(-1)!.zh).toContain('发文日期');
  });

  it('reads ranges in either box, one per line, with an optional name before or after, and full-width digits', () => {
    const year = parsed({
      year: 2027,
      holidays: '元旦 2027-01-01\n春节：2027-02-10至2027-02-17\n2027-05-01~2027-05-05 劳动节\n\n国庆节 ２０２７年１０月１日至１０月７日',
      workdays: '2027-02-07\n2027/02/20 春节\n2027-10-09 (星期六)',
    });
    expect(year.holidays).toEqual([
      '2027-01-01',
      ...['10', '11', '12', '13', '14', '15', '16', '17'].map((d) => `2027-02-${d}`),
      ...['01', '02', '03', '04', '05'].map((d) => `2027-05-${d}`),
      ...['01', '02', '03', '04', '05', '06', '07'].map((d) => `2027-10-${d}`),
    ]);
    expect(year.workdays).toEqual(['2027-02-07', '2027-02-20', '2027-10-09']);
    expect(year.labels).toMatchObject({ '2027-01-01': '元旦', '2027-02-10': '春节', '2027-05-03': '劳动节', '2027-10-07': '国庆节', '2027-02-20': '春节' });
    expect(year.labels['2027-02-07']).toBeUndefined();
    expect(year.warnings).toEqual([]);
  });

  it('takes a range ending in the next month without repeating it (1月31日至2日)', () => {
    expect(parsed({ year: 2030, holidays: '春节：1月31日至2月2日放假' }).holidays).toEqual(['2030-01-31', '2030-02-01', '2030-02-02']);
    expect(parsed({ year: 2030, holidays: '春节：1月31日至2日放假' }).holidays).toEqual(['2030-01-31', '2030-02-01', '2030-02-02']);
  });

  it('reads the JSON shape of docs/calendar-example.json', () => {
    const year = parsed({ year: 2027, holidays: ['2027-01-01', '2027-02-08'], workdays: ['2027-02-06'], note: '国办发明电〔2026〕1号' });
    expect(year).toMatchObject({ year: 2027, holidays: ['2027-01-01', '2027-02-08'], workdays: ['2027-02-06'], labels: {}, note: '国办发明电〔2026〕1号' });
  });

  it('warns, without refusing, where a stated length does not match the dates', () => {
    const year = parsed({ year: 2027, holidays: '春节：2月10日至17日放假调休，共9天。' });
    expect(year.warnings).toEqual([expect.objectContaining({ code: 'CALENDAR.COUNT_MISMATCH', field: 'holidays' })]);
    expect(year.warnings[0].zh).toBe('放假日期第1行写明“共9天”，读到的放假日期是8天，请核对。');
  });

  it('gives one digest per content, whatever the order or form of the input', () => {
    const a = parsed({ year: 2027, holidays: '2027-01-01\n2027-02-10至2027-02-11' });
    const b = parsed({ year: 2027, holidays: ['2027-02-11', '2027-01-01', '2027-02-10'] });
    expect(a.digest).toBe(b.digest);
    expect(a.digest).toBe(calendarDigest(a));
    expect(parsed({ year: 2027, holidays: ['2027-01-01'], note: 'x' }).digest).not.toBe(parsed({ year: 2027, holidays: ['2027-01-01'] }).digest);
  });
});

describe('refusing bad calendar input, naming the box, the line and the date in both languages', () => {
  it('a date that does not exist', () => {
    const { conditions, fields } = refusal({ year: 2027, holidays: '元旦 2027-01-01\n春节 2027-02-30' });
    expect(conditions).toEqual([expect.objectContaining({ code: 'CALENDAR.INVALID_DATE', field: 'holidays' })]);
    expect(conditions[0].zh).toBe('放假日期第2行「2027-02-30」不是存在的日期。');
    expect(conditions[0].en).toBe('holidays line 2 "2027-02-30" is not a date that exists.');
    expect(fields).toEqual([{ field: 'holidays', messages: [conditions[0].en] }]);
    expect(refusal({ year: 2027, holidays: ['2027-02-30'] }).conditions[0]).toMatchObject({ code: 'CALENDAR.INVALID_DATE', field: 'holidays' });
    expect(refusal({ year: 2027, holidays: ['2027-2-3'] }).conditions[0].zh).toContain('放假日期第1项「2027-2-3」');
  });

  it('a make-up working day on a weekday', () => {
    const { conditions } = refusal({ year: 2027, holidays: '2027-01-01', workdays: '2027-02-08' });
    expect(conditions).toEqual([expect.objectContaining({ code: 'CALENDAR.WORKDAY_NOT_WEEKEND', field: 'workdays' })]);
    expect(conditions[0].zh).toBe('调休上班日期第1行「2027-02-08」是星期一：调休上班日应在周六或周日，工作日本来就上班，请核对。');
    expect(conditions[0].en).toContain('2027-02-08 is a weekday');
  });

  it('a make-up working day on a weekday is named where it was written, not where the same date is a holiday', () => {
    const { conditions } = refusal({ year: 2027, holidays: '春节 2027-02-06至2027-02-14', workdays: '2027-02-20\n2027-02-08' });
    expect(conditions.map((c) => c.code)).toEqual(['CALENDAR.WORKDAY_NOT_WEEKEND', 'CALENDAR.HOLIDAY_AND_WORKDAY']);
    expect(conditions[0].zh).toMatch(/^调休上班日期第2行「2027-02-08」是星期一/);
  });

  it('a holiday also listed as a working day', () => {
    const { conditions } = refusal({ year: 2027, holidays: '2027-02-06至2027-02-08', workdays: '2027-02-06' });
    expect(conditions).toEqual([expect.objectContaining({ code: 'CALENDAR.HOLIDAY_AND_WORKDAY', field: 'workdays' })]);
    expect(conditions[0].zh).toContain('「2027-02-06」既列为放假日期，又列为调休上班日期');
  });

  it('a year that does not match its dates, as one mistake', () => {
    const { conditions } = refusal({ year: 2027, holidays: '2028-01-01\n2028-02-10至2028-02-12' });
    expect(conditions).toEqual([expect.objectContaining({ code: 'CALENDAR.YEAR_MISMATCH', field: 'holidays' })]);
    expect(conditions[0].zh).toContain('年度填的是2027年，但日期2028-01-01、2028-02-10、2028-02-11、2028-02-12在2028年');
    expect(conditions[0].en).toContain('The year is 2027, but 2028-01-01, 2028-02-10, 2028-02-11, 2028-02-12 are in 2028');
  });

  it('an empty list', () => {
    expect(refusal({ year: 2027, holidays: '', workdays: '  \n' }).conditions).toEqual([
      expect.objectContaining({ code: 'CALENDAR.EMPTY', field: 'holidays' }),
    ]);
    expect(refusal({ year: 2027, holidays: [], workdays: [] }).conditions[0].zh).toBe('没有读到任何日期：请填写2027年的放假日期和调休上班日期。');
    expect(refusal({ year: 2027, holidays: '国务院办公厅通知' }).conditions[0].code).toBe('CALENDAR.EMPTY');
    expect(refusal({ year: 2027, workdays: '2027-02-06' }).conditions[0].code).toBe('CALENDAR.NO_HOLIDAYS');
  });

  it('a missing or impossible year, an unknown field, a range backwards or far too long, a note too long', () => {
    expect(refusal({ holidays: '2027-01-01' }).conditions).toEqual([expect.objectContaining({ code: 'CALENDAR.YEAR_REQUIRED', field: 'year' })]);
    expect(refusal({ year: '2027', holidays: '2027-01-01' }).conditions[0].code).toBe('CALENDAR.YEAR_REQUIRED');
    expect(refusal({ year: 2027, holiday: '2027-01-01', holidays: '2027-01-01' }).conditions[0]).toMatchObject({
      code: 'CALENDAR.UNKNOWN_FIELD',
      field: 'holiday',
    });
    expect(refusal({ year: 2027, holidays: '2027-02-17至2027-02-10' }).conditions[0]).toMatchObject({ code: 'CALENDAR.RANGE_BACKWARDS' });
    expect(refusal({ year: 2027, holidays: '2027-02-10至2027-12-17' }).conditions[0]).toMatchObject({ code: 'CALENDAR.RANGE_TOO_LONG' });
    expect(refusal({ year: 2027, holidays: '2027-01-01', note: 'x'.repeat(501) }).conditions[0]).toMatchObject({
      code: 'CALENDAR.NOTE_TOO_LONG',
      field: 'note',
    });
    expect(refusal({ year: 2027, holidays: 20270101 }).conditions[0]).toMatchObject({ code: 'CALENDAR.NOT_A_LIST', field: 'holidays' });
    expect(refusal([]).conditions[0].code).toBe('CALENDAR.NOT_AN_OBJECT');
  });

  it('lists every problem at once, not only the first', () => {
    const { conditions } = refusal({ year: 2027, holidays: '2027-02-30\n2027-13-01', workdays: '2027-02-08' });
    expect(conditions.map((c) => c.code)).toEqual(['CALENDAR.INVALID_DATE', 'CALENDAR.INVALID_DATE']);
  });
});
