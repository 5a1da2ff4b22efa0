import { startTestApp, type TestApp } from './support/test-app';

/**
 * Issue 18 §1: the pickers find cadres, units and bodies by 拼音首字母, computed by the service
 * (pinyin-pro) and stored with the row, so the same LIKE works on SQLite and PostgreSQL.
 */
describe('pickers by pinyin initials', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const search = async (what: 'cadres' | 'units' | 'bodies', q: string, userId = 'officer1') =>
    (
      await t
        .http()
        .get(`/api/directory/${what}?q=${encodeURIComponent(q)}`)
        .set(await t.as(userId))
        .expect(200)
    ).body as Array<{ id: string; name: string }>;

  it('finds a cadre added without initials by the initials of the name, a surname in its surname reading', async () => {
    const admin = await t.as('sysadmin1');
    await t
      .http()
      .post('/api/admin/cadres')
      .set(admin)
      .send({ id: 'py-zengwei', name: '曾伟', position: '科长', rank: '', unitId: 'unit-jinan-dev' })
      .expect(201);
    await t
      .http()
      .post('/api/admin/cadres')
      .set(admin)
      .send({ id: 'py-shanli', name: '单丽', position: '副科长', rank: '', unitId: 'unit-jinan-dev' })
      .expect(201);
    expect((await search('cadres', 'zw')).map((c) => c.id)).toContain('py-zengwei');
    expect((await search('cadres', 'ZW')).map((c) => c.id)).toContain('py-zengwei');
    expect((await search('cadres', 'sl')).map((c) => c.id)).toContain('py-shanli');
    expect((await search('cadres', '曾')).map((c) => c.id)).toContain('py-zengwei');
    expect((await search('cadres', 'qx')).map((c) => c.id)).not.toContain('py-zengwei');
  });

  it('finds units and bodies by the initials of their names, by name and by code', async () => {
    expect(await search('units', 'jnsfz')).toEqual([
      expect.objectContaining({ id: 'unit-jinan-dev', name: '济南市发展和改革委员会', body: { id: 'jinan', name: '济南市纪委监委' } }),
    ]);
    expect((await search('units', '青岛港')).map((u) => u.id)).toEqual(['unit-qingdao-port']);
    expect((await search('bodies', 'sdsjwjw')).map((b) => b.id)).toEqual(['shandong']);
    expect((await search('bodies', 'qingdao')).map((b) => b.id)).toEqual(['qingdao']);
    // A LIKE wildcard typed in is not a wildcard.
    expect(await search('bodies', '%')).toHaveLength(3);
    expect(await search('bodies', '_x_')).toEqual([]);
  });

  it('names the bodies a record cites by their ids, leaving out ids it does not know (issue 23 §5)', async () => {
    const { body } = await t
      .http()
      .get('/api/directory/bodies?ids=qingdao,jinan,no-such-body')
      .set(await t.as('auditor1'))
      .expect(200);
    expect(body).toEqual([
      expect.objectContaining({ id: 'jinan', name: '济南市纪委监委' }),
      expect.objectContaining({ id: 'qingdao', name: expect.stringMatching(/^青岛市/) }),
    ]);
    expect(
      (
        await t
          .http()
          .get('/api/directory/bodies?ids=')
          .set(await t.as('auditor1'))
          .expect(200)
      ).body,
    ).toEqual([]);
  });

  it('names the units and cadres a picker was filled in with by their ids; a cadre beyond the grants is left out', async () => {
    const named = async (user: string, path: string) =>
      (
        await t
          .http()
          .get(path)
          .set(await t.as(user))
          .expect(200)
      ).body as Array<{ id: string; name: string }>;
    expect(await named('officer1', '/api/directory/units?ids=unit-qingdao-port,unit-jinan-dev,unit-nowhere')).toEqual([
      expect.objectContaining({ id: 'unit-jinan-dev', name: '济南市发展和改革委员会', body: { id: 'jinan', name: '济南市纪委监委' } }),
      expect.objectContaining({ id: 'unit-qingdao-port', name: '青岛港集团' }),
    ]);
    // Each its own cadres: one under Jinan, one under Qingdao.
    const admin = await t.as('sysadmin1');
    for (const [id, name, unitId] of [
      ['ids-jinan', '韩冰', 'unit-jinan-dev'],
      ['ids-qingdao', '魏东', 'unit-qingdao-port'],
    ]) {
      await t.http().post('/api/admin/cadres').set(admin).send({ id, name, position: '科员', rank: '', unitId }).expect(201);
    }
    expect(await named('officer1', '/api/directory/cadres?ids=ids-qingdao,ids-jinan,nobody')).toEqual([
      expect.objectContaining({ id: 'ids-jinan', name: '韩冰', unit: { id: 'unit-jinan-dev', name: '济南市发展和改革委员会' } }),
      expect.objectContaining({ id: 'ids-qingdao', name: '魏东' }),
    ]);
    // officer3 works for Qingdao: a cadre of a Jinan unit is not theirs to pick, nor to be named by id.
    expect((await named('officer3', '/api/directory/cadres?ids=ids-jinan,ids-qingdao')).map((cadre) => cadre.id)).toEqual(['ids-qingdao']);
  });

  it('refuses a party or an administrator other than the system administrator', async () => {
    await t
      .http()
      .get('/api/directory/bodies?q=jn')
      .set(await t.as('applicant1'))
      .expect(403);
    await t
      .http()
      .get('/api/directory/units?q=jn')
      .set(await t.as('auditadmin1'))
      .expect(403);
  });
});
