import { anonymousLead, clarificationSamples, signedLead } from '../workflows/clarification/clarification.samples';
import { DEMO_PASSWORD } from '../src/demo/demo-users';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The national rules of clarification over HTTP (issue 19 §3): 谁核实谁澄清 (the officer who verified
 * clarifies; a leader's documented handover is the only exception), art. 50 (the plan approved by
 * the body's principal leader, marked on the leader's grant), and the result notice a signed
 * reporter of a true report gets before the case closes as transferred — hidden from the cadre.
 */
describe('clarification: the national rules', () => {
  let t: TestApp;
  const sample = (type: string, index = 0) => clarificationSamples.events[type][index];

  beforeAll(async () => {
    t = await startTestApp();
    // A deputy leader (分管领导): a leader grant without the principal marker.
    await t
      .http()
      .post('/api/admin/users')
      .set(await t.as('sysadmin1'))
      .send({ id: 'leader2', displayName: '李副书记（分管领导）', password: DEMO_PASSWORD, unitId: null })
      .expect(201);
    await t
      .http()
      .put('/api/admin/users/leader2/roles')
      .set(await t.as('secadmin1'))
      .send({ roles: [{ role: 'leader', scope: '*' }] })
      .expect(200);
    await t.ownPassword('leader2', DEMO_PASSWORD);
  });
  afterAll(() => t.close());

  async function send(caseId: string, user: string, type: string, data: Record<string, unknown>, at?: string) {
    if (at) t.clock.set(at);
    return t.sendEvent(caseId, user, type, data);
  }
  async function ok(caseId: string, user: string, type: string, data: Record<string, unknown> = sample(type).data, at = sample(type).at) {
    const response = await send(caseId, user, type, data, at);
    if (response.status !== 200) throw new Error(`${type} as ${user}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }
  async function registered(lead = signedLead): Promise<string> {
    t.clock.set(lead.at);
    return (
      await t
        .http()
        .post('/api/cases')
        .set(await t.as('officer1'))
        .send({ procedure: 'clarification', ...lead.data })
        .expect(201)
    ).body.id;
  }
  async function planning(): Promise<string> {
    const id = await registered();
    await ok(id, 'officer1', 'NOTIFY_ACCEPTANCE');
    await ok(id, 'officer1', 'CONCLUDE_VERIFICATION');
    await ok(id, 'officer1', 'CONSULT_CADRE');
    await ok(id, 'applicant1', 'ACCEPT_CLARIFICATION');
    return id;
  }

  it('谁核实谁澄清: another officer is refused the clarification and not offered it; a leader’s handover with a reason lets them', async () => {
    const id = await planning();
    const other = await t
      .http()
      .get(`/api/cases/${id}`)
      .set(await t.as('officer2'))
      .expect(200);
    expect(other.body.allowedEvents).not.toContain('SUBMIT_PLAN');
    expect(
      (
        await t
          .http()
          .get(`/api/cases/${id}`)
          .set(await t.as('officer1'))
          .expect(200)
      ).body.allowedEvents,
    ).toContain('SUBMIT_PLAN');
    const refused = await send(id, 'officer2', 'SUBMIT_PLAN', sample('SUBMIT_PLAN').data, sample('SUBMIT_PLAN').at);
    expect(refused.status).toBe(409);
    expect(refused.body.details.conditions).toEqual([
      {
        code: 'clarifier.notVerifier',
        zh: '谁核实谁澄清：澄清须由核实本案的承办人（officer1）办理，或经领导书面移交',
        en: 'Whoever verified clarifies: the clarification is done by the officer who verified (officer1) or one it was handed over to',
      },
    ]);
    const noReason = await send(id, 'leader1', 'HAND_OVER_CLARIFICATION', { toOfficer: 'officer2' }, '2026-04-28T02:00:00.000Z');
    expect(noReason.status).toBe(400);
    await ok(id, 'leader1', 'HAND_OVER_CLARIFICATION', { toOfficer: 'officer2', reason: '原承办人借调，移交同组承办人' }, '2026-04-28T02:00:00.000Z');
    const handed = await ok(id, 'officer2', 'SUBMIT_PLAN');
    expect(handed.state).toBe('awaitingPlanApproval');
    expect(handed.data.handovers).toEqual([{ by: 'leader1', at: '2026-04-28T02:00:00.000Z', toOfficer: 'officer2', reason: '原承办人借调，移交同组承办人' }]);
  });

  it('art. 50: a deputy leader may not approve the plan (refused, not offered); the principal leader does', async () => {
    const id = await planning();
    await ok(id, 'officer1', 'SUBMIT_PLAN');
    const deputyView = await t
      .http()
      .get(`/api/cases/${id}`)
      .set(await t.as('leader2'))
      .expect(200);
    expect(deputyView.body.allowedEvents).not.toContain('APPROVE_PLAN');
    const refused = await send(id, 'leader2', 'APPROVE_PLAN', sample('APPROVE_PLAN').data, sample('APPROVE_PLAN').at);
    expect(refused.status).toBe(409);
    expect(refused.body.details.conditions.map((c: { code: string }) => c.code)).toEqual(['plan.notPrincipal']);
    expect(
      (
        await t
          .http()
          .get(`/api/cases/${id}`)
          .set(await t.as('leader1'))
          .expect(200)
      ).body.allowedEvents,
    ).toContain('APPROVE_PLAN');
    const approved = await ok(id, 'leader1', 'APPROVE_PLAN');
    expect(approved.state).toBe('clarifying');
  });

  it('the principal marker goes on a leader’s grant only, and a body has one principal leader', async () => {
    const me = await t
      .http()
      .get('/api/auth/me')
      .set(await t.as('leader1'))
      .expect(200);
    expect(me.body.roles).toEqual([{ role: 'leader', scope: '*', principal: true }]);
    const second = await t
      .http()
      .put('/api/admin/users/leader2/roles')
      .set(await t.as('secadmin1'))
      .send({ roles: [{ role: 'leader', scope: '*', principal: true }] });
    expect(second.status).toBe(409);
    expect(second.body.details.conditions.map((c: { code: string }) => c.code)).toEqual(['admin.principalTaken']);
    const notLeader = await t
      .http()
      .put('/api/admin/users/leader2/roles')
      .set(await t.as('secadmin1'))
      .send({ roles: [{ role: 'officer', scope: '*', principal: true }] });
    expect(notLeader.status).toBe(400);
    expect(notLeader.body.details.conditions.map((c: { code: string }) => c.code)).toEqual(['admin.principalNotLeader']);
    // Unchanged: still a deputy.
    const users = await t
      .http()
      .get('/api/admin/users')
      .set(await t.as('secadmin1'))
      .expect(200);
    expect(users.body.find((user: { id: string }) => user.id === 'leader2').roles).toEqual([{ role: 'leader', scope: '*' }]);
  });

  it('a report found true: the signed reporter is told of the result before the case closes as transferred; the cadre sees it transferred at once', async () => {
    const id = await registered();
    await ok(id, 'officer1', 'NOTIFY_ACCEPTANCE');
    const concluded = await ok(id, 'officer1', 'CONCLUDE_VERIFICATION', sample('CONCLUDE_VERIFICATION', 4).data, sample('CONCLUDE_VERIFICATION', 4).at);
    expect(concluded).toMatchObject({ state: 'notifyingResult', status: 'active', allowedEvents: ['NOTIFY_RESULT'] });
    expect(concluded.data.outcome).toMatchObject({ result: 'transferred', reason: 'true' });
    expect(concluded.deadlines).toEqual([expect.objectContaining({ rule: 'clarification.resultNotice' })]);
    // The cadre's view: transferred and done, as an anonymous report's would be; no notice owed, no limit.
    const cadre = await t
      .http()
      .get(`/api/cases/${id}`)
      .set(await t.as('applicant1'))
      .expect(200);
    expect(cadre.body).toMatchObject({ state: 'transferred', status: 'done', turn: [], deadlines: [] });
    // No false-accusation case from a true report.
    const refer = await send(id, 'officer1', 'OPEN_FALSE_ACCUSATION_CASE', { grounds: 'x' }, '2026-04-21T02:00:00.000Z');
    expect(refer.body.details.conditions.map((c: { code: string }) => c.code)).toEqual(['referral.notUntrue']);
    const early = await send(id, 'officer1', 'NOTIFY_RESULT', { notifiedOn: '2026-04-19', method: 'inWriting' }, '2026-04-21T02:00:00.000Z');
    expect(early.body.details.conditions.map((c: { code: string }) => c.code)).toEqual(['date.beforeStep']);
    const told = await ok(id, 'officer1', 'NOTIFY_RESULT', { notifiedOn: '2026-04-22', method: 'inWriting' }, '2026-04-22T02:00:00.000Z');
    expect(told).toMatchObject({ state: 'transferred', status: 'done' });
    expect(told.data.resultNotice).toMatchObject({ notifiedOn: '2026-04-22', method: 'inWriting', by: 'officer1' });

    const anonymous = await registered(anonymousLead);
    const closed = await ok(anonymous, 'officer1', 'CONCLUDE_VERIFICATION', sample('CONCLUDE_VERIFICATION', 4).data, sample('CONCLUDE_VERIFICATION', 4).at);
    expect(closed).toMatchObject({ state: 'transferred', status: 'done' });
    const cadreAnonymous = await t
      .http()
      .get(`/api/cases/${anonymous}`)
      .set(await t.as('applicant1'))
      .expect(200);
    expect({
      ...cadreAnonymous.body,
      id: undefined,
      caseNo: undefined,
      version: undefined,
      createdAt: undefined,
      updatedAt: undefined,
      stateEnteredAt: undefined,
      data: undefined,
    }).toEqual({
      ...cadre.body,
      id: undefined,
      caseNo: undefined,
      version: undefined,
      createdAt: undefined,
      updatedAt: undefined,
      stateEnteredAt: undefined,
      data: undefined,
    });
  });

  it('a report is not registered with a date of receipt still to come', async () => {
    t.clock.set('2026-03-02T02:00:00.000Z');
    const refused = await t
      .http()
      .post('/api/cases')
      .set(await t.as('officer1'))
      .send({ procedure: 'clarification', ...signedLead.data, receivedOn: '2026-03-10' });
    expect(refused.status).toBe(409);
    expect(refused.body.details.conditions).toEqual([expect.objectContaining({ code: 'date.inFuture', field: 'receivedOn' })]);
  });
});
