import { DEMO_PASSWORD } from '../src/demo/demo-users';
import { startTestApp, type TestApp } from './support/test-app';

/** Issue 16, item 9: every 429 carries the standard Retry-After header, in seconds, and says why in both languages. */
describe('429 answers carry Retry-After', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT: 'on', RATE_LIMIT_PER_MINUTE: '1000', LOGIN_RATE_LIMIT_PER_MINUTE: '2' } });
  });
  afterAll(() => t.close());

  it('a rate-limited login', async () => {
    const login = () => t.http().post('/api/auth/login').send({ username: 'officer1', password: DEMO_PASSWORD });
    await login().expect(200);
    await login().expect(200);
    const limited = await login().expect(429);
    expect(limited.body.code).toBe('REQUEST.TOO_MANY');
    const seconds = Number(limited.headers['retry-after']);
    expect(Number.isInteger(seconds)).toBe(true);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(limited.body.details).toMatchObject({
      retryAfterSeconds: seconds,
      conditions: [{ code: 'request.retryLater', zh: expect.stringContaining(`${seconds} 秒`) }],
    });
  });

  it('a locked account: Retry-After counts down to the end of the lock', async () => {
    // Its own service without request limits: five wrong passwords lock the account.
    const locking = await startTestApp({ env: { RATE_LIMIT: 'off' } });
    const login = (password: string) => locking.http().post('/api/auth/login').send({ username: 'committee1', password });
    try {
      for (let i = 0; i < 5; i += 1) await login(`guess-${i}`).expect(401);
      const locked = await login(DEMO_PASSWORD).expect(429);
      expect(locked.body.code).toBe('AUTH.LOCKED');
      expect(locked.headers['retry-after']).toBe(String(15 * 60));
      expect(locked.body.details.conditions[0]).toMatchObject({ code: 'auth.locked', zh: expect.stringContaining('900 秒') });
      locking.clock.advance(10 * 60_000);
      expect((await login(DEMO_PASSWORD).expect(429)).headers['retry-after']).toBe(String(5 * 60));
    } finally {
      await locking.close();
    }
  });
});
