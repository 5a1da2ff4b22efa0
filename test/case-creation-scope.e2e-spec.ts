import { PROCEDURE_SAMPLES } from '../workflows';
import { DEMO_PASSWORD } from '../src/demo/demo-users';
import { UsersService } from '../src/identity/users.service';
import { startTestApp, type TestApp } from './support/test-app';
import { openRawDatabase } from './support/test-database';

const application = PROCEDURE_SAMPLES.tolerance.creations[0].data;
const exOfficio = PROCEDURE_SAMPLES.tolerance.creations.find((c) => c.actor.role === 'officer')!.data;

/**
 * Issue 16, items 6 and 7: an applicant cannot name another cadre (the trail would contradict the
 * case), and every creator may open a case only in a unit their grant covers.
 */
describe('who may open a case for whom, and where', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.app
      .get(UsersService)
      .create(
        { id: 'officer-qd', displayName: '青岛承办人', password: DEMO_PASSWORD, roles: [{ role: 'officer', scope: 'qingdao' }] },
        t.clock.now().toISOString(),
      );
  });
  afterAll(() => t.close());

  async function counts(): Promise<{ cases: number; entries: number }> {
    const db = await openRawDatabase(t.dbPath);
    try {
      const [cases] = await db.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM cases');
      const [entries] = await db.query<{ n: number | string }>("SELECT COUNT(*) AS n FROM audit_entries WHERE outcome = 'applied'");
      return { cases: Number(cases.n), entries: Number(entries.n) };
    } finally {
      await db.close();
    }
  }

  it('an applicant naming another cadre is refused (400 naming cadreId) and nothing is written', async () => {
    const before = await counts();
    const refused = await t
      .http()
      .post('/api/cases')
      .set(await t.as('applicant1'))
      .send({ procedure: 'tolerance', ...application, cadreId: 'applicant2' })
      .expect(400);
    expect(refused.body).toMatchObject({
      code: 'CASE.INVALID_PAYLOAD',
      details: { fields: [{ field: 'cadreId' }], conditions: [{ code: 'creation.foreignCadre', field: 'cadreId', zh: expect.stringContaining('本人') }] },
    });
    expect(await counts()).toEqual(before);
    // Naming themselves is what the page sends, and is taken; the CREATE entry then agrees with the case.
    const created = await t
      .http()
      .post('/api/cases')
      .set(await t.as('applicant1'))
      .send({ procedure: 'tolerance', ...application, cadreId: 'applicant1' })
      .expect(201);
    const trail = (
      await t
        .http()
        .get(`/api/cases/${created.body.id}/trail`)
        .set(await t.as('auditor1'))
        .expect(200)
    ).body;
    expect(trail[0].data.cadreId).toBe('applicant1');
    expect(created.body.data.parties.cadreId).toBe('applicant1');
  });

  it('every creator may open a case only in a unit their grant covers (403 with the reason)', async () => {
    const before = await counts();
    const attempts: Array<[user: string, body: Record<string, unknown>]> = [
      ['applicant1', { ...application, unitId: 'unit-qingdao-port' }],
      ['unit1', { ...application, cadreId: 'applicant2', unitId: 'unit-qingdao-port' }],
      ['officer-qd', { ...exOfficio, cadreId: 'applicant1', unitId: 'unit-jinan-dev' }],
    ];
    for (const [user, body] of attempts) {
      const refused = await t
        .http()
        .post('/api/cases')
        .set(await t.as(user))
        .send({ procedure: 'tolerance', ...body });
      // 400 naming the field, in both languages (issue 18, bad input).
      expect([user, refused.status, refused.body.code]).toEqual([user, 400, 'CASE.INVALID_PAYLOAD']);
      expect(refused.body.details.conditions).toEqual([
        expect.objectContaining({ code: 'creation.unitOutsideGrant', field: 'unitId', zh: expect.stringContaining('授权范围') }),
      ]);
    }
    expect(await counts()).toEqual(before);
    // The unit of the other body never sees a case it was named in.
    const seen = await t
      .http()
      .get('/api/cases?pageSize=100')
      .set(await t.as('officer-qd'))
      .expect(200);
    expect(seen.body.items.filter((item: { data: { parties: { cadreId: string } } }) => item.data.parties.cadreId === 'applicant1')).toEqual([]);
    // Within their grants each of them may.
    await t
      .http()
      .post('/api/cases')
      .set(await t.as('applicant2'))
      .send({ procedure: 'tolerance', ...application, unitId: 'unit-qingdao-port' })
      .expect(201);
    await t
      .http()
      .post('/api/cases')
      .set(await t.as('unit1'))
      .send({ procedure: 'tolerance', ...application, cadreId: 'applicant1', unitId: 'unit-jinan-dev' })
      .expect(201);
    await t
      .http()
      .post('/api/cases')
      .set(await t.as('officer-qd'))
      .send({ procedure: 'tolerance', ...exOfficio, cadreId: 'applicant2', unitId: 'unit-qingdao-port' })
      .expect(201);
  });
});
