import { PROCEDURE_SAMPLES } from '../workflows';
import { DEMO_PASSWORD } from '../src/demo/demo-users';
import { UsersService } from '../src/identity/users.service';
import type { RoleGrant } from '../src/identity/auth-user';
import { PathDriver } from './support/path-driver';
import { startTestApp, type TestApp } from './support/test-app';

const samples = PROCEDURE_SAMPLES.tolerance.events;

describe('separation of duties, recusal and what each party sees', () => {
  let t: TestApp;
  let driver: PathDriver;

  const addUser = (id: string, roles: RoleGrant[], unitId: string | null = 'cdi') =>
    t.app.get(UsersService).create({ id, displayName: id, password: DEMO_PASSWORD, unitId, roles }, t.clock.now().toISOString());
  const send = (caseId: string, userId: string, type: string, data: Record<string, unknown>) => t.sendEvent(caseId, userId, type, data);
  const viewAs = async (caseId: string, userId: string) =>
    (
      await t
        .http()
        .get(`/api/cases/${caseId}`)
        .set(await t.as(userId))
        .expect(200)
    ).body;

  beforeAll(async () => {
    t = await startTestApp();
    driver = new PathDriver(t);
    await addUser('allrounder', [
      { role: 'officer', scope: '*' },
      { role: 'reviewer', scope: '*' },
      { role: 'committee', scope: '*' },
      { role: 'leader', scope: '*' },
    ]);
    await addUser(
      'staffcadre',
      [
        { role: 'officer', scope: '*' },
        { role: 'applicant', scope: 'unit-jinan-dev' },
      ],
      'unit-jinan-dev',
    );
  });
  afterAll(() => t.close());

  describe('separation of duties', () => {
    it('whoever verified a case cannot review it nor record the committee decision; others can', async () => {
      const caseId = await driver.drive('tolerance', driver.paths('tolerance').get('inReview')!, { officer1: 'allrounder' });
      const view = await viewAs(caseId, 'allrounder');
      expect(view.allowedEvents).toEqual([]);
      const review = await send(caseId, 'allrounder', 'PASS_TO_COMMITTEE', samples.PASS_TO_COMMITTEE[0].data);
      expect(review.status).toBe(403);
      expect(review.body).toMatchObject({ code: 'CASE.DUTY_CONFLICT' });
      expect(review.body.message).toContain('investigated');
      // 审理助辩 (issue 19): the review records the cadre's defence before the committee gets the case.
      t.clock.set(samples.RECORD_REVIEW_DEFENCE[0].at!);
      expect((await send(caseId, 'reviewer1', 'RECORD_REVIEW_DEFENCE', samples.RECORD_REVIEW_DEFENCE[0].data)).status).toBe(200);
      expect((await send(caseId, 'reviewer1', 'PASS_TO_COMMITTEE', samples.PASS_TO_COMMITTEE[0].data)).status).toBe(200);
      // The committee meets on the sample's meeting day (a meeting is not recorded ahead of time).
      t.clock.set(samples.DECIDE[0].at!);
      const decide = await send(caseId, 'allrounder', 'DECIDE', samples.DECIDE[0].data);
      expect(decide.status).toBe(403);
      expect(decide.body.code).toBe('CASE.DUTY_CONFLICT');
      expect((await send(caseId, 'committee1', 'DECIDE', samples.DECIDE[0].data)).status).toBe(200);
      const trail = (
        await t
          .http()
          .get(`/api/cases/${caseId}/trail`)
          .set(await t.as('auditor1'))
      ).body;
      expect(
        trail.filter((e: { outcome: string }) => e.outcome === 'refused').map((e: Record<string, unknown>) => [e.event, e.actorId, e.refusalCode]),
      ).toEqual([
        ['PASS_TO_COMMITTEE', 'allrounder', 'CASE.DUTY_CONFLICT'],
        ['DECIDE', 'allrounder', 'CASE.DUTY_CONFLICT'],
      ]);
    });

    it('someone holding several roles who has not investigated may review', async () => {
      const caseId = await driver.drive('tolerance', driver.paths('tolerance').get('inReview')!);
      // PASS_TO_COMMITTEE is offered once the defence at review is recorded (审理助辩, issue 19).
      expect((await viewAs(caseId, 'allrounder')).allowedEvents).toEqual(expect.arrayContaining(['RECORD_REVIEW_DEFENCE', 'RETURN_FOR_VERIFICATION']));
      t.clock.set(samples.RECORD_REVIEW_DEFENCE[0].at!);
      expect((await send(caseId, 'allrounder', 'RECORD_REVIEW_DEFENCE', samples.RECORD_REVIEW_DEFENCE[0].data)).status).toBe(200);
      expect((await viewAs(caseId, 'allrounder')).allowedEvents).toEqual(expect.arrayContaining(['PASS_TO_COMMITTEE']));
      expect((await send(caseId, 'allrounder', 'PASS_TO_COMMITTEE', samples.PASS_TO_COMMITTEE[0].data)).status).toBe(200);
      // Having reviewed, they may not now act as the case officer on it.
      const list = (
        await t
          .http()
          .get(`/api/cases?pageSize=100`)
          .set(await t.as('allrounder'))
          .expect(200)
      ).body.items;
      expect(list.find((item: { id: string }) => item.id === caseId).allowedEvents).not.toContain('RETURN_FOR_VERIFICATION');
    });
  });

  describe('recusal (回避)', () => {
    it('staff may not act on a case where they are the cadre concerned', async () => {
      const opened = await t
        .http()
        .post('/api/cases')
        .set(await t.as('unit1'))
        .send({ procedure: 'tolerance', ...PROCEDURE_SAMPLES.tolerance.creations[0].data, cadreId: 'officer2' });
      expect(opened.status).toBe(201);
      expect((await send(opened.body.id, 'unit1', 'SUBMIT', {})).status).toBe(200);
      const accept = await send(opened.body.id, 'officer2', 'ACCEPT', {});
      expect(accept.status).toBe(403);
      expect(accept.body.code).toBe('CASE.RECUSED');
      expect((await viewAs(opened.body.id, 'officer2')).view).toBe('party');
      expect((await send(opened.body.id, 'officer1', 'ACCEPT', {})).status).toBe(200);
    });

    it('staff may not act on a case they applied for', async () => {
      const opened = await t
        .http()
        .post('/api/cases')
        .set(await t.as('staffcadre'))
        .send({ procedure: 'tolerance', ...PROCEDURE_SAMPLES.tolerance.creations[0].data });
      expect(opened.status).toBe(201);
      expect((await send(opened.body.id, 'staffcadre', 'SUBMIT', PROCEDURE_SAMPLES.tolerance.events.SUBMIT[0].data)).status).toBe(200);
      const view = await viewAs(opened.body.id, 'staffcadre');
      expect(view.view).toBe('party');
      expect(view.allowedEvents).not.toContain('ACCEPT');
      const accept = await send(opened.body.id, 'staffcadre', 'ACCEPT', {});
      expect(accept.body.code).toBe('CASE.RECUSED');
    });

    it('staff may not act on a case where they are the accuser, and never learn they are named as such', async () => {
      const lead = PROCEDURE_SAMPLES.clarification.creations.find((c) => c.actor.role === 'officer')!;
      const opened = await t
        .http()
        .post('/api/cases')
        .set(await t.as('officer1'))
        .send({ procedure: 'clarification', ...lead.data, reporterUserId: 'officer2' });
      expect(opened.status).toBe(201);
      const view = await viewAs(opened.body.id, 'officer2');
      expect(view.view).toBe('party');
      expect(view.allowedEvents).toEqual([]);
      expect(JSON.stringify(view)).not.toContain('officer2');
      const type = (await viewAs(opened.body.id, 'officer1')).allowedEvents[0];
      const attempt = await send(opened.body.id, 'officer2', type, {});
      expect(attempt.body.code).toBe('CASE.RECUSED');
    });
  });

  describe('what each party sees', () => {
    it("the applicant's timeline shows their milestones, not deliberation, votes or who on the staff acted", async () => {
      const caseId = await driver.drive('tolerance', driver.paths('tolerance').get('reviewWindow')!);
      const staff = (
        await t
          .http()
          .get(`/api/cases/${caseId}/trail`)
          .set(await t.as('officer1'))
          .expect(200)
      ).body;
      const mine = (
        await t
          .http()
          .get(`/api/cases/${caseId}/trail`)
          .set(await t.as('applicant1'))
          .expect(200)
      ).body;
      const staffEvents = staff.map((e: { event: string }) => e.event);
      expect(staffEvents).toEqual(expect.arrayContaining(['RECORD_ASSESSMENT', 'SUBMIT_FINDINGS', 'PASS_TO_COMMITTEE']));
      const myEvents = mine.map((e: { event: string }) => e.event);
      expect(myEvents).toEqual(expect.arrayContaining(['CREATE', 'DECIDE', 'SERVE_DECISION']));
      for (const internal of ['RECORD_STATEMENT', 'RECORD_UNIT_OPINION', 'RECORD_ASSESSMENT', 'SUBMIT_FINDINGS', 'PASS_TO_COMMITTEE'])
        expect(myEvents).not.toContain(internal);
      const decision = mine.find((e: { event: string }) => e.event === 'DECIDE');
      expect(decision.data).toHaveProperty('outcome');
      for (const vote of ['votesFor', 'votesAgainst', 'votesAbstain', 'attendees', 'meetingDate']) expect(decision.data).not.toHaveProperty(vote);
      expect(decision.actorId).toBeNull();
      expect(mine.every((e: { hash?: string }) => e.hash === undefined)).toBe(true);
      const view = await viewAs(caseId, 'applicant1');
      expect(view.view).toBe('party');
      // Their own application as filed (issue 23 §4), its last edit dated but not signed by an account.
      expect(Object.keys(view.data).sort()).toEqual(['application', 'outcome', 'parties']);
      expect(view.data.application.lastEdit).toEqual({ at: expect.any(String) });
      // The result, not which official keyed it in (issue 23 §13): the staff view has the stamp.
      expect(view.data.outcome).toMatchObject({ outcome: expect.any(String), decidedOn: expect.any(String) });
      expect(view.data.outcome).not.toHaveProperty('by');
      expect((await viewAs(caseId, 'officer1')).data.outcome).toHaveProperty('by');
      expect(JSON.stringify(view)).not.toMatch(/"(officer|reviewer|committee|leader)\d"/);
      expect((await viewAs(caseId, 'officer1')).data).toHaveProperty('verification');
    });

    it('the organisation department sees results only: concluded cases, as a party sees them', async () => {
      const running = await driver.drive('tolerance', driver.paths('tolerance').get('verifying')!);
      const finished = await driver.drive('tolerance', driver.paths('tolerance').get('closed')!);
      await t
        .http()
        .get(`/api/cases/${running}`)
        .set(await t.as('orgdept1'))
        .expect(404);
      await t
        .http()
        .get(`/api/cases/${running}/trail`)
        .set(await t.as('orgdept1'))
        .expect(404);
      const result = await viewAs(finished, 'orgdept1');
      expect(result).toMatchObject({ view: 'party', state: 'closed', allowedEvents: [] });
      expect(result.data.outcome).toBeDefined();
      // Results only: not the cadre's application (the cadre and the unit read that).
      expect(result.data).not.toHaveProperty('application');
      const listed = (
        await t
          .http()
          .get('/api/cases?pageSize=100')
          .set(await t.as('orgdept1'))
          .expect(200)
      ).body;
      expect(listed.items.map((item: { id: string }) => item.id)).not.toContain(running);
      expect(listed.items.every((item: { state: string; status: string }) => item.status === 'done' || item.state === 'closed')).toBe(true);
      expect(listed.items.map((item: { id: string }) => item.id)).toContain(finished);
      expect(listed.total).toBe(listed.items.length);
    });

    it('staff see their own jurisdiction only; lists and counts agree', async () => {
      const jinan = await driver.drive('tolerance', driver.paths('tolerance').get('submitted')!);
      await t
        .http()
        .get(`/api/cases/${jinan}`)
        .set(await t.as('officer3'))
        .expect(404);
      const accept = await t
        .http()
        .post(`/api/cases/${jinan}/events`)
        .set(await t.as('officer3'))
        .send({ type: 'ACCEPT', expectedVersion: 1 });
      expect(accept.status).toBe(404);
      const list = (
        await t
          .http()
          .get('/api/cases?pageSize=100')
          .set(await t.as('officer3'))
          .expect(200)
      ).body;
      expect(list).toMatchObject({ total: 0, items: [] });
      const everything = (
        await t
          .http()
          .get('/api/cases?pageSize=100')
          .set(await t.as('officer1'))
          .expect(200)
      ).body;
      expect(everything.total).toBeGreaterThan(0);
      // A Qingdao case is theirs.
      const qingdao = await t
        .http()
        .post('/api/cases')
        .set(await t.as('officer3'))
        .send({
          procedure: 'tolerance',
          ...PROCEDURE_SAMPLES.tolerance.creations[2].data,
          cadreId: 'applicant2',
          unitId: 'unit-qingdao-port',
        });
      expect(qingdao.status).toBe(201);
      expect(
        (
          await t
            .http()
            .get('/api/cases?pageSize=100')
            .set(await t.as('officer3'))
            .expect(200)
        ).body.total,
      ).toBe(1);
      // An officer cannot open a case outside their jurisdiction, nor name a unit that does not exist.
      const outside = await t
        .http()
        .post('/api/cases')
        .set(await t.as('officer3'))
        .send({ procedure: 'tolerance', ...PROCEDURE_SAMPLES.tolerance.creations[2].data });
      // A unit beyond the grants: 400 naming the field (issue 18, bad input).
      expect(outside.status).toBe(400);
      expect(outside.body.details.conditions[0]).toMatchObject({ code: 'creation.unitOutsideGrant', field: 'unitId' });
      const unknown = await t
        .http()
        .post('/api/cases')
        .set(await t.as('officer1'))
        .send({ procedure: 'tolerance', ...PROCEDURE_SAMPLES.tolerance.creations[2].data, unitId: 'no-such-unit' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.details.fields[0].field).toBe('unitId');
    });
  });
});
