import { PROCEDURE_SAMPLES } from '../workflows';
import { DEMO_PASSWORD } from '../src/demo/demo-users';
import { startTestApp, type TestApp } from './support/test-app';
import { openRawDatabase } from './support/test-database';

/**
 * Issue 16, items 1 and 4: what a request carries is refused at the edge when no database could
 * store it unchanged (a lone surrogate, a NUL) or when it nests deeper than anything legitimate,
 * with a 400 naming the value in both languages; nothing is changed and the trail still verifies.
 */
describe('input the databases cannot store, and deep nesting, are refused at the edge', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const verify = async () =>
    (
      await t
        .http()
        .get('/api/audit/verify')
        .set(await t.as('auditor1'))
        .expect(200)
    ).body;
  /** A JSON body sent as written: supertest would re-encode a lone surrogate. */
  const raw = (method: 'post' | 'patch' | 'put', path: string, text: string, headers: Record<string, string> = {}) => {
    const agent = t.http();
    return agent[method](path)
      .set({ 'content-type': 'application/json', ...headers })
      .send(text);
  };

  async function streamLengths(): Promise<Record<string, number>> {
    const db = await openRawDatabase(t.dbPath);
    try {
      const rows = await db.query<{ stream_id: string; n: number | string }>('SELECT stream_id, COUNT(*) AS n FROM audit_entries GROUP BY stream_id');
      return Object.fromEntries(rows.map((row) => [row.stream_id, Number(row.n)]));
    } finally {
      await db.close();
    }
  }

  it('a login whose user name holds a lone surrogate is a 400 naming the field, and the trail still verifies', async () => {
    const before = await streamLengths();
    const response = await raw('post', '/api/auth/login', '{"username":"probe\\ud800","password":"whatever-it-is"}').expect(400);
    expect(response.body).toMatchObject({
      code: 'REQUEST.INVALID',
      details: {
        fields: [{ field: 'username' }],
        conditions: [{ code: 'input.notWellFormed', field: 'username', zh: expect.stringContaining('username'), en: expect.stringContaining('username') }],
      },
    });
    expect(response.body.details.conditions[0].zh).toMatch(/代理字符/);
    // A low surrogate alone, and one inside a key, are named the same way.
    const key = await raw('post', '/api/auth/login', '{"username":"x","password":"y","\\udc00k":1}').expect(400);
    expect(key.body.details.fields[0].field).toBe('\ufffdk');
    expect(await streamLengths()).toEqual(before);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('a refused login by any well-formed name, however long, leaves a security chain that verifies', async () => {
    // 54 characters then an emoji: the security log's actor ("anonymous:" + name, 64 at most) is
    // cut in the middle of the surrogate pair unless the cut respects it.
    for (const username of [`${'a'.repeat(53)}😀x`, `${'é'.repeat(30)}😀😀😀`, '‮evil‬', 'tab\there']) {
      await t.http().post('/api/auth/login').send({ username, password: 'not-the-password' }).expect(401);
    }
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('a reveal request whose reason holds a lone surrogate is a 400 and the case chain still verifies', async () => {
    const officer = await t.as('officer1');
    const lead = PROCEDURE_SAMPLES.clarification.creations.find((c) => c.actor.role === 'officer')!.data;
    const created = await t
      .http()
      .post('/api/cases')
      .set(officer)
      .send({ procedure: 'clarification', ...lead })
      .expect(201);
    const before = await streamLengths();
    const response = await raw('post', `/api/cases/${created.body.id}/reveals`, '{"reason":"需要核实\\ud83d"}', officer).expect(400);
    expect(response.body.details.conditions[0]).toMatchObject({ code: 'input.notWellFormed', field: 'reason' });
    expect(await streamLengths()).toEqual(before);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('NUL is refused in bodies, query strings and path parameters on both databases', async () => {
    const officer = await t.as('officer1');
    const sys = await t.as('sysadmin1');
    const before = await streamLengths();
    const body = await raw(
      'post',
      '/api/cases',
      JSON.stringify({ procedure: 'tolerance', ...PROCEDURE_SAMPLES.tolerance.creations[2].data, summary: 'a\u0000b' }),
      officer,
    ).expect(400);
    expect(body.body.details.conditions[0]).toMatchObject({ code: 'input.nul', field: 'summary' });
    const nested = await raw(
      'put',
      '/api/admin/users/officer2/roles',
      JSON.stringify({ roles: [{ role: 'officer', scope: 'x\u0000' }] }),
      await t.as('secadmin1'),
    ).expect(400);
    expect(nested.body.details.fields[0].field).toBe('roles[0].scope');
    const query = await t.http().get('/api/cases?q=a%00b').set(officer).expect(400);
    expect(query.body.details.conditions[0]).toMatchObject({ code: 'input.nul', field: 'q' });
    expect(query.body.details.conditions[0].zh).toContain('查询参数');
    const path = await t.http().post('/api/admin/users/officer2%00/password').set(sys).send({ password: 'An0ther-good-one' }).expect(400);
    expect(path.body.details.conditions[0]).toMatchObject({ code: 'input.nul', field: 'id' });
    expect(await streamLengths()).toEqual(before);
    await t.http().post('/api/auth/login').send({ username: 'officer2', password: DEMO_PASSWORD }).expect(200);
  });

  it('an Idempotency-Key longer than its column is a 400 before the step (it was a 500 on PostgreSQL)', async () => {
    const applicant = await t.as('applicant1');
    const created = await t
      .http()
      .post('/api/cases')
      .set(applicant)
      .send({ procedure: 'tolerance', ...PROCEDURE_SAMPLES.tolerance.creations[0].data })
      .expect(201);
    const step = { type: 'SUBMIT', expectedVersion: 1, ...PROCEDURE_SAMPLES.tolerance.events.SUBMIT[0].data };
    const refused = await t.http().post(`/api/cases/${created.body.id}/events`).set(applicant).set('Idempotency-Key', 'k'.repeat(201)).send(step).expect(400);
    expect(refused.body.details.conditions[0]).toMatchObject({ code: 'input.idempotencyKey', field: 'Idempotency-Key' });
    await t
      .http()
      .post('/api/cases')
      .set(applicant)
      .set('Idempotency-Key', 'k'.repeat(201))
      .send({ procedure: 'tolerance', ...PROCEDURE_SAMPLES.tolerance.creations[0].data })
      .expect(400);
    expect((await t.http().get(`/api/cases/${created.body.id}`).set(applicant).expect(200)).body.version).toBe(1);
    await t.http().post(`/api/cases/${created.body.id}/events`).set(applicant).set('Idempotency-Key', 'k'.repeat(200)).send(step).expect(200);
  });

  it('a body that is not UTF-8, not JSON, or not JSON at all is a 400 or 415 with its condition', async () => {
    // Bytes as sent (supertest would serialise a Buffer as JSON): {"a":"<0xFF>"}.
    const invalidUtf8 = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
    });
    expect(invalidUtf8.statusCode).toBe(400);
    expect(invalidUtf8.json().details.conditions[0].code).toBe('input.notUtf8');
    const broken = await raw('post', '/api/auth/login', '{"username":').expect(400);
    expect(broken.body.details.conditions[0].code).toBe('input.invalidJson');
    const form = await t.http().post('/api/auth/login').set('content-type', 'application/x-www-form-urlencoded').send('username=officer1&password=x');
    expect(form.status).toBe(415);
    expect(form.body.details.conditions[0]).toMatchObject({ code: 'input.mediaType', zh: expect.stringContaining('JSON') });
    const badUrl = await t
      .http()
      .get('/api/admin/users/%FF')
      .set(await t.as('sysadmin1'));
    expect(badUrl.status).toBe(400);
    expect(badUrl.body).toMatchObject({ code: 'REQUEST.INVALID', details: { conditions: [{ code: 'input.badUrl' }] } });
    expect(badUrl.headers['x-content-type-options']).toBe('nosniff');
  });

  it('5 000 nested objects and 10 000 nested arrays are a 400 on every route, anonymous login included', async () => {
    const objects = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const arrays = `${'['.repeat(10000)}${']'.repeat(10000)}`;
    const inLogin = `{"username":"x","password":${arrays}}`;
    const targets: Array<[method: 'post' | 'patch' | 'put', path: string, user?: string]> = [
      ['post', '/api/auth/login'],
      ['post', '/api/cases', 'officer1'],
      ['patch', '/api/admin/users/officer2', 'sysadmin1'],
      ['put', '/api/admin/users/officer2/roles', 'secadmin1'],
    ];
    const before = await streamLengths();
    for (const [method, path, user] of targets) {
      const headers = user ? await t.as(user) : {};
      for (const text of [objects, arrays, inLogin]) {
        const response = await raw(method, path, text, headers);
        expect([path, response.status, response.body.details?.conditions?.[0]?.code]).toEqual([path, 400, 'input.tooDeep']);
      }
    }
    // 32 levels are still taken (the validator then says what is wrong with the value).
    const deepest = `{"username":"x","password":${'['.repeat(31)}${']'.repeat(31)}}`;
    expect((await raw('post', '/api/auth/login', deepest)).body.details.conditions?.[0]?.code).not.toBe('input.tooDeep');
    expect(await streamLengths()).toEqual(before);
  });
});
