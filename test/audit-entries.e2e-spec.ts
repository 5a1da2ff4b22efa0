import { toleranceSamples } from '../workflows/tolerance/tolerance.samples';
import { startTestApp, type TestApp } from './support/test-app';

/** The auditors' trail search: GET /api/audit/entries, filtered and paged, for oversight roles only. */
describe('trail search across cases (GET /api/audit/entries)', () => {
  let t: TestApp;
  let caseId: string;
  let otherCaseId: string;
  const search = async (query: string) =>
    (
      await t
        .http()
        .get(`/api/audit/entries${query}`)
        .set(await t.as('auditor1'))
        .expect(200)
    ).body as {
      items: Array<Record<string, unknown>>;
      total: number;
      page: number;
      pageSize: number;
    };

  beforeAll(async () => {
    t = await startTestApp();
    const applicant = await t.as('applicant1');
    const open = async () =>
      (
        await t
          .http()
          .post('/api/cases')
          .set(applicant)
          .send({ procedure: 'tolerance', ...toleranceSamples.creations[0].data })
          .expect(201)
      ).body.id as string;
    caseId = await open();
    await t.http().post(`/api/cases/${caseId}/events`).set(applicant).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    t.clock.advance(24 * 3600 * 1000);
    await t
      .http()
      .post(`/api/cases/${caseId}/events`)
      .set(await t.as('officer1'))
      .send({ type: 'ACCEPT', expectedVersion: 2 })
      .expect(200);
    await t
      .http()
      .post(`/api/cases/${caseId}/events`)
      .set(await t.as('officer2'))
      .send({ type: 'ACCEPT', expectedVersion: 2 })
      .expect(409);
    otherCaseId = await open();
  });
  afterAll(() => t.close());

  it('lists entries newest first, with the chain fields', async () => {
    const all = await search('?pageSize=200');
    const times = all.items.map((entry) => String(entry.at));
    expect([...times].sort().reverse()).toEqual(times);
    const ofCases = all.items.filter((entry) => entry.caseId === caseId || entry.caseId === otherCaseId);
    expect(ofCases.map((entry) => `${entry.event}:${entry.outcome}`)).toEqual([
      'CREATE:applied',
      'ACCEPT:refused',
      'ACCEPT:applied',
      'SUBMIT:applied',
      'CREATE:applied',
    ]);
    expect(ofCases[0]).toMatchObject({ caseId: otherCaseId, position: 1, hash: expect.stringMatching(/^[0-9a-f]{64}$/), prevHash: expect.any(String) });
    expect(typeof ofCases[0].data).toBe('object');
  });

  it('filters by case, actor, role, event, procedure, refusal and time range, and pages', async () => {
    expect((await search(`?caseId=${caseId}`)).total).toBe(4);
    expect((await search('?refused=true&procedure=tolerance')).items).toEqual([
      expect.objectContaining({ caseId, event: 'ACCEPT', actorId: 'officer2', outcome: 'refused', refusalCode: 'CASE.STALE_VERSION' }),
    ]);
    expect((await search('?actor=officer1&procedure=tolerance')).items.map((entry) => entry.event)).toEqual(['ACCEPT']);
    expect((await search('?role=applicant&event=CREATE')).total).toBe(2);
    expect((await search('?procedure=tolerance')).total).toBe(5);
    expect((await search('?procedure=clarification')).total).toBe(0);
    // Two days: the application on the first; acceptance, the refusal and the second case on the next.
    const day = (from: string, to?: string) => search(`?procedure=tolerance&from=${encodeURIComponent(from)}${to ? `&to=${encodeURIComponent(to)}` : ''}`);
    expect((await day('2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z')).items.map((entry) => entry.event)).toEqual(['SUBMIT', 'CREATE']);
    expect((await day('2026-03-03T00:00:00Z')).total).toBe(3);
    // Instants with an offset mean the same: midnight in China is 16:00 UTC the day before.
    expect((await day('2026-03-03T09:00:00+08:00', '2026-03-03T09:00:00.001+08:00')).total).toBe(3);
    expect((await day('2026-03-01T00:00:00+08:00', '2026-03-02T00:00:00+08:00')).total).toBe(0);
    const page2 = await search('?procedure=tolerance&pageSize=3&page=2&order=asc');
    expect(page2).toMatchObject({ total: 5, page: 2, pageSize: 3 });
    expect(page2.items.map((entry) => `${entry.event}:${entry.outcome}`)).toEqual(['ACCEPT:refused', 'CREATE:applied']);
  });

  it('refuses bad filters with 400 and everyone but auditors with 403', async () => {
    for (const query of ['?from=yesterday', '?caseId=not-a-uuid', '?pageSize=500', '?refused=maybe&unknown=1']) {
      await t
        .http()
        .get(`/api/audit/entries${query}`)
        .set(await t.as('auditor1'))
        .expect(400);
    }
    for (const user of ['officer1', 'applicant1', 'committee1', 'sysadmin1']) {
      const response = await t
        .http()
        .get('/api/audit/entries')
        .set(await t.as(user))
        .expect(403);
      expect(response.body.code).toBe('AUTH.FORBIDDEN');
    }
    await t.http().get('/api/audit/entries').expect(401);
    expect(
      (
        await t
          .http()
          .get('/api/audit/entries?procedure=tolerance')
          .set(await t.as('auditadmin1'))
          .expect(200)
      ).body.total,
    ).toBe(5);
  });
});
