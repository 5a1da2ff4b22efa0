import { hashPassword } from '../src/identity/password-hasher';
import { UserEntity } from '../src/identity/user.entity';
import { UserRoleEntity } from '../src/identity/user-role.entity';
import { UsersService } from '../src/identity/users.service';
import { DEMO_PASSWORD } from '../src/demo/demo-users';
import { PROCEDURE_SAMPLES } from '../workflows';
import { PathDriver } from './support/path-driver';
import { startTestApp, type TestApp } from './support/test-app';
import { openRawDatabase } from './support/test-database';

/**
 * Issue 15, as an outside tester found it: each leak of a reporter's or accuser's identity, and
 * the office-unfriendly login limit, reproduced through the public API and the database.
 */
const STAFF_REPORTER = 'officer-reporter';
const STAFF_REPORTER_NAME = '内部举报人丙';
const STAFF_REPORTER_CONTACT = '139-5555-0101';
// The clarification samples' reporter, who is also the accuser of the false-accusation case it opens.
const ACCUSER = 'applicant2';
const ACCUSER_NAME = '王某某';

describe('reporters and accusers stay secret (issue 15)', () => {
  let t: TestApp;
  let driver: PathDriver;
  let falseAccusationId: string;
  let staffReportedId: string;

  beforeAll(async () => {
    t = await startTestApp();
    driver = new PathDriver(t);
    await t.app
      .get(UsersService)
      .create(
        { id: STAFF_REPORTER, displayName: '兼为举报人的承办人', password: DEMO_PASSWORD, roles: [{ role: 'officer', scope: '*' }] },
        t.clock.now().toISOString(),
      );
    // The accuser (a user) asks in person for review of the measures taken against them.
    falseAccusationId = await driver.drive('falseAccusation', driver.paths('falseAccusation').get('reviewWindow')!);
    const review = PROCEDURE_SAMPLES.falseAccusation.events.REQUEST_REVIEW.find((sample) => sample.actor.role === 'applicant')!;
    await driver.step(falseAccusationId, 'REQUEST_REVIEW', { id: ACCUSER, role: 'applicant' }, review.data, review.at);
    // A signed report whose reporter is a staff member; they then try to act on it.
    const lead = PROCEDURE_SAMPLES.clarification.creations[0].data;
    t.clock.set('2026-03-10T02:00:00.000Z');
    const opened = await t
      .http()
      .post('/api/cases')
      .set(await t.as('officer1'))
      .send({ procedure: 'clarification', ...lead, reporterName: STAFF_REPORTER_NAME, reporterContact: STAFF_REPORTER_CONTACT, reporterUserId: STAFF_REPORTER })
      .expect(201);
    staffReportedId = opened.body.id;
    const refused = await t
      .http()
      .post(`/api/cases/${staffReportedId}/events`)
      .set(await t.as(STAFF_REPORTER))
      .send({ type: 'NOTIFY_ACCEPTANCE', expectedVersion: opened.body.version, notifiedOn: '2026-03-10', method: 'phone' })
      .expect(403);
    expect(refused.body.code).toBe('CASE.RECUSED');
  });
  afterAll(() => t.close());

  it("the accused cadre's timeline of a false-accusation case does not name the accuser's account", async () => {
    const timeline = await t
      .http()
      .get(`/api/cases/${falseAccusationId}/trail`)
      .set(await t.as('applicant1'))
      .expect(200);
    const review = timeline.body.find((entry: { event: string }) => entry.event === 'REQUEST_REVIEW');
    expect(review).toBeDefined();
    expect(JSON.stringify(timeline.body)).not.toContain(ACCUSER);
  });

  it("a staff reporter's refused attempt does not name them in the trail staff read", async () => {
    const trail = await t
      .http()
      .get(`/api/cases/${staffReportedId}/trail`)
      .set(await t.as('officer1'))
      .expect(200);
    expect(trail.body.map((entry: { refusalCode: string | null }) => entry.refusalCode)).toContain('CASE.RECUSED');
    expect(JSON.stringify(trail.body)).not.toContain(STAFF_REPORTER);
  });

  it("the cadre's view of a clarification case says nothing about the report's channel, signature or reporter", async () => {
    const cadre = await t.as('applicant1');
    const view = await t.http().get(`/api/cases/${staffReportedId}`).set(cadre).expect(200);
    const timeline = await t.http().get(`/api/cases/${staffReportedId}/trail`).set(cadre).expect(200);
    const seen = JSON.stringify([view.body, timeline.body]);
    for (const telltale of ['awaitingAcceptanceNotice', '实名', 'signed', 'Signed', '[sealed]', 'channel', 'reporter']) {
      expect([telltale, seen.includes(telltale)]).toEqual([telltale, false]);
    }
    expect(timeline.body.map((entry: { event: string }) => entry.event)).not.toContain('CREATE');
  });

  it('the export names no sealed account, and the export and searches are on the record for the audit administrator', async () => {
    const auditor = await t.as('auditor1');
    const exported = await t.http().get('/api/audit/export').set(auditor).expect(200);
    const lines = exported.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const aboutProtected = lines.filter((entry) => [falseAccusationId, staffReportedId].includes(entry.caseId));
    expect(aboutProtected.length).toBeGreaterThan(5);
    expect(JSON.stringify(aboutProtected)).not.toContain(ACCUSER);
    expect(JSON.stringify(aboutProtected)).not.toContain(STAFF_REPORTER);
    await t.http().get('/api/audit/entries?event=REQUEST_REVIEW').set(auditor).expect(200);
    const reads = await t
      .http()
      .get('/api/audit/entries?stream=audit-reads&pageSize=200')
      .set(await t.as('auditadmin1'))
      .expect(200);
    const byAuditor = reads.body.items.filter((entry: { actorId: string }) => entry.actorId === 'auditor1');
    expect(byAuditor.map((entry: { event: string }) => entry.event)).toEqual(expect.arrayContaining(['TRAIL_EXPORTED', 'TRAIL_SEARCHED']));
  });

  it('sealed values and sealed account ids are not stored in plain text', async () => {
    const db = await openRawDatabase(t.dbPath);
    try {
      const rows = await db.query<Record<string, string | null>>('SELECT context, accuser_user_id, search_text, created_by FROM cases');
      const stored = JSON.stringify(rows);
      for (const secret of [STAFF_REPORTER_NAME, STAFF_REPORTER_CONTACT, ACCUSER_NAME]) expect([secret, stored.includes(secret)]).toEqual([secret, false]);
      expect(rows.map((row) => row.accuser_user_id)).not.toContain(ACCUSER);
      expect(rows.map((row) => row.accuser_user_id)).not.toContain(STAFF_REPORTER);
    } finally {
      await db.close();
    }
  });
});

describe('login limits that fit an office behind one address', () => {
  let t: TestApp;
  const OFFICE = 300;

  beforeAll(async () => {
    // The shipped defaults: only the switch that tests usually turn off is turned on.
    t = await startTestApp({ env: { RATE_LIMIT: 'on' } });
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const at = t.clock.now().toISOString();
    const ids = [...Array.from({ length: OFFICE }, (_, i) => `clerk${String(i).padStart(3, '0')}`), 'solo'];
    const manager = t.app.get(UsersService)['dataSource'].manager;
    await manager
      .getRepository(UserEntity)
      .insert(
        ids.map((id) => ({ id, displayName: id, passwordHash, unitId: 'unit-jinan-dev', active: true, failedLogins: 0, lockedUntil: null, createdAt: at })),
      );
    await manager.getRepository(UserRoleEntity).insert(ids.map((id) => ({ userId: id, role: 'applicant' as const, scope: 'unit-jinan-dev' })));
  }, 120_000);
  afterAll(() => t.close());

  it('300 people log in from one address within a minute', async () => {
    const statuses: number[] = [];
    const ids = Array.from({ length: OFFICE }, (_, i) => `clerk${String(i).padStart(3, '0')}`);
    for (let i = 0; i < ids.length; i += 10) {
      const batch = ids.slice(i, i + 10).map((username) => t.http().post('/api/auth/login').send({ username, password: DEMO_PASSWORD }));
      statuses.push(...(await Promise.all(batch)).map((response) => response.status));
    }
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  }, 180_000);

  it('one account is limited on its own: its 11th login within the minute waits, the office does not', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i += 1) statuses.push((await t.http().post('/api/auth/login').send({ username: 'solo', password: DEMO_PASSWORD })).status);
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
    const limited = await t.http().post('/api/auth/login').send({ username: 'SOLO', password: DEMO_PASSWORD }).expect(429);
    expect(limited.body.code).toBe('REQUEST.TOO_MANY');
    await t.http().post('/api/auth/login').send({ username: 'clerk150', password: DEMO_PASSWORD }).expect(200);
  });

  it('6 wrong passwords for one account still lock it', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 6; i += 1)
      codes.push(
        (
          await t
            .http()
            .post('/api/auth/login')
            .send({ username: 'clerk000', password: `wrong-${i}` })
        ).body.code,
      );
    expect(codes).toEqual([...Array(5).fill('AUTH.INVALID_CREDENTIALS'), 'AUTH.LOCKED']);
    const locked = await t.http().post('/api/auth/login').send({ username: 'clerk000', password: DEMO_PASSWORD }).expect(429);
    expect(locked.body.code).toBe('AUTH.LOCKED');
  });
});
