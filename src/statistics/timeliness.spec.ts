import { WorkingCalendar } from '../deadlines/working-calendar';
import { timingOf, type ChainEntry } from './timeliness';

/** 2026 with the National Day week off (10-01…10-08) and Saturday 10-10 a make-up working day. */
const calendar = new WorkingCalendar([
  {
    year: 2026,
    holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08'],
    workdays: ['2026-10-10'],
  },
]);

let position = 0;
const entry = (event: string, at: string, data: Record<string, unknown> = {}, fromState: string | null = 'a', toState: string | null = 'a'): ChainEntry => ({
  position: ++position,
  event,
  at,
  fromState,
  toState,
  data,
});

describe('timing rules of the statistics (docs/statistics.md)', () => {
  const order = entry('ISSUE_ORDER', '2026-03-02T02:00:00.000Z', { items: [{ dueDate: '2026-05-29' }, {}] });

  it('a correction item is on time when the completion report came by its deadline as it then stood', () => {
    const report = entry('REPORT_COMPLETION', '2026-05-29T15:59:59.000Z'); // 23:59 on 05-29, China time
    const check = entry('CHECK_ITEMS', '2026-06-10T02:00:00.000Z', { results: [{ itemNo: 1, result: 'passed' }] });
    expect(timingOf('correctionItem', [order, report, check], 2, { itemNo: 1, result: 'passed' }, calendar)).toBe('onTime');
    const late = entry('REPORT_COMPLETION', '2026-05-29T16:00:00.000Z'); // 00:00 on 05-30
    expect(timingOf('correctionItem', [order, late, check], 2, { itemNo: 1, result: 'passed' }, calendar)).toBe('late');
    // Without a date of its own: three months from the order (06-02), the same day.
    expect(timingOf('correctionItem', [order, entry('REPORT_COMPLETION', '2026-06-02T02:00:00.000Z'), check], 2, { itemNo: 2 }, calendar)).toBe('onTime');
    expect(timingOf('correctionItem', [order, entry('REPORT_COMPLETION', '2026-06-03T02:00:00.000Z'), check], 2, { itemNo: 2 }, calendar)).toBe('late');
  });

  it('an approved extension and a failed check move the deadline; a refused request does not', () => {
    const request = entry('REQUEST_EXTENSION', '2026-05-20T02:00:00.000Z', { newDueDate: '2026-07-31' });
    const report = entry('REPORT_COMPLETION', '2026-07-01T02:00:00.000Z');
    const check = entry('CHECK_ITEMS', '2026-07-02T02:00:00.000Z', { results: [{ itemNo: 1, result: 'passed' }] });
    const approved = [order, request, entry('APPROVE_EXTENSION', '2026-05-21T02:00:00.000Z'), report, check];
    expect(timingOf('correctionItem', approved, 4, { itemNo: 1 }, calendar)).toBe('onTime');
    const refused = [order, request, entry('REJECT_EXTENSION', '2026-05-21T02:00:00.000Z'), report, check];
    expect(timingOf('correctionItem', refused, 4, { itemNo: 1 }, calendar)).toBe('late');
    const failed = entry('CHECK_ITEMS', '2026-05-25T02:00:00.000Z', { results: [{ itemNo: 1, result: 'failed' }], redoDueDate: '2026-07-15' });
    const redone = [order, entry('REPORT_COMPLETION', '2026-05-20T02:00:00.000Z'), failed, report, check];
    expect(timingOf('correctionItem', redone, 4, { itemNo: 1 }, calendar)).toBe('onTime');
  });

  it('a clarification counts one month from the conclusion, the month’s last day when shorter', () => {
    const conclusion = entry('CONCLUDE_VERIFICATION', '2026-01-31T02:00:00.000Z');
    const on = (day: string) => entry('RECORD_CLARIFICATION', `${day}T02:00:00.000Z`, { clarifiedOn: day });
    expect(timingOf('clarification', [conclusion, on('2026-02-28')], 1, undefined, calendar)).toBe('onTime');
    expect(timingOf('clarification', [conclusion, on('2026-03-01')], 1, undefined, calendar)).toBe('late');
  });

  it('a signed reporter is told within 15 working days, counted on the holiday calendar', () => {
    // Received Friday 09-25: working days 09-28…09-30 (3), 10-09 (4), 10-10 make-up (5), 10-12…16 (10), 10-19…23 (15).
    const created = entry('CREATE', '2026-09-25T02:00:00.000Z', { receivedOn: '2026-09-25' }, null, 'registered');
    const told = (day: string) => entry('NOTIFY_ACCEPTANCE', `${day}T02:00:00.000Z`, { notifiedOn: day });
    expect(timingOf('acceptanceNotice', [created, told('2026-10-23')], 1, undefined, calendar)).toBe('onTime');
    expect(timingOf('acceptanceNotice', [created, told('2026-10-26')], 1, undefined, calendar)).toBe('late');
    // The result: from the day the entry that brought the case into the notice's state was recorded.
    const settled = entry('CLOSE', '2026-09-25T02:00:00.000Z', {}, 'followUp', 'notifyingResult');
    const talk = entry('RECORD_TALK', '2026-09-30T02:00:00.000Z', {}, 'notifyingResult', 'notifyingResult');
    const result = entry('NOTIFY_RESULT', '2026-10-24T02:00:00.000Z', { notifiedOn: '2026-10-24' }, 'notifyingResult', 'closed');
    expect(timingOf('resultNotice', [created, settled, talk, result], 3, undefined, calendar)).toBe('late');
  });
});
