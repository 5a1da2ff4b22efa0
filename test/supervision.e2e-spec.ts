import { toleranceSamples } from '../workflows/tolerance/tolerance.samples';
import { DEMO_PASSWORD } from '../src/demo/demo-users';
import { UsersService } from '../src/identity/users.service';
import { startTestApp, type TestApp } from './support/test-app';

const exOfficio = toleranceSamples.creations.find((c) => c.actor.role === 'officer')!.data;

/**
 * Issue 18 §3, 上级督办 / 交办: the provincial body's leader supervises a Jinan case with a due
 * date, Jinan's officer reports back; both steps on the case's chain; every refusal named in both
 * languages and changing nothing.
 */
describe('supervision from a higher body', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    const users = t.app.get(UsersService);
    const at = t.clock.now().toISOString();
    for (const [id, role, scope] of [
      ['sv-jinan-officer', 'officer', 'jinan'],
      ['sv-jinan-leader', 'leader', 'jinan'],
      ['sv-province-leader', 'leader', 'shandong'],
      ['sv-qingdao-leader', 'leader', 'qingdao'],
    ] as const) {
      await users.create({ id, displayName: id, unitId: 'cdi', password: DEMO_PASSWORD, roles: [{ role, scope }] }, at);
    }
  });
  afterAll(() => t.close());

  const openCase = async () =>
    (
      await t
        .http()
        .post('/api/cases')
        .set(await t.as('sv-jinan-officer'))
        .send({ procedure: 'tolerance', ...exOfficio })
        .expect(201)
    ).body.id as string;
  const list = async (caseId: string, userId = 'auditor1') =>
    (
      await t
        .http()
        .get(`/api/cases/${caseId}/supervisions`)
        .set(await t.as(userId))
        .expect(200)
    ).body.items;
  const trail = async (caseId: string) =>
    (
      await t
        .http()
        .get(`/api/cases/${caseId}/trail`)
        .set(await t.as('auditor1'))
        .expect(200)
    ).body as Array<{ event: string; outcome: string; actorId: string; refusalCode?: string; data: Record<string, unknown> }>;
  const supervise = async (caseId: string, userId: string, body: Record<string, unknown>) =>
    t
      .http()
      .post(`/api/cases/${caseId}/supervisions`)
      .set(await t.as(userId))
      .send(body);
  const day = (offsetDays: number) => new Date(t.clock.now().getTime() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

  it('the province supervises a Jinan case with a due date; Jinan reports back; overdue shows; both on the case’s chain', async () => {
    const caseId = await openCase();
    const dueOn = day(3);
    const opened = await supervise(caseId, 'sv-province-leader', { kind: 'supervise', dueOn, instructions: '请于期限内报告核实进展' });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      kind: 'supervise',
      byBody: { id: 'shandong', name: '山东省纪委监委' },
      toBody: { id: 'jinan', name: '济南市纪委监委' },
      dueOn,
      status: 'open',
      overdue: false,
    });
    // Both bodies see it: the province's leader in its queue's list, Jinan's officer on the case.
    const queue = async () =>
      (
        await t
          .http()
          .get('/api/supervisions/open')
          .set(await t.as('sv-province-leader'))
          .expect(200)
      ).body.find((s: { id: string }) => s.id === opened.body.id);
    expect(await queue()).toMatchObject({ caseId, overdue: false });
    expect(await list(caseId, 'sv-jinan-officer')).toEqual([expect.objectContaining({ id: opened.body.id })]);
    // What each may do, as the case page offers it: the province opens, Jinan reports back.
    const offers = async (userId: string) => {
      const { mayOpen, mayReport } = (
        await t
          .http()
          .get(`/api/cases/${caseId}/supervisions`)
          .set(await t.as(userId))
          .expect(200)
      ).body;
      return { mayOpen, mayReport };
    };
    expect(await offers('sv-province-leader')).toEqual({ mayOpen: true, mayReport: false });
    expect(await offers('sv-jinan-officer')).toEqual({ mayOpen: false, mayReport: true });

    // Past its due date and not reported: overdue.
    const now = t.clock.now();
    t.clock.set(new Date(now.getTime() + 5 * 86_400_000).toISOString());
    try {
      expect(await queue()).toMatchObject({ overdue: true });
    } finally {
      t.clock.set(now.toISOString());
    }

    // The province does not report for Jinan: refused, named in both languages, nothing changes.
    const notOurs = await t
      .http()
      .post(`/api/cases/${caseId}/supervisions/${opened.body.id}/report`)
      .set(await t.as('sv-province-leader'))
      .send({ report: '代为报告' });
    expect(notOurs.status).toBe(403);
    expect(notOurs.body.details.conditions[0]).toMatchObject({ code: 'supervision.reportByOwnBody', zh: expect.any(String), en: expect.any(String) });
    expect((await list(caseId))[0]).toMatchObject({ status: 'open', report: null });

    const reported = await t
      .http()
      .post(`/api/cases/${caseId}/supervisions/${opened.body.id}/report`)
      .set(await t.as('sv-jinan-officer'))
      .send({ report: '已完成核实，正在综合分析研判' });
    expect(reported.status).toBe(201);
    expect(reported.body).toMatchObject({ status: 'reported', report: '已完成核实，正在综合分析研判', reportedBy: 'sv-jinan-officer', overdue: false });
    const again = await t
      .http()
      .post(`/api/cases/${caseId}/supervisions/${opened.body.id}/report`)
      .set(await t.as('sv-jinan-officer'))
      .send({ report: '再报一次' });
    expect(again.status).toBe(409);
    expect(again.body.details.conditions[0].code).toBe('supervision.alreadyReported');
    expect((await list(caseId))[0]).toMatchObject({ report: '已完成核实，正在综合分析研判' });

    const entries = (await trail(caseId)).filter((entry) => entry.event.startsWith('SUPERVISION_'));
    expect(entries.map((entry) => [entry.event, entry.outcome, entry.actorId])).toEqual([
      ['SUPERVISION_OPENED', 'applied', 'sv-province-leader'],
      ['SUPERVISION_REPORTED', 'refused', 'sv-province-leader'],
      ['SUPERVISION_REPORTED', 'applied', 'sv-jinan-officer'],
      ['SUPERVISION_REPORTED', 'refused', 'sv-jinan-officer'],
    ]);
    expect(entries[0].data).toMatchObject({ kind: 'supervise', byBody: 'shandong', toBody: 'jinan', dueOn });
    expect(
      (
        await t
          .http()
          .get('/api/audit/verify')
          .set(await t.as('auditor1'))
      ).body.ok,
    ).toBe(true);
  });

  it('refuses supervision by the case’s own body, from beside, with a past date or a wrong kind, and changes nothing', async () => {
    const caseId = await openCase();
    const own = await supervise(caseId, 'sv-jinan-leader', { kind: 'supervise', dueOn: day(3), instructions: '自己督办自己' });
    expect(own.status).toBe(403);
    expect(own.body.details.conditions[0]).toMatchObject({ code: 'supervision.higherBodyOnly', zh: expect.stringContaining('上级机关') });
    // A neighbouring body does not even see the case.
    expect((await supervise(caseId, 'sv-qingdao-leader', { kind: 'assign', dueOn: day(3), instructions: '越级交办' })).status).toBe(404);
    const past = await supervise(caseId, 'sv-province-leader', { kind: 'assign', dueOn: day(-1), instructions: '期限已过' });
    expect(past.status).toBe(400);
    expect(past.body.details.conditions[0]).toMatchObject({ code: 'supervision.dueOnPast', field: 'dueOn' });
    const wrongKind = await supervise(caseId, 'sv-province-leader', { kind: 'order', dueOn: day(3), instructions: '未知方式' });
    expect(wrongKind.status).toBe(400);
    expect(await list(caseId)).toEqual([]);
    expect((await trail(caseId)).filter((entry) => entry.event === 'SUPERVISION_OPENED').map((entry) => entry.outcome)).toEqual(['refused', 'refused']);
  });
});
