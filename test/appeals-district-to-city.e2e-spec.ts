import { SAMPLE_COMMITTEE_MEMBERS } from '../workflows/sample-world';
import { appealSamples } from '../workflows/appeal/appeal.samples';
import { toleranceSamples } from '../workflows/tolerance/tolerance.samples';
import { DEMO_BODIES_BELOW, DEMO_PASSWORD, DEMO_UNITS_BELOW } from '../src/demo/demo-users';
import { UnitsService } from '../src/org/units.service';
import { UsersService } from '../src/identity/users.service';
import { DirectoryService } from '../src/org/directory.service';
import { CommitteesService } from '../src/rules/committees.service';
import { drivenApp, type PathDriver } from './support/path-driver';
import type { TestApp } from './support/test-app';

// Each test drives a whole tolerance case to its appeal through the API: minutes on a loaded machine.
jest.setTimeout(180_000);

/**
 * Issue 18 §3 ("Done when"): an appeal filed in a district (历下区) case is heard as its own case by
 * the city body (济南市), decided by the city committee with its vote recorded, and the district
 * case moves in the same transaction; a district officer gets 404 for the city's appeal case, a
 * neighbouring district's (市中区) officer for both.
 */
describe('an appeal from a district case decided by the city body', () => {
  let t: TestApp;
  let driver: PathDriver;
  beforeAll(async () => {
    ({ t, driver } = await drivenApp());
    const at = t.clock.now().toISOString();
    const users = t.app.get(UsersService);
    const account = (id: string, displayName: string, role: 'officer' | 'committee' | 'applicant', scope: string, unitId = 'cdi') =>
      users.create({ id, displayName, unitId, password: DEMO_PASSWORD, roles: [{ role, scope }] }, at);
    for (const body of DEMO_BODIES_BELOW) await t.app.get(DirectoryService).createBody(body, at);
    for (const unit of DEMO_UNITS_BELOW) await t.app.get(UnitsService).create(unit, at);
    await account('dc-cadre', '吴晓', 'applicant', 'unit-lixia-housing', 'unit-lixia-housing');
    await t.app.get(DirectoryService).createCadre({ id: 'dc-cadre', name: '吴晓', position: '科长', unitId: 'unit-lixia-housing', userId: 'dc-cadre' }, at);
    await account('dc-lixia-officer', '历下承办人', 'officer', 'jinan-lixia');
    await account('dc-shizhong-officer', '市中承办人', 'officer', 'jinan-shizhong');
    await account('dc-city-officer', '市纪委承办人', 'officer', 'jinan');
    await account('dc-city-committee', '市纪委委员', 'committee', 'jinan');
    // The district's own committee decides the district case (the samples' members).
    await t.app.get(CommitteesService).seed({ 'jinan-lixia': { members: SAMPLE_COMMITTEE_MEMBERS, quorum: 4 } });
  });
  afterAll(() => t.close());

  const get = async (caseId: string, userId: string, status: number) =>
    t
      .http()
      .get(`/api/cases/${caseId}`)
      .set(await t.as(userId))
      .expect(status);

  it('the city committee decides; the district case records the decision in the same step; reads follow the tree', async () => {
    // A 历下区 cadre applies; the graph's path to the filed appeal is replayed with the district's officer.
    const path = driver.paths('tolerance').get('underAppeal')!;
    const creation = toleranceSamples.creations[path.creation];
    const standIns: Record<string, string> = { applicant1: 'dc-cadre', officer1: 'dc-lixia-officer' };
    t.clock.set(creation.at);
    const opened = await t
      .http()
      .post('/api/cases')
      .set(await t.as(standIns[creation.actor.id]))
      .send({ procedure: 'tolerance', ...creation.data, ...(creation.data.cadreId ? { cadreId: 'dc-cadre' } : {}), unitId: 'unit-lixia-housing' });
    expect(`${opened.status} ${JSON.stringify(opened.body)}`).toMatch(/^201/);
    const id = opened.body.id as string;
    expect(opened.body.caseNo).toMatch(/^历下/);
    for (const step of path.steps) {
      await driver.step(id, step.type, { ...step.sample.actor, id: standIns[step.sample.actor.id] ?? step.sample.actor.id }, step.sample.data, step.sample.at);
    }
    const lower = (await get(id, 'dc-lixia-officer', 200)).body;
    expect(lower).toMatchObject({ state: 'underAppeal', appealBody: { id: 'jinan', name: '济南市纪委监委' } });
    // The link to the city's case is shown to those who may read it (here the service-wide auditor), not to the district.
    const appealLink = (link: { procedure: string }) => link.procedure === 'appeal';
    expect(lower.links.children.find(appealLink)).toBeUndefined();
    const appealId = (await get(id, 'auditor1', 200)).body.links.children.find(appealLink).caseId as string;

    // The city's case, numbered in the city's series; the district and its neighbour do not see it.
    const appeal = (await get(appealId, 'dc-city-officer', 200)).body;
    expect(appeal).toMatchObject({ procedure: 'appeal', state: 'received' });
    expect(appeal.caseNo).toMatch(/〔2026〕\d+号$/);
    expect(appeal.caseNo).toMatch(/^济/);
    await get(appealId, 'dc-lixia-officer', 404);
    await get(appealId, 'dc-shizhong-officer', 404);
    await get(id, 'dc-shizhong-officer', 404);
    // The city's handler reads the district case's file.
    await get(id, 'dc-city-officer', 200);

    for (const type of ['ACCEPT_APPEAL', 'SUBMIT_REVIEW_REPORT']) {
      const step = appealSamples.events[type][0];
      t.clock.set(step.at!);
      expect((await t.sendEvent(appealId, 'dc-city-officer', type, step.data)).status).toBe(200);
    }
    const decision = appealSamples.events.DECIDE_APPEAL[0];
    const cityVote = { attendees: SAMPLE_COMMITTEE_MEMBERS.slice(0, 5), votesFor: 4, votesAgainst: 1, votesAbstain: 0 };
    t.clock.set(decision.at!);
    // A dissent not recorded: refused, neither case changes.
    const before = { appeal: (await get(appealId, 'auditor1', 200)).body.version, lower: (await get(id, 'auditor1', 200)).body.version };
    const refused = await t.sendEvent(appealId, 'dc-city-committee', 'DECIDE_APPEAL', { ...decision.data, ...cityVote, dissent: [] });
    expect(refused.status).toBe(409);
    expect(refused.body.details.conditions.length).toBeGreaterThan(0);
    expect((await get(appealId, 'auditor1', 200)).body.version).toBe(before.appeal);
    expect((await get(id, 'auditor1', 200)).body.version).toBe(before.lower);
    // The district officer cannot decide it either (the case does not exist for the district).
    expect((await t.sendEvent(appealId, 'dc-lixia-officer', 'DECIDE_APPEAL', decision.data)).status).toBe(404);

    const dissent = [{ member: SAMPLE_COMMITTEE_MEMBERS[4], opinion: '原决定对情节认定偏轻' }];
    const decided = await t.sendEvent(appealId, 'dc-city-committee', 'DECIDE_APPEAL', { ...decision.data, ...cityVote, dissent });
    expect(decided.status).toBe(200);
    expect(decided.body.data.decision).toMatchObject({
      result: 'upheld',
      vote: { votesFor: 4, votesAgainst: 1, dissent, committee: { jurisdiction: 'jinan', members: 7, quorum: 4 } },
    });
    const after = (await get(id, 'dc-lixia-officer', 200)).body;
    expect(after).toMatchObject({ state: 'awaitingClosure', version: before.lower + 1 });
    expect(after.data.appealDecision).toMatchObject({ result: 'upheld', decidedOn: decision.data.meetingDate, documentNo: '鲁纪申〔2026〕2号' });
    // The vote is the city's deliberation: the district case records the decision only.
    expect(JSON.stringify(after.data.appealDecision)).not.toContain('attendees');
    expect((await get(id, 'dc-cadre', 200)).body.state).toBe('awaitingClosure');
  });
});
