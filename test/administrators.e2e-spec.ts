import { PROCEDURE_SAMPLES } from '../workflows';
import { DEMO_PASSWORD } from '../src/demo/demo-users';
import { startTestApp, type TestApp } from './support/test-app';

const STRONG = 'Str0ng-enough-pass';
const OWN = 'Mein-eigenes-2026';

describe('the three administrators (等保 2.0 level 3)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const login = (username: string, password: string) => t.http().post('/api/auth/login').send({ username, password });
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
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.streamId === 'admin');

  it('the system administrator keeps accounts, the security administrator grants roles, and neither does the other’s work', async () => {
    const sys = await t.as('sysadmin1');
    const sec = await t.as('secadmin1');
    const weak = await t.http().post('/api/admin/users').set(sys).send({ id: 'officer9', displayName: '新承办人', password: 'password' }).expect(400);
    expect(weak.body.code).toBe('AUTH.WEAK_PASSWORD');
    expect(weak.body.details.problems.length).toBeGreaterThan(0);
    await t.http().post('/api/admin/users').set(sec).send({ id: 'officer9', displayName: '新承办人', password: STRONG }).expect(403);
    // An account's unit must be a registered one (issue 16): `cdi` is not, `unit-jinan-dev` is.
    await t.http().post('/api/admin/users').set(sys).send({ id: 'officer9', displayName: '新承办人', unitId: 'cdi', password: STRONG }).expect(400);
    const created = await t
      .http()
      .post('/api/admin/users')
      .set(sys)
      .send({ id: 'officer9', displayName: '新承办人', unitId: 'unit-jinan-dev', password: STRONG })
      .expect(201);
    expect(created.body).toMatchObject({ id: 'officer9', roles: [], active: true });
    expect(JSON.stringify(created.body)).not.toContain('argon2');
    await t.http().post('/api/admin/users').set(sys).send({ id: 'officer9', displayName: 'again', password: STRONG }).expect(409);

    // The administrator chose the password: its holder must change it before anything else.
    const first = await login('officer9', STRONG).expect(200);
    expect(first.body.mustChangePassword).toBe(true);
    await t.http().get('/api/cases').set('Authorization', `Bearer ${first.body.accessToken}`).expect(403);
    await t.ownPassword('officer9', STRONG, OWN);
    // An account without roles can log in but reaches nothing.
    const bare = { Authorization: `Bearer ${(await login('officer9', OWN).expect(200)).body.accessToken}` };
    expect((await t.http().get('/api/cases').set(bare).expect(200)).body.total).toBe(0);

    await t
      .http()
      .put('/api/admin/users/officer9/roles')
      .set(sys)
      .send({ roles: [{ role: 'officer', scope: '*' }] })
      .expect(403);
    await t
      .http()
      .put('/api/admin/users/officer9/roles')
      .set(sec)
      .send({ roles: [{ role: 'officer', scope: '*' }] })
      .expect(200);
    // Roles apply from the next request: the same token now works as an officer.
    expect((await t.http().get('/api/cases').set(bare).expect(200)).body).toHaveProperty('total');
    const opened = await t
      .http()
      .post('/api/cases')
      .set(bare)
      .send({ procedure: 'tolerance', ...PROCEDURE_SAMPLES.tolerance.creations[2].data });
    expect(opened.status).toBe(201);
  });

  it('grants keep administrators apart from cases and from each other', async () => {
    const sec = await t.as('secadmin1');
    await t
      .http()
      .post('/api/admin/users')
      .set(await t.as('sysadmin1'))
      .send({ id: 'helper1', displayName: '助理', password: STRONG })
      .expect(201);
    const mixed = await t
      .http()
      .put('/api/admin/users/helper1/roles')
      .set(sec)
      .send({
        roles: [
          { role: 'sysAdmin', scope: '*' },
          { role: 'officer', scope: '*' },
        ],
      })
      .expect(400);
    expect(mixed.body.message).toContain('separation of duties');
    await t
      .http()
      .put('/api/admin/users/helper1/roles')
      .set(sec)
      .send({
        roles: [
          { role: 'sysAdmin', scope: '*' },
          { role: 'auditAdmin', scope: '*' },
        ],
      })
      .expect(400);
    await t
      .http()
      .put('/api/admin/users/helper1/roles')
      .set(sec)
      .send({ roles: [{ role: 'unit', scope: 'no-such-unit' }] })
      .expect(400);
    await t
      .http()
      .put('/api/admin/users/helper1/roles')
      .set(sec)
      .send({ roles: [{ role: 'system', scope: '*' }] })
      .expect(400);
    await t
      .http()
      .put('/api/admin/users/secadmin1/roles')
      .set(sec)
      .send({
        roles: [
          { role: 'secAdmin', scope: '*' },
          { role: 'auditor', scope: '*' },
        ],
      })
      .expect(400);
    const self = await t.http().put('/api/admin/users/secadmin1/roles').set(sec).send({ roles: [] }).expect(400);
    expect(self.body.message).toContain('your own roles');
  });

  it('the audit administrator reads and verifies the trail and does nothing else; no administrator reaches a case', async () => {
    const caseId = (
      await t
        .http()
        .post('/api/cases')
        .set(await t.as('officer1'))
        .send({ procedure: 'tolerance', ...PROCEDURE_SAMPLES.tolerance.creations[2].data })
        .expect(201)
    ).body.id;
    const audit = await t.as('auditadmin1');
    expect((await t.http().get('/api/audit/verify').set(audit).expect(200)).body.ok).toBe(true);
    await t.http().get('/api/admin/users').set(audit).expect(403);
    await t.http().post('/api/admin/users').set(audit).send({ id: 'x1', displayName: 'x', password: STRONG }).expect(403);
    for (const admin of ['sysadmin1', 'secadmin1', 'auditadmin1']) {
      const headers = await t.as(admin);
      await t
        .http()
        .get('/api/audit/verify')
        .set(headers)
        .expect(admin === 'auditadmin1' ? 200 : 403);
      await t.http().get(`/api/cases/${caseId}`).set(headers).expect(404);
      await t.http().get(`/api/cases/${caseId}/trail`).set(headers).expect(404);
      await t.http().post(`/api/cases/${caseId}/events`).set(headers).send({ type: 'RECORD_STATEMENT', expectedVersion: 1, statement: 'x' }).expect(404);
      await t
        .http()
        .post('/api/cases')
        .set(headers)
        .send({ procedure: 'tolerance', ...PROCEDURE_SAMPLES.tolerance.creations[2].data })
        .expect(403);
      expect((await t.http().get('/api/cases').set(headers).expect(200)).body.total).toBe(0);
    }
  });

  it('disabling an account or resetting its password ends its sessions at once; every change is on the admin chain', async () => {
    const sys = await t.as('sysadmin1');
    const token = { Authorization: `Bearer ${(await login('officer2', DEMO_PASSWORD).expect(200)).body.accessToken}` };
    await t.http().get('/api/auth/me').set(token).expect(200);
    await t.http().post('/api/admin/users/officer2/password').set(sys).send({ password: 'short' }).expect(400);
    await t.http().post('/api/admin/users/officer2/password').set(sys).send({ password: STRONG }).expect(204);
    await t.http().get('/api/auth/me').set(token).expect(401);
    await login('officer2', DEMO_PASSWORD).expect(401);
    const again = { Authorization: `Bearer ${(await login('officer2', STRONG).expect(200)).body.accessToken}` };
    await t.http().patch('/api/admin/users/officer2').set(sys).send({ active: false }).expect(200);
    await t.http().get('/api/auth/me').set(again).expect(401);
    await login('officer2', STRONG).expect(401);
    await t.http().patch('/api/admin/users/sysadmin1').set(sys).send({ active: false }).expect(400);
    await t.http().patch('/api/admin/users/nobody').set(sys).send({ active: false }).expect(404);
    await t.http().post('/api/admin/units').set(sys).send({ id: 'unit-yantai-port', name: '烟台港', jurisdiction: 'yantai' }).expect(201);
    await t
      .http()
      .post('/api/admin/units')
      .set(await t.as('secadmin1'))
      .send({ id: 'unit-weihai', name: '威海', jurisdiction: 'weihai' })
      .expect(403);

    const chain = await adminChain();
    expect(chain.map((entry) => [entry.event, entry.actorId, entry.data.target ?? entry.data.id])).toEqual(
      expect.arrayContaining([
        ['USER_CREATED', 'sysadmin1', 'officer9'],
        ['ROLES_CHANGED', 'secadmin1', 'officer9'],
        ['PASSWORD_RESET', 'sysadmin1', 'officer2'],
        ['USER_UPDATED', 'sysadmin1', 'officer2'],
        ['UNIT_CREATED', 'sysadmin1', 'unit-yantai-port'],
      ]),
    );
    const grant = chain.find((entry) => entry.event === 'ROLES_CHANGED' && entry.data.target === 'officer9');
    expect(grant.data).toMatchObject({ before: [], after: [{ role: 'officer', scope: '*' }] });
    expect(JSON.stringify(chain)).not.toContain(STRONG);
  });
});

describe('a fresh deployment', () => {
  it('starts with the three administrators only, and only on an empty database', async () => {
    const t = await startTestApp({ seedUsers: false });
    try {
      const { InitialAdministrators } = await import('../src/admin/initial-administrators.service');
      const initial = t.app.get(InitialAdministrators);
      await expect(initial.createIfNoAccounts('weak')).rejects.toMatchObject({ code: 'AUTH.WEAK_PASSWORD' });
      expect(await initial.createIfNoAccounts(STRONG)).toBe(true);
      expect(await initial.createIfNoAccounts(STRONG)).toBe(false);
      // Each initial administrator changes the password they were given at first login.
      const given = await t.http().post('/api/auth/login').send({ username: 'sysadmin', password: STRONG }).expect(200);
      expect(given.body.mustChangePassword).toBe(true);
      await t.ownPassword('sysadmin', STRONG, OWN);
      const token = (await t.http().post('/api/auth/login').send({ username: 'sysadmin', password: OWN }).expect(200)).body.accessToken;
      const users = await t.http().get('/api/admin/users').set('Authorization', `Bearer ${token}`).expect(200);
      expect(users.body.map((user: { id: string; roles: unknown[] }) => [user.id, user.roles])).toEqual([
        ['auditadmin', [{ role: 'auditAdmin', scope: '*' }]],
        ['secadmin', [{ role: 'secAdmin', scope: '*' }]],
        ['sysadmin', [{ role: 'sysAdmin', scope: '*' }]],
      ]);
    } finally {
      await t.close();
    }
  });
});
