import { DEMO_PASSWORD } from '../src/demo/demo-users';
import { startTestApp, type TestApp } from './support/test-app';
import { openRawDatabase } from './support/test-database';

const NEW_PASSWORD = 'N3w-and-strong-pass';
const OWN_PASSWORD = 'Mein-eigenes-2026';
const HOUR = 3600_000;
const MINUTE = 60_000;

/**
 * Issue 16, items 5 and 8: account edits are validated like every other input, and no
 * administrator can take over or shut out another: resetting an administrator's password or
 * disabling an administrator's account is a request that a different administrator approves.
 */
describe('administrators’ accounts: validated edits and the two-person rule', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const login = (username: string, password: string) => t.http().post('/api/auth/login').send({ username, password });
  const bearer = async (username: string, password = DEMO_PASSWORD) => ({
    Authorization: `Bearer ${(await login(username, password).expect(200)).body.accessToken}`,
  });
  const adminChain = async () =>
    (
      await t
        .http()
        .get('/api/audit/export')
        .set(await t.as('auditor1'))
        .expect(200)
    ).text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.streamId === 'admin');

  async function accounts(): Promise<unknown[]> {
    const db = await openRawDatabase(t.dbPath);
    try {
      return [
        await db.query('SELECT id, display_name, unit_id, active, password_hash FROM users ORDER BY id'),
        await db.query('SELECT user_id, role, scope FROM user_roles ORDER BY user_id, role, scope'),
      ];
    } finally {
      await db.close();
    }
  }

  it('bad account edits are a 400 naming the field, and change nothing', async () => {
    const sys = await t.as('sysadmin1');
    const sec = await t.as('secadmin1');
    const before = { accounts: await accounts(), chain: (await adminChain()).length };
    const attempts: Array<[path: string, method: 'patch' | 'put' | 'post', body: unknown, field: string, headers: Record<string, string>]> = [
      ['/api/admin/users/officer2', 'patch', { displayName: null }, 'displayName', sys],
      ['/api/admin/users/officer2', 'patch', { active: null }, 'active', sys],
      ['/api/admin/users/officer2', 'patch', { displayName: '王\n强' }, 'displayName', sys],
      ['/api/admin/users/officer2', 'patch', { unitId: 'no-such-unit' }, 'unitId', sys],
      ['/api/admin/users/officer2', 'patch', { unitId: 'unit-jinan-dev\u0007' }, 'unitId', sys],
      ['/api/admin/users/officer2', 'patch', { unitId: 42 }, 'unitId', sys],
      ['/api/admin/users', 'post', { id: 'officer8', displayName: '新人', unitId: 'no-such-unit', password: 'Str0ng-enough-pass' }, 'unitId', sys],
      ['/api/admin/users/officer2/roles', 'put', { roles: [[]] }, 'roles', sec],
      ['/api/admin/users/officer2/roles', 'put', { roles: [null] }, 'roles', sec],
      ['/api/admin/users/officer2/roles', 'put', { roles: [{ role: 'officer', scope: '*', extra: 1 }] }, 'roles[0].extra', sec],
    ];
    for (const [path, method, body, field, headers] of attempts) {
      const agent = t.http();
      const response = await agent[method](path)
        .set(headers)
        .send(body as object);
      expect([path, JSON.stringify(body), response.status]).toEqual([path, JSON.stringify(body), 400]);
      expect(response.body.details.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(response.body.details.conditions.length).toBeGreaterThan(0);
      for (const item of response.body.details.conditions) {
        expect(item.zh).toEqual(expect.any(String));
        expect(item.en).toEqual(expect.any(String));
      }
    }
    expect({ accounts: await accounts(), chain: (await adminChain()).length }).toEqual(before);
    // The same edits with good values work; null clears the unit.
    await t.http().patch('/api/admin/users/officer2').set(sys).send({ unitId: 'unit-jinan-dev', displayName: '赵敏' }).expect(200);
    expect((await t.http().patch('/api/admin/users/officer2').set(sys).send({ unitId: null }).expect(200)).body.unitId).toBeNull();
  });

  it("the system administrator cannot take over the security administrator: the reset waits for the audit administrator's approval", async () => {
    const sys = await t.as('sysadmin1');
    const secSession = await bearer('secadmin1');
    const requested = await t.http().post('/api/admin/users/secadmin1/password').set(sys).send({ password: NEW_PASSWORD }).expect(202);
    expect(requested.body).toMatchObject({
      kind: 'passwordReset',
      target: 'secadmin1',
      requestedBy: 'sysadmin1',
      status: 'pending',
      approverRole: 'auditAdmin',
    });
    expect(JSON.stringify(requested.body)).not.toMatch(/argon2|N3w/);
    // Nothing changed yet: the old password and the security administrator's session still work.
    await t.http().get('/api/auth/me').set(secSession).expect(200);
    await login('secadmin1', NEW_PASSWORD).expect(401);
    await login('secadmin1', DEMO_PASSWORD).expect(200);
    await t.http().post('/api/admin/users/secadmin1/password').set(sys).send({ password: NEW_PASSWORD }).expect(409);

    // Not the requester, not the account holder, not the wrong administrator.
    const id = requested.body.id;
    await t.http().post(`/api/admin/approvals/${id}/decision`).set(sys).send({ approve: true }).expect(403);
    const own = await t.http().post(`/api/admin/approvals/${id}/decision`).set(secSession).send({ approve: true }).expect(403);
    expect(own.body).toMatchObject({ code: 'ADMIN.SELF_APPROVAL', details: { conditions: [{ code: 'approval.self' }] } });

    const approved = await t
      .http()
      .post(`/api/admin/approvals/${id}/decision`)
      .set(await t.as('auditadmin1'))
      .send({ approve: true, note: '本人到场确认' })
      .expect(201);
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: 'auditadmin1' });
    await t.http().get('/api/auth/me').set(secSession).expect(401);
    await login('secadmin1', DEMO_PASSWORD).expect(401);
    // The password another administrator set must be changed at first login.
    expect((await login('secadmin1', NEW_PASSWORD).expect(200)).body.mustChangePassword).toBe(true);
    await t.ownPassword('secadmin1', NEW_PASSWORD, OWN_PASSWORD);
    await t
      .http()
      .post(`/api/admin/approvals/${id}/decision`)
      .set(await t.as('auditadmin1'))
      .send({ approve: true })
      .expect(409);

    const chain = (await adminChain()).filter((entry) => entry.data.requestId === id);
    expect(chain.map((entry) => [entry.event, entry.actorId, entry.actorRole, entry.data.target])).toEqual([
      ['PASSWORD_RESET_REQUESTED', 'sysadmin1', 'sysAdmin', 'secadmin1'],
      ['PASSWORD_RESET_APPROVED', 'auditadmin1', 'auditAdmin', 'secadmin1'],
      ['PASSWORD_RESET', 'auditadmin1', 'auditAdmin', 'secadmin1'],
    ]);
    expect(JSON.stringify(chain)).not.toMatch(/argon2|N3w/);
    // The refused decisions are on the security chain.
    const refusals = (
      await t
        .http()
        .get('/api/audit/export')
        .set(await t.as('auditor1'))
        .expect(200)
    ).text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.streamId === 'security' && entry.event === 'POST /api/admin/approvals/:approvalId/decision');
    expect(refusals.map((entry) => [entry.actorId, entry.refusalCode])).toEqual([
      ['sysadmin1', 'AUTH.FORBIDDEN'],
      ['secadmin1', 'ADMIN.SELF_APPROVAL'],
    ]);
  });

  it('the audit administrator can be disabled, or have their password reset, only on the security administrator’s approval', async () => {
    const sys = await t.as('sysadmin1');
    const sec = await bearer('secadmin1', OWN_PASSWORD);
    const audit = await bearer('auditadmin1');
    await t.http().patch('/api/admin/users/auditadmin1').set(sys).send({ active: false, displayName: 'x' }).expect(400);
    t.clock.advance(MINUTE);
    const disable = await t.http().patch('/api/admin/users/auditadmin1').set(sys).send({ active: false }).expect(202);
    expect(disable.body).toMatchObject({ kind: 'disable', target: 'auditadmin1', status: 'pending', approverRole: 'secAdmin' });
    await t.http().get('/api/audit/verify').set(audit).expect(200);
    // The audit administrator cannot decide about their own account; the security administrator refuses it.
    await t.http().post(`/api/admin/approvals/${disable.body.id}/decision`).set(audit).send({ approve: false }).expect(403);
    const denied = await t
      .http()
      .post(`/api/admin/approvals/${disable.body.id}/decision`)
      .set(sec)
      .send({ approve: false, note: '未经审计管理员本人同意' })
      .expect(201);
    expect(denied.body.status).toBe('denied');
    await t.http().get('/api/audit/verify').set(audit).expect(200);

    // A request nobody decides lapses after a day.
    t.clock.advance(MINUTE);
    const reset = await t.http().post('/api/admin/users/auditadmin1/password').set(sys).send({ password: NEW_PASSWORD }).expect(202);
    t.clock.advance(25 * HOUR);
    const lapsed = await t.http().post(`/api/admin/approvals/${reset.body.id}/decision`).set(sec).send({ approve: true }).expect(409);
    expect(lapsed.body).toMatchObject({ code: 'ADMIN.APPROVAL_CLOSED', details: { conditions: [{ code: 'approval.expired' }] } });
    await login('auditadmin1', DEMO_PASSWORD).expect(200);

    // The system administrator's own account: decided by the security administrator, not the audit administrator.
    t.clock.advance(MINUTE);
    const own = await t.http().post('/api/admin/users/sysadmin1/password').set(sys).send({ password: NEW_PASSWORD }).expect(202);
    const wrong = await t
      .http()
      .post(`/api/admin/approvals/${own.body.id}/decision`)
      .set(await bearer('auditadmin1'))
      .send({ approve: true })
      .expect(403);
    expect(wrong.body).toMatchObject({
      code: 'ADMIN.APPROVER_ROLE',
      details: { conditions: [{ code: 'approval.approverRole', zh: expect.stringContaining('安全管理员') }] },
    });

    const unknown = await t
      .http()
      .post(`/api/admin/approvals/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/decision`)
      .set(sec)
      .send({ approve: true })
      .expect(404);
    expect(unknown.body.details.conditions[0].code).toBe('approval.notFound');
    const malformed = await t.http().post('/api/admin/approvals/not-a-uuid/decision').set(sec).send({ approve: true }).expect(400);
    expect(malformed.body.details.conditions[0]).toMatchObject({ code: 'input.uuid', zh: expect.stringContaining('UUID') });
    const list = await t.http().get('/api/admin/approvals').set(sec).expect(200);
    expect(list.body.map((item: { kind: string; target: string; status: string }) => [item.kind, item.target, item.status])).toEqual([
      ['passwordReset', 'sysadmin1', 'pending'],
      ['passwordReset', 'auditadmin1', 'expired'],
      ['disable', 'auditadmin1', 'denied'],
      ['passwordReset', 'secadmin1', 'approved'],
    ]);

    // Approved, the disabling ends the audit administrator's sessions at once.
    const again = await t.http().patch('/api/admin/users/auditadmin1').set(sys).send({ active: false }).expect(202);
    await t.http().post(`/api/admin/approvals/${again.body.id}/decision`).set(sec).send({ approve: true }).expect(201);
    await t.http().get('/api/audit/verify').set(audit).expect(401);
    await login('auditadmin1', DEMO_PASSWORD).expect(401);
    expect((await adminChain()).filter((entry) => entry.data.requestId === again.body.id).map((entry) => entry.event)).toEqual([
      'ACCOUNT_DISABLE_REQUESTED',
      'ACCOUNT_DISABLE_APPROVED',
      'USER_UPDATED',
    ]);
    // An ordinary account is still reset at once.
    await t.http().post('/api/admin/users/officer1/password').set(sys).send({ password: NEW_PASSWORD }).expect(204);
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
});
