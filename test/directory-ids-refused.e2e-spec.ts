import { PROCEDURE_SAMPLES } from '../workflows';
import { startTestApp, type TestApp } from './support/test-app';

const exOfficio = PROCEDURE_SAMPLES.tolerance.creations.find((creation) => creation.actor.role === 'officer')!.data as Record<string, unknown>;

/**
 * Issue 18, bad input: what the pickers send is an id; an id the directory does not know, or one
 * beyond the caller's grants, is refused 400 naming the field in both languages, and the refused
 * request changes nothing.
 */
describe('unit and body ids the directory or the grants do not allow', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const casesOf = async (user: string) =>
    (
      await t
        .http()
        .get('/api/cases?pageSize=1')
        .set(await t.as(user))
        .expect(200)
    ).body.total as number;
  const bilingual = (field: string) => expect.objectContaining({ field, zh: expect.stringMatching(/[\u4e00-\u9fff]/), en: expect.stringMatching(/[A-Za-z]/) });

  it('opening a case: an unknown unit and a unit of another body are refused 400 naming unitId; nothing is opened', async () => {
    const before = { all: await casesOf('officer1'), qingdao: await casesOf('officer3') };
    const unknown = await t
      .http()
      .post('/api/cases')
      .set(await t.as('officer1'))
      .send({ procedure: 'tolerance', ...exOfficio, unitId: 'unit-nowhere' })
      .expect(400);
    expect(unknown.body.details.conditions).toEqual([
      expect.objectContaining({ code: 'directory.unknownUnit', zh: expect.stringContaining('不在单位名录中') }),
    ]);
    expect(unknown.body.details.conditions[0]).toEqual(bilingual('unitId'));
    // officer3 works for Qingdao; 济南市发展和改革委员会 is under Jinan.
    const outside = await t
      .http()
      .post('/api/cases')
      .set(await t.as('officer3'))
      .send({ procedure: 'tolerance', ...exOfficio, unitId: 'unit-jinan-dev' })
      .expect(400);
    expect(outside.body.details.conditions).toEqual([expect.objectContaining({ code: 'creation.unitOutsideGrant' })]);
    expect(outside.body.details.conditions[0]).toEqual(bilingual('unitId'));
    expect({ all: await casesOf('officer1'), qingdao: await casesOf('officer3') }).toEqual(before);
  });

  it('statistics: an unknown body or unit, or one beyond the grants, is refused 400 naming the filter', async () => {
    const ask = async (user: string, filters: Record<string, string>) =>
      t
        .http()
        .get('/api/stats')
        .query({ period: '2026', ...filters })
        .set(await t.as(user))
        .expect(400);
    for (const [user, filters, field] of [
      ['officer1', { jurisdiction: 'nowhere' }, 'jurisdiction'],
      ['officer1', { unit: 'unit-nowhere' }, 'unit'],
      ['officer3', { jurisdiction: 'jinan' }, 'jurisdiction'],
      ['officer3', { unit: 'unit-jinan-dev' }, 'unit'],
    ] as const) {
      const refused = await ask(user, filters);
      expect([user, refused.body.details.conditions[0]]).toEqual([user, bilingual(field)]);
    }
  });

  it('accounts: an unknown unit, and a grant naming an unknown unit or body, are refused 400 naming the field; nothing changes', async () => {
    const sys = await t.as('sysadmin1');
    const sec = await t.as('secadmin1');
    const users = async () => (await t.http().get('/api/admin/users').set(sec).expect(200)).body;
    const before = await users();
    const unit = await t
      .http()
      .post('/api/admin/users')
      .set(sys)
      .send({ id: 'clerk-nowhere', displayName: '某人', unitId: 'unit-nowhere', password: 'Temp0rary-pass!' })
      .expect(400);
    expect(unit.body.details.conditions[0]).toEqual(bilingual('unitId'));
    for (const [roles, code] of [
      [[{ role: 'applicant', scope: 'unit-nowhere' }], 'admin.unknownScopeUnit'],
      [[{ role: 'officer', scope: 'nowhere' }], 'admin.unknownScopeBody'],
    ] as const) {
      const refused = await t.http().put('/api/admin/users/officer2/roles').set(sec).send({ roles }).expect(400);
      expect(refused.body.details.conditions).toEqual([expect.objectContaining({ code })]);
      expect(refused.body.details.conditions[0]).toEqual(bilingual('roles'));
    }
    expect(await users()).toEqual(before);
    // A body of the tree is accepted.
    await t
      .http()
      .put('/api/admin/users/officer2/roles')
      .set(sec)
      .send({ roles: [{ role: 'officer', scope: 'qingdao' }] })
      .expect(200);
  });

  it('the queue and the results register: an unknown unit or cadre, or a unit beyond the grants, is refused 400 naming the filter', async () => {
    const list = async (user: string, path: string, status: number) =>
      (
        await t
          .http()
          .get(path)
          .set(await t.as(user))
          .expect(status)
      ).body;
    for (const [user, path, field, code] of [
      ['officer1', '/api/cases?unit=unit-nowhere', 'unit', 'filter.unknownUnit'],
      ['officer3', '/api/cases?unit=unit-jinan-dev', 'unit', 'filter.unitOutOfScope'],
      ['officer1', '/api/cases?cadre=nobody-here', 'cadre', 'filter.unknownCadre'],
      ['orgdept1', '/api/results?unit=unit-nowhere', 'unit', 'filter.unknownUnit'],
    ] as const) {
      const refused = await list(user, path, 400);
      expect([path, refused.details.conditions]).toEqual([path, [expect.objectContaining({ code })]]);
      expect(refused.details.conditions[0]).toEqual(bilingual(field));
      expect(refused.details.conditions[0].zh).not.toMatch(/[A-Za-z]/);
    }
    // Within the grants the same filters answer: officer3's own unit, officer1's any unit, a cadre by id.
    expect((await list('officer3', '/api/cases?unit=unit-qingdao-port', 200)).items).toEqual(expect.any(Array));
    const jinan = await list('officer1', '/api/cases?unit=unit-jinan-dev&pageSize=100', 200);
    expect(jinan.items.every((item: { unitId: string }) => item.unitId === 'unit-jinan-dev')).toBe(true);
    await list('officer1', '/api/cases?cadre=applicant1', 200);
    await list('orgdept1', '/api/results?unit=unit-jinan-dev', 200);
  });
});
