import { toleranceSamples } from '../workflows/tolerance/tolerance.samples';
import { startTestApp, type TestApp } from './support/test-app';

const sample = (type: string): Record<string, unknown> => toleranceSamples.events[type][0].data;
const application = toleranceSamples.creations[0].data;

/**
 * GROUP_COMMIT=on: requests that arrive together share one durable commit, and still each one
 * stands or falls on its own (src/database/group-commit.spec.ts shows the commit order itself).
 */
describe('group commit through HTTP (real SQLite)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { GROUP_COMMIT: 'on' } });
  });
  afterAll(() => t.close());

  async function openDraft(): Promise<{ id: string; version: number }> {
    const created = await t
      .http()
      .post('/api/cases')
      .set(await t.as('applicant1'))
      .send({ procedure: 'tolerance', ...application })
      .expect(201);
    return { id: created.body.id, version: created.body.version };
  }

  const submit = async (id: string, user: string, expectedVersion: number) =>
    t
      .http()
      .post(`/api/cases/${id}/events`)
      .set(await t.as(user))
      .send({ type: 'SUBMIT', expectedVersion, ...sample('SUBMIT') });

  it('applies the valid transitions of a group and refuses the others alone, each refusal in the trail', async () => {
    const cases = await Promise.all(Array.from({ length: 6 }, () => openDraft()));
    await t.as('applicant2');
    // All in flight at once: four valid, one with a stale version, one by someone not the cadre.
    const answers = await Promise.all([
      submit(cases[0].id, 'applicant1', cases[0].version),
      submit(cases[1].id, 'applicant1', cases[1].version),
      submit(cases[2].id, 'applicant1', cases[2].version - 1),
      submit(cases[3].id, 'applicant1', cases[3].version),
      submit(cases[4].id, 'applicant2', cases[4].version),
      submit(cases[5].id, 'applicant1', cases[5].version),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 409, 200, 404, 200]);
    expect(answers[2].body.code).toBe('CASE.STALE_VERSION');

    const auditor = await t.as('auditor1');
    const states = await Promise.all(cases.map(async ({ id }) => (await t.http().get(`/api/cases/${id}`).set(auditor).expect(200)).body.state));
    expect(states).toEqual(['submitted', 'submitted', 'draft', 'submitted', 'draft', 'submitted']);
    const stale = (await t.http().get(`/api/cases/${cases[2].id}/trail`).set(auditor).expect(200)).body as Array<Record<string, unknown>>;
    expect(stale.map((entry) => [entry.event, entry.outcome])).toEqual([
      ['CREATE', 'applied'],
      ['SUBMIT', 'refused'],
    ]);
    expect((await t.http().get('/api/audit/verify').set(auditor).expect(200)).body).toMatchObject({ ok: true });
  });

  it('answers a burst of transitions with every one applied once and a trail that verifies', async () => {
    const cases = await Promise.all(Array.from({ length: 40 }, () => openDraft()));
    const answers = await Promise.all(cases.map(({ id, version }) => submit(id, 'applicant1', version)));
    expect(answers.every((answer) => answer.status === 200 && answer.body.state === 'submitted' && answer.body.version === 2)).toBe(true);
    const auditor = await t.as('auditor1');
    expect((await t.http().get('/api/audit/verify').set(auditor).expect(200)).body).toMatchObject({ ok: true });
  });
});
