import { PathDriver } from './support/path-driver';
import { recordResponses, type RecordedResponse } from './support/response-recorder';
import { startTestApp, type TestApp } from './support/test-app';
import { UsersService } from '../src/identity/users.service';
import { DEMO_PASSWORD } from '../src/demo/demo-users';

// The clarification samples' reporter (workflows/clarification/clarification.samples.ts).
const REPORTER_NAME = '王某某';
const REPORTER_CONTACT = '138-0000-0000';
const REPORTER_USER = 'applicant2';
const HOUR = 3600_000;

const EVERYONE = [
  'applicant1',
  'applicant2',
  'unit1',
  'officer1',
  'officer2',
  'officer3',
  'reviewer1',
  'committee1',
  'leader1',
  'orgdept1',
  'auditor1',
  'auditadmin1',
];

describe('sealed identities (reporter, accuser)', () => {
  let t: TestApp;
  let driver: PathDriver;
  let responses: RecordedResponse[];
  let clarificationId: string;
  let falseAccusationId: string;

  beforeAll(async () => {
    t = await startTestApp();
    responses = recordResponses(t.app.getHttpServer());
    driver = new PathDriver(t);
    // A signed report that proves false: the clarification closes and opens a false-accusation case.
    falseAccusationId = await driver.drive('falseAccusation', driver.paths('falseAccusation').get('closed')!);
    clarificationId = (await driver.view(falseAccusationId)).links.origin.caseId;
    await t.app.get(UsersService).create(
      {
        id: 'officerleader',
        displayName: '兼任承办人和领导',
        password: DEMO_PASSWORD,
        roles: [
          { role: 'officer', scope: '*' },
          { role: 'leader', scope: '*' },
        ],
      },
      t.clock.now().toISOString(),
    );
  });
  afterAll(() => t.close());

  const trailOf = async (caseId: string) =>
    (
      await t
        .http()
        .get(`/api/cases/${caseId}/trail`)
        .set(await t.as('auditor1'))
        .expect(200)
    ).body;

  it('never appear in any answer to anyone during a full scenario, before a reveal is approved', async () => {
    for (const user of EVERYONE) {
      const headers = await t.as(user);
      const list = await t.http().get('/api/cases?pageSize=100').set(headers);
      await t.http().get('/api/notifications').set(headers);
      for (const id of [clarificationId, falseAccusationId, ...(list.body.items ?? []).map((item: { id: string }) => item.id)]) {
        await t.http().get(`/api/cases/${id}`).set(headers);
        await t.http().get(`/api/cases/${id}/trail`).set(headers);
        await t.http().get(`/api/cases/${id}/reveals`).set(headers);
      }
    }
    await t
      .http()
      .get('/api/audit/export')
      .set(await t.as('auditor1'))
      .expect(200);
    expect(responses.length).toBeGreaterThan(100);
    const leaking = responses.filter((r) => r.body.includes(REPORTER_NAME) || r.body.includes(REPORTER_CONTACT));
    expect(leaking.map((r) => `${r.method} ${r.url}`)).toEqual([]);
    // Nor does the cadre concerned ever learn who reported them, not even by account name.
    const cadreToken = (await t.as('applicant1')).Authorization;
    const toCadre = responses.filter((r) => r.authorization === cadreToken);
    expect(toCadre.length).toBeGreaterThan(5);
    expect(toCadre.filter((r) => r.body.includes(REPORTER_USER)).map((r) => r.url)).toEqual([]);
  });

  it('request → approval by another → read by the requester, each in the trail with who and when; the grant expires', async () => {
    const asked = await t
      .http()
      .post(`/api/cases/${clarificationId}/reveals`)
      .set(await t.as('officer1'))
      .send({ reason: '核实诬告线索需要联系检举人' })
      .expect(201);
    expect(asked.body).toMatchObject({ status: 'pending', requestedBy: 'officer1' });
    const revealId = asked.body.id;
    await t
      .http()
      .get(`/api/reveals/${revealId}/identity`)
      .set(await t.as('officer1'))
      .expect(403);
    const approved = await t
      .http()
      .post(`/api/reveals/${revealId}/decision`)
      .set(await t.as('leader1'))
      .send({ approve: true, validHours: 2, note: '同意，限两小时' })
      .expect(201);
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: 'leader1' });
    await t
      .http()
      .post(`/api/reveals/${revealId}/decision`)
      .set(await t.as('leader1'))
      .send({ approve: false })
      .expect(409);

    const read = await t
      .http()
      .get(`/api/reveals/${revealId}/identity`)
      .set(await t.as('officer1'))
      .expect(200);
    expect(read.body.sealed).toMatchObject({ reporterName: REPORTER_NAME, reporterContact: REPORTER_CONTACT });
    // The reporter's own attempts on the case (their probes in the first test) were written under
    // the pseudonym; the grant shows who it was, checked against the commitment in each entry.
    expect(read.body.actors.length).toBeGreaterThan(0);
    expect(read.body.actors.map((a: Record<string, unknown>) => [a.actorId, a.pseudonym, a.verified])).toEqual(
      read.body.actors.map(() => [REPORTER_USER, 'sealed:reporter', true]),
    );
    // Only the requester reads under the grant; an applicant cannot even find it.
    await t
      .http()
      .get(`/api/reveals/${revealId}/identity`)
      .set(await t.as('officer2'))
      .expect(403);
    await t
      .http()
      .get(`/api/reveals/${revealId}/identity`)
      .set(await t.as('applicant1'))
      .expect(404);

    t.clock.advance(2 * HOUR + 1000);
    const expired = await t
      .http()
      .get(`/api/reveals/${revealId}/identity`)
      .set(await t.as('officer1'))
      .expect(403);
    expect(expired.body.code).toBe('REVEAL.NO_GRANT');
    const listed = await t
      .http()
      .get(`/api/cases/${clarificationId}/reveals`)
      .set(await t.as('auditor1'))
      .expect(200);
    expect(listed.body.find((r: { id: string }) => r.id === revealId).status).toBe('expired');

    const entries = (await trailOf(clarificationId)).filter((e: { event: string }) => e.event.startsWith('REVEAL_'));
    expect(entries.map((e: Record<string, unknown>) => [e.event, e.outcome, e.actorId, e.refusalCode ?? null])).toEqual([
      ['REVEAL_REQUESTED', 'applied', 'officer1', null],
      ['REVEAL_READ', 'refused', 'officer1', 'REVEAL.NO_GRANT'],
      ['REVEAL_APPROVED', 'applied', 'leader1', null],
      ['REVEAL_DENIED', 'refused', 'leader1', 'REVEAL.ALREADY_DECIDED'],
      ['REVEAL_READ', 'applied', 'officer1', null],
      ['REVEAL_READ', 'refused', 'officer2', 'REVEAL.NO_GRANT'],
      ['REVEAL_READ', 'refused', 'officer1', 'REVEAL.NO_GRANT'],
    ]);
    expect(entries[0]).toMatchObject({ reason: '核实诬告线索需要联系检举人', data: { revealId } });
    expect(entries[2]).toMatchObject({ data: { revealId, requestedBy: 'officer1', expiresAt: approved.body.expiresAt } });
    // How many pseudonymised actors the read revealed is on the record too (none acted on this case),
    // and, as on every entry of a case's chain, the case row (issue 16).
    expect(entries[4].data).toEqual({
      revealId,
      fields: expect.arrayContaining(['reporterName', 'reporterContact']),
      actors: read.body.actors.length,
      caseRow: expect.objectContaining({ version: expect.any(Number) }),
    });
    // The applicant's attempt never reached the case: it is on the security chain as a 404.
    const exported = (
      await t
        .http()
        .get('/api/audit/export')
        .set(await t.as('auditor1'))
        .expect(200)
    ).text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(exported.filter((e) => e.streamId === 'security' && e.actorId === 'applicant1' && e.data.path === `/api/reveals/${revealId}/identity`)).toEqual([
      expect.objectContaining({ event: 'GET /api/reveals/:revealId/identity', outcome: 'refused', refusalCode: 'REVEAL.NOT_FOUND' }),
    ]);
    // The trail records that the identity was read, never the identity itself.
    expect(JSON.stringify(entries)).not.toContain(REPORTER_NAME);
    // The cadre's timeline shows none of this.
    const cadreTimeline = (
      await t
        .http()
        .get(`/api/cases/${clarificationId}/trail`)
        .set(await t.as('applicant1'))
        .expect(200)
    ).body;
    expect(cadreTimeline.filter((e: { event: string }) => e.event.startsWith('REVEAL_'))).toEqual([]);
    expect(
      (
        await t
          .http()
          .get('/api/audit/verify')
          .set(await t.as('auditor1'))
          .expect(200)
      ).body.ok,
    ).toBe(true);
  });

  it('a requester approving their own request is refused, and the attempt is in the trail', async () => {
    const asked = await t
      .http()
      .post(`/api/cases/${falseAccusationId}/reveals`)
      .set(await t.as('officerleader'))
      .send({ reason: '需要核对诬告人的身份信息' })
      .expect(201);
    const self = await t
      .http()
      .post(`/api/reveals/${asked.body.id}/decision`)
      .set(await t.as('officerleader'))
      .send({ approve: true })
      .expect(403);
    expect(self.body.code).toBe('REVEAL.SELF_APPROVAL');
    const denied = await t
      .http()
      .post(`/api/reveals/${asked.body.id}/decision`)
      .set(await t.as('leader1'))
      .send({ approve: false, note: '理由不充分' })
      .expect(201);
    expect(denied.body.status).toBe('denied');
    await t
      .http()
      .get(`/api/reveals/${asked.body.id}/identity`)
      .set(await t.as('officerleader'))
      .expect(403);
    const entries = (await trailOf(falseAccusationId)).filter((e: { event: string }) => e.event.startsWith('REVEAL_'));
    expect(entries.map((e: Record<string, unknown>) => [e.event, e.outcome, e.actorId, e.refusalCode ?? null])).toEqual([
      ['REVEAL_REQUESTED', 'applied', 'officerleader', null],
      ['REVEAL_APPROVED', 'refused', 'officerleader', 'REVEAL.SELF_APPROVAL'],
      ['REVEAL_DENIED', 'applied', 'leader1', null],
      ['REVEAL_READ', 'refused', 'officerleader', 'REVEAL.NO_GRANT'],
    ]);
  });

  it('only a case officer asks, only a leader decides, with a reason; nothing to reveal is a conflict; parties never reach it', async () => {
    await t
      .http()
      .post(`/api/cases/${clarificationId}/reveals`)
      .set(await t.as('reviewer1'))
      .send({ reason: '审理需要核对检举人' })
      .expect(403);
    await t
      .http()
      .post(`/api/cases/${clarificationId}/reveals`)
      .set(await t.as('officer1'))
      .send({ reason: 'abc' })
      .expect(400);
    await t
      .http()
      .post(`/api/cases/${clarificationId}/reveals`)
      .set(await t.as('applicant1'))
      .send({ reason: '我想知道是谁举报了我' })
      .expect(404);
    await t
      .http()
      .post(`/api/cases/${clarificationId}/reveals`)
      .set(await t.as('auditor1'))
      .send({ reason: '审计需要核对检举人' })
      .expect(403);
    const asked = await t
      .http()
      .post(`/api/cases/${clarificationId}/reveals`)
      .set(await t.as('officer2'))
      .send({ reason: '再次核实线索来源' })
      .expect(201);
    await t
      .http()
      .post(`/api/reveals/${asked.body.id}/decision`)
      .set(await t.as('officer1'))
      .send({ approve: true })
      .expect(403);
    await t
      .http()
      .post(`/api/reveals/${asked.body.id}/decision`)
      .set(await t.as('leader1'))
      .send({ approve: true, validHours: 500 })
      .expect(400);
    const toleranceId = await driver.drive('tolerance', driver.paths('tolerance').get('verifying')!);
    const nothing = await t
      .http()
      .post(`/api/cases/${toleranceId}/reveals`)
      .set(await t.as('officer1'))
      .send({ reason: '这个案件没有检举人' })
      .expect(409);
    expect(nothing.body.code).toBe('REVEAL.NOTHING_SEALED');
  });
});
