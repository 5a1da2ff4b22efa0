import { appealSamples } from '../workflows/appeal/appeal.samples';
import { SAMPLE_SHANDONG_COMMITTEE_MEMBERS } from '../workflows/sample-world';
import { toleranceSamples } from '../workflows/tolerance/tolerance.samples';
import { DEMO_PASSWORD } from '../src/demo/demo-users';
import { UsersService } from '../src/identity/users.service';
import { drivenApp, type PathDriver } from './support/path-driver';
import type { TestApp } from './support/test-app';

// Each test drives a whole tolerance case to its appeal through the API: minutes on a loaded machine.
jest.setTimeout(180_000);

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
      { id: 'lv-province-committee', displayName: '省纪委委员', role: 'committee' as const, scope: 'shandong' },
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

  it('the appeal opens its own case in the parent body: its staff accept and review it, its committee decides, the lower case moves in that transaction', async () => {
    const id = await appealedCase();
    const filed = (await trail(id)).filter((entry) => entry.event === 'FILE_APPEAL');
    expect(filed).toHaveLength(1);
    expect(filed[0].data.appealBody).toBe('shandong');
    const links = filed[0].data.links as Array<{ opened: string; procedure: string; relation: string; caseNo: string }>;
    expect(links).toEqual([expect.objectContaining({ procedure: 'appeal', relation: 'appealOf' })]);
    const appealId = links[0].opened;

    // The appeal case is the province's: its number in the province's series, in its queue, with the time to decide.
    const appeal = (await get(appealId, 'lv-province-officer', 200)).body;
    expect(appeal).toMatchObject({ procedure: 'appeal', state: 'received', caseNo: links[0].caseNo });
    expect(appeal.allowedEvents).toContain('ACCEPT_APPEAL');
    const trailOfAppeal = await trail(appealId);
    expect(trailOfAppeal[0]).toMatchObject({
      event: 'CREATE',
      data: expect.objectContaining({ body: 'shandong', origin: expect.objectContaining({ caseId: id, relation: 'appealOf' }) }),
    });
    const queue = await t
      .http()
      .get('/api/cases?pageSize=100')
      .set(await t.as('lv-province-officer'))
      .expect(200);
    const item = queue.body.items.find((c: { id: string }) => c.id === appealId);
    expect(item).toMatchObject({ procedure: 'appeal', state: 'received' });
    expect(JSON.stringify(item)).toContain('appeal.decision');
    // Jinan (below) and Qingdao (beside) do not see the province's appeal case.
    await get(appealId, 'lv-jinan-officer', 404);
    await get(appealId, 'lv-qingdao-leader', 404);
    await get(appealId, 'officer3', 404);
    // The province's handlers read the lower case's file.
    await get(id, 'lv-province-officer', 200);

    // Nobody records the appeal decision by hand in the lower case any more: refused in both languages, nothing changes.
    const before = (await get(id, 'lv-jinan-officer', 200)).body;
    expect(before.appealBody).toEqual({ id: 'shandong', name: '山东省纪委监委' });
    const byHand = toleranceSamples.events.RECORD_APPEAL_DECISION[1];
    t.clock.set(byHand.at!);
    const refused = await t.sendEvent(id, 'lv-province-officer', 'RECORD_APPEAL_DECISION', byHand.data);
    expect(refused.status).toBe(409);
    expect(refused.body.details.conditions).toEqual([
      expect.objectContaining({ code: 'appeal.decidedInAppealCase', zh: expect.stringContaining('申诉案件'), en: expect.stringContaining('its own case') }),
    ]);
    expect((await get(id, 'auditor1', 200)).body).toMatchObject({ version: before.version, state: 'underAppeal' });

    // 受理 and 审查 by the province's officer.
    for (const type of ['ACCEPT_APPEAL', 'SUBMIT_REVIEW_REPORT']) {
      const step = appealSamples.events[type][0];
      t.clock.set(step.at!);
      expect((await t.sendEvent(appealId, 'lv-province-officer', type, step.data)).status).toBe(200);
    }
    // Jinan's officer cannot act in it (it does not exist for Jinan).
    const decision = appealSamples.events.DECIDE_APPEAL[1];
    t.clock.set(decision.at!);
    expect((await t.sendEvent(appealId, 'lv-jinan-officer', 'DECIDE_APPEAL', decision.data)).status).toBe(404);

    // Short of the province committee's quorum: refused, neither case changes.
    const appealBefore = (await get(appealId, 'auditor1', 200)).body;
    const short = await t.sendEvent(appealId, 'lv-province-committee', 'DECIDE_APPEAL', {
      ...decision.data,
      attendees: SAMPLE_SHANDONG_COMMITTEE_MEMBERS.slice(0, 2),
      votesFor: 2,
    });
    expect(short.status).toBe(409);
    expect(short.body.details.conditions.map((c: { code: string }) => c.code)).toContain('committee.quorum');
    expect((await get(appealId, 'auditor1', 200)).body).toMatchObject({ version: appealBefore.version, state: 'atCommittee' });
    expect((await get(id, 'auditor1', 200)).body).toMatchObject({ version: before.version, state: 'underAppeal' });

    // The committee changes the decision; the Jinan case records it in the same transaction.
    const decided = await t.sendEvent(appealId, 'lv-province-committee', 'DECIDE_APPEAL', decision.data);
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ state: 'decided' });
    expect(decided.body.data.decision).toMatchObject({
      result: 'changed',
      vote: { votesFor: 3, votesAgainst: 0, attendees: SAMPLE_SHANDONG_COMMITTEE_MEMBERS.slice(0, 3), committee: { jurisdiction: 'shandong', quorum: 3 } },
    });
    const seen = (await get(id, 'lv-jinan-officer', 200)).body;
    expect(seen).toMatchObject({ state: 'awaitingClosure', version: before.version + 1, appealBody: { id: 'shandong', name: '山东省纪委监委' } });
    expect(seen.data.appealDecision).toMatchObject({ result: 'changed', decidedOn: '2026-07-15', by: 'system' });
    expect(seen.data.outcome).toMatchObject({ source: 'appeal', outcome: 'mitigated' });
    expect(seen.allowedEvents).toContain('CLOSE');
    // The cadre sees the outcome too.
    expect((await get(id, 'applicant1', 200)).body.data.outcome).toMatchObject({ source: 'appeal' });

    // Both trails: the appeal case's decision names what it sent, the lower case's entry names where it came from.
    const sent = (await trail(appealId)).find((entry) => entry.event === 'DECIDE_APPEAL' && entry.outcome === 'applied')!;
    expect(sent.data.links).toEqual([{ sent: 'RECORD_APPEAL_DECISION', to: id }]);
    const received = (await trail(id)).filter((entry) => entry.event === 'RECORD_APPEAL_DECISION');
    expect(received.map((entry) => [entry.outcome, entry.actorId])).toEqual([
      ['refused', 'lv-province-officer'],
      ['applied', 'system'],
    ]);
    expect(received[1].data.fromCaseId).toBe(appealId);
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
