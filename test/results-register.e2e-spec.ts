import { PROCEDURE_SAMPLES } from '../workflows';
import { DeadlineScheduler } from '../src/scheduling/deadline-scheduler.service';
import { DEMO_PASSWORD } from '../src/demo/demo-users';
import { UsersService } from '../src/identity/users.service';
import { drivenApp, type PathDriver } from './support/path-driver';
import type { TestApp } from './support/test-app';

const tolerance = PROCEDURE_SAMPLES.tolerance.events;
const IMPACT_UNTIL = '2026-10-20';
/** The end of the last day of the impact period, China time: the deadline's due instant. */
const IMPACT_DUE = '2026-10-19T15:59:59.999Z';

async function get(t: TestApp, user: string, url: string, status = 200): Promise<any> {
  return (
    await t
      .http()
      .get(url)
      .set(await t.as(user))
      .expect(status)
  ).body;
}

async function trailOf(t: TestApp, stream: string): Promise<Array<Record<string, any>>> {
  return (await get(t, 'auditor1', `/api/audit/entries?stream=${encodeURIComponent(stream)}&pageSize=100&order=asc`)).items;
}

/** A tolerance case decided with the given DECIDE sample (0 exemption, 1 mitigated, 2 not tolerated), accepted and closed. */
async function closedTolerance(driver: PathDriver, decision: number): Promise<string> {
  const caseId = await driver.drive('tolerance', driver.paths('tolerance').get('awaitingDecision')!);
  for (const [type, index] of [
    ['DECIDE', decision],
    ['SERVE_DECISION', 0],
    ['ACKNOWLEDGE_RECEIPT', 0],
    ['ACCEPT_RESULT', 0],
    ['CLOSE', 0],
  ] as const) {
    const sample = tolerance[type][index];
    await driver.step(caseId, type, sample.actor, sample.data, sample.at);
  }
  return caseId;
}

const resultOf = (body: any, caseId: string) => body.results.find((result: any) => result.caseId === caseId);

/**
 * Issue 21 §3 (结果运用): the organisation department's register of results, the impact period's
 * end as a deadline with a notice, and the vetting inquiry answered under a 文号 on the trail.
 */
describe('results register: an impact period runs out on its day', () => {
  let t: TestApp;
  let driver: PathDriver;
  let mitigated: string;

  beforeAll(async () => {
    ({ t, driver } = await drivenApp());
    mitigated = await closedTolerance(driver, 1);
  }, 120_000);
  afterAll(() => t.close());

  it('shows the mitigated cadre within the impact period until its end, with the decision’s 文号', async () => {
    const detail = await get(t, 'orgdept1', '/api/results/cadres/applicant1');
    expect(detail.cadre).toMatchObject({ id: 'applicant1', unitName: '济南市发展和改革委员会' });
    expect(resultOf(detail, mitigated)).toMatchObject({
      procedure: 'tolerance',
      state: 'closed',
      revocable: true,
      effect: 'impactPeriod',
      effectLabel: { zh: '从轻/减轻处理，影响期内' },
      use: 'impactPeriod',
      impactUntil: IMPACT_UNTIL,
      documentNos: ['开纪容〔2026〕1号'],
    });
    expect(detail.standing).toMatchObject({ use: 'impactPeriod', until: IMPACT_UNTIL, label: { zh: '影响期内' } });
    const listed = await get(t, 'orgdept1', '/api/results?use=impactPeriod');
    expect(listed.cadres.map((cadre: any) => cadre.cadreId)).toEqual(['applicant1']);
    expect((await get(t, 'orgdept1', '/api/results?use=normal')).cadres).toEqual([]);
    // The limit is on the case: the end of the day before the first day of normal use.
    expect((await driver.view(mitigated)).deadlines).toEqual([expect.objectContaining({ rule: 'tolerance.impactPeriod', dueAt: IMPACT_DUE })]);
  });

  it('the deadline fires at the end of the period: the register says 可正常使用 from that day and the organisation department is told', async () => {
    t.clock.set(new Date(Date.parse(IMPACT_DUE) - 60_000).toISOString());
    await t.app.get(DeadlineScheduler).tick();
    expect((await get(t, 'orgdept1', '/api/results/cadres/applicant1')).standing.use).toBe('impactPeriod');
    expect((await get(t, 'orgdept1', '/api/notifications')).filter((n: any) => n.kind === 'periodEnded')).toEqual([]);

    t.clock.set(new Date(Date.parse(IMPACT_DUE) + 60_000).toISOString());
    const tick = await t.app.get(DeadlineScheduler).tick();
    expect(tick.fired).toBeGreaterThanOrEqual(1);
    const detail = await get(t, 'orgdept1', '/api/results/cadres/applicant1');
    expect(detail.asOf).toBe(IMPACT_UNTIL);
    expect(resultOf(detail, mitigated)).toMatchObject({ effect: 'impactEnded', use: 'normal', impactUntil: IMPACT_UNTIL });
    expect(detail.standing).toMatchObject({ use: 'normal', label: { zh: '可正常使用' } });
    // The day before, the same cadre was still within the period.
    expect((await get(t, 'orgdept1', `/api/results/cadres/applicant1?asOf=2026-10-19`)).standing).toMatchObject({ use: 'impactPeriod', until: IMPACT_UNTIL });

    const notices = (await get(t, 'orgdept1', '/api/notifications')).filter((n: any) => n.kind === 'periodEnded');
    expect(notices).toEqual([
      expect.objectContaining({ caseId: mitigated, rule: 'tolerance.impactPeriod', ruleLabel: { zh: '影响期届满', en: 'Impact period ends' } }),
    ]);
    const view = await driver.view(mitigated);
    expect(view.state).toBe('closed');
    expect(view.deadlines).toEqual([]);
    const ended = (await trailOf(t, mitigated)).filter((entry) => entry.event === 'IMPACT_PERIOD_ENDED');
    expect(ended).toEqual([expect.objectContaining({ outcome: 'applied', actorRole: 'system' })]);
    // A second pass fires nothing more.
    await t.app.get(DeadlineScheduler).tick();
    expect((await get(t, 'orgdept1', '/api/notifications')).filter((n: any) => n.kind === 'periodEnded')).toHaveLength(1);
  });
});

describe('results register: each procedure’s outcome, the vetting reply, refusals and scope', () => {
  let t: TestApp;
  let driver: PathDriver;
  const cases: Record<string, string> = {};

  beforeAll(async () => {
    ({ t, driver } = await drivenApp());
    cases.exemption = await closedTolerance(driver, 0);
    cases.notTolerated = await closedTolerance(driver, 2);
    cases.mitigated = await closedTolerance(driver, 1);
    cases.correctionCompleted = await driver.drive('correction', driver.paths('correction').get('completed')!);
    cases.correctionEscalated = await driver.drive('correction', driver.paths('correction').get('escalationClosed')!);
    cases.clarified = await driver.drive('clarification', driver.paths('clarification').get('closed')!);
    cases.falselyAccused = await driver.drive('falseAccusation', driver.paths('falseAccusation').get('closed')!);
    cases.open = await driver.drive('tolerance', driver.paths('tolerance').get('verifying')!);
    await t.app
      .get(UsersService)
      .create(
        { id: 'orgdept-qd', displayName: '青岛组织部', password: DEMO_PASSWORD, unitId: 'org', roles: [{ role: 'orgDept', scope: 'qingdao' }] },
        t.clock.now().toISOString(),
      );
    // The register is read in the autumn: the mitigated decision of 2026-04-20 is within its period.
    t.clock.set('2026-09-01T02:00:00.000Z');
    // Eight cases driven through the API, step by step: minutes on a loaded machine.
  }, 240_000);
  afterAll(() => t.close());

  it('lists every outcome with its effect on the cadre’s use; an open case is no result', async () => {
    const detail = await get(t, 'orgdept1', '/api/results/cadres/applicant1');
    const effect = (name: string) => resultOf(detail, cases[name]) && { effect: resultOf(detail, cases[name]).effect, use: resultOf(detail, cases[name]).use };
    expect(effect('exemption')).toEqual({ effect: 'notAffected', use: 'normal' });
    expect(effect('notTolerated')).toEqual({ effect: 'notTolerated', use: 'reference' });
    expect(effect('mitigated')).toEqual({ effect: 'impactPeriod', use: 'impactPeriod' });
    expect(effect('correctionCompleted')).toEqual({ effect: 'correctionCompleted', use: 'normal' });
    expect(effect('correctionEscalated')).toEqual({ effect: 'correctionEscalated', use: 'reference' });
    expect(effect('clarified')).toEqual({ effect: 'clarified', use: 'normal' });
    expect(effect('falselyAccused')).toEqual({ effect: 'falselyAccused', use: 'normal' });
    expect(resultOf(detail, cases.open)).toBeUndefined();
    expect(resultOf(detail, cases.exemption).effectLabel).toEqual({ zh: '容错免责，不受影响', en: 'Exempted: not affected' });
    expect(detail.standing).toMatchObject({ use: 'impactPeriod', until: '2026-10-20' });
    // Only the cadre: never the reporter or the accuser, whose names the samples hold sealed.
    const text = JSON.stringify([detail, await get(t, 'orgdept1', '/api/results')]);
    for (const secret of ['王某某', '138-0000-0000', '李某', 'applicant2']) expect(text).not.toContain(secret);
    // Search by name (or pinyin initials) and by unit.
    expect((await get(t, 'orgdept1', `/api/results?q=${encodeURIComponent('张明')}`)).cadres.map((c: any) => c.cadreId)).toEqual(['applicant1']);
    expect((await get(t, 'orgdept1', '/api/results?unit=unit-jinan-dev')).cadres).toHaveLength(1);
    expect((await get(t, 'orgdept1', `/api/results?q=${encodeURIComponent('发展和改革')}`)).cadres.map((c: any) => c.cadreId)).toEqual(['applicant1']);
    expect((await get(t, 'orgdept1', '/api/results?unit=unit-qingdao-port')).cadres).toEqual([]);
    expect((await get(t, 'orgdept1', `/api/results?q=${encodeURIComponent('无此人')}`)).cadres).toEqual([]);
  });

  it('a vetting inquiry is answered with exactly the results in force on the day asked, under a 文号 on the trail', async () => {
    const asked = await t
      .http()
      .post('/api/results/inquiries')
      .set(await t.as('orgdept1'))
      .send({ cadreId: 'applicant1', purpose: 'selection', asOf: '2026-08-15', note: '拟提拔使用' })
      .expect(201);
    expect(asked.body).toMatchObject({ status: 'open', jurisdiction: 'jinan', purposeLabel: { zh: '选拔任用' }, asOf: '2026-08-15', documentNo: null });
    const replied = await t
      .http()
      .post(`/api/results/inquiries/${asked.body.id}/reply`)
      .set(await t.as('officer1'))
      .send({ documentNo: '济纪函〔2026〕12号' })
      .expect(201);
    const expected = await get(t, 'officer1', '/api/results/cadres/applicant1?asOf=2026-08-15');
    expect(replied.body).toMatchObject({ status: 'answered', documentNo: '济纪函〔2026〕12号' });
    expect(replied.body.answer.results.map((r: any) => r.caseId).sort()).toEqual(expected.results.map((r: any) => r.caseId).sort());
    expect(replied.body.answer.results.map((r: any) => r.caseId)).toEqual(expect.arrayContaining([cases.mitigated, cases.clarified, cases.exemption]));
    // A result reached after the day asked is not in force then: the clarification concluded on 2026-08-10.
    const earlier = await get(t, 'officer1', '/api/results/cadres/applicant1?asOf=2026-08-01');
    expect(earlier.results.map((r: any) => r.caseId)).not.toContain(cases.clarified);
    expect(earlier.results.map((r: any) => r.caseId)).toContain(cases.mitigated);
    expect(replied.body.answer.standing).toMatchObject({ use: 'impactPeriod', until: '2026-10-20' });
    expect(replied.body.answer.letter.zh).toContain('济纪函〔2026〕12号');
    expect(replied.body.answer.letter.zh).toContain('影响期至2026-10-20');
    expect(replied.body.answer.letter.zh).toContain('张明');
    const chain = await trailOf(t, 'results');
    expect(chain.map((entry) => entry.event)).toEqual(['VETTING_INQUIRY', 'VETTING_REPLY']);
    expect(chain[0]).toMatchObject({ actorRole: 'orgDept' });
    expect(chain[1]).toMatchObject({ actorRole: 'officer' });
    expect(JSON.stringify(chain[1])).toContain('济纪函〔2026〕12号');
    expect((await get(t, 'auditor1', '/api/audit/verify')).broken ?? []).toEqual([]);
    // The organisation department reads the answer.
    expect(await get(t, 'orgdept1', `/api/results/inquiries/${asked.body.id}`)).toMatchObject({ status: 'answered', documentNo: '济纪函〔2026〕12号' });
  });

  it('refuses, in both languages and changing nothing: a second reply, a taken or malformed 文号, the wrong role, a future day, an unknown cadre, a huge page', async () => {
    const ask = async (body: Record<string, unknown>, user = 'orgdept1') =>
      t
        .http()
        .post('/api/results/inquiries')
        .set(await t.as(user))
        .send(body);
    const open = (await ask({ cadreId: 'applicant1', purpose: 'assessment' })).body;
    const answered = (await get(t, 'orgdept1', '/api/results/inquiries?status=answered'))[0];
    const before = { chain: (await trailOf(t, 'results')).length, inquiries: await get(t, 'orgdept1', '/api/results/inquiries') };
    const reply = async (id: string, documentNo: string, user = 'officer1') =>
      t
        .http()
        .post(`/api/results/inquiries/${id}/reply`)
        .set(await t.as(user))
        .send({ documentNo });
    const refusals = [
      [await reply(answered.id, '济纪函〔2026〕13号'), 409, 'results.answered'],
      [await reply(open.id, '济纪函〔2026〕12号'), 409, 'results.documentNoTaken'],
      [await reply(open.id, '第十二号'), 400, 'results.documentNo'],
      [await reply(open.id, '济纪函〔2026〕14号', 'orgdept1'), 403, undefined],
      [await reply(open.id, '济纪函〔2026〕14号', 'officer3'), 404, 'results.noInquiry'],
      [await ask({ cadreId: 'applicant1', purpose: 'selection', asOf: '2027-01-01' }), 400, 'results.asOfFuture'],
      [await ask({ cadreId: 'applicant1', purpose: 'selection', asOf: '2026-02-30' }), 400, 'results.asOf'],
      [await ask({ cadreId: 'nobody-here', purpose: 'selection' }), 400, 'results.unknownCadre'],
      [await ask({ cadreId: 'applicant1', purpose: 'selection' }, 'orgdept-qd'), 403, 'results.outOfScope'],
      [await ask({ cadreId: 'applicant1', purpose: 'selection' }, 'officer1'), 403, undefined],
      [await ask({ cadreId: 'applicant1', purpose: 'gossip' }), 400, undefined],
    ] as const;
    for (const [response, status, code] of refusals) {
      expect({ status: response.status, body: response.body }).toMatchObject({ status });
      expect(response.body.message).toEqual(expect.any(String));
      expect(response.body.messageZh ?? response.body.details?.conditions?.[0]?.zh).toMatch(/[\u4e00-\u9fff]/);
      if (code)
        expect(response.body.details.conditions).toEqual([
          expect.objectContaining({ code, zh: expect.stringMatching(/[\u4e00-\u9fff]/), en: expect.any(String) }),
        ]);
    }
    const huge = await t
      .http()
      .get('/api/results?limit=1000000')
      .set(await t.as('orgdept1'))
      .expect(400);
    expect(huge.body.details.conditions).toEqual([expect.objectContaining({ code: 'results.limit', zh: '每页条数须在1至200之间' })]);
    await t
      .http()
      .get('/api/results/cadres/applicant1?asOf=2099-01-01')
      .set(await t.as('orgdept1'))
      .expect(400);
    expect((await trailOf(t, 'results')).length).toBe(before.chain);
    expect(await get(t, 'orgdept1', '/api/results/inquiries')).toEqual(before.inquiries);
    expect(await get(t, 'orgdept1', `/api/results/inquiries/${open.id}`)).toMatchObject({ status: 'open', documentNo: null });
  });

  it('keeps to scope: an organisation department of another body sees none of these results or inquiries; parties and administrators cannot read it', async () => {
    expect((await get(t, 'orgdept-qd', '/api/results')).cadres).toEqual([]);
    expect((await get(t, 'orgdept-qd', '/api/results/cadres/applicant1')).results).toEqual([]);
    expect(await get(t, 'orgdept-qd', '/api/results/inquiries')).toEqual([]);
    const jinanInquiry = (await get(t, 'orgdept1', '/api/results/inquiries'))[0];
    await get(t, 'orgdept-qd', `/api/results/inquiries/${jinanInquiry.id}`, 404);
    await get(t, 'applicant1', '/api/results', 403);
    await get(t, 'sysadmin1', '/api/results/cadres/applicant1', 403);
    await get(t, 'orgdept1', '/api/results/cadres/nobody-here', 404);
    // A party's own view of the case is unchanged by the register: the cadre reads the closure as before.
    const own = await get(t, 'applicant1', `/api/cases/${cases.mitigated}`);
    expect(own.view).toBe('party');
  });
});
