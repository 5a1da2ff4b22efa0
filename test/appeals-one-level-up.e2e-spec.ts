import { toleranceSamples } from '../workflows/tolerance/tolerance.samples';
import { DEMO_PASSWORD } from '../src/demo/demo-users';
import { UsersService } from '../src/identity/users.service';
import { drivenApp, type PathDriver } from './support/path-driver';
import type { TestApp } from './support/test-app';

/**
 * Issue 18 §3: an appeal goes to the body one level up. The demo's Jinan city body sits under the
 * Shandong provincial body; staff with grants for one body each play the two levels.
 */
describe('appeals one level up and visibility down the tree', () => {
  let t: TestApp;
  let driver: PathDriver;
  beforeAll(async () => {
    ({ t, driver } = await drivenApp());
    const users = t.app.get(UsersService);
    const at = t.clock.now().toISOString();
    const staff = [
      { id: 'lv-jinan-officer', displayName: '济南承办人', role: 'officer' as const, scope: 'jinan' },
      { id: 'lv-province-officer', displayName: '省纪委承办人', role: 'officer' as const, scope: 'shandong' },
      { id: 'lv-province-leader', displayName: '省纪委分管领导', role: 'leader' as const, scope: 'shandong' },
      { id: 'lv-province-auditor', displayName: '省纪委审计', role: 'auditor' as const, scope: 'shandong' },
      { id: 'lv-qingdao-leader', displayName: '青岛分管领导', role: 'leader' as const, scope: 'qingdao' },
    ];
    for (const user of staff) {
      await users.create(
        { id: user.id, displayName: user.displayName, unitId: 'cdi', password: DEMO_PASSWORD, roles: [{ role: user.role, scope: user.scope }] },
        at,
      );
    }
  });
  afterAll(() => t.close());

  const get = async (caseId: string, userId: string, status: number) =>
    t
      .http()
      .get(`/api/cases/${caseId}`)
      .set(await t.as(userId))
      .expect(status);
  const trail = async (caseId: string) =>
    (
      await t
        .http()
        .get(`/api/cases/${caseId}/trail`)
        .set(await t.as('auditor1'))
        .expect(200)
    ).body as Array<{ event: string; outcome: string; actorId: string; data: Record<string, unknown> }>;

  /** A Jinan tolerance case driven to the filed appeal, its officer's steps taken by Jinan's own officer. */
  const appealedCase = async () => {
    const path = driver.paths('tolerance').get('underAppeal')!;
    return driver.drive('tolerance', path, { officer1: 'lv-jinan-officer' });
  };

  it('the appeal goes to the parent body: its queue shows it, its officer records the decision, the Jinan case moves in that transaction', async () => {
    const id = await appealedCase();
    const filed = (await trail(id)).filter((entry) => entry.event === 'FILE_APPEAL');
    expect(filed).toHaveLength(1);
    expect(filed[0].data.appealBody).toBe('shandong');

    // The provincial officer's queue has the case, named by the body it was referred to.
    const queue = await t
      .http()
      .get('/api/cases?pageSize=100')
      .set(await t.as('lv-province-officer'))
      .expect(200);
    const item = queue.body.items.find((c: { id: string }) => c.id === id);
    expect(item).toMatchObject({ state: 'underAppeal', appealBody: { id: 'shandong', name: '山东省纪委监委' } });
    expect(item.allowedEvents).toContain('RECORD_APPEAL_DECISION');

    // Jinan's own officer may not decide the appeal: refused in both languages, nothing changes.
    const before = (await get(id, 'lv-jinan-officer', 200)).body;
    expect(before.allowedEvents).not.toContain('RECORD_APPEAL_DECISION');
    const decision = toleranceSamples.events.RECORD_APPEAL_DECISION[1];
    t.clock.set(decision.at!);
    const refused = await t.sendEvent(id, 'lv-jinan-officer', 'RECORD_APPEAL_DECISION', decision.data);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('CASE.OTHER_BODY');
    expect(refused.body.details.conditions).toEqual([
      expect.objectContaining({ code: 'appeal.decidedOneLevelUp', zh: expect.stringContaining('上一级机关'), en: expect.stringContaining('one level up') }),
    ]);
    expect((await get(id, 'lv-jinan-officer', 200)).body).toMatchObject({ version: before.version, state: 'underAppeal' });

    // The provincial officer decides; the Jinan case is where the decision puts it, in the same step.
    const decided = await t.sendEvent(id, 'lv-province-officer', 'RECORD_APPEAL_DECISION', decision.data);
    expect(decided.status).toBe(200);
    const seen = (await get(id, 'lv-jinan-officer', 200)).body;
    expect(seen).toMatchObject({ state: 'awaitingClosure', appealBody: { id: 'shandong', name: '山东省纪委监委' } });
    expect(seen.data.appealDecision).toMatchObject({ result: 'changed', by: 'lv-province-officer' });
    expect(seen.data.outcome).toMatchObject({ source: 'appeal' });
    // The cadre sees the outcome too.
    expect((await get(id, 'applicant1', 200)).body.data.outcome).toMatchObject({ source: 'appeal' });

    // The province reads the case but does not take Jinan's steps: closing is Jinan's.
    const province = (await get(id, 'lv-province-officer', 200)).body;
    expect(province.allowedEvents).not.toContain('CLOSE');
    const close = toleranceSamples.events.CLOSE[0];
    t.clock.set(close.at!);
    const notOurs = await t.sendEvent(id, 'lv-province-officer', 'CLOSE', close.data);
    expect(notOurs.status).toBe(403);
    expect(notOurs.body.details.conditions[0]).toMatchObject({ code: 'case.otherBody' });
    expect((await get(id, 'auditor1', 200)).body.version).toBe(seen.version);
    expect((await get(id, 'lv-jinan-officer', 200)).body.allowedEvents).toContain('CLOSE');

    const entries = await trail(id);
    expect(entries.filter((entry) => entry.event === 'RECORD_APPEAL_DECISION').map((entry) => [entry.outcome, entry.actorId])).toEqual([
      ['refused', 'lv-jinan-officer'],
      ['applied', 'lv-province-officer'],
    ]);
    expect(
      (
        await t
          .http()
          .get('/api/audit/verify')
          .set(await t.as('auditor1'))
      ).body.ok,
    ).toBe(true);
  });

  it('a body with no parent cannot refer an appeal: refused in both languages, the case unchanged', async () => {
    // A Jinan case, with Jinan moved to the top of the tree for the time of the attempt.
    const id = await driver.drive('tolerance', driver.paths('tolerance').get('appealWindow')!, { officer1: 'lv-jinan-officer' });
    const admin = await t.as('sysadmin1');
    const bodies = (await t.http().get('/api/admin/bodies').set(admin).expect(200)).body as Array<{ id: string; parentId: string | null }>;
    expect(bodies.find((b) => b.id === 'jinan')?.parentId).toBe('shandong');
    await t.http().patch('/api/admin/bodies/jinan').set(admin).send({ parentId: null });
    const moved = (await t.http().get('/api/admin/bodies').set(admin).expect(200)).body.find((b: { id: string }) => b.id === 'jinan');
    try {
      expect(moved.parentId).toBeNull();
      const before = (await get(id, 'auditor1', 200)).body;
      const appeal = toleranceSamples.events.FILE_APPEAL[0];
      t.clock.set(appeal.at!);
      const refused = await t.sendEvent(id, 'applicant1', 'FILE_APPEAL', appeal.data);
      expect(refused.status).toBe(409);
      expect(refused.body.details.conditions).toEqual([expect.objectContaining({ code: 'appeal.noParentBody' })]);
      expect((await get(id, 'auditor1', 200)).body).toMatchObject({ version: before.version, state: 'appealWindow' });
    } finally {
      await t.http().patch('/api/admin/bodies/jinan').set(admin).send({ parentId: 'shandong' });
    }
  });

  it('a higher body’s leader and auditor read the cases below; a lower or neighbouring body gets 404', async () => {
    const path = driver.paths('tolerance').get('appealWindow')!;
    const id = await driver.drive('tolerance', path, { officer1: 'lv-jinan-officer' });
    await get(id, 'lv-province-leader', 200);
    await get(id, 'lv-province-auditor', 200);
    const listed = await t
      .http()
      .get('/api/cases?pageSize=100')
      .set(await t.as('lv-province-auditor'))
      .expect(200);
    expect(listed.body.items.map((c: { id: string }) => c.id)).toContain(id);
    // Reading is not acting: the province's leader is offered none of Jinan's steps.
    expect((await get(id, 'lv-province-leader', 200)).body.allowedEvents).toEqual([]);
    // Beside: Qingdao's leader and officer see nothing of Jinan's case; the province's officer (not a leader) neither.
    await get(id, 'lv-qingdao-leader', 404);
    await get(id, 'officer3', 404);
    await get(id, 'lv-province-officer', 404);
  });
});
