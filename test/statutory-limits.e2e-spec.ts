import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { procedureRegistry } from '../workflows';
import { signedLead } from '../workflows/clarification/clarification.samples';
import { toleranceSamples } from '../workflows/tolerance/tolerance.samples';
import { DeadlineScheduler } from '../src/scheduling/deadline-scheduler.service';
import { loadDeadlineRules } from '../src/deadlines/deadline-rules';
import { PathDriver } from './support/path-driver';
import { startTestApp, TestClock, type TestApp } from './support/test-app';

const DAY = 24 * 3600_000;

async function trailOf(t: TestApp, caseId: string): Promise<Array<Record<string, any>>> {
  return (
    await t
      .http()
      .get(`/api/cases/${caseId}/trail`)
      .set(await t.as('auditor1'))
      .expect(200)
  ).body;
}

function rulesFile(rules: Record<string, unknown>): string {
  const file = join(tmpdir(), `deadline-rules-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(rules));
  return file;
}

/**
 * Issue 14 §2: each limit runs from the day its rule names. A signed reporter is told of acceptance
 * within 15 working days of the day the report was RECEIVED (检举控告工作规则 2020), whenever it was
 * registered; the windows the procedures check themselves take the jurisdiction's length.
 */
describe('statutory limits counted from the right day', () => {
  let t: TestApp;
  let driver: PathDriver;

  beforeAll(async () => {
    t = await startTestApp();
    driver = new PathDriver(t);
  });
  afterAll(() => t.close());

  it('the acceptance notice of a report received on Mon 2026-03-02 and registered on Mon 2026-03-16 is due Mon 2026-03-23, not 15 working days after registration', async () => {
    t.clock.set('2026-03-16T02:00:00.000Z');
    const created = await t
      .http()
      .post('/api/cases')
      .set(await t.as('officer1'))
      .send({ procedure: 'clarification', ...signedLead.data, receivedOn: '2026-03-02' })
      .expect(201);
    expect(created.body.state).toBe('awaitingAcceptanceNotice');
    // 2026-03-03..06 (1–4), 03-09..13 (5–9), 03-16..20 (10–14), 03-23 (15): end of that day, China time.
    // From registration it would have been 2026-04-07 (Qingming, 04-04..06, off).
    expect(created.body.deadlines).toEqual([
      expect.objectContaining({
        rule: 'clarification.acceptanceNotice',
        countedFrom: '2026-03-01T16:00:00.000Z',
        startsAt: { zh: '收到检举控告之日', en: 'The day the report was received' },
        dueAt: '2026-03-23T15:59:59.999Z',
        daysLeft: 8,
        status: 'open',
      }),
    ]);
  });

  it('a report received on 2026-02-02 and registered on 2026-03-16 is overdue at registration, says so, and is flagged and notified on the next pass', async () => {
    t.clock.set('2026-03-16T02:00:00.000Z');
    const created = await t
      .http()
      .post('/api/cases')
      .set(await t.as('officer1'))
      .send({ procedure: 'clarification', ...signedLead.data, receivedOn: '2026-02-02' })
      .expect(201);
    // 15 working days from Mon 02-02 across the Spring Festival (02-14 and 02-28 are make-up working days): Sat 02-28.
    const [deadline] = created.body.deadlines;
    expect(deadline).toMatchObject({ rule: 'clarification.acceptanceNotice', countedFrom: '2026-02-01T16:00:00.000Z', dueAt: '2026-02-28T15:59:59.999Z' });
    expect(deadline.daysLeft).toBeLessThan(0);
    const overdue = await t
      .http()
      .get('/api/cases?overdue=true&pageSize=100')
      .set(await t.as('officer1'))
      .expect(200);
    expect(overdue.body.items.map((item: { id: string }) => item.id)).toContain(created.body.id);

    await t.app.get(DeadlineScheduler).tick();
    const missed = (await trailOf(t, created.body.id)).filter((entry) => entry.event === 'DEADLINE_MISSED');
    expect(missed).toHaveLength(1);
    expect(missed[0].data.deadline).toEqual({ rule: 'clarification.acceptanceNotice', dueAt: '2026-02-28T15:59:59.999Z' });
    const notices = await t
      .http()
      .get('/api/notifications')
      .set(await t.as('officer1'))
      .expect(200);
    expect(notices.body).toContainEqual(expect.objectContaining({ caseId: created.body.id, kind: 'deadlineMissed', dueAt: '2026-02-28T15:59:59.999Z' }));
  });

  it('a received date after the registration buys no time: the opening is refused, naming the date, and nothing is written', async () => {
    t.clock.set('2026-03-16T02:00:00.000Z');
    const before = await t
      .http()
      .get('/api/cases')
      .set(await t.as('officer1'))
      .expect(200);
    const refused = await t
      .http()
      .post('/api/cases')
      .set(await t.as('officer1'))
      .send({ procedure: 'clarification', ...signedLead.data, receivedOn: '2026-03-30' })
      .expect(409);
    // Issue 19: a business date may not lie ahead of the step that records it (the limit would otherwise count from it).
    expect(refused.body.details.conditions).toContainEqual(expect.objectContaining({ code: 'date.inFuture', field: 'receivedOn' }));
    const after = await t
      .http()
      .get('/api/cases')
      .set(await t.as('officer1'))
      .expect(200);
    expect(after.body.total).toBe(before.body.total);
  });

  it('service of the decision counts from the committee’s meeting, and deemed receipt from the day the decision was served, however late each was recorded', async () => {
    const caseId = await driver.drive('tolerance', driver.paths('tolerance').get('awaitingDecision')!);
    // Decided at the meeting on Mon 2026-06-08, recorded Fri 06-12: 5 working days from the meeting end Mon 06-15
    // (from the recording they would reach Mon 06-22, past the Dragon Boat Festival on 06-19).
    const decide = toleranceSamples.events.DECIDE[0];
    await driver.step(caseId, 'DECIDE', decide.actor, { ...decide.data, meetingDate: '2026-06-08' }, '2026-06-12T02:00:00.000Z');
    const service = (await driver.view(caseId)).deadlines[0];
    expect(service).toMatchObject({ rule: 'tolerance.service', countedFrom: '2026-06-07T16:00:00.000Z', dueAt: '2026-06-15T15:59:59.999Z' });
    expect(service.startsAt.zh).toBe('集体研究作出决定（会议）之日');

    // Served on the cadre on Fri 06-12, recorded Tue 06-16: 10 working days from 06-12 end Mon 06-29.
    const serve = toleranceSamples.events.SERVE_DECISION[0];
    await driver.step(
      caseId,
      'SERVE_DECISION',
      serve.actor,
      { ...serve.data, servedToApplicantOn: '2026-06-12', servedToUnitOn: '2026-06-12' },
      '2026-06-16T02:00:00.000Z',
    );
    const receipt = (await driver.view(caseId)).deadlines[0];
    expect(receipt).toMatchObject({
      rule: 'tolerance.receipt',
      countedFrom: '2026-06-11T16:00:00.000Z',
      dueAt: '2026-06-29T15:59:59.999Z',
      onExpiry: 'RECEIPT_DEEMED',
    });
  });

  it('the default one-month review window refuses a request in week 7', async () => {
    const caseId = await driver.drive('tolerance', driver.paths('tolerance').get('reviewWindow')!);
    const { countedFrom, dueAt } = (await driver.view(caseId)).deadlines[0];
    t.clock.set(new Date(Date.parse(countedFrom) + 45 * DAY).toISOString());
    expect(Date.parse(dueAt)).toBeLessThan(t.clock.now().getTime());
    const version = (await driver.view(caseId)).version;
    const refused = await t
      .http()
      .post(`/api/cases/${caseId}/events`)
      .set(await t.as('applicant1'))
      .send({ type: 'REQUEST_REVIEW', expectedVersion: version, grounds: '不服' })
      .expect(409);
    expect(refused.body.code).toBe('CASE.GUARD_REFUSED');
  });
});

describe('a jurisdiction’s own lengths (DEADLINE_RULES_FILE)', () => {
  let t: TestApp;
  let driver: PathDriver;

  beforeAll(async () => {
    const file = rulesFile({
      'tolerance.reviewRequest': { length: 2, unit: 'months' },
      'clarification.acceptanceNotice': { length: 10, unit: 'workingDays' },
    });
    t = await startTestApp({ env: { DEADLINE_RULES_FILE: file }, clock: new TestClock() });
    driver = new PathDriver(t);
  });
  afterAll(() => t.close());

  it('a 2-month local review window accepts a request in week 7, and its deadline runs two months', async () => {
    const caseId = await driver.drive('tolerance', driver.paths('tolerance').get('reviewWindow')!);
    const before = await driver.view(caseId);
    const [window] = before.deadlines;
    expect(window.rule).toBe('tolerance.reviewRequest');
    const received = new Date(Date.parse(window.countedFrom) + 8 * 3600_000).toISOString().slice(0, 10);
    const [y, m, d] = received.split('-').map(Number);
    const twoMonthsLater = new Date(Date.UTC(y, m - 1 + 2, d)).toISOString().slice(0, 10);
    expect(new Date(Date.parse(window.dueAt) + 8 * 3600_000).toISOString().slice(0, 10)).toBe(twoMonthsLater);

    // Week 7 after receipt: day 45.
    t.clock.set(new Date(Date.parse(window.countedFrom) + 45 * DAY).toISOString());
    const asked = await t
      .http()
      .post(`/api/cases/${caseId}/events`)
      .set(await t.as('applicant1'))
      .send({ type: 'REQUEST_REVIEW', expectedVersion: before.version, grounds: '不服决定' })
      .expect(200);
    expect(asked.body.state).toBe('underReview');
  });

  it('GET /api/procedures shows the limits in force, with the default beside them and the day each counts from', async () => {
    const procedures = (
      await t
        .http()
        .get('/api/procedures')
        .set(await t.as('officer1'))
        .expect(200)
    ).body as Array<Record<string, any>>;
    const byId = Object.fromEntries(procedures.map((procedure) => [procedure.id, procedure]));
    expect(byId.tolerance.states.reviewWindow.deadline).toMatchObject({
      rule: 'tolerance.reviewRequest',
      length: 2,
      unit: 'months',
      default: { length: 1, unit: 'months' },
      configured: true,
      startsAt: { label: { zh: '签收（视为送达）之日' }, stateEntry: true },
      onExpiry: 'REVIEW_WINDOW_EXPIRED',
    });
    expect(byId.clarification.states.awaitingAcceptanceNotice.deadline).toMatchObject({
      length: 10,
      unit: 'workingDays',
      default: { length: 15, unit: 'workingDays' },
      configured: true,
      startsAt: { label: { zh: '收到检举控告之日', en: 'The day the report was received' }, stateEntry: false },
    });
    expect(byId.tolerance.states.submitted.deadline).toMatchObject({ length: 5, unit: 'workingDays', configured: false });
    // The warning ladder's thresholds per rule: a staff duty has them, a window the party uses has none.
    expect(byId.tolerance.states.submitted.deadline.warning).toEqual({ bluePercent: 70, yellowWorkingDays: 3 });
    expect(byId.tolerance.states.reviewWindow.deadline.warning).toBeNull();
    const one = (
      await t
        .http()
        .get('/api/procedures/tolerance/1')
        .set(await t.as('officer1'))
        .expect(200)
    ).body;
    expect(one.states.reviewWindow.deadline).toMatchObject({ length: 2, unit: 'months', configured: true });
  });

  it('a received date counts with the local length too: 10 working days from Mon 2026-03-02 end Mon 03-16', async () => {
    t.clock.set('2026-03-09T02:00:00.000Z');
    const created = await t
      .http()
      .post('/api/cases')
      .set(await t.as('officer1'))
      .send({ procedure: 'clarification', ...signedLead.data, receivedOn: '2026-03-02' })
      .expect(201);
    expect(created.body.deadlines[0]).toMatchObject({ dueAt: '2026-03-16T15:59:59.999Z', countedFrom: '2026-03-01T16:00:00.000Z' });
  });
});

describe('the rules file', () => {
  const registry = procedureRegistry();

  it('refuses working days for a window the procedure checks itself, naming the rule', () => {
    expect(() => loadDeadlineRules(rulesFile({ 'tolerance.reviewRequest': { length: 20, unit: 'workingDays' } }), registry)).toThrow(
      /tolerance\.reviewRequest is checked by the procedure itself and must be in calendarDays or months/,
    );
    expect(() => loadDeadlineRules(rulesFile({ 'correction.rectification': { length: 60, unit: 'workingDays' } }), registry)).toThrow(
      /correction\.rectification/,
    );
    expect(loadDeadlineRules(rulesFile({ 'falseAccusation.reviewRequest': { length: 45, unit: 'calendarDays' } }), registry)).toEqual({
      'falseAccusation.reviewRequest': { length: 45, unit: 'calendarDays' },
    });
  });
});
