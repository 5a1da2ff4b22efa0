import { toleranceSamples } from '../workflows/tolerance/tolerance.samples';
import { startTestApp, type TestApp } from './support/test-app';

const sample = (type: string): Record<string, unknown> => toleranceSamples.events[type][0].data;
const application = toleranceSamples.creations[0].data;

/**
 * Many writers at once on one service. On PostgreSQL the requests really run side by side on the
 * pool (row locks, advisory locks and SKIP LOCKED do the ordering); on SQLite the transaction
 * queue does, with transactions shared (group commit, the default) or one commit each. Either way:
 * one winner per conflict, one effect per idempotency key, one valid chain.
 */
describe.each(['on', 'off'])('concurrent writers (GROUP_COMMIT=%s)', (groupCommit) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { GROUP_COMMIT: groupCommit } });
  });
  afterAll(() => t.close());

  async function submitted(count: number): Promise<Array<{ id: string; version: number }>> {
    const cases = [];
    for (let i = 0; i < count; i += 1) {
      const created = await t
        .http()
        .post('/api/cases')
        .set(await t.as('applicant1'))
        .send({ procedure: 'tolerance', ...application })
        .expect(201);
      const sent = await t
        .http()
        .post(`/api/cases/${created.body.id}/events`)
        .set(await t.as('applicant1'))
        .send({ type: 'SUBMIT', expectedVersion: 1 })
        .expect(200);
      cases.push({ id: sent.body.id, version: sent.body.version });
    }
    return cases;
  }

  const send = async (id: string, user: string, type: string, expectedVersion: number, key?: string) => {
    const call = t
      .http()
      .post(`/api/cases/${id}/events`)
      .set(await t.as(user));
    if (key) call.set('Idempotency-Key', key);
    return call.send({ type, expectedVersion, ...sample(type) });
  };

  const trailOf = async (id: string) =>
    (
      await t
        .http()
        .get(`/api/cases/${id}/trail`)
        .set(await t.as('auditor1'))
        .expect(200)
    ).body as Array<Record<string, unknown>>;

  // Each winning REJECT issues a decision: eight PDFs rendered on a loaded machine take more than the default 30 s.
  it('conflicting events on many cases at once: exactly one winner per case, the loser told 409 and recorded', async () => {
    const cases = await submitted(8);
    const answers = await Promise.all(cases.flatMap(({ id, version }) => [send(id, 'officer1', 'ACCEPT', version), send(id, 'officer2', 'REJECT', version)]));
    for (const [index, { id, version }] of cases.entries()) {
      const pair = answers.slice(index * 2, index * 2 + 2);
      expect(pair.map((answer) => answer.status).sort()).toEqual([200, 409]);
      expect(pair.find((answer) => answer.status === 409)!.body).toMatchObject({ code: 'CASE.STALE_VERSION', details: { currentVersion: version + 1 } });
      const trail = await trailOf(id);
      expect(trail.map((entry) => entry.position)).toEqual([1, 2, 3, 4]);
      expect(trail.map((entry) => entry.outcome)).toEqual(['applied', 'applied', 'applied', 'refused']);
    }
    expect(
      (
        await t
          .http()
          .get('/api/audit/verify')
          .set(await t.as('auditor1'))
      ).body.ok,
    ).toBe(true);
  }, 400_000);

  it('one Idempotency-Key sent several times at once: one effect, every answer the first one', async () => {
    const [{ id, version }] = await submitted(1);
    const answers = await Promise.all([1, 2, 3, 4].map(() => send(id, 'officer1', 'ACCEPT', version, 'accept-race')));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    for (const answer of answers) expect(answer.body).toEqual(answers[0].body);
    expect((await trailOf(id)).filter((entry) => entry.event === 'ACCEPT')).toHaveLength(1);

    const creations = await Promise.all(
      [1, 2, 3].map(async () =>
        // In applicant2's own unit: a creator may open a case only within their grant (issue 16).
        t
          .http()
          .post('/api/cases')
          .set(await t.as('applicant2'))
          .set('Idempotency-Key', 'open-race')
          .send({ procedure: 'tolerance', ...application, unitId: 'unit-qingdao-port' }),
      ),
    );
    expect(creations.map((answer) => answer.status)).toEqual([201, 201, 201]);
    expect(new Set(creations.map((answer) => answer.body.id)).size).toBe(1);
    const mine = await t
      .http()
      .get('/api/cases?pageSize=100')
      .set(await t.as('applicant2'))
      .expect(200);
    expect(mine.body.items.filter((item: { id: string }) => item.id === creations[0].body.id)).toHaveLength(1);
    expect(mine.body.total).toBe(1);
  });

  it('refusals that concern no case, many at once, still form one valid security chain', async () => {
    const missing = Array.from({ length: 10 }, (_, i) => `6f1c2d4e-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const answers = await Promise.all(missing.map((id) => send(id, 'officer1', 'ACCEPT', 1)));
    expect(answers.map((answer) => answer.status)).toEqual(missing.map(() => 404));
    expect(
      (
        await t
          .http()
          .get('/api/audit/verify')
          .set(await t.as('auditor1'))
      ).body.ok,
    ).toBe(true);
  });
});
