import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { procedureRegistry } from '../workflows';
import { signedLead } from '../workflows/clarification/clarification.samples';
import { toleranceSamples } from '../workflows/tolerance/tolerance.samples';
import { CalendarAdminService } from '../src/scheduling/calendar-admin.service';
import { DeadlineScheduler } from '../src/scheduling/deadline-scheduler.service';
import { LiveCalendar } from '../src/deadlines/live-calendar.service';
import { UsersService } from '../src/identity/users.service';
import { startTestApp, tempDbPath, TestClock, type TestApp } from './support/test-app';
import { openRawDatabase } from './support/test-database';

/**
 * The calendar cliff (issue 14 §1): the shipped schedule ends with 2026, and on 2026-12-20 a
 * signed report's 15 working days reach into 2027. Nothing is refused: the due date is counted
 * Monday to Friday and marked provisional; when the system administrator loads 2027, it is counted
 * again, on the case's chain, with a notice to whose turn it is.
 */
const DEC_20 = '2026-12-20T02:00:00.000Z';

/** A fictitious 2027 as the notice would say it: 1 January is a holiday, so a count through it moves a day. */
const NOTICE_2027 = ['一、元旦：1月1日（周五）至3日（周日）放假，共3天。', '二、春节：2月6日（周六）至14日（周日）放假调休，共9天。2月20日（周六）上班。'].join(
  '\n',
);
/** The same 2027 without anything before February: a January due date keeps its day. */
const FEBRUARY_ONLY_2027 = '春节：2月6日至14日放假调休，共9天。2月20日（星期六）上班。';

// From Sun 2026-12-20: 12-21..12-25 (1–5), 12-28..12-31 (6–9); Monday to Friday in 2027: 01-01 (10),
// 01-04..01-08 (11–15). With 1 January off: 01-04..01-08 (10–14), 01-11 (15).
const PROVISIONAL_DUE = '2027-01-08T15:59:59.999Z';
const OFFICIAL_DUE = '2027-01-11T15:59:59.999Z';

/** A signed report received and registered the same day (its notice counts from the day received, issue 14 §2). */
async function registerSignedReport(t: TestApp): Promise<Record<string, any>> {
  const receivedOn = new Date(t.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const created = await t
    .http()
    .post('/api/cases')
    .set(await t.as('officer1'))
    .send({ procedure: 'clarification', ...signedLead.data, receivedOn })
    .expect(201);
  return created.body;
}

async function view(t: TestApp, caseId: string): Promise<Record<string, any>> {
  return (
    await t
      .http()
      .get(`/api/cases/${caseId}`)
      .set(await t.as('officer1'))
      .expect(200)
  ).body;
}

async function trailOf(t: TestApp, caseId: string): Promise<Array<Record<string, any>>> {
  return (
    await t
      .http()
      .get(`/api/cases/${caseId}/trail`)
      .set(await t.as('auditor1'))
      .expect(200)
  ).body;
}

/** What the sysadmin's page does: preview, then confirm with the digest and revision the preview showed. */
async function loadYear(t: TestApp, body: Record<string, unknown>): Promise<Record<string, any>> {
  const admin = await t.as('sysadmin1');
  const preview = await t.http().post('/api/admin/calendar/preview').set(admin).send(body).expect(200);
  const loaded = await t
    .http()
    .post('/api/admin/calendar')
    .set(admin)
    .send({ ...body, confirmDigest: preview.body.digest, expectedRevision: preview.body.replaces.revision });
  if (loaded.status !== 201) throw new Error(`load: ${loaded.status} ${JSON.stringify(loaded.body)}`);
  return loaded.body;
}

async function countRows(t: TestApp): Promise<{ years: number; adminEntries: number }> {
  const db = await openRawDatabase(t.dbPath);
  try {
    const [years] = await db.query<{ n: string }>('SELECT COUNT(*) AS n FROM calendar_years');
    const [admin] = await db.query<{ n: string }>("SELECT COUNT(*) AS n FROM audit_entries WHERE stream_id = 'admin'");
    return { years: Number(years.n), adminEntries: Number(admin.n) };
  } finally {
    await db.close();
  }
}

describe('a missing year never stops the work', () => {
  it('a signed report registered on 2026-12-20 gets a provisional due date, shown as such in the case, the list and the notices; loading 2027 recomputes it on the case chain and tells the officer', async () => {
    const t = await startTestApp({ clock: new TestClock(new Date(DEC_20)) });
    try {
      const created = await registerSignedReport(t);
      expect(created.state).toBe('awaitingAcceptanceNotice');
      expect(created.deadlines).toEqual([
        expect.objectContaining({
          rule: 'clarification.acceptanceNotice',
          dueAt: PROVISIONAL_DUE,
          provisional: true,
          provisionalYears: [2027],
          provisionalReason: {
            zh: '暂按周一至周五计算，待公布2027年节假日安排后自动重算',
            en: 'Counted Monday to Friday for now; recomputed automatically once the 2027 public holiday schedule is published',
          },
        }),
      ]);
      const list = await t
        .http()
        .get('/api/cases?turn=officer&status=active')
        .set(await t.as('officer1'))
        .expect(200);
      expect(list.body.items.find((item: { id: string }) => item.id === created.id).deadlines).toEqual([
        expect.objectContaining({ dueAt: PROVISIONAL_DUE, provisional: true, provisionalYears: [2027] }),
      ]);
      // The reminder two working days before says it is provisional too.
      t.clock.set('2027-01-06T02:00:00.000Z');
      await t.app.get(DeadlineScheduler).tick();
      const reminders = await t
        .http()
        .get('/api/notifications')
        .set(await t.as('officer1'))
        .expect(200);
      expect(reminders.body).toContainEqual(
        expect.objectContaining({ caseId: created.id, kind: 'deadlineSoon', dueAt: PROVISIONAL_DUE, provisional: true, provisionalYears: [2027] }),
      );

      // The administrator previews 2027: one running deadline counts through it and would move a day later.
      t.clock.set('2027-01-07T02:00:00.000Z');
      const admin = await t.as('sysadmin1');
      const preview = await t.http().post('/api/admin/calendar/preview').set(admin).send({ year: 2027, holidays: NOTICE_2027 }).expect(200);
      expect(preview.body).toMatchObject({
        year: 2027,
        holidays: expect.arrayContaining(['2027-01-01', '2027-02-06', '2027-02-14']),
        workdays: ['2027-02-20'],
        replaces: { source: null, revision: 0 },
        impact: { deadlines: 1, moved: 1, movedLater: 1, movedEarlier: 0, confirmed: 0, unchanged: 0 },
      });
      expect(preview.body.byMonth[0]).toEqual({
        month: 1,
        holidays: [
          { date: '2027-01-01', weekday: 5, name: '元旦' },
          { date: '2027-01-02', weekday: 6, name: '元旦' },
          { date: '2027-01-03', weekday: 0, name: '元旦' },
        ],
        workdays: [],
      });
      expect((await view(t, created.id)).deadlines[0].provisional).toBe(true); // a preview changes nothing

      const loaded = await t
        .http()
        .post('/api/admin/calendar')
        .set(admin)
        .send({ year: 2027, holidays: NOTICE_2027, confirmDigest: preview.body.digest, expectedRevision: 0 })
        .expect(201);
      expect(loaded.body).toMatchObject({ year: 2027, revision: 1, version: 1, marked: 1, recompute: { cases: 1, moved: 1, confirmed: 0, remaining: false } });

      const after = await view(t, created.id);
      expect(after.deadlines).toEqual([expect.objectContaining({ dueAt: OFFICIAL_DUE, provisional: false })]);
      expect(after.deadlines[0].provisionalReason).toBeUndefined();
      const recomputed = (await trailOf(t, created.id)).filter((entry) => entry.event === 'DEADLINE_RECOMPUTED');
      expect(recomputed).toHaveLength(1);
      expect(recomputed[0]).toMatchObject({
        actorId: 'system',
        actorRole: 'system',
        outcome: 'applied',
        fromState: 'awaitingAcceptanceNotice',
        toState: 'awaitingAcceptanceNotice',
        data: {
          deadline: { rule: 'clarification.acceptanceNotice', state: 'awaitingAcceptanceNotice' },
          previousDueAt: PROVISIONAL_DUE,
          dueAt: OFFICIAL_DUE,
          previousProvisionalYears: [2027],
          provisionalYears: [],
          moved: true,
          calendar: [
            { year: 2026, source: 'package' },
            { year: 2027, source: 'database', revision: 1, digest: preview.body.digest, loadedBy: 'sysadmin1', loadedAt: '2027-01-07T02:00:00.000Z' },
          ],
        },
      });
      const notices = await t
        .http()
        .get('/api/notifications')
        .set(await t.as('officer1'))
        .expect(200);
      expect(notices.body).toContainEqual(
        expect.objectContaining({ caseId: created.id, kind: 'deadlineMoved', previousDueAt: PROVISIONAL_DUE, dueAt: OFFICIAL_DUE, provisional: false }),
      );
      // The load itself is on the admin chain, with the dates it stored; every chain still verifies.
      const adminEntries = await t
        .http()
        .get('/api/audit/entries?event=CALENDAR_YEAR_LOADED')
        .set(await t.as('auditadmin1'))
        .expect(200);
      expect(adminEntries.body.items).toEqual([
        expect.objectContaining({
          streamId: 'admin',
          actorId: 'sysadmin1',
          actorRole: 'sysAdmin',
          data: expect.objectContaining({ year: 2027, revision: 1, digest: preview.body.digest, workdays: ['2027-02-20'], replaced: null, deadlinesMarked: 1 }),
        }),
      ]);
      expect(
        (
          await t
            .http()
            .get('/api/audit/verify')
            .set(await t.as('auditor1'))
        ).body.ok,
      ).toBe(true);
      // A second pass finds nothing left to do.
      expect((await t.app.get(DeadlineScheduler).tick()).recomputed).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('a provisional deadline that keeps its date loses its mark, and the trail says so, without a notice', async () => {
    const t = await startTestApp({ clock: new TestClock(new Date(DEC_20)) });
    try {
      const created = await registerSignedReport(t);
      const loaded = await loadYear(t, { year: 2027, holidays: FEBRUARY_ONLY_2027 });
      expect(loaded.recompute).toMatchObject({ moved: 0, confirmed: 1 });
      expect((await view(t, created.id)).deadlines).toEqual([expect.objectContaining({ dueAt: PROVISIONAL_DUE, provisional: false })]);
      const [entry] = (await trailOf(t, created.id)).filter((e) => e.event === 'DEADLINE_RECOMPUTED');
      expect(entry.data).toMatchObject({
        previousDueAt: PROVISIONAL_DUE,
        dueAt: PROVISIONAL_DUE,
        moved: false,
        previousProvisionalYears: [2027],
        provisionalYears: [],
      });
      const notices = await t
        .http()
        .get('/api/notifications')
        .set(await t.as('officer1'))
        .expect(200);
      expect(notices.body.filter((n: { kind: string }) => n.kind === 'deadlineMoved')).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('a restart before the load, and a crash between the load and its recompute, lose nothing', async () => {
    const dbPath = tempDbPath();
    const first = await startTestApp({ dbPath, clock: new TestClock(new Date(DEC_20)) });
    const before = await registerSignedReport(first);
    await first.close();

    // Restarted: the provisional mark is in the row, and the load through the page recomputes it.
    const second = await startTestApp({ dbPath, clock: new TestClock(new Date('2026-12-21T02:00:00.000Z')) });
    expect((await view(second, before.id)).deadlines[0]).toMatchObject({ dueAt: PROVISIONAL_DUE, provisional: true });
    const during = await registerSignedReport(second);
    // The load's transaction commits, and the instance stops before recomputing anything.
    const preview = await second
      .http()
      .post('/api/admin/calendar/preview')
      .set(await second.as('sysadmin1'))
      .send({ year: 2027, holidays: NOTICE_2027 })
      .expect(200);
    const sysadmin = (await second.app.get(UsersService).findAuthUser('sysadmin1'))!;
    const stored = await second.app
      .get(CalendarAdminService)
      .store(sysadmin, { year: 2027, holidays: NOTICE_2027, confirmDigest: preview.body.digest, expectedRevision: 0 });
    expect(stored).toMatchObject({ year: 2027, revision: 1, marked: 2 });
    await second.close();

    const third = await startTestApp({ dbPath, clock: new TestClock(new Date('2026-12-21T03:00:00.000Z')) });
    try {
      expect((await view(third, during.id)).deadlines[0].provisional).toBe(true);
      expect((await third.app.get(DeadlineScheduler).tick()).recomputed).toBe(2);
      for (const caseId of [before.id, during.id]) {
        const { deadlines } = await view(third, caseId);
        expect(deadlines[0]).toMatchObject({ provisional: false });
        expect((await trailOf(third, caseId)).filter((e) => e.event === 'DEADLINE_RECOMPUTED')).toHaveLength(1);
      }
      expect((await view(third, before.id)).deadlines[0].dueAt).toBe(OFFICIAL_DUE);
      expect((await third.app.get(DeadlineScheduler).tick()).recomputed).toBe(0);
      expect(
        (
          await third
            .http()
            .get('/api/audit/verify')
            .set(await third.as('auditor1'))
        ).body.ok,
      ).toBe(true);
    } finally {
      await third.close();
    }
  });

  it('another instance picks up a year loaded elsewhere on its next tick, and corrects a date it counted on the old calendar meanwhile', async () => {
    const dbPath = tempDbPath();
    const a = await startTestApp({ dbPath, clock: new TestClock(new Date(DEC_20)) });
    const b = await startTestApp({ dbPath, clock: new TestClock(new Date(DEC_20)) });
    try {
      await loadYear(a, { year: 2027, holidays: NOTICE_2027 });
      // B has not re-read the calendar yet: it still counts 2027 Monday to Friday.
      const onB = await registerSignedReport(b);
      expect(onB.deadlines[0]).toMatchObject({ dueAt: PROVISIONAL_DUE, provisional: true });
      await b.app.get(DeadlineScheduler).tick();
      expect(b.app.get(LiveCalendar).version()).toBe(1);
      expect((await view(b, onB.id)).deadlines[0]).toMatchObject({ dueAt: OFFICIAL_DUE, provisional: false });
      expect((await trailOf(b, onB.id)).filter((e) => e.event === 'DEADLINE_RECOMPUTED')).toHaveLength(1);
      // And counts 2027 officially from now on.
      const next = await registerSignedReport(b);
      expect(next.deadlines[0]).toMatchObject({ dueAt: OFFICIAL_DUE, provisional: false });
    } finally {
      await b.close();
      await a.close();
    }
  });

  it('a provisional date never fires its expiry: the case waits for the year, then the recomputed date fires once', async () => {
    const t = await startTestApp({ clock: new TestClock(new Date('2026-12-28T02:00:00.000Z')) });
    try {
      const applicant = await t.as('applicant1');
      const created = await t
        .http()
        .post('/api/cases')
        .set(applicant)
        .send({ procedure: 'tolerance', ...toleranceSamples.creations[0].data })
        .expect(201);
      await t.http().post(`/api/cases/${created.body.id}/events`).set(applicant).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
      const asked = await t
        .http()
        .post(`/api/cases/${created.body.id}/events`)
        .set(await t.as('officer1'))
        .send({ type: 'REQUEST_SUPPLEMENT', expectedVersion: 2, ...toleranceSamples.events.REQUEST_SUPPLEMENT[0].data })
        .expect(200);
      // 10 working days from Mon 12-28, 2027 Monday to Friday: 12-29..12-31, 01-01, 01-04..01-08, 01-11.
      expect(asked.body.deadlines[0]).toMatchObject({
        rule: 'tolerance.supplement',
        onExpiry: 'SUPPLEMENT_EXPIRED',
        dueAt: '2027-01-11T15:59:59.999Z',
        provisional: true,
      });

      t.clock.set('2027-01-12T02:00:00.000Z');
      expect((await t.app.get(DeadlineScheduler).tick()).fired).toBe(0);
      expect((await view(t, created.body.id)).state).toBe('awaitingSupplement');
      const status = await t
        .http()
        .get('/api/admin/calendar')
        .set(await t.as('sysadmin1'))
        .expect(200);
      expect(status.body).toMatchObject({
        thisYear: 2027,
        warning: { code: 'CALENDAR.YEAR_MISSING', year: 2027 },
        deadlines: { provisional: 1, provisionalPastDue: 1 },
      });

      await loadYear(t, { year: 2027, holidays: NOTICE_2027 });
      expect((await view(t, created.body.id)).deadlines[0]).toMatchObject({ dueAt: '2027-01-12T15:59:59.999Z', provisional: false, status: 'open' });
      t.clock.set('2027-01-13T02:00:00.000Z');
      expect((await t.app.get(DeadlineScheduler).tick()).fired).toBe(1);
      expect((await view(t, created.body.id)).state).toBe('withdrawn');
      expect((await trailOf(t, created.body.id)).filter((e) => e.event === 'SUPPLEMENT_EXPIRED')).toHaveLength(1);
    } finally {
      await t.close();
    }
  });

  it('the demo loads on an empty database on 2026-12-28 with 25-working-day local rules, its deadlines provisional', async () => {
    const rules = Object.fromEntries(
      procedureRegistry()
        .all()
        .flatMap((d) =>
          Object.values(d.states).flatMap((s) => (s.deadline?.unit === 'workingDays' ? [[s.deadline.rule, { length: 25, unit: 'workingDays' }]] : [])),
        ),
    );
    const file = join(tmpdir(), `rules-25-${process.pid}-${Date.now()}.json`);
    writeFileSync(file, JSON.stringify(rules));
    const t = await startTestApp({ demoCases: true, env: { DEADLINE_RULES_FILE: file }, clock: new TestClock(new Date('2026-12-28T02:00:00.000Z')) });
    try {
      const list = await t
        .http()
        .get('/api/cases?pageSize=100&status=active')
        .set(await t.as('officer1'))
        .expect(200);
      expect(list.body.total).toBeGreaterThanOrEqual(10);
      const deadlines = list.body.items.flatMap((item: { deadlines: Array<{ provisional: boolean }> }) => item.deadlines);
      expect(deadlines.filter((d: { provisional: boolean }) => d.provisional).length).toBeGreaterThan(0);
      expect(
        (
          await t
            .http()
            .get('/api/audit/verify')
            .set(await t.as('auditor1'))
        ).body.ok,
      ).toBe(true);
    } finally {
      await t.close();
    }
    // The whole demo is driven through the engine: on a busy machine and PostgreSQL that takes a while.
  }, 120_000);
});

describe('loading and correcting a calendar year', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ clock: new TestClock(new Date(DEC_20)) });
  });
  afterAll(() => t.close());

  it('warns from 1 November while next year is missing: in health (no token) and the status; never before', async () => {
    t.clock.set('2026-10-31T15:00:00.000Z'); // 23:00 on 31 October in China
    expect((await t.http().get('/api/health').expect(200)).body).toEqual({ status: 'ok' });
    t.clock.set('2026-10-31T16:00:00.000Z'); // 00:00 on 1 November
    const health = await t.http().get('/api/health').expect(200);
    expect(health.body).toEqual({
      status: 'ok',
      calendar: {
        code: 'CALENDAR.YEAR_MISSING',
        year: 2027,
        zh: expect.stringContaining('尚未载入2027年节假日安排'),
        en: expect.stringContaining('The 2027 public holiday schedule is not loaded'),
      },
    });
    t.clock.set(DEC_20);
    const status = await t
      .http()
      .get('/api/admin/calendar')
      .set(await t.as('sysadmin1'))
      .expect(200);
    expect(status.body).toMatchObject({ thisYear: 2026, nextYear: 2027, nextYearLoaded: false, warning: { year: 2027 } });
    expect(status.body.years.at(-1)).toEqual({ year: 2026, source: 'package', holidays: 33, workdays: 6, note: null });
  });

  it('is for the system administrator only', async () => {
    await t
      .http()
      .get('/api/admin/calendar')
      .set(await t.as('officer1'))
      .expect(403);
    await t
      .http()
      .post('/api/admin/calendar/preview')
      .set(await t.as('secadmin1'))
      .send({ year: 2027, holidays: '2027-01-01' })
      .expect(403);
    await t.http().post('/api/admin/calendar').send({ year: 2027, holidays: '2027-01-01' }).expect(401);
  });

  it.each([
    ['a date that does not exist', { year: 2027, holidays: '元旦 2027-01-01\n春节 2027-02-30' }, 'CALENDAR.INVALID_DATE', 'holidays', '2027-02-30'],
    [
      'a make-up working day on a weekday',
      { year: 2027, holidays: '2027-01-01', workdays: '2027-02-08' },
      'CALENDAR.WORKDAY_NOT_WEEKEND',
      'workdays',
      '2027-02-08',
    ],
    [
      'a holiday also listed as a working day',
      { year: 2027, holidays: '2027-02-06至2027-02-08', workdays: '2027-02-06' },
      'CALENDAR.HOLIDAY_AND_WORKDAY',
      'workdays',
      '2027-02-06',
    ],
    ['a year that does not match its dates', { year: 2027, holidays: ['2028-01-01', '2028-02-10'] }, 'CALENDAR.YEAR_MISMATCH', 'holidays', '2028-01-01'],
    ['an empty list', { year: 2027, holidays: [], workdays: [] }, 'CALENDAR.EMPTY', 'holidays', '2027'],
  ])('refuses %s, naming the field and the date in both languages, and stores nothing', async (_label, body, code, field, date) => {
    const admin = await t.as('sysadmin1');
    const before = await countRows(t);
    for (const path of ['/api/admin/calendar/preview', '/api/admin/calendar']) {
      const refused = await t
        .http()
        .post(path)
        .set(admin)
        .send({ ...body, confirmDigest: 'x'.repeat(64), expectedRevision: 0 })
        .expect(400);
      expect(refused.body).toMatchObject({ code: 'CALENDAR.INVALID', details: { conditions: [expect.objectContaining({ code, field })] } });
      const [first] = refused.body.details.conditions;
      expect(first.zh).toContain(date);
      expect(first.en).toContain(date);
      expect(first.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(refused.body.details.fields).toContainEqual(expect.objectContaining({ field }));
    }
    expect(await countRows(t)).toEqual(before);
  });

  it('refuses a 10 MB paste with a bilingual reason, and stores nothing', async () => {
    const before = await countRows(t);
    const huge = `2027-01-01\n${'春节 2027-02-10至2027-02-17\n'.repeat(400_000)}`;
    expect(huge.length).toBeGreaterThan(10_000_000);
    const refused = await t
      .http()
      .post('/api/admin/calendar/preview')
      .set(await t.as('sysadmin1'))
      .send({ year: 2027, holidays: huge })
      .expect(413);
    expect(refused.body).toMatchObject({
      code: 'REQUEST.TOO_LARGE',
      details: {
        conditions: [expect.objectContaining({ code: 'REQUEST.TOO_LARGE', zh: expect.stringContaining('256 KB'), en: expect.stringContaining('256 KiB') })],
      },
    });
    expect(await countRows(t)).toEqual(before);
  });

  it('stores only what was previewed and confirmed, and refuses a load another one overtook', async () => {
    const admin = await t.as('sysadmin1');
    const body = { year: 2027, holidays: NOTICE_2027, note: '测试用虚构安排' };
    const before = await countRows(t);
    const unconfirmed = await t.http().post('/api/admin/calendar').set(admin).send(body).expect(400);
    expect(unconfirmed.body.details.conditions).toEqual([expect.objectContaining({ code: 'CALENDAR.NOT_CONFIRMED', field: 'confirmDigest' })]);
    const preview = await t.http().post('/api/admin/calendar/preview').set(admin).send(body).expect(200);
    const edited = await t
      .http()
      .post('/api/admin/calendar')
      .set(admin)
      .send({ ...body, holidays: `${NOTICE_2027}\n2027-05-01`, confirmDigest: preview.body.digest, expectedRevision: 0 })
      .expect(400);
    expect(edited.body.details.conditions[0].code).toBe('CALENDAR.NOT_CONFIRMED');
    expect(await countRows(t)).toEqual(before);

    await t
      .http()
      .post('/api/admin/calendar')
      .set(admin)
      .send({ ...body, confirmDigest: preview.body.digest, expectedRevision: 0 })
      .expect(201);
    expect(await countRows(t)).toEqual({ years: before.years + 1, adminEntries: before.adminEntries + 1 });
    // The same confirmation sent twice (a double click) is refused the second time.
    const twice = await t
      .http()
      .post('/api/admin/calendar')
      .set(admin)
      .send({ ...body, confirmDigest: preview.body.digest, expectedRevision: 0 })
      .expect(409);
    expect(twice.body).toMatchObject({ code: 'CALENDAR.CHANGED', details: { conditions: [expect.objectContaining({ code: 'CALENDAR.CHANGED' })] } });
    const same = await t.http().post('/api/admin/calendar/preview').set(admin).send(body).expect(200);
    const again = await t
      .http()
      .post('/api/admin/calendar')
      .set(admin)
      .send({ ...body, confirmDigest: same.body.digest, expectedRevision: same.body.replaces.revision })
      .expect(409);
    expect(again.body.code).toBe('CALENDAR.UNCHANGED');
    expect(await countRows(t)).toEqual({ years: before.years + 1, adminEntries: before.adminEntries + 1 });

    const year = await t.http().get('/api/admin/calendar/2027').set(admin).expect(200);
    expect(year.body).toMatchObject({ year: 2027, source: 'database', revision: 1, loadedBy: 'sysadmin1', note: '测试用虚构安排', workdays: ['2027-02-20'] });
    expect(year.body.labels['2027-02-06']).toBe('春节');
    expect((await t.http().get('/api/health').expect(200)).body).toEqual({ status: 'ok' });
    await t.http().get('/api/admin/calendar/2031').set(admin).expect(404);
  });

  it('a correction recomputes the deadlines it touches, even those no longer provisional, and is recorded with what it replaced', async () => {
    // 2027 is loaded (above). A report registered now is due on 2027-01-11 officially.
    t.clock.set(DEC_20);
    const created = await registerSignedReport(t);
    expect(created.deadlines[0]).toMatchObject({ dueAt: OFFICIAL_DUE, provisional: false });
    const admin = await t.as('sysadmin1');
    const corrected = { year: 2027, holidays: `${NOTICE_2027}\n2027-01-04`, note: '更正' };
    const preview = await t.http().post('/api/admin/calendar/preview').set(admin).send(corrected).expect(200);
    expect(preview.body.replaces).toEqual({
      source: 'database',
      revision: 1,
      added: { holidays: ['2027-01-04'], workdays: [] },
      removed: { holidays: [], workdays: [] },
    });
    expect(preview.body.impact).toMatchObject({ moved: 1, movedLater: 1 });
    const loaded = await t
      .http()
      .post('/api/admin/calendar')
      .set(admin)
      .send({ ...corrected, confirmDigest: preview.body.digest, expectedRevision: 1 })
      .expect(201);
    expect(loaded.body).toMatchObject({ revision: 2, version: 2 });
    expect((await view(t, created.id)).deadlines[0]).toMatchObject({ dueAt: '2027-01-12T15:59:59.999Z', provisional: false });
    const [entry] = (await trailOf(t, created.id)).filter((e) => e.event === 'DEADLINE_RECOMPUTED');
    expect(entry.data).toMatchObject({
      previousDueAt: OFFICIAL_DUE,
      dueAt: '2027-01-12T15:59:59.999Z',
      moved: true,
      calendar: [{ year: 2026 }, { year: 2027, revision: 2, loadedBy: 'sysadmin1' }],
    });
    const corrections = await t
      .http()
      .get('/api/audit/entries?event=CALENDAR_YEAR_CORRECTED')
      .set(await t.as('auditadmin1'))
      .expect(200);
    expect(corrections.body.items[0].data).toMatchObject({ year: 2027, revision: 2, replaced: { source: 'database', revision: 1 } });
    expect(
      (
        await t
          .http()
          .get('/api/audit/verify')
          .set(await t.as('auditor1'))
      ).body.ok,
    ).toBe(true);
  });
});
