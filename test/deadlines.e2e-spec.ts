import { AttachmentSweep } from '../src/attachments/attachment-sweep';
import { applyEvent } from '../workflows/core';
import { PROCEDURE_DEFINITIONS, procedureRegistry } from '../workflows';
import { toleranceSamples, toleranceVariants } from '../workflows/tolerance/tolerance.samples';
import { CaseEngine } from '../src/cases/case-engine.service';
import { DeadlineScheduler } from '../src/scheduling/deadline-scheduler.service';
import { DeadlineRecompute } from '../src/scheduling/deadline-recompute.service';
import { NotificationsService } from '../src/scheduling/notifications.service';
import { WarningLadderService } from '../src/scheduling/warning-ladder.service';
import { TransactionRunner } from '../src/database/transaction-runner';
import { Clock } from '../src/common/clock';
import { APP_CONFIG } from '../src/config/app-config';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { drivenApp, PathDriver } from './support/path-driver';
import { startTestApp, tempDbPath, TestClock, type TestApp } from './support/test-app';

const MINUTE = 60_000;
const registry = procedureRegistry();

/** Every state whose deadline moves the case on expiry, across the four procedures. */
const EXPIRING = PROCEDURE_DEFINITIONS.flatMap((definition) =>
  Object.entries(definition.states)
    // A limit that runs only where the record asks for it (a closed tolerance case's impact period)
    // is not opened on every path to its state: test/results-register.e2e-spec.ts drives it.
    .filter(([, spec]) => spec.deadline?.onExpiry && !spec.deadline.appliesTo)
    .map(([state, spec]) => [definition.id, state, spec.deadline!.onExpiry!] as const),
);

async function trailOf(t: TestApp, caseId: string): Promise<Array<Record<string, any>>> {
  return (
    await t
      .http()
      .get(`/api/cases/${caseId}/trail`)
      .set(await t.as('auditor1'))
      .expect(200)
  ).body;
}

describe('deadlines that move the case', () => {
  let t: TestApp;
  let driver: PathDriver;
  beforeAll(async () => ({ t, driver } = await drivenApp()));
  afterAll(() => t.close());

  it('covers the expiry rules the procedures declare', () => {
    expect(EXPIRING.map(([, , event]) => event)).toEqual(
      expect.arrayContaining(['SUPPLEMENT_EXPIRED', 'CONSENT_EXPIRED', 'RECTIFICATION_OVERDUE', 'RECEIPT_DEEMED', 'REVIEW_WINDOW_EXPIRED']),
    );
  });

  it.each(EXPIRING)('%s: %s sends %s once when its deadline passes, as the system, in the trail', async (procedure, state, event) => {
    const path = driver.paths(procedure).get(state)!;
    const caseId = await driver.drive(procedure, path);
    const before = await driver.view(caseId);
    const [deadline] = before.deadlines;
    expect(deadline).toMatchObject({ onExpiry: event, status: 'open' });
    const expected = applyEvent(registry.latest(procedure)!, path.snapshot, {
      type: event,
      actor: { id: 'system', role: 'system' },
      data: {},
      at: deadline.dueAt,
    }).snapshot.value;

    t.clock.set(new Date(Date.parse(deadline.dueAt) - MINUTE).toISOString());
    await t.app.get(DeadlineScheduler).tick();
    expect((await driver.view(caseId)).state).toBe(state);

    t.clock.set(new Date(Date.parse(deadline.dueAt) + MINUTE).toISOString());
    await t.app.get(DeadlineScheduler).tick();
    await t.app.get(DeadlineScheduler).tick();
    const after = await driver.view(caseId);
    expect(after.state).toBe(expected);
    const fired = (await trailOf(t, caseId)).filter((entry) => entry.event === event);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ actorId: 'system', actorRole: 'system', outcome: 'applied', fromState: state, toState: expected });
    expect(fired[0].data.deadline).toEqual({ rule: deadline.rule, dueAt: deadline.dueAt });
  });
});

describe('deadline times', () => {
  let t: TestApp;
  let driver: PathDriver;
  beforeAll(async () => ({ t, driver } = await drivenApp()));
  afterAll(() => t.close());

  it('counts working days across a holiday and a make-up working day, and shows days left', async () => {
    // Submitted on Thu 2026-02-12: 5 working days to accept run over the Spring Festival
    // (02-14 Sat is a make-up working day, 02-15..02-23 are holidays) to Thu 02-26, end of day, China time.
    t.clock.set('2026-02-12T02:00:00.000Z');
    const created = await t
      .http()
      .post('/api/cases')
      .set(await t.as('applicant1'))
      .send({ procedure: 'tolerance', ...toleranceSamples.creations[0].data })
      .expect(201);
    const submitted = await t
      .http()
      .post(`/api/cases/${created.body.id}/events`)
      .set(await t.as('applicant1'))
      .send({ type: 'SUBMIT', expectedVersion: 1 })
      .expect(200);
    expect(submitted.body.deadlines).toEqual([
      expect.objectContaining({ rule: 'tolerance.acceptance', dueAt: '2026-02-26T15:59:59.999Z', daysLeft: 15, status: 'open', onExpiry: null }),
    ]);
  });

  it('an approved extension moves the verification deadline by 30 days', async () => {
    const caseId = await driver.drive('tolerance', driver.paths('tolerance').get('verifying')!);
    const before = (await driver.view(caseId)).deadlines[0];
    expect(before.rule).toBe('tolerance.verification');
    await driver.step(caseId, 'REQUEST_EXTENSION', toleranceVariants.REQUEST_EXTENSION[0].actor, toleranceVariants.REQUEST_EXTENSION[0].data);
    expect((await driver.view(caseId)).deadlines[0].dueAt).toBe(before.dueAt);
    await driver.step(caseId, 'APPROVE_EXTENSION', toleranceVariants.APPROVE_EXTENSION[0].actor, toleranceVariants.APPROVE_EXTENSION[0].data);
    const after = (await driver.view(caseId)).deadlines[0];
    expect(Date.parse(after.dueAt) - Date.parse(before.dueAt)).toBe(30 * 24 * 3600 * 1000);
  });

  it('a staff duty that passes is flagged missed in the trail, listed as overdue, and notified to whose turn it is', async () => {
    const caseId = await driver.drive('tolerance', driver.paths('tolerance').get('submitted')!);
    const { dueAt } = (await driver.view(caseId)).deadlines[0];
    const officer = await t.as('officer1');
    t.clock.set(new Date(Date.parse(dueAt) - 3 * 24 * 3600 * 1000).toISOString());
    const dueSoon = await t.http().get('/api/cases?dueWithinDays=5&pageSize=100').set(officer).expect(200);
    expect(dueSoon.body.items.map((c: { id: string }) => c.id)).toContain(caseId);
    await t.app.get(DeadlineScheduler).tick();
    const reminders = await t.http().get('/api/notifications').set(officer).expect(200);
    expect(reminders.body).toContainEqual(expect.objectContaining({ caseId, kind: 'deadlineSoon', rule: 'tolerance.acceptance' }));

    t.clock.set(new Date(Date.parse(dueAt) + MINUTE).toISOString());
    await t.app.get(DeadlineScheduler).tick();
    const view = await driver.view(caseId);
    expect(view).toMatchObject({ state: 'submitted', deadlines: [expect.objectContaining({ status: 'overdue', daysLeft: 0 })] });
    const missed = (await trailOf(t, caseId)).filter((entry) => entry.event === 'DEADLINE_MISSED');
    expect(missed).toHaveLength(1);
    expect(missed[0]).toMatchObject({ actorId: 'system', fromState: 'submitted', toState: 'submitted' });
    const overdue = await t.http().get('/api/cases?overdue=true&pageSize=100').set(officer).expect(200);
    expect(overdue.body.items.map((c: { id: string }) => c.id)).toContain(caseId);
    const notices = await t.http().get('/api/notifications').set(officer).expect(200);
    expect(notices.body).toContainEqual(expect.objectContaining({ caseId, kind: 'deadlineMissed' }));
    // The applicant is not the party whose turn it is, and sees no staff notice.
    const applicantNotices = await t
      .http()
      .get('/api/notifications')
      .set(await t.as('applicant1'))
      .expect(200);
    expect(applicantNotices.body.filter((n: { caseId: string }) => n.caseId === caseId)).toEqual([]);
    expect(
      (
        await t
          .http()
          .get('/api/audit/verify')
          .set(await t.as('auditor1'))
      ).body.ok,
    ).toBe(true);
  });

  it('a deadline missed on an earlier visit to a state no longer counts once the case comes back to it', async () => {
    const caseId = await driver.drive('tolerance', driver.paths('tolerance').get('inReview')!);
    const submit = toleranceSamples.events.SUBMIT_FINDINGS[0];
    const back = toleranceSamples.events.RETURN_FOR_VERIFICATION[0];
    await driver.step(caseId, 'RETURN_FOR_VERIFICATION', back.actor, back.data);
    const missed = (await driver.view(caseId)).deadlines[0];
    expect(missed).toMatchObject({ rule: 'tolerance.verification', status: 'open', onExpiry: null });
    const after = (days: number) => new Date(Date.parse(missed.dueAt) + days * 24 * 3600 * 1000).toISOString();
    t.clock.set(after(1));
    await t.app.get(DeadlineScheduler).tick();
    expect((await driver.view(caseId)).deadlines).toEqual([expect.objectContaining({ rule: 'tolerance.verification', status: 'overdue' })]);

    await driver.step(caseId, 'SUBMIT_FINDINGS', submit.actor, submit.data, after(2));
    t.clock.set(after(3));
    const reviewer = await t.as(back.actor.id);
    const { version } = await driver.view(caseId);
    const answer = await t
      .http()
      .post(`/api/cases/${caseId}/events`)
      .set(reviewer)
      .send({ type: 'RETURN_FOR_VERIFICATION', expectedVersion: version, ...back.data })
      .expect(200);
    const view = await driver.view(caseId);
    expect(view.state).toBe('verifying');
    // The answer is rendered inside the transaction from what it wrote: the same deadlines a fresh read finds.
    expect(answer.body.deadlines).toEqual(view.deadlines);
    expect(view.deadlines).toEqual([expect.objectContaining({ rule: 'tolerance.verification', status: 'open' })]);
    expect(Date.parse(view.deadlines[0].dueAt)).toBeGreaterThan(Date.parse(after(3)));
    const overdue = await t
      .http()
      .get('/api/cases?overdue=true&pageSize=100')
      .set(await t.as('officer1'))
      .expect(200);
    expect(overdue.body.items.map((c: { id: string }) => c.id)).not.toContain(caseId);
    const dueSoon = await t
      .http()
      .get('/api/cases?dueWithinDays=60&pageSize=100')
      .set(await t.as('officer1'))
      .expect(200);
    expect(dueSoon.body.items.map((c: { id: string }) => c.id)).toContain(caseId);
  });

  it('the applicant is reminded of their own deadline by name', async () => {
    const caseId = await driver.drive('tolerance', driver.paths('tolerance').get('awaitingSupplement')!);
    const { dueAt } = (await driver.view(caseId)).deadlines[0];
    t.clock.set(new Date(Date.parse(dueAt) - 24 * 3600 * 1000).toISOString());
    await t.app.get(DeadlineScheduler).tick();
    const mine = await t
      .http()
      .get('/api/notifications')
      .set(await t.as('applicant1'))
      .expect(200);
    expect(mine.body).toContainEqual(expect.objectContaining({ caseId, kind: 'deadlineSoon', rule: 'tolerance.supplement' }));
    const someoneElse = await t
      .http()
      .get('/api/notifications')
      .set(await t.as('applicant2'))
      .expect(200);
    expect(someoneElse.body.filter((n: { caseId: string }) => n.caseId === caseId)).toEqual([]);
  });

  it('a step whose deadline falls in a year without calendar data is taken, with a provisional Monday–Friday due date; with the year in CALENDAR_FILE it is official', async () => {
    t.clock.set('2026-12-28T02:00:00.000Z');
    const created = await t
      .http()
      .post('/api/cases')
      .set(await t.as('applicant1'))
      .send({ procedure: 'tolerance', ...toleranceSamples.creations[0].data })
      .expect(201);
    const submitted = await t
      .http()
      .post(`/api/cases/${created.body.id}/events`)
      .set(await t.as('applicant1'))
      .send({ type: 'SUBMIT', expectedVersion: 1 })
      .expect(200);
    // 12-29..12-31 are working days 1–3; 2027 has no data: Fri 01-01 (4) and Mon 01-04 (5) count as working days.
    expect(submitted.body.deadlines[0]).toMatchObject({
      dueAt: '2027-01-04T15:59:59.999Z',
      provisional: true,
      provisionalYears: [2027],
      provisionalReason: { zh: '暂按周一至周五计算，待公布2027年节假日安排后自动重算' },
    });
    expect((await driver.view(created.body.id)).state).toBe('submitted');

    const withCalendar = await startTestApp({
      env: { CALENDAR_FILE: 'docs/calendar-example.json' },
      clock: new TestClock(new Date('2026-12-28T02:00:00.000Z')),
    });
    const again = await withCalendar
      .http()
      .post('/api/cases')
      .set(await withCalendar.as('applicant1'))
      .send({ procedure: 'tolerance', ...toleranceSamples.creations[0].data })
      .expect(201);
    const ok = await withCalendar
      .http()
      .post(`/api/cases/${again.body.id}/events`)
      .set(await withCalendar.as('applicant1'))
      .send({ type: 'SUBMIT', expectedVersion: 1 })
      .expect(200);
    // 12-29..12-31 are working days, 2027-01-01 is a holiday in the example file: the 5th working day is 01-05.
    expect(ok.body.deadlines[0]).toMatchObject({ dueAt: '2027-01-05T15:59:59.999Z', provisional: false });
    expect(ok.body.deadlines[0].provisionalReason).toBeUndefined();
    await withCalendar.close();
  });

  it('a jurisdiction can set its own time limits by rule name, and a wrong name stops the start', async () => {
    const rules = join(tmpdir(), `rules-${Date.now()}.json`);
    writeFileSync(rules, JSON.stringify({ 'tolerance.acceptance': { length: 7, unit: 'workingDays' } }));
    const local = await startTestApp({ env: { DEADLINE_RULES_FILE: rules }, clock: new TestClock(new Date('2026-03-02T02:00:00.000Z')) });
    const created = await local
      .http()
      .post('/api/cases')
      .set(await local.as('applicant1'))
      .send({ procedure: 'tolerance', ...toleranceSamples.creations[0].data })
      .expect(201);
    const submitted = await local
      .http()
      .post(`/api/cases/${created.body.id}/events`)
      .set(await local.as('applicant1'))
      .send({ type: 'SUBMIT', expectedVersion: 1 })
      .expect(200);
    expect(submitted.body.deadlines[0].dueAt).toBe('2026-03-11T15:59:59.999Z');
    await local.close();
    writeFileSync(rules, JSON.stringify({ 'tolerance.acceptanse': { length: 7, unit: 'workingDays' } }));
    await expect(startTestApp({ env: { DEADLINE_RULES_FILE: rules } })).rejects.toThrow(/unknown deadline rule tolerance.acceptanse/);
  });
});

describe('deadlines across restarts and schedulers', () => {
  async function supplementCase(t: TestApp, driver: PathDriver): Promise<{ caseId: string; dueAt: string }> {
    const caseId = await driver.drive('tolerance', driver.paths('tolerance').get('awaitingSupplement')!);
    return { caseId, dueAt: (await driver.view(caseId)).deadlines[0].dueAt };
  }

  it('a deadline that passed while the service was down fires when it starts', async () => {
    const dbPath = tempDbPath();
    const first = await startTestApp({ dbPath });
    const { caseId, dueAt } = await supplementCase(first, new PathDriver(first));
    await first.close();
    const clock = new TestClock(new Date(Date.parse(dueAt) + 3 * 24 * 3600 * 1000));
    const second = await startTestApp({ dbPath, clock, env: { DEADLINE_POLL_MS: '3600000' } });
    const driver = new PathDriver(second);
    for (let tries = 0; tries < 50 && (await driver.view(caseId)).state !== 'withdrawn'; tries += 1) await new Promise((r) => setTimeout(r, 20));
    expect((await driver.view(caseId)).state).toBe('withdrawn');
    await second.close();
  });

  it('two schedulers on one database fire each of many deadlines exactly once, and a crashed claim is taken over', async () => {
    const t = await startTestApp();
    const driver = new PathDriver(t);
    const cases = [];
    for (let i = 0; i < 12; i += 1) cases.push(await supplementCase(t, driver));
    const second = new DeadlineScheduler(
      t.app.get(DataSource),
      t.app.get(APP_CONFIG),
      t.app.get(CaseEngine),
      t.app.get(TransactionRunner),
      t.app.get(NotificationsService),
      t.app.get(Clock),
      t.app.get(DeadlineRecompute),
      t.app.get(WarningLadderService),
      t.app.get(AttachmentSweep),
    );
    const latest = cases
      .map((c) => c.dueAt)
      .sort()
      .at(-1)!;
    t.clock.set(new Date(Date.parse(latest) + MINUTE).toISOString());
    const [a, b] = await Promise.all([t.app.get(DeadlineScheduler).tick(), second.tick()]);
    expect(a.fired + b.fired).toBe(12);
    for (const { caseId } of cases) {
      expect((await trailOf(t, caseId)).filter((entry) => entry.event === 'SUPPLEMENT_EXPIRED' && entry.outcome === 'applied')).toHaveLength(1);
      expect((await driver.view(caseId)).state).toBe('withdrawn');
    }

    // A scheduler that claims and then dies: after the lease another one fires the deadline, once.
    const { caseId, dueAt } = await supplementCase(t, driver);
    t.clock.set(new Date(Date.parse(dueAt) + MINUTE).toISOString());
    const crashed = second as unknown as { claimDue(): Promise<unknown[]> };
    expect(await crashed.claimDue()).toHaveLength(1);
    expect((await t.app.get(DeadlineScheduler).tick()).fired).toBe(0);
    // The claim's one-minute lease runs out.
    t.clock.set(new Date(Date.parse(dueAt) + 3 * MINUTE).toISOString());
    expect((await t.app.get(DeadlineScheduler).tick()).fired).toBe(1);
    expect((await trailOf(t, caseId)).filter((entry) => entry.event === 'SUPPLEMENT_EXPIRED')).toHaveLength(1);
    expect(
      (
        await t
          .http()
          .get('/api/audit/verify')
          .set(await t.as('auditor1'))
      ).body.ok,
    ).toBe(true);
    await t.close();
    // Thirteen cases each issue a 补正材料通知书 (a PDF rendered in its step's transaction, seconds
    // apiece on a loaded machine): the default 30 s is for tests that do far less.
  }, 120_000);
});
