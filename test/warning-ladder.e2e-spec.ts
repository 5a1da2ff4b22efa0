import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { procedureRegistry } from '../workflows';
import { signedLead } from '../workflows/clarification/clarification.samples';
import { DeadlineScheduler } from '../src/scheduling/deadline-scheduler.service';
import { DEMO_PASSWORD } from '../src/demo/demo-users';
import { UsersService } from '../src/identity/users.service';
import { WarningRules } from '../src/deadlines/warning-rules';
import { loadConfig } from '../src/config/app-config';
import { startTestApp, TestClock, type TestApp } from './support/test-app';

/** An instant given as China time. */
const local = (day: string, time = '09:00:00.000') => new Date(Date.parse(`${day}T${time}+08:00`)).toISOString();

async function trailOf(t: TestApp, caseId: string): Promise<Array<Record<string, any>>> {
  return (
    await t
      .http()
      .get(`/api/cases/${caseId}/trail`)
      .set(await t.as('auditor1'))
      .expect(200)
  ).body;
}

const warningEntries = async (t: TestApp, caseId: string) => (await trailOf(t, caseId)).filter((entry) => entry.event.startsWith('WARNING_'));

async function tickAt(t: TestApp, at: string): Promise<void> {
  t.clock.set(at);
  await t.app.get(DeadlineScheduler).tick();
}

async function view(t: TestApp, caseId: string, user = 'officer1'): Promise<Record<string, any>> {
  return (
    await t
      .http()
      .get(`/api/cases/${caseId}`)
      .set(await t.as(user))
      .expect(200)
  ).body;
}

async function listIds(t: TestApp, query: string, user = 'officer1'): Promise<string[]> {
  return (
    await t
      .http()
      .get(`/api/cases?${query}&pageSize=100`)
      .set(await t.as(user))
      .expect(200)
  ).body.items.map((item: { id: string }) => item.id);
}

async function registerLead(t: TestApp, receivedOn: string): Promise<string> {
  return (
    await t
      .http()
      .post('/api/cases')
      .set(await t.as('officer1'))
      .send({ procedure: 'clarification', ...signedLead.data, receivedOn })
      .expect(201)
  ).body.id;
}

/**
 * Issue 14 §3: a signed reporter's acceptance notice, 15 working days from Mon 2026-04-13, due Thu
 * 05-07 across the Labour Day holiday (05-01..05), walks blue → yellow → red → withdrawn without a
 * click, with its 提示函 and 督办函, the notices to the leaders, and every change on the case's chain.
 */
describe('the 三色 warning ladder', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ clock: new TestClock(new Date(local('2026-04-13', '10:00:00.000'))) });
    await t.app
      .get(UsersService)
      .create(
        { id: 'leader-qd', displayName: '青岛分管领导', password: DEMO_PASSWORD, unitId: 'cdi-qingdao', roles: [{ role: 'leader', scope: 'qingdao' }] },
        t.clock.now().toISOString(),
      );
  });
  afterAll(() => t.close());

  it('walks one deadline through blue → yellow → red → withdrawn, with the letters and the notices, on working days across a holiday', async () => {
    const caseId = await registerLead(t, '2026-04-13');
    const created = await view(t, caseId);
    expect(created.deadlines).toEqual([
      expect.objectContaining({ rule: 'clarification.acceptanceNotice', dueAt: local('2026-05-07', '23:59:59.999'), warning: null }),
    ]);

    // Mon 04-27, the 10th working day: 10 of 15 used, no colour yet.
    await tickAt(t, local('2026-04-27', '17:00:00.000'));
    expect((await view(t, caseId)).deadlines[0].warning).toBeNull();
    expect(await warningEntries(t, caseId)).toEqual([]);

    // Tue 04-28, the 11th working day (70 % of 15 is 10.5): blue, whose turn it is told.
    await tickAt(t, local('2026-04-28'));
    expect((await view(t, caseId)).deadlines[0]).toMatchObject({ warning: 'blue', warningSince: local('2026-04-28') });
    let entries = await warningEntries(t, caseId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      event: 'WARNING_CHANGED',
      actorId: 'system',
      outcome: 'applied',
      fromState: 'awaitingAcceptanceNotice',
      toState: 'awaitingAcceptanceNotice',
    });
    expect(entries[0].data).toMatchObject({
      deadline: { rule: 'clarification.acceptanceNotice', state: 'awaitingAcceptanceNotice', dueAt: local('2026-05-07', '23:59:59.999') },
      warning: {
        from: 'none',
        to: 'blue',
        blueAt: local('2026-04-28', '00:00:00.000'),
        yellowAt: local('2026-04-29', '00:00:00.000'),
        thresholds: { bluePercent: 70, yellowWorkingDays: 3 },
      },
      notified: ['officer'],
    });
    expect(entries[0].data.letter).toBeUndefined();
    expect(await listIds(t, 'warning=blue')).toContain(caseId);
    expect(await listIds(t, 'warning=yellow')).not.toContain(caseId);

    // Wed 04-29, 3 working days before Thu 05-07 counting over the holiday: yellow, a 提示函 to the
    // responsible leader, and a notice to the leaders and to whose turn it is.
    await tickAt(t, local('2026-04-29'));
    expect((await view(t, caseId)).deadlines[0].warning).toBe('yellow');
    entries = await warningEntries(t, caseId);
    expect(entries).toHaveLength(2);
    expect(entries[1].data).toMatchObject({
      warning: { from: 'blue', to: 'yellow' },
      letter: { kind: 'reminderLetter', issuedOn: '2026-04-29', addressee: { role: 'leader', jurisdiction: 'jinan', title: 'responsibleLeader' } },
      notified: ['leader', 'officer'],
    });
    // The 提示函 itself: an official document numbered in the body's 提 series, recorded with the entry.
    expect(entries[1].data.documents).toEqual([
      expect.objectContaining({ kind: 'reminderLetter', docNo: expect.stringMatching(/纪提〔2026〕\d+号$/), digest: expect.stringMatching(/^[0-9a-f]{64}$/) }),
    ]);
    const leaderNotices = (
      await t
        .http()
        .get('/api/notifications')
        .set(await t.as('leader1'))
        .expect(200)
    ).body;
    expect(leaderNotices).toContainEqual(
      expect.objectContaining({ caseId, kind: 'warningYellow', rule: 'clarification.acceptanceNotice', dueAt: local('2026-05-07', '23:59:59.999') }),
    );
    expect(
      (
        await t
          .http()
          .get('/api/notifications')
          .set(await t.as('officer1'))
          .expect(200)
      ).body,
    ).toContainEqual(expect.objectContaining({ caseId, kind: 'warningBlue' }));
    // A leader of another jurisdiction is not told, and cannot see the case anyway.
    expect(
      (
        await t
          .http()
          .get('/api/notifications')
          .set(await t.as('leader-qd'))
          .expect(200)
      ).body.filter((n: { caseId: string }) => n.caseId === caseId),
    ).toEqual([]);

    // Over the holiday and up to the last minute of the due day nothing changes.
    await tickAt(t, local('2026-05-03', '12:00:00.000'));
    await tickAt(t, local('2026-05-07', '23:59:00.000'));
    expect(await warningEntries(t, caseId)).toHaveLength(2);

    // Fri 05-08: the duty is missed and red, a 督办函 to the principal leader, notices again.
    await tickAt(t, local('2026-05-08'));
    const red = await view(t, caseId);
    expect(red.deadlines[0]).toMatchObject({ status: 'overdue', warning: 'red', warningSince: local('2026-05-08') });
    entries = await warningEntries(t, caseId);
    expect(entries).toHaveLength(3);
    expect(entries[2].data).toMatchObject({
      warning: { from: 'yellow', to: 'red' },
      letter: { kind: 'supervisionLetter', issuedOn: '2026-05-08', addressee: { role: 'leader', jurisdiction: 'jinan', title: 'principalLeader' } },
      notified: ['leader', 'officer'],
    });
    expect(entries[2].data.documents).toEqual([expect.objectContaining({ kind: 'supervisionLetter', docNo: expect.stringMatching(/纪督〔2026〕\d+号$/) })]);
    const documents = (
      await t
        .http()
        .get(`/api/cases/${caseId}/documents`)
        .set(await t.as('auditor1'))
        .expect(200)
    ).body as Array<{ kind: string; digest: string }>;
    expect(documents.filter((doc) => doc.kind.endsWith('Letter')).map((doc) => doc.digest)).toEqual([
      entries[1].data.documents[0].digest,
      entries[2].data.documents[0].digest,
    ]);
    const trail = await trailOf(t, caseId);
    expect(trail.findIndex((entry) => entry.event === 'DEADLINE_MISSED')).toBeLessThan(
      trail.findIndex((entry) => entry.event === 'WARNING_CHANGED' && entry.data.warning.to === 'red'),
    );
    expect(
      (
        await t
          .http()
          .get('/api/notifications')
          .set(await t.as('leader1'))
          .expect(200)
      ).body,
    ).toContainEqual(expect.objectContaining({ caseId, kind: 'warningRed' }));
    expect(await listIds(t, 'warning=red')).toContain(caseId);

    const warnings = (
      await t
        .http()
        .get(`/api/cases/${caseId}/warnings`)
        .set(await t.as('leader1'))
        .expect(200)
    ).body;
    expect(warnings.letters).toEqual([
      expect.objectContaining({
        kind: 'reminderLetter',
        kindLabel: { zh: '提示函', en: 'Reminder letter' },
        colour: 'yellow',
        issuedOn: '2026-04-29',
        withdrawnAt: null,
      }),
      expect.objectContaining({
        kind: 'supervisionLetter',
        kindLabel: { zh: '督办函', en: 'Supervision letter' },
        colour: 'red',
        issuedOn: '2026-05-08',
        withdrawnAt: null,
      }),
    ]);
    expect(warnings.letters[1].addressee).toMatchObject({ role: 'leader', jurisdiction: 'jinan', title: 'principalLeader', titleLabel: { zh: '主要负责人' } });
    expect(warnings.letters[1].addressee.note.zh).toContain('暂送本辖区“领导”角色');

    // Mon 05-11 the officer tells the reporter: the step is done, the next pass withdraws the warning (撤牌).
    t.clock.set(local('2026-05-11', '10:00:00.000'));
    await t
      .http()
      .post(`/api/cases/${caseId}/events`)
      .set(await t.as('officer1'))
      .send({ type: 'NOTIFY_ACCEPTANCE', expectedVersion: red.version, notifiedOn: '2026-05-11', method: 'phone' })
      .expect(200);
    await tickAt(t, local('2026-05-11', '10:00:30.000'));
    entries = await warningEntries(t, caseId);
    expect(entries).toHaveLength(4);
    expect(entries[3]).toMatchObject({ event: 'WARNING_WITHDRAWN', actorId: 'system' });
    expect(entries[3].data).toMatchObject({
      deadline: { rule: 'clarification.acceptanceNotice', state: 'awaitingAcceptanceNotice' },
      warning: { from: 'red', to: 'none', since: local('2026-05-08'), completedAt: local('2026-05-11', '10:00:00.000') },
      letters: [expect.objectContaining({ kind: 'reminderLetter' }), expect.objectContaining({ kind: 'supervisionLetter' })],
    });
    const after = (
      await t
        .http()
        .get(`/api/cases/${caseId}/warnings`)
        .set(await t.as('auditor1'))
        .expect(200)
    ).body;
    expect(after.letters.every((letter: { withdrawnAt: string | null }) => letter.withdrawnAt === local('2026-05-11', '10:00:30.000'))).toBe(true);
    expect(after.deadlines).toEqual([
      expect.objectContaining({ rule: 'clarification.acceptanceNotice', colour: 'red', withdrawnAt: local('2026-05-11', '10:00:30.000') }),
    ]);
    expect(await listIds(t, 'warning=red')).not.toContain(caseId);
    // A second pass changes nothing.
    await tickAt(t, local('2026-05-11', '11:00:00.000'));
    expect(await warningEntries(t, caseId)).toHaveLength(4);
    // The trail still verifies.
    expect(
      (
        await t
          .http()
          .get('/api/audit/verify')
          .set(await t.as('auditor1'))
          .expect(200)
      ).body.ok,
    ).toBe(true);
  });

  it('the queue filters by colour and sorts by urgency: red, yellow, blue, none, then the earliest due date', async () => {
    // Received and registered on different days, so on 06-22 they stand at different rungs (15 working days each).
    const registerOn = async (day: string) => {
      t.clock.set(local(day, '10:00:00.000'));
      return registerLead(t, day);
    };
    const red = await registerOn('2026-05-25'); // due 06-15: missed, red
    const yellow = await registerOn('2026-06-01'); // due 06-23 (06-19 off): yellow since 06-17
    const blue = await registerOn('2026-06-04'); // due 06-26: blue from its 11th working day, 06-22
    const none = await registerOn('2026-06-12'); // due 07-06: none yet
    await tickAt(t, local('2026-06-22'));
    const ids = [red, yellow, blue, none];
    const colours = await Promise.all(ids.map(async (id) => (await view(t, id)).deadlines[0].warning));
    expect(colours).toEqual(['red', 'yellow', 'blue', null]);
    const urgent = (await listIds(t, 'sort=urgency&status=active')).filter((id) => ids.includes(id));
    expect(urgent).toEqual(ids);
    const leastUrgent = (await listIds(t, 'sort=urgency&order=asc&status=active')).filter((id) => ids.includes(id));
    expect(leastUrgent).toEqual([...ids].reverse());
    expect((await listIds(t, 'warning=yellow')).filter((id) => ids.includes(id))).toEqual([yellow]);
    expect((await listIds(t, 'warning=none')).filter((id) => ids.includes(id))).toEqual([none]);
    const item = (
      await t
        .http()
        .get('/api/cases?warning=red&pageSize=100')
        .set(await t.as('officer1'))
        .expect(200)
    ).body.items.find((i: { id: string }) => i.id === red);
    expect(item.deadlines[0]).toMatchObject({ warning: 'red', daysLeft: -6 });
  });

  it('refuses the colour filter and the urgency sort to a party, saying why, and never shows a party a colour', async () => {
    const refused = await t
      .http()
      .get('/api/cases?warning=red')
      .set(await t.as('applicant1'))
      .expect(403);
    expect(refused.body.details.conditions).toEqual([
      expect.objectContaining({ code: 'warning.staffOnly', zh: '按预警颜色筛选仅供纪检监察工作人员和审计人员使用', field: 'warning' }),
    ]);
    await t
      .http()
      .get('/api/cases?sort=urgency')
      .set(await t.as('applicant1'))
      .expect(403);
    const bad = await t
      .http()
      .get('/api/cases?warning=purple')
      .set(await t.as('officer1'))
      .expect(400);
    expect(bad.body.details.fields[0].field).toBe('warning');
    const mine = (
      await t
        .http()
        .get('/api/cases?pageSize=100')
        .set(await t.as('applicant1'))
        .expect(200)
    ).body.items as Array<{ deadlines: Array<Record<string, unknown>> }>;
    expect(mine.flatMap((item) => item.deadlines).some((deadline) => 'warning' in deadline)).toBe(false);
  });

  it('a party cannot read the warnings and letters of their own case', async () => {
    t.clock.set(local('2026-06-22', '10:00:00.000'));
    const caseId = await registerLead(t, '2026-06-22');
    const refused = await t
      .http()
      .get(`/api/cases/${caseId}/warnings`)
      .set(await t.as('applicant1'))
      .expect(403);
    expect(refused.body.details.conditions[0].code).toBe('warning.staffOnly');
    await t
      .http()
      .get(`/api/cases/${caseId}/warnings`)
      .set(await t.as('applicant2'))
      .expect(404);
  });
});

describe('a provisional due date on the ladder', () => {
  it('stays yellow past its provisional date, without a 督办函; once the year is loaded the recomputed date goes red', async () => {
    const t = await startTestApp({ clock: new TestClock(new Date('2026-12-20T02:00:00.000Z')) });
    try {
      const caseId = await registerLead(t, '2026-12-20');
      // Counted Monday to Friday into 2027: provisionally due Fri 2027-01-08.
      expect((await view(t, caseId)).deadlines[0]).toMatchObject({ dueAt: '2027-01-08T15:59:59.999Z', provisional: true });
      await tickAt(t, local('2027-01-12'));
      const past = await view(t, caseId);
      expect(past.deadlines[0]).toMatchObject({ status: 'open', provisional: true, warning: 'yellow' });
      const entries = await warningEntries(t, caseId);
      expect(entries.map((entry) => entry.data.warning.to)).toEqual(['yellow']);
      expect(entries[0].data.warning.provisional).toBe(true);
      expect(
        (
          await t
            .http()
            .get(`/api/cases/${caseId}/warnings`)
            .set(await t.as('officer1'))
            .expect(200)
        ).body.letters.map((l: { kind: string }) => l.kind),
      ).toEqual(['reminderLetter']);

      // 2027 arrives with 1 January off: the date is recomputed to Mon 01-11, already passed: missed and red.
      const admin = await t.as('sysadmin1');
      const body = { year: 2027, holidays: '元旦：1月1日至3日放假，共3天。' };
      const preview = await t.http().post('/api/admin/calendar/preview').set(admin).send(body).expect(200);
      await t
        .http()
        .post('/api/admin/calendar')
        .set(admin)
        .send({ ...body, confirmDigest: preview.body.digest, expectedRevision: 0 })
        .expect(201);
      await tickAt(t, local('2027-01-12', '09:05:00.000'));
      const after = await view(t, caseId);
      expect(after.deadlines[0]).toMatchObject({ dueAt: '2027-01-11T15:59:59.999Z', provisional: false, status: 'overdue', warning: 'red' });
      const letters = (
        await t
          .http()
          .get(`/api/cases/${caseId}/warnings`)
          .set(await t.as('officer1'))
          .expect(200)
      ).body.letters;
      expect(letters.map((l: { kind: string }) => l.kind)).toEqual(['reminderLetter', 'supervisionLetter']);
    } finally {
      await t.close();
    }
  });
});

describe('thresholds a jurisdiction sets', () => {
  const registry = procedureRegistry();
  const file = (rules: Record<string, unknown>) => {
    const path = join(tmpdir(), `warning-rules-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify(rules));
    return path;
  };
  const rulesOf = (env: NodeJS.ProcessEnv) => new WarningRules(loadConfig({ DB_PATH: join(tmpdir(), 'unused.sqlite'), ...env }), registry);

  it('defaults to 70 % and 3 working days for every staff duty, none for limits that move the case themselves', () => {
    const rules = rulesOf({});
    expect(rules.thresholdsOf('clarification.acceptanceNotice')).toEqual({ bluePercent: 70, yellowWorkingDays: 3 });
    expect(rules.thresholdsOf('tolerance.verification')).toEqual({ bluePercent: 70, yellowWorkingDays: 3 });
    expect(rules.thresholdsOf('tolerance.supplement')).toBeNull();
    expect(rules.thresholdsOf('tolerance.reviewRequest')).toBeNull();
  });

  it('takes the jurisdiction’s defaults and a rule’s own thresholds, or none', () => {
    const rules = rulesOf({
      WARNING_BLUE_PERCENT: '60',
      WARNING_YELLOW_WORKING_DAYS: '5',
      DEADLINE_RULES_FILE: file({
        'clarification.acceptanceNotice': { warning: { yellowWorkingDays: 2 } },
        'tolerance.closure': { length: 15, unit: 'workingDays', warning: false },
      }),
    });
    expect(rules.thresholdsOf('clarification.acceptanceNotice')).toEqual({ bluePercent: 60, yellowWorkingDays: 2 });
    expect(rules.thresholdsOf('tolerance.acceptance')).toEqual({ bluePercent: 60, yellowWorkingDays: 5 });
    expect(rules.thresholdsOf('tolerance.closure')).toBeNull();
  });

  it('refuses thresholds it cannot use, naming the rule and the setting', () => {
    expect(() => rulesOf({ WARNING_BLUE_PERCENT: '100' })).toThrow(/WARNING_BLUE_PERCENT must be a whole number from 1 to 99/);
    expect(() => rulesOf({ DEADLINE_RULES_FILE: file({ 'tolerance.supplement': { warning: { bluePercent: 50 } } }) })).toThrow(
      /tolerance\.supplement moves the case itself on expiry/,
    );
    expect(() => rulesOf({ DEADLINE_RULES_FILE: file({ 'tolerance.acceptance': { warning: { bluePercent: 0 } } }) })).toThrow(
      /tolerance\.acceptance\.warning\.bluePercent must be a whole number from 1 to 99/,
    );
    expect(() => rulesOf({ DEADLINE_RULES_FILE: file({ 'tolerance.acceptance': { warning: { red: 1 } } }) })).toThrow(/unknown keys red/);
    expect(() => rulesOf({ DEADLINE_RULES_FILE: file({ 'tolerance.acceptance': { length: 5 } }) })).toThrow(/needs \{"length"/);
  });
});
