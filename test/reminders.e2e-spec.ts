import { PROCEDURE_SAMPLES } from '../workflows';
import { signedLead } from '../workflows/clarification/clarification.samples';
import { DeadlineScheduler } from '../src/scheduling/deadline-scheduler.service';
import { DEMO_PASSWORD } from '../src/demo/demo-users';
import { UsersService } from '../src/identity/users.service';
import { PathDriver } from './support/path-driver';
import { startTestApp, tempDbPath, TestClock, type TestApp } from './support/test-app';

const DAY = 24 * 3600_000;
const sample = (type: string, index = 0) => PROCEDURE_SAMPLES.clarification.events[type][index];

async function notices(t: TestApp, user: string, query = ''): Promise<Array<Record<string, any>>> {
  return (
    await t
      .http()
      .get(`/api/notifications${query}`)
      .set(await t.as(user))
      .expect(200)
  ).body;
}

async function unread(t: TestApp, user: string): Promise<number> {
  return (
    await t
      .http()
      .get('/api/notifications/summary')
      .set(await t.as(user))
      .expect(200)
  ).body.unread;
}

/**
 * Issue 14 §4: the reminders people read. Each user has their own read state of a notice shared by
 * a role, kept in the database; the list says what each notice is about in the reader's terms and
 * never tells a party more than their view of the case does.
 */
describe('reminders: read and unread, per user', () => {
  const dbPath = tempDbPath();
  let t: TestApp;
  let driver: PathDriver;
  let caseId: string;

  beforeAll(async () => {
    t = await startTestApp({ dbPath });
    driver = new PathDriver(t);
    caseId = await driver.drive('tolerance', driver.paths('tolerance').get('submitted')!);
    const { dueAt } = (await driver.view(caseId)).deadlines[0];
    // Two working days before the acceptance is due, whose turn it is (the officers) is reminded.
    t.clock.set(new Date(Date.parse(dueAt) - 2 * DAY).toISOString());
    await t.app.get(DeadlineScheduler).tick();
  });
  afterAll(() => t.close());

  it('lists a notice with what the page shows, unread for every officer', async () => {
    const [notice] = (await notices(t, 'officer1')).filter((n) => n.caseId === caseId && n.kind === 'deadlineSoon');
    expect(notice).toMatchObject({
      caseId,
      procedure: 'tolerance',
      procedureLabel: { zh: '容错申请' },
      state: 'submitted',
      stateLabel: { zh: '待受理' },
      kind: 'deadlineSoon',
      rule: 'tolerance.acceptance',
      ruleLabel: { zh: '受理期限' },
      provisional: false,
      read: false,
    });
    expect(notice.readAt).toBeUndefined();
    expect(await unread(t, 'officer1')).toBeGreaterThanOrEqual(1);
    expect((await notices(t, 'officer2')).find((n) => n.id === notice.id)).toMatchObject({ read: false });
  });

  it('one officer reading it leaves it unread for the other; the state survives a restart', async () => {
    const [notice] = (await notices(t, 'officer1')).filter((n) => n.caseId === caseId);
    const before = { officer1: await unread(t, 'officer1'), officer2: await unread(t, 'officer2') };
    const marked = await t
      .http()
      .post(`/api/notifications/${notice.id}/read`)
      .set(await t.as('officer1'))
      .expect(200);
    expect(marked.body).toEqual({ id: notice.id, read: true, readAt: t.clock.now().toISOString() });
    // Marking it again changes nothing and keeps the first time.
    const again = await t
      .http()
      .post(`/api/notifications/${notice.id}/read`)
      .set(await t.as('officer1'))
      .expect(200);
    expect(again.body.readAt).toBe(marked.body.readAt);
    expect(await unread(t, 'officer1')).toBe(before.officer1 - 1);
    expect(await unread(t, 'officer2')).toBe(before.officer2);
    expect((await notices(t, 'officer1', '?unread=true')).map((n) => n.id)).not.toContain(notice.id);
    expect((await notices(t, 'officer2', '?unread=true')).map((n) => n.id)).toContain(notice.id);

    await t.close();
    t = await startTestApp({ dbPath, clock: new TestClock(t.clock.now()) });
    driver = new PathDriver(t);
    expect((await notices(t, 'officer1')).find((n) => n.id === notice.id)).toMatchObject({ read: true, readAt: marked.body.readAt });
    expect((await notices(t, 'officer2')).find((n) => n.id === notice.id)).toMatchObject({ read: false });
  });

  it('marks everything read at once, for that user only', async () => {
    const marked = await t
      .http()
      .post('/api/notifications/read-all')
      .set(await t.as('officer2'))
      .expect(200);
    expect(marked.body.marked).toBeGreaterThanOrEqual(1);
    expect(await unread(t, 'officer2')).toBe(0);
    expect((await notices(t, 'officer2')).every((n) => n.read)).toBe(true);
  });

  it('refuses a notice that is not the reader’s, and a malformed id, saying why, and changes nothing', async () => {
    const [notice] = (await notices(t, 'officer1')).filter((n) => n.caseId === caseId);
    const refused = await t
      .http()
      .post(`/api/notifications/${notice.id}/read`)
      .set(await t.as('applicant2'))
      .expect(404);
    expect(refused.body.code).toBe('NOTIFICATION.NOT_FOUND');
    expect(refused.body.details.conditions).toEqual([expect.objectContaining({ code: 'notification.notFound', zh: '没有这条提醒，或这条提醒不是发给您的' })]);
    const malformed = await t
      .http()
      .post('/api/notifications/not-a-uuid/read')
      .set(await t.as('officer1'))
      .expect(400);
    expect(malformed.body.code).toBe('REQUEST.INVALID');
    await t
      .http()
      .get('/api/notifications?limit=0')
      .set(await t.as('officer1'))
      .expect(400);
    await t
      .http()
      .get('/api/notifications?before=yesterday')
      .set(await t.as('officer1'))
      .expect(400);
    expect((await notices(t, 'applicant2')).map((n) => n.id)).not.toContain(notice.id);
  });

  it('pages newest first with limit and before', async () => {
    // More notices: the acceptance is missed (a notice to the officers).
    t.clock.set(new Date(Date.parse((await driver.view(caseId)).deadlines[0].dueAt) + 3600_000).toISOString());
    await t.app.get(DeadlineScheduler).tick();
    const all = await notices(t, 'officer1');
    expect(all.length).toBeGreaterThanOrEqual(2);
    const sorted = [...all].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    expect(all.map((n) => n.createdAt)).toEqual(sorted.map((n) => n.createdAt));
    const first = await notices(t, 'officer1', '?limit=1');
    expect(first).toHaveLength(1);
    const rest = await notices(t, 'officer1', `?before=${encodeURIComponent(first[0].createdAt)}`);
    expect(rest.every((n) => n.createdAt < first[0].createdAt)).toBe(true);
  });
});

describe('reminders tell a party no more than their view', () => {
  it('a cadre’s notice about a signed report shows the state as the cadre sees it, never the notice to the reporter', async () => {
    const t = await startTestApp();
    try {
      const driver = new PathDriver(t);
      t.clock.set(signedLead.at);
      const created = await t
        .http()
        .post('/api/cases')
        .set(await t.as('officer1'))
        .send({ procedure: 'clarification', ...signedLead.data, receivedOn: '2026-03-02' })
        .expect(201);
      const caseId = created.body.id;
      for (const type of ['NOTIFY_ACCEPTANCE', 'CONCLUDE_VERIFICATION', 'CONSULT_CADRE'])
        await driver.step(caseId, type, sample(type).actor, sample(type).data, sample(type).at);
      // The cadre's answer is due in 10 working days: they are reminded two before.
      const { dueAt } = (await driver.view(caseId)).deadlines[0];
      t.clock.set(new Date(Date.parse(dueAt) - 2 * DAY).toISOString());
      await t.app.get(DeadlineScheduler).tick();
      await driver.step(caseId, 'DECLINE_CLARIFICATION', { id: 'applicant1', role: 'applicant' }, { opinion: '不同意' }, t.clock.now().toISOString());
      expect((await driver.view(caseId)).state).toBe('notifyingResult');

      const [notice] = (await notices(t, 'applicant1')).filter((n) => n.caseId === caseId);
      expect(notice).toMatchObject({
        kind: 'deadlineSoon',
        rule: 'clarification.consent',
        state: 'closedDeclined',
        stateLabel: { zh: '办结（被举报人不同意公开澄清）' },
      });
      expect(JSON.stringify(notice)).not.toContain('notifyingResult');
      // Staff see the case as it is.
      expect((await notices(t, 'officer1')).find((n) => n.caseId === caseId && n.kind === 'deadlineSoon')).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});

describe('reminders to a role go to its holders within their grant', () => {
  it('a leader for Jinan who is also an officer everywhere is not told, as leader, of a Qingdao case', async () => {
    const t = await startTestApp();
    try {
      await t.app.get(UsersService).create(
        {
          id: 'leader-jn-officer',
          displayName: '济南分管领导兼承办人',
          password: DEMO_PASSWORD,
          unitId: 'cdi',
          roles: [
            { role: 'leader', scope: 'jinan' },
            { role: 'officer', scope: '*' },
          ],
        },
        t.clock.now().toISOString(),
      );
      const driver = new PathDriver(t);
      const cadre = { id: 'applicant2', role: 'applicant' };
      // A Qingdao lead taken to the plan's approval, whose turn is the leaders'.
      t.clock.set(signedLead.at);
      const created = await t
        .http()
        .post('/api/cases')
        .set(await t.as('officer1'))
        .send({ procedure: 'clarification', ...signedLead.data, receivedOn: '2026-03-02', cadreId: 'applicant2', unitId: 'unit-qingdao-port' })
        .expect(201);
      const caseId = created.body.id;
      for (const type of ['NOTIFY_ACCEPTANCE', 'CONCLUDE_VERIFICATION', 'CONSULT_CADRE'])
        await driver.step(caseId, type, sample(type).actor, sample(type).data, sample(type).at);
      await driver.step(caseId, 'ACCEPT_CLARIFICATION', cadre, sample('ACCEPT_CLARIFICATION').data, sample('ACCEPT_CLARIFICATION').at);
      await driver.step(caseId, 'SUBMIT_PLAN', sample('SUBMIT_PLAN').actor, sample('SUBMIT_PLAN').data, sample('SUBMIT_PLAN').at);
      const view = await driver.view(caseId);
      expect(view.state).toBe('awaitingPlanApproval');
      t.clock.set(new Date(Date.parse(view.deadlines[0].dueAt) - 2 * DAY).toISOString());
      await t.app.get(DeadlineScheduler).tick();

      // The reminder, and the ladder's yellow (3 working days before), to the leaders whose turn it is.
      expect(
        (await notices(t, 'leader1'))
          .filter((n) => n.caseId === caseId)
          .map((n) => n.kind)
          .sort(),
      ).toEqual(['deadlineSoon', 'warningYellow']);
      // Sees the case (an officer everywhere), but the notice is the leaders' and their leader grant is Jinan's.
      await t
        .http()
        .get(`/api/cases/${caseId}`)
        .set(await t.as('leader-jn-officer'))
        .expect(200);
      expect((await notices(t, 'leader-jn-officer')).filter((n) => n.caseId === caseId)).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
