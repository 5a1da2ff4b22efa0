import { isWorkday } from 'chinese-days';
import * as ExcelJS from 'exceljs';
import { PROCEDURE_SAMPLES } from '../workflows';
import { CasesService, type ListCursor } from '../src/cases/cases.service';
import { UsersService } from '../src/identity/users.service';
import { drivenApp, type PathDriver } from './support/path-driver';
import type { TestApp } from './support/test-app';

/**
 * Issue 21 §1: the defined indicators on a prepared set of cases. The cases are driven end to end
 * along the machines' own paths; the expected figures are counted from the steps this test drove,
 * and again from the exported trail by the small reference implementation below, which shares no
 * code with the service (its event names and fields are written out here on purpose).
 */

/** The reference: each indicator as an auditor would recompute it from the NDJSON export. */
const REFERENCE: Record<
  string,
  {
    procedure: string | null;
    events: string[];
    value?: (data: any, event: string, earlier: any[], element: any, entry: any) => string[];
    when?: (data: any) => boolean;
    /** Counts each element of this list (and only those `keep` accepts) instead of the entry. */
    each?: (data: any) => any[];
    /** Signed reports: an aggregate only (no drill-down, withheld per unit). */
    secret?: true;
  }
> = {
  'tolerance.decisions': { procedure: 'tolerance', events: ['DECIDE'], value: (d) => [d.outcome] },
  'tolerance.reviewDecisions': { procedure: 'tolerance', events: ['DECIDE_REVIEW'], value: (d) => [d.result] },
  'tolerance.appealDecisions': { procedure: 'tolerance', events: ['RECORD_APPEAL_DECISION'], value: (d) => [d.result] },
  'tolerance.revoked': { procedure: 'tolerance', events: ['DECISION_REVOKED'] },
  'tolerance.impactPeriodsEnded': { procedure: 'tolerance', events: ['IMPACT_PERIOD_ENDED'] },
  'correction.orders': { procedure: 'correction', events: ['ISSUE_ORDER'] },
  'correction.completed': { procedure: 'correction', events: ['CONFIRM_COMPLETION'] },
  'correction.extended': { procedure: 'correction', events: ['APPROVE_EXTENSION'] },
  'correction.overdue': { procedure: 'correction', events: ['RECTIFICATION_OVERDUE'] },
  'correction.escalated': { procedure: 'correction', events: ['DECIDE_CONSEQUENCE'] },
  'correction.items': { procedure: 'correction', events: ['ISSUE_ORDER'], each: (d) => d.items, value: (_d, _e, _earlier, item) => [item.responsible] },
  'correction.itemsCompleted': {
    procedure: 'correction',
    events: ['CHECK_ITEMS'],
    each: (d) => d.results.filter((r: any) => r.result === 'passed'),
    value: (_d, _e, earlier, result) => itemTiming(earlier, result.itemNo),
  },
  'clarification.clarifiedInTime': {
    procedure: 'clarification',
    events: ['RECORD_CLARIFICATION'],
    value: (d, _e, earlier) => {
      const conclusion = [...earlier].reverse().find((entry) => entry.event === 'CONCLUDE_VERIFICATION');
      return conclusion ? [d.clarifiedOn <= addMonths(chinaDay(conclusion.at), 1) ? 'onTime' : 'late'] : [];
    },
  },
  'reports.acceptanceNotified': {
    procedure: 'clarification',
    events: ['NOTIFY_ACCEPTANCE'],
    secret: true,
    value: (d, _e, earlier) => (earlier[0]?.data?.receivedOn ? [d.notifiedOn <= workingDaysAfter(earlier[0].data.receivedOn, 15) ? 'onTime' : 'late'] : []),
  },
  'reports.resultNotified': {
    procedure: 'clarification',
    events: ['NOTIFY_RESULT'],
    secret: true,
    value: (d, _e, earlier, _element, entry) => {
      const settled = [...earlier].reverse().find((candidate) => candidate.toState === entry.fromState && candidate.fromState !== candidate.toState);
      return settled ? [d.notifiedOn <= workingDaysAfter(chinaDay(settled.at), 15) ? 'onTime' : 'late'] : [];
    },
  },
  'clarification.conclusions': { procedure: 'clarification', events: ['CONCLUDE_VERIFICATION'], value: (d) => [d.conclusion] },
  'clarification.clarified': {
    procedure: 'clarification',
    events: ['RECORD_CLARIFICATION'],
    value: (_d, _e, earlier) => {
      const plans = earlier.filter((entry) => entry.event === 'SUBMIT_PLAN');
      return plans.length > 0 ? [plans[plans.length - 1].data.method] : [];
    },
  },
  'clarification.declined': { procedure: 'clarification', events: ['DECLINE_CLARIFICATION'] },
  'falseAccusation.conclusions': {
    procedure: 'falseAccusation',
    events: ['CONCLUDE_MISTAKEN', 'CONCLUDE_UNDETERMINED', 'DECIDE_MEASURES'],
    value: (_d, event) => [event],
  },
  'falseAccusation.measures': { procedure: 'falseAccusation', events: ['DECIDE_MEASURES'], value: (d) => d.measures },
  'riskFiling.registered': { procedure: 'riskFiling', events: ['REGISTER_FILING'] },
  'riskFiling.cited': { procedure: 'tolerance', events: ['RECORD_ASSESSMENT'], when: (d) => typeof d.facts?.filing?.filingNo === 'string' },
  'warnings.raised': {
    procedure: null,
    events: ['WARNING_CHANGED'],
    when: (d) => ['blue', 'yellow', 'red'].includes(d.warning?.to),
    value: (d) => [d.warning.to],
  },
};

/** China time: the day an instant falls on, as YYYY-MM-DD. */
function chinaDay(at: string): string {
  return new Date(Date.parse(at) + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The same day `months` later (the month's last day when it has fewer days). */
function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}

/** The `count`-th working day after `day`, by the chinese-days package's own schedule. */
function workingDaysAfter(day: string, count: number): string {
  let current = day;
  for (let found = 0; found < count;) {
    current = new Date(Date.parse(`${current}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    if (isWorkday(current)) found++;
  }
  return current;
}

/**
 * A correction item passed at a check: on time when the last completion report before the check
 * came by the item's deadline as it then stood (the order's date or 3 months from the order, an
 * approved extension's new date, the re-do date of a check the item failed).
 */
function itemTiming(earlier: any[], itemNo: number): string[] {
  const orderAt = earlier.map((entry) => entry.event).lastIndexOf('ISSUE_ORDER');
  const reports = earlier.filter((entry) => entry.event === 'REPORT_COMPLETION');
  if (orderAt < 0 || reports.length === 0) return [];
  const order = earlier[orderAt];
  let deadline: string = order.data.items[itemNo - 1]?.dueDate ?? addMonths(chinaDay(order.at), 3);
  let requested: string | undefined;
  for (const entry of earlier.slice(orderAt + 1)) {
    if (entry.event === 'REQUEST_EXTENSION') requested = entry.data.newDueDate;
    if (entry.event === 'APPROVE_EXTENSION' && requested) deadline = requested;
    if (entry.event === 'CHECK_ITEMS' && entry.data.results.some((r: any) => r.itemNo === itemNo && r.result === 'failed')) {
      deadline = entry.data.redoDueDate ?? deadline;
    }
  }
  return [chinaDay(reports[reports.length - 1].at) <= deadline ? 'onTime' : 'late'];
}

interface Counted {
  id: number;
  at: string;
  caseId: string;
  value: string[];
  month: string;
  unit: string;
}

function recompute(entries: any[], units: Map<string, string>, indicator: string, fromDay: string, toDay: string, unit?: string): Counted[] {
  const rule = REFERENCE[indicator];
  const byCase = new Map<string, any[]>();
  for (const entry of entries) {
    if (!entry.caseId || entry.outcome !== 'applied') continue;
    byCase.set(entry.caseId, [...(byCase.get(entry.caseId) ?? []), entry]);
  }
  const counted: Counted[] = [];
  for (const [caseId, chain] of byCase) {
    chain.sort((a, b) => a.position - b.position);
    const procedure = chain[0].procedure;
    if (rule.procedure && procedure !== rule.procedure) continue;
    if (unit && units.get(caseId) !== unit) continue;
    chain.forEach((entry, index) => {
      if (!rule.events.includes(entry.event)) return;
      const day = chinaDay(entry.at);
      if (day < fromDay || day > toDay) return;
      if (rule.when && !rule.when(entry.data)) return;
      for (const element of rule.each ? rule.each(entry.data) : [undefined]) {
        counted.push({
          id: entry.id,
          at: entry.at,
          caseId,
          value: rule.value ? rule.value(entry.data, entry.event, chain.slice(0, index), element, entry) : [],
          month: day.slice(0, 7),
          unit: units.get(caseId)!,
        });
      }
    });
  }
  // The drill-down's order: by time, then by entry.
  return counted.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id));
}

/** The timing breakdowns counted by hand from the sample dates of the driven paths (see the comments). */
const HAND_COUNTED = {
  // The driven 'completed' path: both items reported done in time (2); the prepared late report: item 1 late, item 2 on time.
  itemsCompleted: { onTime: 3, late: 1 },
  // The sample clarification on 2026-05-20, the last day of the month after the 04-20 conclusion; the prepared one on 05-21.
  clarifiedInTime: { onTime: 1, late: 1 },
  // The samples tell on 2026-03-05 (within the 15 working days to 03-20: every driven notice); the prepared notice on 03-23.
  acceptanceNotified: { late: 1 },
  // The one result notice, on 2026-12-31: the sample steps, the settling one among them, are dated by 2026-08-12.
  resultNotified: { late: 1 },
};

describe('statistics: defined indicators from the trail', () => {
  let t: TestApp;
  let driver: PathDriver;
  /** How often each step was taken, by procedure and event, with its sample payload. */
  const steps: Array<{ procedure: string; type: string; data: Record<string, any> }> = [];

  // The filing first: the tolerance applications cite it, and their assessments find it registered.
  const DRIVEN: Record<string, string[]> = {
    riskFiling: ['registered'],
    tolerance: ['closed', 'revoked', 'underAppeal', 'rejected', 'awaitingClosure'],
    correction: ['completed', 'escalationClosed'],
    clarification: ['closed', 'closedDeclined', 'closedWithoutClarification', 'transferred'],
    falseAccusation: ['closed', 'closedMistaken', 'closedUndetermined'],
  };
  const caseIds: Record<string, string> = {};

  beforeAll(async () => {
    ({ t, driver } = await drivenApp());
    for (const [procedure, targets] of Object.entries(DRIVEN)) {
      for (const target of targets) {
        const path = driver.paths(procedure).get(target)!;
        caseIds[`${procedure}:${target}`] = await driver.drive(procedure, path);
        for (const step of path.steps) steps.push({ procedure, type: step.type, data: step.sample.data });
      }
    }
    // A mitigated decision, closed, whose impact period then runs out (tolerance.impactPeriodsEnded).
    const toDecision = driver.paths('tolerance').get('awaitingDecision')!;
    const mitigated = await driver.drive('tolerance', toDecision);
    for (const step of toDecision.steps) steps.push({ procedure: 'tolerance', type: step.type, data: step.sample.data });
    const events = PROCEDURE_SAMPLES.tolerance.events;
    for (const [type, index, at] of [
      ['DECIDE', 1, undefined],
      ['SERVE_DECISION', 0, undefined],
      ['ACKNOWLEDGE_RECEIPT', 0, undefined],
      ['ACCEPT_RESULT', 0, undefined],
      ['CLOSE', 0, undefined],
      // The end of the day before impactUntil (2026-10-20), when the scheduler would fire it.
      ['IMPACT_PERIOD_ENDED', 0, '2026-10-19T15:59:59.999Z'],
    ] as const) {
      const sample = events[type][index];
      await driver.step(mitigated, type, sample.actor, sample.data, at ?? sample.at);
      steps.push({ procedure: 'tolerance', type, data: sample.data });
    }
    caseIds['tolerance:impactEnded'] = mitigated;

    // Late on purpose, for the timing breakdowns (HAND_COUNTED): a completion report after the
    // first item's deadline, a clarification a day after its month, an acceptance notice after 15
    // working days.
    const prepared: Array<[string, string, string, Record<string, any>, string]> = [
      // Items due 2026-05-29 and 2026-06-02 (the sample order): reported done on 06-01, checked on 06-03.
      ['correction', 'rectifying', 'REPORT_COMPLETION', PROCEDURE_SAMPLES.correction.events.REPORT_COMPLETION[0].data, '2026-06-01T02:00:00.000Z'],
      // Concluded 2026-04-20 (China time): the month ends 05-20.
      [
        'clarification',
        'clarifying',
        'RECORD_CLARIFICATION',
        { ...PROCEDURE_SAMPLES.clarification.events.RECORD_CLARIFICATION[0].data, clarifiedOn: '2026-05-21' },
        '2026-05-21T02:00:00.000Z',
      ],
      // Received 2026-02-27 (a Friday): the 15th working day after it is 2026-03-20.
      ['clarification', 'awaitingAcceptanceNotice', 'NOTIFY_ACCEPTANCE', { notifiedOn: '2026-03-23', method: 'phone' }, '2026-03-23T02:00:00.000Z'],
      // The driven paths tell no signed reporter of a result: one told at the year's end, months after the result was settled.
      ['clarification', 'notifyingResult', 'NOTIFY_RESULT', { notifiedOn: '2026-12-31', method: 'inWriting' }, '2026-12-31T02:00:00.000Z'],
    ];
    for (const [procedure, state, type, data, at] of prepared) {
      const path = driver.paths(procedure).get(state)!;
      const id = await driver.drive(procedure, path);
      for (const step of path.steps) steps.push({ procedure, type: step.type, data: step.sample.data });
      const actor = PROCEDURE_SAMPLES[procedure].events[type][0].actor;
      await driver.step(id, type, actor, data, at);
      steps.push({ procedure, type, data });
      if (type === 'REPORT_COMPLETION') {
        const check = PROCEDURE_SAMPLES.correction.events.CHECK_ITEMS[0];
        await driver.step(id, 'CHECK_ITEMS', check.actor, check.data, '2026-06-03T02:00:00.000Z');
        steps.push({ procedure, type: 'CHECK_ITEMS', data: check.data });
      }
    }
  }, 300_000);
  afterAll(() => t?.close());

  const stats = async (user: string, query: Record<string, string> = {}, status?: number) => {
    const answer = await t
      .http()
      .get('/api/stats')
      .query(query)
      .set(await t.as(user));
    if (status !== undefined) expect({ query, status: answer.status, body: answer.status === status ? undefined : answer.body }).toEqual({ query, status });
    return answer;
  };
  const figure = (body: any, id: string) => body.indicators.find((indicator: any) => indicator.id === id);
  const allCases = async (query: Record<string, string> = {}) => {
    const items: any[] = [];
    for (let page = 1; ; page++) {
      const body = (
        await t
          .http()
          .get('/api/cases')
          .query({ ...query, page, pageSize: 100 })
          .set(await t.as('auditor1'))
          .expect(200)
      ).body;
      items.push(...body.items);
      if (items.length >= body.total) return items;
    }
  };

  it('counts each indicator as the steps taken, and the drill-down lists exactly the entries behind each figure', async () => {
    // Ten years around the samples' dates: every step driven falls inside.
    const range = { from: '2020-01-01', to: '2029-12-31' };
    const body = (await stats('leader1', range, 200)).body;
    expect(body.period).toMatchObject({ firstDay: '2020-01-01', lastDay: '2029-12-31', fromInstant: '2019-12-31T16:00:00.000Z' });
    const taken = (procedure: string, type: string) => steps.filter((step) => step.procedure === procedure && step.type === type);

    // Tolerance decisions by outcome, as the driven DECIDE steps carried them.
    const decisions = figure(body, 'tolerance.decisions');
    expect(decisions.total).toBe(taken('tolerance', 'DECIDE').length);
    expect(decisions.total).toBeGreaterThan(0);
    for (const outcome of ['exemption', 'mitigated', 'notTolerated']) {
      const count = decisions.breakdown.values.find((value: any) => value.value === outcome).count;
      expect(count).toBe(taken('tolerance', 'DECIDE').filter((step) => step.data.outcome === outcome).length);
    }
    expect(figure(body, 'tolerance.revoked').total).toBe(1);
    expect(figure(body, 'tolerance.impactPeriodsEnded').total).toBe(1);
    expect(figure(body, 'tolerance.appealDecisions').total).toBe(taken('tolerance', 'RECORD_APPEAL_DECISION').length);
    expect(figure(body, 'clarification.declined').total).toBe(1);
    expect(figure(body, 'riskFiling.registered').total).toBe(1);
    // Each driven assessment that cited the registered filing found it.
    expect(figure(body, 'riskFiling.cited').total).toBe(taken('tolerance', 'RECORD_ASSESSMENT').filter((step) => step.data.riskFiling).length);
    expect(figure(body, 'riskFiling.cited').total).toBeGreaterThan(0);
    // Only the correction cases driven here issue orders (those the tolerance decisions opened wait for the officer).
    expect(figure(body, 'correction.orders').total).toBe(taken('correction', 'ISSUE_ORDER').length);
    const conclusions = figure(body, 'falseAccusation.conclusions');
    expect(Object.fromEntries(conclusions.breakdown.values.map((value: any) => [value.value, value.count]))).toEqual({
      CONCLUDE_MISTAKEN: taken('falseAccusation', 'CONCLUDE_MISTAKEN').length,
      CONCLUDE_UNDETERMINED: taken('falseAccusation', 'CONCLUDE_UNDETERMINED').length,
      DECIDE_MEASURES: taken('falseAccusation', 'DECIDE_MEASURES').length,
    });

    // Correction items: each item of each order issued, and each item a check passed.
    const items = taken('correction', 'ISSUE_ORDER').flatMap((step) => step.data.items);
    expect(figure(body, 'correction.items').total).toBe(items.length);
    expect(figure(body, 'correction.items').total).toBeGreaterThan(figure(body, 'correction.orders').total);
    for (const party of ['unit', 'cadre']) {
      expect(figure(body, 'correction.items').breakdown.values.find((value: any) => value.value === party).count).toBe(
        items.filter((item: any) => item.responsible === party).length,
      );
    }
    const passed = taken('correction', 'CHECK_ITEMS').flatMap((step) => step.data.results.filter((result: any) => result.result === 'passed'));
    const completed = figure(body, 'correction.itemsCompleted');
    expect(completed.total).toBe(passed.length);
    expect(completed.total).toBeGreaterThan(0);
    const timing = (indicator: any) => Object.fromEntries(indicator.breakdown.values.map((value: any) => [value.value, value.count]));
    // Hand-counted (HAND_COUNTED): the samples' reports come in time, the prepared one late for item 1.
    expect(timing(completed)).toEqual(HAND_COUNTED.itemsCompleted);
    expect(figure(body, 'clarification.clarifiedInTime').total).toBe(taken('clarification', 'RECORD_CLARIFICATION').length);
    expect(timing(figure(body, 'clarification.clarifiedInTime'))).toEqual(HAND_COUNTED.clarifiedInTime);
    // Signed reports: the totals are checked against the independent recomputation below; of the
    // notices, only the prepared one is late.
    for (const [id, late] of [
      ['reports.acceptanceNotified', HAND_COUNTED.acceptanceNotified.late],
      ['reports.resultNotified', HAND_COUNTED.resultNotified.late],
    ] as const) {
      const notified = figure(body, id);
      expect({ id, ...timing(notified) }).toEqual({ id, onTime: notified.total - late, late });
      expect(notified.total).toBeGreaterThanOrEqual(late);
      expect(notified.total).toBeGreaterThan(0);
    }

    // Every figure and every breakdown value drills down to a list whose count is the figure;
    // those about signed reports have no list at all (it would name the signed cases).
    for (const indicator of body.indicators) {
      if (REFERENCE[indicator.id].secret) {
        for (const query of [range, { ...range, value: 'onTime' }]) {
          const refused = await t
            .http()
            .get(`/api/stats/indicators/${indicator.id}/cases`)
            .query(query)
            .set(await t.as('leader1'));
          expect({ id: indicator.id, status: refused.status, code: refused.body.details?.conditions?.[0]?.code }).toEqual({
            id: indicator.id,
            status: 400,
            code: 'STATS.NO_DRILL_DOWN',
          });
          expect(refused.body.details.conditions[0].zh).toMatch(/[\u4e00-\u9fff]/);
        }
        const exported = await t
          .http()
          .get(`/api/stats/indicators/${indicator.id}/cases/export`)
          .query({ ...range, format: 'csv' })
          .set(await t.as('leader1'));
        expect(exported.status).toBe(400);
        continue;
      }
      const all = (
        await t
          .http()
          .get(`/api/stats/indicators/${indicator.id}/cases`)
          .query({ ...range, pageSize: 500 })
          .set(await t.as('leader1'))
          .expect(200)
      ).body;
      expect({ id: indicator.id, total: all.total, listed: all.items.length }).toEqual({ id: indicator.id, total: indicator.total, listed: indicator.total });
      for (const value of indicator.breakdown?.values ?? []) {
        const list = (
          await t
            .http()
            .get(`/api/stats/indicators/${indicator.id}/cases`)
            .query({ ...range, value: value.value, pageSize: 500 })
            .set(await t.as('leader1'))
            .expect(200)
        ).body;
        expect({ id: indicator.id, value: value.value, listed: list.items.length }).toEqual({ id: indicator.id, value: value.value, listed: value.count });
      }
    }
  });

  it('agrees with an independent recomputation from the exported trail, for the year, a month, a custom range and a unit', async () => {
    const exported = await t
      .http()
      .get('/api/audit/export')
      .set(await t.as('auditor1'))
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => done(null, text));
      })
      .expect(200);
    const entries = String(exported.body)
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line));
    const units = new Map<string, string>((await allCases()).map((item) => [item.id, item.data.parties.unitId]));

    const ranges: Array<{ query: Record<string, string>; from: string; to: string; unit?: string }> = [
      { query: { period: '2026' }, from: '2026-01-01', to: '2026-12-31' },
      { query: { period: '2026-04' }, from: '2026-04-01', to: '2026-04-30' },
      { query: { period: '2026-Q2' }, from: '2026-04-01', to: '2026-06-30' },
      { query: { from: '2026-03-15', to: '2026-07-20' }, from: '2026-03-15', to: '2026-07-20' },
      { query: { period: '2026', unit: 'unit-jinan-dev' }, from: '2026-01-01', to: '2026-12-31', unit: 'unit-jinan-dev' },
    ];
    let nonZero = 0;
    for (const range of ranges) {
      const body = (await stats('auditor1', { ...range.query, groupBy: 'month' }, 200)).body;
      // Per unit, the figures about signed reports are withheld (a unit's count could name a case).
      const expectedIds = Object.keys(REFERENCE).filter((id) => !(range.unit && REFERENCE[id].secret));
      expect(body.indicators.map((indicator: any) => indicator.id).sort()).toEqual(expectedIds.sort());
      expect(body.withheld.map((item: any) => item.id).sort()).toEqual(
        Object.keys(REFERENCE)
          .filter((id) => range.unit && REFERENCE[id].secret)
          .sort(),
      );
      for (const indicator of body.indicators) {
        const counted = recompute(entries, units, indicator.id, range.from, range.to, range.unit);
        if (counted.length > 0) nonZero++;
        const label = { indicator: indicator.id, range: range.query };
        expect({ ...label, total: indicator.total }).toEqual({ ...label, total: counted.length });
        for (const value of indicator.breakdown?.values ?? []) {
          expect({ ...label, value: value.value, count: value.count }).toEqual({
            ...label,
            value: value.value,
            count: counted.filter((entry) => entry.value.includes(value.value)).length,
          });
        }
        const months = new Map<string, number>();
        for (const entry of counted) months.set(entry.month, (months.get(entry.month) ?? 0) + 1);
        expect({ ...label, groups: indicator.groups }).toEqual({
          ...label,
          groups: [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, count]) => ({ key, count })),
        });
        if (REFERENCE[indicator.id].secret) continue;
        const drilled = (
          await t
            .http()
            .get(`/api/stats/indicators/${indicator.id}/cases`)
            .query({ ...range.query, pageSize: 500 })
            .set(await t.as('auditor1'))
            .expect(200)
        ).body;
        expect({ ...label, entries: drilled.items.map((item: any) => item.entryId) }).toEqual({ ...label, entries: counted.map((entry) => entry.id) });
      }
    }
    expect(nonZero).toBeGreaterThan(20);
  }, 120_000);

  it('counts a body with every body below it, within the caller’s grants', async () => {
    const range = { period: '2026' };
    const whole = (await stats('auditor1', { ...range, groupBy: 'jurisdiction' }, 200)).body;
    // The demo tree (src/demo/demo-users.ts), written out: 济南 with its districts and stationed group.
    const jinanTree = ['jinan', 'jinan-lixia', 'jinan-shizhong', 'jinan-fgw-group'];
    const underJinan = (await stats('auditor1', { ...range, body: 'jinan' }, 200)).body;
    const province = (await stats('auditor1', { ...range, body: 'shandong' }, 200)).body;
    for (const indicator of whole.indicators) {
      const expected = indicator.groups.filter((group: any) => jinanTree.includes(group.key)).reduce((sum: number, group: any) => sum + group.count, 0);
      expect({ id: indicator.id, total: figure(underJinan, indicator.id).total }).toEqual({ id: indicator.id, total: expected });
      expect({ id: indicator.id, total: figure(province, indicator.id).total }).toEqual({ id: indicator.id, total: indicator.total });
    }
    expect(figure(underJinan, 'tolerance.decisions').total).toBeGreaterThan(0);
    const drilled = (
      await t
        .http()
        .get('/api/stats/indicators/tolerance.decisions/cases')
        .query({ ...range, body: 'jinan', pageSize: 500 })
        .set(await t.as('auditor1'))
        .expect(200)
    ).body;
    expect(drilled.total).toBe(figure(underJinan, 'tolerance.decisions').total);
    expect(drilled.items.every((item: any) => jinanTree.includes(item.jurisdiction))).toBe(true);
    // A body outside the grants, like an unknown one, is refused as a bad request naming the field.
    const refused = await stats('officer3', { ...range, body: 'jinan' }, 400);
    expect(refused.body.details.conditions[0]).toMatchObject({ code: 'STATS.OUT_OF_SCOPE', field: 'body' });
    const unknown = await stats('auditor1', { ...range, body: 'atlantis' }, 400);
    expect(unknown.body.details.conditions[0]).toMatchObject({ code: 'STATS.UNKNOWN_BODY' });
    expect(unknown.body.details.conditions[0].zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('scopes the figures by the caller’s grants and refuses readers without a staff or auditor role', async () => {
    const qingdao = (await stats('officer3', { period: '2026' }, 200)).body;
    expect(qingdao.indicators.every((indicator: any) => indicator.total === 0)).toBe(true);
    const refused = await stats('officer3', { period: '2026', jurisdiction: 'jinan' }, 400);
    expect(refused.body.details.conditions).toEqual([expect.objectContaining({ code: 'STATS.OUT_OF_SCOPE', field: 'jurisdiction' })]);
    for (const user of ['applicant1', 'unit1', 'orgdept1', 'sysadmin1']) {
      const answer = await stats(user, { period: '2026' }, 403);
      expect(answer.body.details.conditions[0]).toMatchObject({ code: 'STATS.READER_ROLE' });
    }
  });

  it('refuses bad filters with a 400 naming the condition in both languages', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ from: '2026-05-01', to: '2026-04-01' }, 'STATS.RANGE_REVERSED'],
      [{ from: '2010-01-01', to: '2026-01-01' }, 'STATS.RANGE_TOO_LONG'],
      [{ period: '2026-13' }, 'STATS.BAD_PERIOD'],
      [{ from: '2026-02-30', to: '2026-03-01' }, 'STATS.BAD_DATE'],
      [{ from: '2026-02-01' }, 'STATS.RANGE_INCOMPLETE'],
      [{ jurisdiction: 'atlantis' }, 'STATS.UNKNOWN_JURISDICTION'],
      [{ unit: 'unit-nowhere' }, 'STATS.UNKNOWN_UNIT'],
      [{ procedure: 'astrology' }, 'STATS.UNKNOWN_PROCEDURE'],
      [{ indicator: 'no.such' }, 'STATS.UNKNOWN_INDICATOR'],
      [{ body: 'atlantis' }, 'STATS.UNKNOWN_BODY'],
    ];
    for (const [query, code] of cases) {
      const answer = await stats('auditor1', query);
      expect({ query, status: answer.status, code: answer.body.details?.conditions?.[0]?.code }).toEqual({ query, status: 400, code });
      expect(answer.body.details.conditions[0].zh).toMatch(/[\u4e00-\u9fff]/);
    }
    const unknown = await t
      .http()
      .get('/api/stats/indicators/no.such/cases')
      .set(await t.as('auditor1'));
    expect(unknown.status).toBe(400);
    expect(unknown.body.details.conditions[0].code).toBe('STATS.UNKNOWN_INDICATOR');
    const huge = await t
      .http()
      .get('/api/stats/indicators/tolerance.decisions/cases')
      .query({ pageSize: 1_000_000 })
      .set(await t.as('auditor1'));
    expect(huge.status).toBe(400);
    const badValue = await t
      .http()
      .get('/api/stats/indicators/tolerance.decisions/cases')
      .query({ value: 'maybe' })
      .set(await t.as('auditor1'));
    expect(badValue.body.details.conditions[0].code).toBe('STATS.UNKNOWN_VALUE');
  });

  it('shows a closed tolerance case as done (revocable) and finds it with status=done, not active', async () => {
    const closed = await driver.view(caseIds['tolerance:closed']);
    expect(closed).toMatchObject({ state: 'closed', status: 'done', revocable: true });
    const revoked = await driver.view(caseIds['tolerance:revoked']);
    expect(revoked.status).toBe('done');
    expect(revoked.revocable).toBeUndefined();
    const done = (await allCases({ procedure: 'tolerance', status: 'done' })).map((item) => item.id);
    const active = (await allCases({ procedure: 'tolerance', status: 'active' })).map((item) => item.id);
    expect(done).toEqual(expect.arrayContaining([caseIds['tolerance:closed'], caseIds['tolerance:revoked'], caseIds['tolerance:rejected']]));
    expect(active).not.toContain(caseIds['tolerance:closed']);
    expect(active).toEqual(expect.arrayContaining([caseIds['tolerance:underAppeal'], caseIds['tolerance:awaitingClosure']]));
  });

  it('filters the case list by the days a case was opened, closed and decided (China time, both ends inclusive)', async () => {
    const entries = async (caseId: string) =>
      (
        await t
          .http()
          .get(`/api/cases/${caseId}/trail`)
          .set(await t.as('auditor1'))
          .expect(200)
      ).body as any[];
    const closedCase = caseIds['tolerance:closed'];
    const trail = await entries(closedCase);
    const decidedOn = chinaDay(trail.find((entry) => entry.event === 'DECIDE').at);
    const closedOn = chinaDay(trail.find((entry) => entry.toState === 'closed').at);
    const openedOn = chinaDay(trail[0].at);

    const ids = async (query: Record<string, string>) => (await allCases({ procedure: 'tolerance', ...query })).map((item) => item.id);
    expect(await ids({ decidedFrom: decidedOn, decidedTo: decidedOn })).toContain(closedCase);
    expect(await ids({ closedFrom: closedOn, closedTo: closedOn })).toContain(closedCase);
    expect(await ids({ openedFrom: openedOn, openedTo: openedOn })).toContain(closedCase);
    const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(await ids({ decidedFrom: dayAfter(decidedOn) })).not.toContain(closedCase);
    expect(await ids({ closedTo: dayAfter(openedOn) })).not.toContain(closedCase);
    // Cases still open were never closed: the closed filter leaves them out.
    expect(await ids({ closedFrom: '2026-01-01', closedTo: '2026-12-31' })).not.toContain(caseIds['tolerance:underAppeal']);
    // Every case the list finds as decided in the year has a decision entry there.
    for (const id of await ids({ decidedFrom: '2026-01-01', decidedTo: '2026-12-31' })) {
      expect((await entries(id)).some((entry) => ['DECIDE', 'DECIDE_REVIEW', 'RECORD_APPEAL_DECISION'].includes(entry.event))).toBe(true);
    }

    const reversed = await t
      .http()
      .get('/api/cases')
      .query({ closedFrom: '2026-05-02', closedTo: '2026-05-01' })
      .set(await t.as('auditor1'));
    expect(reversed.status).toBe(400);
    expect(reversed.body.details.conditions[0]).toMatchObject({ code: 'CASE.RANGE_REVERSED', field: 'closedTo' });
    const malformed = await t
      .http()
      .get('/api/cases')
      .query({ openedFrom: '2026-02-30' })
      .set(await t.as('auditor1'));
    expect(malformed.status).toBe(400);
  });

  const download = async (user: string, path: string, query: Record<string, string | number>) => {
    const answer = await t
      .http()
      .get(path)
      .query(query)
      .set(await t.as(user))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    return answer;
  };
  const sheetRows = async (buffer: Buffer) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as never);
    const rows: unknown[][] = [];
    workbook.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return rows;
  };
  const exportsOnRecord = async () =>
    (
      await t
        .http()
        .get('/api/audit/entries')
        .query({ stream: 'audit-reads', pageSize: 200 })
        .set(await t.as('auditadmin1'))
        .expect(200)
    ).body.items.filter((entry: any) => ['CASES_EXPORTED', 'STATS_CASES_EXPORTED'].includes(entry.event));

  it('pages the case list by keyset for the export: every case once, in the order opened, whatever the page size', async () => {
    const cases = t.app.get(CasesService);
    const auditor = (await t.app.get(UsersService).findAuthUser('auditor1'))!;
    const listed = await allCases();
    expect(listed.length).toBeGreaterThan(20);
    for (const size of [1, 3, 7]) {
      const seen: Array<{ id: string; createdAt: string }> = [];
      let pages = 0;
      for (let after: ListCursor | null = null, first = true; first || after !== null; first = false) {
        const page: { items: any[]; next: ListCursor | null } = await cases.listAfter(auditor, {}, after, size);
        expect(page.items.length).toBeLessThanOrEqual(size);
        seen.push(...page.items.map((item) => ({ id: item.id, createdAt: item.createdAt })));
        after = page.next;
        pages++;
      }
      expect({ size, ids: seen.map((item) => item.id).sort() }).toEqual({ size, ids: listed.map((item) => item.id).sort() });
      const order = [...seen].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
      expect(seen).toEqual(order);
      expect(pages).toBeGreaterThanOrEqual(Math.ceil(listed.length / size));
    }
  });

  it('exports the statistics table as .xlsx and CSV with Chinese headers and the same figures', async () => {
    const range = { from: '2020-01-01', to: '2029-12-31' };
    const body = (await stats('leader1', range, 200)).body;
    const xlsx = await download('leader1', '/api/stats/export', { ...range, format: 'xlsx' });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const rows = await sheetRows(xlsx.body);
    expect(rows[0]).toEqual(['类别', '指标', '分类', '分组', '数量', '统计期间（北京时间）', '统计口径']);
    for (const indicator of body.indicators) {
      expect(rows.find((row) => row[1] === indicator.label.zh && row[2] === '合计')?.[4]).toBe(indicator.total);
    }
    const csv = await download('leader1', '/api/stats/export', { ...range, format: 'csv' });
    const text = csv.body.toString('utf8');
    expect(text.startsWith('\uFEFF类别,指标,分类,分组,数量')).toBe(true);
    const decisions = body.indicators.find((indicator: any) => indicator.id === 'tolerance.decisions');
    expect(text).toContain(`容错纠错,容错认定人次,合计,,${decisions.total},`);
    const bad = await download('leader1', '/api/stats/export', { ...range, format: 'pdf' });
    expect(bad.status).toBe(400);
  });

  it('exports the cases behind a figure and a filtered case list, each export on the record with its filter and row count', async () => {
    const range = { from: '2020-01-01', to: '2029-12-31' };
    const before = (await exportsOnRecord()).length;
    const decisions = (await stats('leader1', range, 200)).body.indicators.find((indicator: any) => indicator.id === 'tolerance.decisions');
    const drill = await download('leader1', '/api/stats/indicators/tolerance.decisions/cases/export', { ...range, value: 'exemption', format: 'xlsx' });
    expect(drill.status).toBe(200);
    const drillRows = await sheetRows(drill.body);
    expect(drillRows[0]).toEqual(['记录序号', '案件编号', '程序', '办理环节', '记录时间（北京时间）', '分类', '当事干部', '单位', '管辖范围']);
    const exempted = decisions.breakdown.values.find((value: any) => value.value === 'exemption').count;
    expect(drillRows.length - 1).toBe(exempted);
    expect(drillRows.slice(1).every((row) => row[2] === '容错申请' && row[3] === '集体研究认定' && row[5] === '容错免责')).toBe(true);
    // People read numbers and names: the case by its number, the cadre and unit as the directory names them.
    const views = await Promise.all(Object.values(caseIds).map((id) => driver.view(id)));
    const named = views.filter((view) => drillRows.some((row) => row[1] === view.caseNo));
    expect(named.length).toBeGreaterThan(0);
    for (const view of named) {
      expect(drillRows.find((row) => row[1] === view.caseNo)?.slice(6, 8)).toEqual([view.cadre.name, view.unit.name]);
      expect(view.cadre.name).not.toBe(view.cadre.id);
    }

    const listQuery = { procedure: 'tolerance', status: 'done' };
    const listed = (
      await t
        .http()
        .get('/api/cases')
        .query({ ...listQuery, pageSize: 100 })
        .set(await t.as('officer1'))
        .expect(200)
    ).body;
    const csv = await download('officer1', '/api/exports/cases', { ...listQuery, format: 'csv' });
    expect(csv.status).toBe(200);
    const csvText = csv.body.toString('utf8');
    // The byte-order mark Excel needs to read UTF-8.
    expect(csvText.charCodeAt(0)).toBe(0xfeff);
    const lines = csvText.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('案件编号,程序,当前环节,状态,当事干部,单位,登记启动时间（北京时间）,最近更新（北京时间）');
    expect(lines.length - 1).toBe(listed.total);
    expect(
      lines
        .slice(1)
        .map((line: string) => line.split(',')[0])
        .sort(),
    ).toEqual(listed.items.map((item: any) => item.caseNo).sort());
    const closedView = await driver.view(caseIds['tolerance:closed']);
    expect(lines.find((line: string) => line.startsWith(closedView.caseNo))).toContain(`已办结（可撤销）,${closedView.cadre.name},${closedView.unit.name},`);
    const xlsx = await download('officer1', '/api/exports/cases', { ...listQuery, format: 'xlsx' });
    expect((await sheetRows(xlsx.body)).length - 1).toBe(listed.total);

    const recorded = (await exportsOnRecord()).slice(0, (await exportsOnRecord()).length - before);
    expect(recorded).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          event: 'STATS_CASES_EXPORTED',
          actorId: 'leader1',
          data: expect.objectContaining({
            indicator: 'tolerance.decisions',
            format: 'xlsx',
            rows: exempted,
            filter: expect.objectContaining({ value: 'exemption' }),
          }),
        }),
        expect.objectContaining({ event: 'CASES_EXPORTED', actorId: 'officer1', data: { filter: listQuery, format: 'csv', rows: listed.total } }),
        expect.objectContaining({ event: 'CASES_EXPORTED', actorId: 'officer1', data: { filter: listQuery, format: 'xlsx', rows: listed.total } }),
      ]),
    );
    // A party or the organisation department exports no case list, and nothing is recorded for a refusal.
    const count = (await exportsOnRecord()).length;
    expect((await download('applicant1', '/api/exports/cases', { format: 'csv' })).status).toBe(403);
    expect((await download('orgdept1', '/api/exports/cases', { format: 'csv' })).status).toBe(403);
    expect((await exportsOnRecord()).length).toBe(count);
  });
});
