import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { PROCEDURE_SAMPLES } from '../workflows';
import { DEMO_PASSWORD } from '../src/demo/demo-users';
import { startTestApp, type TestApp } from './support/test-app';

const MINUTE = 60_000;
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('abuse resistance', () => {
  describe('tokens, sessions, passwords and lockout', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { TOKEN_TTL_SECONDS: '3600' } });
    });
    afterAll(() => t.close());

    const login = (username: string, password = DEMO_PASSWORD) => t.http().post('/api/auth/login').send({ username, password });
    const bearer = async (username: string) => ({ Authorization: `Bearer ${(await login(username).expect(200)).body.accessToken}` });

    it('refuses tampered, foreign, unsigned and expired tokens', async () => {
      const good = (await login('officer1').expect(200)).body.accessToken as string;
      const [header, payload, signature] = good.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const forged = [
        `${header}.${b64({ ...claims, sub: 'auditor1' })}.${signature}`,
        `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`,
        `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
        await new JwtService({ secret: 'someone-elses-secret' }).signAsync(claims),
        await t.app.get(JwtService).signAsync({ sub: claims.sub, sid: claims.sid, exp: Math.floor(Date.now() / 1000) - 60 }),
        await t.app.get(JwtService).signAsync({ sub: 'officer1', sid: randomUUID() }),
        'not-a-token',
      ];
      for (const token of forged) {
        const response = await t.http().get('/api/cases').set('Authorization', `Bearer ${token}`).expect(401);
        expect(response.body.code).toBe('AUTH.UNAUTHENTICATED');
      }
      await t.http().get('/api/cases').set('Authorization', `Bearer ${good}`).expect(200);
    });

    it('a session ends when its time is up, at logout, and at a password change', async () => {
      const first = await bearer('reviewer1');
      const second = await bearer('reviewer1');
      await t.http().post('/api/auth/logout').set(first).expect(204);
      await t.http().get('/api/auth/me').set(first).expect(401);
      const me = await t.http().get('/api/auth/me').set(second).expect(200);
      expect(me.body).toMatchObject({ id: 'reviewer1', roles: [{ role: 'reviewer', scope: '*' }] });

      t.clock.advance(61 * MINUTE);
      await t.http().get('/api/auth/me').set(second).expect(401);

      const third = await bearer('reviewer1');
      const weak = await t.http().post('/api/auth/password').set(third).send({ currentPassword: DEMO_PASSWORD, newPassword: 'reviewer1-Passw0rd' }).expect(400);
      expect(weak.body.details.problems).toContain('must not contain the user name');
      await t.http().post('/api/auth/password').set(third).send({ currentPassword: 'wrong', newPassword: 'An0ther-good-one' }).expect(401);
      await t.http().post('/api/auth/password').set(third).send({ currentPassword: DEMO_PASSWORD, newPassword: 'An0ther-good-one' }).expect(204);
      await t.http().get('/api/auth/me').set(third).expect(401);
      await login('reviewer1').expect(401);
      await login('reviewer1', 'An0ther-good-one').expect(200);
    });

    it('locks an account after 5 failures for 15 minutes; unknown users get the same answer; attempts are on the security chain', async () => {
      for (let i = 0; i < 5; i += 1) expect((await login('committee1', `guess-${i}`)).body.code).toBe('AUTH.INVALID_CREDENTIALS');
      const locked = await login('committee1').expect(429);
      expect(locked.body.code).toBe('AUTH.LOCKED');
      const unknown = await login('no-such-user', 'whatever').expect(401);
      const wrong = await login('leader1', 'whatever').expect(401);
      expect(unknown.body.message).toBe(wrong.body.message);
      t.clock.advance(15 * MINUTE + 1000);
      await login('committee1').expect(200);
      const security = (
        await t
          .http()
          .get('/api/audit/export')
          .set(await bearer('auditor1'))
          .expect(200)
      ).text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line))
        .filter((entry) => entry.streamId === 'security' && entry.event === 'POST /api/auth/login');
      expect(security.filter((entry) => entry.actorId === 'anonymous:committee1').map((entry) => entry.refusalCode)).toEqual([
        ...Array(5).fill('AUTH.INVALID_CREDENTIALS'),
        'AUTH.LOCKED',
      ]);
    });

    it('an applicant guessing case ids gets only 404s, the same as for ids that do not exist, and each probe is logged', async () => {
      const others = [];
      for (const creation of [PROCEDURE_SAMPLES.tolerance.creations[2]]) {
        const data = { ...creation.data, cadreId: 'applicant2', unitId: 'unit-qingdao-port' };
        others.push(
          (
            await t
              .http()
              .post('/api/cases')
              .set(await bearer('officer1'))
              .send({ procedure: 'tolerance', ...data })
              .expect(201)
          ).body.id,
        );
      }
      const applicant = await bearer('applicant1');
      const guesses = [...others, ...Array.from({ length: 20 }, () => randomUUID())];
      const answers = [];
      for (const id of guesses) {
        for (const path of [`/api/cases/${id}`, `/api/cases/${id}/trail`]) {
          const response = await t.http().get(path).set(applicant);
          answers.push([response.status, response.body.code]);
        }
        const event = await t.http().post(`/api/cases/${id}/events`).set(applicant).send({ type: 'WITHDRAW', expectedVersion: 1, reason: '试探' });
        answers.push([event.status, event.body.code]);
      }
      expect(new Set(answers.map((a) => a.join(' ')))).toEqual(new Set(['404 CASE.NOT_FOUND']));
      const probes = (
        await t
          .http()
          .get('/api/audit/export')
          .set(await bearer('auditor1'))
          .expect(200)
      ).text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line))
        .filter((entry) => entry.actorId === 'applicant1' && entry.outcome === 'refused');
      expect(probes.length).toBe(guesses.length * 3);
    });
  });

  describe('headers, CORS and rate limits', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { RATE_LIMIT: 'on', RATE_LIMIT_PER_MINUTE: '30', LOGIN_RATE_LIMIT_PER_MINUTE: '3' } });
    });
    afterAll(() => t.close());

    it('sends security headers on every answer', async () => {
      for (const path of ['/api/procedures', '/api/docs-json', '/api/does-not-exist']) {
        const response = await t.http().get(path);
        expect(response.headers['content-security-policy']).toContain("script-src 'self'");
        expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(response.headers['referrer-policy']).toBe('no-referrer');
        expect(response.headers['strict-transport-security']).toContain('max-age=');
      }
    });

    it('answers no cross-origin request by default', async () => {
      const preflight = await t.http().options('/api/cases').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const simple = await t.http().get('/api/procedures').set('Origin', 'https://evil.example');
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('limits login attempts and API requests per client', async () => {
      const statuses = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await t.http().post('/api/auth/login').send({ username: 'officer1', password: DEMO_PASSWORD })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await t.http().post('/api/auth/login').send({ username: 'officer1', password: DEMO_PASSWORD });
      expect(limited.body.code).toBe('REQUEST.TOO_MANY');
      const api = [];
      for (let i = 0; i < 32; i += 1) api.push((await t.http().get('/api/procedures')).status);
      expect(api.filter((status) => status === 429).length).toBeGreaterThan(0);
      expect(api.slice(0, 20).every((status) => status !== 429)).toBe(true);
      // The load balancer's health checks are never limited.
      for (let i = 0; i < 5; i += 1) await t.http().get('/api/health').expect(200);
    });
  });

  describe('CORS for named origins', () => {
    it('allows exactly the configured origins', async () => {
      const t = await startTestApp({ env: { CORS_ORIGINS: 'https://portal.example.gov.cn' } });
      try {
        const allowed = await t.http().options('/api/cases').set('Origin', 'https://portal.example.gov.cn').set('Access-Control-Request-Method', 'POST');
        expect(allowed.headers['access-control-allow-origin']).toBe('https://portal.example.gov.cn');
        const other = await t.http().options('/api/cases').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
        expect(other.headers['access-control-allow-origin']).toBeUndefined();
      } finally {
        await t.close();
      }
    });
  });
});
