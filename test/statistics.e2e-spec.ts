import * as ExcelJS from 'exceljs';
import { PROCEDURE_SAMPLES } from '../workflows';
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
  { procedure: string | null; events: string[]; value?: (data: any, event: string, earlier: any[]) => string[]; when?: (data: any) => boolean }
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
const chinaDay = (at: string) => new Date(Date.parse(at) + 8 * 3600_000).toISOString().slice(0, 10);

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
      counted.push({
        id: entry.id,
        at: entry.at,
        caseId,
        value: rule.value ? rule.value(entry.data, entry.event, chain.slice(0, index)) : [],
        month: day.slice(0, 7),
        unit: units.get(caseId)!,
      });
    });
  }
  // The drill-down's order: by time, then by entry.
  return counted.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id));
}

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

    // Every figure and every breakdown value drills down to a list whose count is the figure.
    for (const indicator of body.indicators) {
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
      expect(body.indicators.map((indicator: any) => indicator.id).sort()).toEqual(Object.keys(REFERENCE).sort());
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
