import { isWorkday } from 'chinese-days';
import { PROCEDURE_SAMPLES } from '../workflows';
import { WarningLadderService } from '../src/scheduling/warning-ladder.service';
import { drivenApp, type PathDriver } from './support/path-driver';
import type { TestApp } from './support/test-app';

/**
 * Issue 21 §1: processing time per step and per procedure, and the overdue rate per step, on
 * risk-prevention filings (filed → reviewed → registered) stepped at chosen times, so each figure
 * is counted by hand below; then recomputed from the exported trail by a reference that shares no
 * code with the service.
 */

/** China time: the day an instant falls on. */
const chinaDay = (at: string) => new Date(Date.parse(at) + 8 * 3600_000).toISOString().slice(0, 10);
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The reference: calendar days between the China days, and working days after the first up to the last (chinese-days' schedule). */
function span(startAt: string, endAt: string): { days: number; workingDays: number } {
  const first = chinaDay(startAt);
  const last = chinaDay(endAt);
  let workingDays = 0;
  for (let day = nextDay(first); day <= last; day = nextDay(day)) if (isWorkday(day)) workingDays++;
  return { days: Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000), workingDays };
}

const rank = (values: number[], p: number) => (values.length ? [...values].sort((a, b) => a - b)[Math.ceil(p * values.length) - 1] : null);

/** Every stay left between the two China days, per `procedure:state`, and every run closed then (`procedure:`). */
function referenceStays(entries: any[], fromDay: string, toDay: string, settled: Record<string, string[]>) {
  const chains = new Map<string, any[]>();
  for (const entry of entries) if (entry.caseId && entry.outcome === 'applied') chains.set(entry.caseId, [...(chains.get(entry.caseId) ?? []), entry]);
  const found = new Map<string, Array<{ caseId: string; days: number; workingDays: number; overdue: boolean }>>();
  const add = (key: string, value: { caseId: string; days: number; workingDays: number; overdue: boolean }) =>
    found.set(key, [...(found.get(key) ?? []), value]);
  const inRange = (at: string) => chinaDay(at) >= fromDay && chinaDay(at) <= toDay;
  for (const [caseId, chain] of chains) {
    chain.sort((a, b) => a.position - b.position);
    const procedure = chain[0].procedure;
    const moves = chain.filter((entry) => entry.toState && entry.fromState !== entry.toState);
    for (let index = 1; index < moves.length; index++) {
      const [entered, left] = [moves[index - 1], moves[index]];
      if (left.fromState !== entered.toState || !inRange(left.at)) continue;
      const warnings = chain.filter(
        (entry) =>
          entry.position > entered.position &&
          entry.position < left.position &&
          entry.event === 'WARNING_CHANGED' &&
          entry.data.deadline?.state === entered.toState,
      );
      const dueAt = warnings.at(-1)?.data.deadline.dueAt;
      add(`${procedure}:${entered.toState}`, { caseId, ...span(entered.at, left.at), overdue: dueAt !== undefined && Date.parse(dueAt) < Date.parse(left.at) });
    }
    const closing = moves.find((entry) => settled[procedure]?.includes(entry.toState));
    if (closing && inRange(closing.at)) add(`${procedure}:`, { caseId, ...span(chain[0].at, closing.at), overdue: false });
  }
  return found;
}

describe('statistics: processing time per step and per procedure, overdue rate per step', () => {
  let t: TestApp;
  let driver: PathDriver;
  const ids: Record<string, string> = {};

  const creation = PROCEDURE_SAMPLES.riskFiling.creations[0];
  const sample = (type: string) => PROCEDURE_SAMPLES.riskFiling.events[type][0];
  const open = async (name: string, at: string) => {
    t.clock.set(at);
    const response = await t
      .http()
      .post('/api/cases')
      .set(await t.as(creation.actor.id))
      .send({ procedure: 'riskFiling', ...creation.data });
    expect(response.status).toBe(201);
    ids[name] = response.body.id;
  };
  const step = (name: string, type: string, at: string) =>
    driver.step(
      ids[name],
      type,
      sample(type).actor,
      type === 'REGISTER_FILING' ? { ...sample(type).data, filingNo: `开改备〔2026〕${name}号` } : sample(type).data,
      at,
    );

  beforeAll(async () => {
    ({ t, driver } = await drivenApp());
    // A: filed Mon 03-02, reviewed Wed 03-04, registered Mon 03-09 (China time, 09:00/10:00).
    await open('A', '2026-03-02T01:00:00.000Z');
    await step('A', 'REVIEW_FILING', '2026-03-04T02:00:00.000Z');
    await step('A', 'REGISTER_FILING', '2026-03-09T02:00:00.000Z');
    // B: filed Tue 03-03, reviewed Tue 03-17 (the 10th working day), registered Fri 03-20.
    await open('B', '2026-03-03T01:00:00.000Z');
    await step('B', 'REVIEW_FILING', '2026-03-17T02:00:00.000Z');
    await step('B', 'REGISTER_FILING', '2026-03-20T02:00:00.000Z');
    // C: filed Wed 03-04, reviewed the next day, never registered (a stay not left is no figure).
    await open('C', '2026-03-04T01:00:00.000Z');
    await step('C', 'REVIEW_FILING', '2026-03-05T02:00:00.000Z');
    // D: filed Fri 02-27, reviewed Mon 03-02 (Sat 02-28 is a make-up working day), registered in April.
    await open('D', '2026-02-27T01:00:00.000Z');
    await step('D', 'REVIEW_FILING', '2026-03-02T02:00:00.000Z');
    await step('D', 'REGISTER_FILING', '2026-04-01T02:00:00.000Z');
    // E: filed Mon 03-02; its 10 working days run out on 03-16; the supervision marks it on 03-18,
    // and it is reviewed an hour later: overdue.
    await open('E', '2026-03-02T01:00:00.000Z');
    t.clock.set('2026-03-18T02:00:00.000Z');
    await t.app.get(WarningLadderService).onTick();
    await step('E', 'REVIEW_FILING', '2026-03-18T03:00:00.000Z');
  }, 300_000);
  afterAll(() => t?.close());

  const get = async (path: string, query: Record<string, string>, status: number) => {
    const answer = await t
      .http()
      .get(path)
      .query(query)
      .set(await t.as('leader1'));
    expect({ query, status: answer.status, body: answer.status === status ? undefined : answer.body }).toEqual({ query, status });
    return answer.body;
  };

  it('gives hand-counted medians, p90s and overdue rates for March, and drills down to exactly the stays behind each', async () => {
    const body = await get('/api/stats/step-times', { period: '2026-03', procedure: 'riskFiling' }, 200);
    expect(body.procedures).toHaveLength(1);
    const filing = body.procedures[0];
    const stepOf = (state: string) => filing.steps.find((candidate: any) => candidate.state === state);
    // Filed, left in March: A 2 d (2 wd), B 14 (10), C 1 (1), D 3 (2: 02-28, 03-02), E 16 (12).
    expect(stepOf('filed')).toMatchObject({
      count: 5,
      medianDays: 3,
      p90Days: 16,
      medianWorkingDays: 2,
      p90WorkingDays: 12,
      overdue: 1,
      overdueRate: 0.2,
      label: { zh: '待审查', en: 'Awaiting review' },
    });
    // Reviewed, left in March: A 5 d (3 wd), B 3 (3); D left in April, C not at all.
    expect(stepOf('reviewed')).toMatchObject({ count: 2, medianDays: 3, p90Days: 5, medianWorkingDays: 3, p90WorkingDays: 3, overdue: 0, overdueRate: 0 });
    expect(stepOf('returned')).toMatchObject({ count: 0, medianDays: null, overdueRate: null });
    // Opening to registration closed in March: A 7 d (5 wd), B 17 (13).
    expect(filing.run).toEqual({ count: 2, medianDays: 7, p90Days: 17, medianWorkingDays: 5, p90WorkingDays: 13 });

    const list = async (query: Record<string, string>) =>
      get('/api/stats/step-times/cases', { period: '2026-03', procedure: 'riskFiling', pageSize: '500', ...query }, 200);
    const filed = await list({ step: 'filed' });
    expect(filed.total).toBe(5);
    expect(filed.items.map((item: any) => item.caseId).sort()).toEqual([ids.A, ids.B, ids.C, ids.D, ids.E].sort());
    expect(filed.items.find((item: any) => item.caseId === ids.D)).toMatchObject({
      days: 3,
      workingDays: 2,
      overdue: false,
      state: 'filed',
      event: 'REVIEW_FILING',
    });
    const overdue = await list({ step: 'filed', overdue: 'true' });
    expect(overdue.items.map((item: any) => item.caseId)).toEqual([ids.E]);
    const runs = await list({});
    expect(runs.items.map((item: any) => item.caseId).sort()).toEqual([ids.A, ids.B].sort());
    // The year: D's registration in April now counts too.
    const year = await get('/api/stats/step-times', { period: '2026', procedure: 'riskFiling', step: 'reviewed' }, 200);
    expect(year.procedures[0].steps.map((candidate: any) => [candidate.state, candidate.count])).toEqual([['reviewed', 3]]);
  });

  it('agrees with an independent recomputation from the exported trail', async () => {
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
    for (const [query, fromDay, toDay] of [
      [{ period: '2026-03' }, '2026-03-01', '2026-03-31'],
      [{ period: '2026' }, '2026-01-01', '2026-12-31'],
      [{ from: '2026-03-03', to: '2026-04-01' }, '2026-03-03', '2026-04-01'],
    ] as const) {
      const reference = referenceStays(entries, fromDay, toDay, { riskFiling: ['registered', 'withdrawn'] });
      const body = await get('/api/stats/step-times', { ...query }, 200);
      let compared = 0;
      for (const procedure of body.procedures) {
        const figures = [
          ...procedure.steps.map((figure: any) => ({ key: `${procedure.procedure}:${figure.state}`, figure })),
          ...(procedure.procedure === 'riskFiling' ? [{ key: 'riskFiling:', figure: procedure.run }] : []),
        ];
        for (const { key, figure } of figures) {
          const stays = reference.get(key) ?? [];
          const days = stays.map((stay) => stay.days);
          const working = stays.map((stay) => stay.workingDays);
          const expected = {
            key,
            count: stays.length,
            medianDays: rank(days, 0.5),
            p90Days: rank(days, 0.9),
            medianWorkingDays: rank(working, 0.5),
            p90WorkingDays: rank(working, 0.9),
            ...(key.endsWith(':') ? {} : { overdue: stays.filter((stay) => stay.overdue).length }),
          };
          expect({
            key,
            ...Object.fromEntries(
              Object.keys(expected)
                .filter((name) => name !== 'key')
                .map((name) => [name, figure[name]]),
            ),
          }).toEqual(expected);
          if (stays.length > 0) compared++;
        }
      }
      expect(compared).toBeGreaterThanOrEqual(2);
    }
  });

  it('refuses an unknown step or procedure, a step without its procedure, and a list of a step only signed reports reach', async () => {
    const refused = async (path: string, query: Record<string, string>, code: string) => {
      const body = await get(path, query, 400);
      expect({ query, code: body.details?.conditions?.[0]?.code }).toEqual({ query, code });
      expect(body.details.conditions[0].zh).toMatch(/[\u4e00-\u9fff]/);
    };
    await refused('/api/stats/step-times', { procedure: 'riskFiling', step: 'nowhere' }, 'STATS.UNKNOWN_STEP');
    await refused('/api/stats/step-times', { procedure: 'nothing' }, 'STATS.UNKNOWN_PROCEDURE');
    await refused('/api/stats/step-times', { step: 'filed' }, 'STATS.STEP_WITHOUT_PROCEDURE');
    await refused('/api/stats/step-times', { period: '2026', from: '2026-05-01' }, 'STATS.PERIOD_AND_RANGE');
    await refused('/api/stats/step-times/cases', { step: 'filed' }, 'STATS.PROCEDURE_REQUIRED');
    await refused('/api/stats/step-times/cases', { procedure: 'riskFiling', step: 'nowhere' }, 'STATS.UNKNOWN_STEP');
    await refused('/api/stats/step-times/cases', { procedure: 'clarification', step: 'awaitingAcceptanceNotice' }, 'STATS.NO_DRILL_DOWN');
    // Per unit, the steps only signed reports reach are withheld; for the whole body they are an aggregate.
    const perUnit = await get('/api/stats/step-times', { procedure: 'clarification', unit: 'unit-jinan-dev' }, 200);
    expect(perUnit.withheld.map((item: any) => item.state).sort()).toEqual(['awaitingAcceptanceNotice', 'notifyingResult']);
    expect(perUnit.procedures[0].steps.map((item: any) => item.state)).not.toContain('notifyingResult');
    const whole = await get('/api/stats/step-times', { procedure: 'clarification' }, 200);
    expect(whole.procedures[0].steps.find((item: any) => item.state === 'notifyingResult')).toMatchObject({ secret: true });
  });
});
