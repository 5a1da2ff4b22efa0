import { DEMO_PASSWORD } from '../src/demo/demo-users';
import { startTestApp, type TestApp } from './support/test-app';

const TEMPORARY = 'Temp0rary-pass!';
const CHOSEN = 'Mein-eigenes-2026';

/**
 * Issue 18 §1 (等保 practice): a password someone else set — the system administrator's creation
 * or reset — must be changed at first login; until then every call but the change and logout is
 * refused 403 naming the condition in both languages, and a refused call changes nothing.
 */
describe('forced password change at first login', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const login = (username: string, password: string) => t.http().post('/api/auth/login').send({ username, password });
  const bearerOf = (token: string) => ({ Authorization: `Bearer ${token}` });
  const adminChain = async () =>
    (
      await t
        .http()
        .get('/api/audit/export')
        .set(await t.as('auditadmin1'))
        .expect(200)
    ).text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { streamId: string; event: string; actorId: string; data: Record<string, unknown> })
      .filter((entry) => entry.streamId === 'admin');

  const createAccount = async (id: string) => {
    await t
      .http()
      .post('/api/admin/users')
      .set(await t.as('sysadmin1'))
      .send({ id, displayName: '新承办人', unitId: 'unit-jinan-dev', password: TEMPORARY })
      .expect(201);
    await t
      .http()
      .put(`/api/admin/users/${id}/roles`)
      .set(await t.as('secadmin1'))
      .send({ roles: [{ role: 'officer', scope: '*' }] })
      .expect(200);
  };

  it('an account the administrator created works only after its holder chose a password; refusals change nothing', async () => {
    await createAccount('officer31');
    const first = await login('officer31', TEMPORARY).expect(200);
    expect(first.body.mustChangePassword).toBe(true);
    const forced = bearerOf(first.body.accessToken);

    const casesBefore = (
      await t
        .http()
        .get('/api/cases')
        .set(await t.as('officer1'))
        .expect(200)
    ).body.total;
    for (const call of [
      t.http().get('/api/cases').set(forced),
      t.http().get('/api/auth/me').set(forced),
      t.http().get('/api/directory/units?q=jn').set(forced),
      t.http().post('/api/cases').set(forced).send({ procedure: 'tolerance' }),
    ]) {
      const refused = await call.expect(403);
      expect(refused.body.code).toBe('AUTH.PASSWORD_CHANGE_REQUIRED');
      expect(refused.body.details.conditions).toEqual([
        expect.objectContaining({ code: 'password.changeRequired', zh: expect.stringContaining('须先修改密码'), en: expect.stringContaining('change it') }),
      ]);
    }
    expect(
      (
        await t
          .http()
          .get('/api/cases')
          .set(await t.as('officer1'))
          .expect(200)
      ).body.total,
    ).toBe(casesBefore);

    // The change's own refusals: same as the old, too weak, wrong current password. None lifts the rule.
    const same = await t.http().post('/api/auth/password').set(forced).send({ currentPassword: TEMPORARY, newPassword: TEMPORARY }).expect(400);
    expect(same.body.details.conditions[0]).toMatchObject({ code: 'password.sameAsOld', field: 'newPassword', zh: '新密码不得与当前密码相同' });
    const weak = await t.http().post('/api/auth/password').set(forced).send({ currentPassword: TEMPORARY, newPassword: 'short' }).expect(400);
    expect(weak.body.details.conditions[0]).toMatchObject({ code: 'password.policy', zh: expect.stringContaining('至少 12 位') });
    const wrong = await t.http().post('/api/auth/password').set(forced).send({ currentPassword: 'not-it', newPassword: CHOSEN }).expect(401);
    expect(wrong.body.details.conditions[0]).toMatchObject({ code: 'password.currentWrong', zh: '当前密码不正确' });
    await t.http().get('/api/cases').set(forced).expect(403);
    expect((await login('officer31', TEMPORARY).expect(200)).body.mustChangePassword).toBe(true);
    expect((await adminChain()).filter((entry) => entry.event === 'PASSWORD_CHANGED' && entry.data.target === 'officer31')).toEqual([]);

    await t.http().post('/api/auth/password').set(forced).send({ currentPassword: TEMPORARY, newPassword: CHOSEN }).expect(204);
    // The change ends every session: the holder logs in again with the password they chose.
    await t.http().post('/api/auth/password').set(forced).send({ currentPassword: CHOSEN, newPassword: 'Yet-another-2026' }).expect(401);
    await login('officer31', TEMPORARY).expect(401);
    const after = await login('officer31', CHOSEN).expect(200);
    expect(after.body).not.toHaveProperty('mustChangePassword');
    const me = await t.http().get('/api/auth/me').set(bearerOf(after.body.accessToken)).expect(200);
    expect(me.body).toMatchObject({ id: 'officer31', displayName: '新承办人' });
    await t.http().get('/api/cases').set(bearerOf(after.body.accessToken)).expect(200);

    const changed = (await adminChain()).filter((entry) => entry.event === 'PASSWORD_CHANGED' && entry.data.target === 'officer31');
    expect(changed).toEqual([expect.objectContaining({ actorId: 'officer31', data: expect.objectContaining({ forced: true }) })]);
    expect(JSON.stringify(changed)).not.toContain(CHOSEN);
  });

  it('an account that must change its password may still log out', async () => {
    await createAccount('officer32');
    const forced = bearerOf((await login('officer32', TEMPORARY).expect(200)).body.accessToken);
    await t.http().post('/api/auth/logout').set(forced).expect(204);
    const after = await t.http().get('/api/cases').set(forced).expect(401);
    expect(after.body.code).toBe('AUTH.UNAUTHENTICATED');
  });

  it('an administrator’s reset forces the change again; demo accounts and a holder’s own change are not forced', async () => {
    const demo = await login('officer2', DEMO_PASSWORD).expect(200);
    expect(demo.body).not.toHaveProperty('mustChangePassword');

    await t
      .http()
      .post('/api/admin/users/officer2/password')
      .set(await t.as('sysadmin1'))
      .send({ password: TEMPORARY })
      .expect(204);
    await t.http().get('/api/cases').set(bearerOf(demo.body.accessToken)).expect(401);
    const reset = await login('officer2', TEMPORARY).expect(200);
    expect(reset.body.mustChangePassword).toBe(true);
    await t.http().get('/api/cases').set(bearerOf(reset.body.accessToken)).expect(403);
    await t.http().post('/api/auth/password').set(bearerOf(reset.body.accessToken)).send({ currentPassword: TEMPORARY, newPassword: CHOSEN }).expect(204);

    // A change the holder makes of their own accord (the header menu) forces nothing.
    const own = await login('officer2', CHOSEN).expect(200);
    await t
      .http()
      .post('/api/auth/password')
      .set(bearerOf(own.body.accessToken))
      .send({ currentPassword: CHOSEN, newPassword: 'Yet-another-2026' })
      .expect(204);
    const later = await login('officer2', 'Yet-another-2026').expect(200);
    expect(later.body).not.toHaveProperty('mustChangePassword');
    await t.http().get('/api/cases').set(bearerOf(later.body.accessToken)).expect(200);
    const changes = (await adminChain()).filter((entry) => entry.event === 'PASSWORD_CHANGED' && entry.data.target === 'officer2');
    expect(changes.map((entry) => entry.data.forced)).toEqual([true, false]);
  });
});
