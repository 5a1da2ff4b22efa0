import { anonymousLead, signedLead } from '../workflows/clarification/clarification.samples';
import { DEMO_PASSWORD } from '../src/demo/demo-users';
import { UsersService } from '../src/identity/users.service';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Issue 18 §3, 交办新事项: the provincial body's leader hands a report lead down to Jinan. One
 * transaction opens the case in Jinan (its number from Jinan's series, the CREATE entry saying
 * 上级交办 by the province) and adds the 交办 record; the reporter's identity is sealed as in a
 * normal lead registration; every refusal is named in both languages and changes nothing.
 */
describe('交办 of a new matter to a lower body', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const users = t.app.get(UsersService);
    const at = t.clock.now().toISOString();
    for (const [id, role, scope] of [
      ['as-jinan-officer', 'officer', 'jinan'],
      ['as-jinan-leader', 'leader', 'jinan'],
      ['as-province-leader', 'leader', 'shandong'],
      ['as-province-officer', 'officer', 'shandong'],
    ] as const) {
      await users.create({ id, displayName: id, unitId: 'cdi', password: DEMO_PASSWORD, roles: [{ role, scope }] }, at);
    }
  });
  afterAll(() => t.close());

  const day = (offsetDays: number) => new Date(t.clock.now().getTime() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
  const assign = async (userId: string, body: Record<string, unknown>) =>
    t
      .http()
      .post('/api/supervisions/assignments')
      .set(await t.as(userId))
      .send(body);
  const caseCount = async () =>
    (
      await t
        .http()
        .get('/api/cases?procedure=clarification&pageSize=1')
        .set(await t.as('auditor1'))
        .expect(200)
    ).body.total as number;

  it('opens the case in Jinan on assignment, with the 交办 record, on the case’s chain; the reporter sealed', async () => {
    const dueOn = day(10);
    const answer = await assign('as-province-leader', {
      bodyId: 'jinan',
      procedure: 'clarification',
      dueOn,
      instructions: '请依规核查并按期报告',
      opening: { ...signedLead.data, summary: '交办测试：反映招投标问题' },
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      kind: 'assign',
      byBody: { id: 'shandong', name: '山东省纪委监委' },
      toBody: { id: 'jinan', name: '济南市纪委监委' },
      dueOn,
      status: 'open',
      createdBy: 'as-province-leader',
    });
    const caseId = answer.body.caseId as string;

    // Jinan's officer sees it in Jinan's queue, its 交办 among the open supervisions, and takes it up.
    const officer = await t.as('as-jinan-officer');
    const view = (await t.http().get(`/api/cases/${caseId}`).set(officer).expect(200)).body;
    expect(view.caseNo).toBe(answer.body.caseNo);
    const own = (await t.http().get('/api/cases?procedure=clarification&pageSize=100').set(officer).expect(200)).body.items;
    expect(own.map((c: { id: string }) => c.id)).toContain(caseId);
    const open = (await t.http().get('/api/supervisions/open').set(officer).expect(200)).body;
    expect(open).toEqual(expect.arrayContaining([expect.objectContaining({ caseId, kind: 'assign', dueOn })]));
    expect(view.allowedEvents ?? view.actions ?? []).not.toEqual([]);

    // The number comes from Jinan's series: the same series a Jinan officer's own lead takes next.
    const next = await t
      .http()
      .post('/api/cases')
      .set(officer)
      .send({ procedure: 'clarification', ...anonymousLead.data })
      .expect(201);
    const seq = (no: string) => Number(/(\d+)号?$/.exec(no)?.[1]);
    expect(seq(next.body.caseNo)).toBe(seq(answer.body.caseNo) + 1);
    expect(next.body.caseNo.replace(/\d+号?$/, '')).toBe(answer.body.caseNo.replace(/\d+号?$/, ''));

    // The chain: CREATE by the province's leader, opened on assignment, then the 交办 entry.
    const trail = (
      await t
        .http()
        .get(`/api/cases/${caseId}/trail`)
        .set(await t.as('auditor1'))
        .expect(200)
    ).body as Array<{
      event: string;
      actorId: string;
      actorRole: string;
      data: Record<string, unknown>;
    }>;
    expect(trail.slice(0, 2).map((e) => [e.event, e.actorId, e.actorRole])).toEqual([
      ['CREATE', 'as-province-leader', 'leader'],
      ['SUPERVISION_OPENED', 'as-province-leader', 'leader'],
    ]);
    expect(trail[0].data).toMatchObject({ openedAs: 'assignment', assignedBy: '山东省纪委监委' });
    expect(trail[1].data).toMatchObject({ kind: 'assign', byBody: 'shandong', toBody: 'jinan', dueOn, newMatter: true });
    // The reporter's identity went to sealed storage, as in a normal lead registration.
    const everything = JSON.stringify([trail, view, answer.body]);
    for (const secret of ['王某某', '138-0000-0000', 'applicant2']) expect(everything).not.toContain(secret);
    expect(
      (
        await t
          .http()
          .get('/api/audit/verify')
          .set(await t.as('auditor1'))
      ).body.ok,
    ).toBe(true);
  });

  it('refuses a body not below, a unit outside it, bad opening fields, a past date, a non-leader; nothing changes', async () => {
    const base = { bodyId: 'jinan', procedure: 'clarification', dueOn: day(5), instructions: '请核查', opening: anonymousLead.data };
    const before = await caseCount();
    const cases: Array<[string, Record<string, unknown>, number, string | undefined, string | undefined]> = [
      ['as-jinan-leader', base, 400, 'assignment.bodyNotBelow', 'bodyId'],
      ['as-province-leader', { ...base, bodyId: 'qingdao-nowhere' }, 400, 'assignment.bodyNotBelow', 'bodyId'],
      ['as-province-leader', { ...base, bodyId: 'qingdao' }, 400, 'assignment.unitOutsideBody', 'unitId'],
      ['as-province-leader', { ...base, opening: { ...anonymousLead.data, unitId: 'no-such-unit' } }, 400, 'directory.unknownUnit', 'unitId'],
      ['as-province-leader', { ...base, dueOn: day(-1) }, 400, 'supervision.dueOnPast', 'dueOn'],
      ['as-province-leader', { ...base, procedure: 'tolerance' }, 400, undefined, undefined],
      ['as-province-officer', base, 403, 'assignment.leaderOnly', undefined],
    ];
    for (const [userId, body, status, code, field] of cases) {
      const refused = await assign(userId, body);
      expect([userId, refused.status]).toEqual([userId, status]);
      if (code) {
        expect(refused.body.details.conditions[0]).toMatchObject({ code, zh: expect.any(String), en: expect.any(String), ...(field ? { field } : {}) });
      }
    }
    // The opening's own fields, validated as a normal opening is: a missing summary names it.
    const { summary: _omitted, ...noSummary } = anonymousLead.data as Record<string, unknown>;
    const invalid = await assign('as-province-leader', { ...base, opening: noSummary });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body.details)).toContain('summary');
    expect(await caseCount()).toBe(before);
  });

  it('a retry with the same Idempotency-Key replays the first answer and opens no second case; the key with another body is refused', async () => {
    const body = { bodyId: 'jinan', procedure: 'clarification', dueOn: day(7), instructions: '请核查后报告', opening: anonymousLead.data };
    const leader = await t.as('as-province-leader');
    const send = (sent: Record<string, unknown>) =>
      t.http().post('/api/supervisions/assignments').set(leader).set('Idempotency-Key', 'assign-retry-1').send(sent);
    const before = await caseCount();
    const first = await send(body);
    expect(first.status).toBe(201);
    const again = await send(body);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await caseCount()).toBe(before + 1);
    const reused = await send({ ...body, instructions: '另一事项' });
    expect([reused.status, reused.body.code]).toEqual([422, 'IDEMPOTENCY.KEY_REUSED']);
    expect(await caseCount()).toBe(before + 1);
  });
});
