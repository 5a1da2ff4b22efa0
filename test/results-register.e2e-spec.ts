import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
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

const scratch = mkdtempSync(join(tmpdir(), 'vetting-'));

/** The PDF's text through mupdf (ESM: a child process, test/support/pdf-tools.mjs). */
async function pdfText(bytes: Buffer): Promise<string> {
  const file = join(scratch, `${createHash('sha256').update(bytes).digest('hex')}.pdf`);
  writeFileSync(file, bytes);
  const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, 'support', 'pdf-tools.mjs'), 'text', file]);
  return (JSON.parse(stdout) as { text: string }).text;
}

async function binary(t: TestApp, url: string, user: string): Promise<{ status: number; body: Buffer; headers: Record<string, string> }> {
  const response = await t
    .http()
    .get(url)
    .set(await t.as(user))
    .buffer(true)
    .parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    });
  return { status: response.status, body: response.body as Buffer, headers: response.headers as Record<string, string> };
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

  it('a vetting inquiry is answered with exactly the results in force on the day asked, as a reply letter with an allocated 文号 on the trail', async () => {
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
      .send({})
      .expect(201);
    const expected = await get(t, 'officer1', '/api/results/cadres/applicant1?asOf=2026-08-15');
    // The 文号 is the next of the body's 函 series: nobody types it.
    expect(replied.body).toMatchObject({ status: 'answered', documentNo: '济纪函〔2026〕1号' });
    const documentNo = replied.body.documentNo;
    expect(replied.body.answer.results.map((r: any) => r.caseId).sort()).toEqual(expected.results.map((r: any) => r.caseId).sort());
    expect(replied.body.answer.results.map((r: any) => r.caseId)).toEqual(expect.arrayContaining([cases.mitigated, cases.clarified, cases.exemption]));
    // A result reached after the day asked is not in force then: the clarification concluded on 2026-08-10.
    const earlier = await get(t, 'officer1', '/api/results/cadres/applicant1?asOf=2026-08-01');
    expect(earlier.results.map((r: any) => r.caseId)).not.toContain(cases.clarified);
    expect(earlier.results.map((r: any) => r.caseId)).toContain(cases.mitigated);
    expect(replied.body.answer.standing).toMatchObject({ use: 'impactPeriod', until: '2026-10-20' });
    expect(replied.body.answer.letter.zh).toContain(documentNo);
    expect(replied.body.answer.letter.zh).toContain('影响期至2026-10-20');
    expect(replied.body.answer.letter.zh).toContain('张明');
    const chain = await trailOf(t, 'results');
    expect(chain.map((entry) => entry.event)).toEqual(['VETTING_INQUIRY', 'VETTING_REPLY']);
    expect(chain[0]).toMatchObject({ actorRole: 'orgDept' });
    expect(chain[1]).toMatchObject({ actorRole: 'officer' });
    expect(chain[1].data.documentNo).toBe(documentNo);
    expect(chain[1].data.documents).toEqual([
      expect.objectContaining({
        kind: 'vettingReply',
        docNo: documentNo,
        template: { kind: 'vettingReply', version: 1 },
        digest: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    ]);
    expect((await get(t, 'auditor1', '/api/audit/verify')).broken ?? []).toEqual([]);
    // The organisation department reads the answer and downloads the letter as issued.
    expect(await get(t, 'orgdept1', `/api/results/inquiries/${asked.body.id}`)).toMatchObject({ status: 'answered', documentNo });
    const pdf = await binary(t, `/api/results/inquiries/${asked.body.id}/pdf`, 'orgdept1');
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain(encodeURIComponent(`${documentNo}.pdf`));
    expect(createHash('sha256').update(pdf.body).digest('hex')).toBe(chain[1].data.documents[0].digest);
    const text = (await pdfText(pdf.body)).replace(/\s+/g, '');
    for (const expectedText of [
      documentNo,
      '关于张明同志党风廉政情况的回复意见',
      '济南市纪委监委',
      '截至2026年8月15日',
      '影响期至2026年10月20日',
      chain[1].data.documents[0].verificationCode,
    ]) {
      expect(text).toContain(expectedText);
    }
    // The verification page knows it: by its code and by its bytes; one changed byte does not match.
    const byCode = await get(t, 'applicant1', `/api/documents/verify?code=${chain[1].data.documents[0].verificationCode}`);
    expect(byCode).toMatchObject({
      match: true,
      docNo: documentNo,
      issuer: '济南市纪委监委',
      kind: { id: 'vettingReply', zh: '党风廉政意见回复函' },
      issuedByRole: 'officer',
    });
    const byFile = await t
      .http()
      .post('/api/documents/verify/file')
      .set(await t.as('orgdept1'))
      .set('Content-Type', 'application/pdf')
      .send(pdf.body)
      .expect(200);
    expect(byFile.body).toMatchObject({ match: true, docNo: documentNo });
    const altered = Buffer.from(pdf.body);
    altered[altered.length - 10] ^= 1;
    expect(
      (
        await t
          .http()
          .post('/api/documents/verify/file')
          .set(await t.as('orgdept1'))
          .set('Content-Type', 'application/pdf')
          .send(altered)
          .expect(200)
      ).body,
    ).toEqual({
      match: false,
    });
  });

  it('replies answered at the same time get distinct 文号, next in the series', async () => {
    const ids: string[] = [];
    for (const purpose of ['evaluation', 'assessment', 'other']) {
      ids.push(
        (
          await t
            .http()
            .post('/api/results/inquiries')
            .set(await t.as('orgdept1'))
            .send({ cadreId: 'applicant1', purpose })
            .expect(201)
        ).body.id,
      );
    }
    const answers = await Promise.all(
      ids.map(async (id) =>
        t
          .http()
          .post(`/api/results/inquiries/${id}/reply`)
          .set(await t.as('officer1'))
          .send({}),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
    expect(answers.map((answer) => answer.body.documentNo).sort()).toEqual(['济纪函〔2026〕2号', '济纪函〔2026〕3号', '济纪函〔2026〕4号']);
    // Three letters rendered one after another in the writer's queue: seconds each on a loaded machine.
  }, 180_000);

  it('refuses, in both languages and changing nothing: a second reply, the wrong role, a letter not yet issued, a bad or future day, an unknown cadre, a huge page', async () => {
    const ask = async (body: Record<string, unknown>, user = 'orgdept1') =>
      t
        .http()
        .post('/api/results/inquiries')
        .set(await t.as(user))
        .send(body);
    const open = (await ask({ cadreId: 'applicant1', purpose: 'assessment' })).body;
    const answered = (await get(t, 'orgdept1', '/api/results/inquiries?status=answered'))[0];
    const before = { chain: (await trailOf(t, 'results')).length, inquiries: await get(t, 'orgdept1', '/api/results/inquiries') };
    const reply = async (id: string, user = 'officer1') =>
      t
        .http()
        .post(`/api/results/inquiries/${id}/reply`)
        .set(await t.as(user))
        .send({});
    const refusals = [
      [await reply(answered.id), 409, 'results.answered'],
      [await reply(open.id, 'orgdept1'), 403, undefined],
      [await reply(open.id, 'officer3'), 404, 'results.noInquiry'],
      [
        await t
          .http()
          .get(`/api/results/inquiries/${open.id}/pdf`)
          .set(await t.as('orgdept1')),
        404,
        'results.noReply',
      ],
      [
        await t
          .http()
          .get(`/api/results?asOf=2026-13-01`)
          .set(await t.as('orgdept1')),
        400,
        'results.asOf',
      ],
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
    // No document was issued by a refused reply: the next reply takes the next number.
    expect((await reply(open.id)).body.documentNo).toBe('济纪函〔2026〕5号');
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

/**
 * "In force on a day" from the trail (issue 21 §3): a prepared history whose decisions change after
 * the days asked. The register and the vetting reply read each day as it stood then.
 */
describe('results in force on a day: read from the trail, not from the cases as they are now', () => {
  let t: TestApp;
  let driver: PathDriver;
  const cases: Record<string, string> = {};

  beforeAll(async () => {
    ({ t, driver } = await drivenApp());
    // Not tolerated on 2026-04-20, changed on review to an exemption on 2026-05-20, closed in July.
    cases.changed = await driver.drive('tolerance', driver.paths('tolerance').get('awaitingDecision')!);
    const steps: Array<[string, number, string]> = [
      ['DECIDE', 2, tolerance.DECIDE[2].at!],
      ['SERVE_DECISION', 0, tolerance.SERVE_DECISION[0].at!],
      ['ACKNOWLEDGE_RECEIPT', 0, tolerance.ACKNOWLEDGE_RECEIPT[0].at!],
      ['REQUEST_REVIEW', 0, tolerance.REQUEST_REVIEW[0].at!],
      ['DECIDE_REVIEW', 1, tolerance.DECIDE_REVIEW[1].at!],
      ['ACCEPT_RESULT', 0, '2026-05-25T02:00:00.000Z'],
      ['CLOSE', 0, tolerance.CLOSE[0].at!],
    ];
    for (const [type, index, at] of steps) {
      const sample = tolerance[type][index];
      await driver.step(cases.changed, type, sample.actor, sample.data, at);
    }
    // Mitigated on 2026-04-20 (impact period until 2026-10-20), closed in July, revoked on 2026-09-20.
    cases.revoked = await closedTolerance(driver, 1);
    const revocation = tolerance.DECISION_REVOKED[0];
    await driver.step(cases.revoked, 'DECISION_REVOKED', revocation.actor, revocation.data, '2026-09-20T02:00:00.000Z');
    // Clarified: concluded on 2026-08-10.
    cases.clarified = await driver.drive('clarification', driver.paths('clarification').get('closed')!);
    t.clock.set('2026-09-25T02:00:00.000Z');
  }, 240_000);
  afterAll(() => t.close());

  const inForce = async (day: string) =>
    (await get(t, 'officer1', `/api/results/cadres/applicant1?asOf=${day}`)).results
      .map((result: any) => ({ caseId: result.caseId, effect: result.effect, state: result.state }))
      .sort((a: any, b: any) => a.caseId.localeCompare(b.caseId));
  const expected = (...rows: Array<[string, string, string]>) =>
    rows.map(([name, effect, state]) => ({ caseId: cases[name], effect, state })).sort((a, b) => a.caseId.localeCompare(b.caseId));

  it('each day lists exactly the results then in force, as they stood then', async () => {
    expect(await inForce('2026-04-19')).toEqual([]);
    expect(await inForce('2026-04-20')).toEqual(expected(['changed', 'notTolerated', 'awaitingService'], ['revoked', 'impactPeriod', 'awaitingService']));
    expect(await inForce('2026-05-19')).toEqual(expected(['changed', 'notTolerated', 'underReview'], ['revoked', 'impactPeriod', 'awaitingClosure']));
    expect(await inForce('2026-05-20')).toEqual(expected(['changed', 'notAffected', 'appealWindow'], ['revoked', 'impactPeriod', 'awaitingClosure']));
    expect(await inForce('2026-08-09')).toEqual(expected(['changed', 'notAffected', 'closed'], ['revoked', 'impactPeriod', 'closed']));
    expect(await inForce('2026-08-15')).toEqual(
      expected(['changed', 'notAffected', 'closed'], ['revoked', 'impactPeriod', 'closed'], ['clarified', 'clarified', 'closed']),
    );
    expect(await inForce('2026-09-19')).toEqual(
      expected(['changed', 'notAffected', 'closed'], ['revoked', 'impactPeriod', 'closed'], ['clarified', 'clarified', 'closed']),
    );
    expect(await inForce('2026-09-20')).toEqual(
      expected(['changed', 'notAffected', 'closed'], ['revoked', 'revoked', 'revoked'], ['clarified', 'clarified', 'closed']),
    );
    // Today (2026-09-25) is the default day, and the register's list takes the same day.
    expect(await inForce('2026-09-25')).toEqual(await inForce(''));
    const standing = async (day: string) =>
      (await get(t, 'officer1', `/api/results?asOf=${day}`)).cadres.find((cadre: any) => cadre.cadreId === 'applicant1')?.standing;
    expect(await standing('2026-04-19')).toBeUndefined();
    expect(await standing('2026-05-20')).toMatchObject({ use: 'impactPeriod', until: '2026-10-20' });
    expect(await standing('2026-09-25')).toMatchObject({ use: 'reference' });
    expect((await get(t, 'officer1', '/api/results?asOf=2026-05-20')).asOf).toBe('2026-05-20');
  });

  it('a reply for a past day lists exactly the results in force that day', async () => {
    for (const [day, rows] of [
      ['2026-05-19', expected(['changed', 'notTolerated', 'underReview'], ['revoked', 'impactPeriod', 'awaitingClosure'])],
      ['2026-04-19', []],
    ] as const) {
      const asked = await t
        .http()
        .post('/api/results/inquiries')
        .set(await t.as('orgdept1'))
        .send({ cadreId: 'applicant1', purpose: 'selection', asOf: day })
        .expect(201);
      const replied = await t
        .http()
        .post(`/api/results/inquiries/${asked.body.id}/reply`)
        .set(await t.as('leader1'))
        .send({})
        .expect(201);
      const listed = replied.body.answer.results
        .map((result: any) => ({ caseId: result.caseId, effect: result.effect, state: result.state }))
        .sort((a: any, b: any) => a.caseId.localeCompare(b.caseId));
      expect(listed).toEqual(rows);
      const entry = (await trailOf(t, 'results')).filter((e) => e.event === 'VETTING_REPLY').at(-1)!;
      expect(entry.data.results.map((result: any) => result.caseId).sort()).toEqual(rows.map((row) => row.caseId).sort());
      if (rows.length === 0) expect(replied.body.answer.letter.zh).toContain('本机关未掌握该同志上述方面的结果');
    }
  });
});
