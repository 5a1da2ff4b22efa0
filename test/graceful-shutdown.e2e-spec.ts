import { request as httpRequest } from 'node:http';
import { toleranceSamples } from '../workflows/tolerance/tolerance.samples';
import { DEMO_PASSWORD } from '../src/demo/demo-users';
import { killAll, startServiceProcess, type ServiceProcess } from './support/service-process';
import { startTestApp } from './support/test-app';
import { databaseEnv, openRawDatabase, testDialect } from './support/test-database';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * A POST whose body is sent in two parts: `release` sends the rest. Until then the service has
 * the request (its headers are parsed) but cannot finish it.
 */
function heldPost(url: string, headers: Record<string, string>, body: string): { answer: Promise<Answer>; release: () => void } {
  const { hostname, port, pathname } = new URL(url);
  const bytes = Buffer.from(body);
  const call = httpRequest({
    host: hostname,
    port,
    path: pathname,
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', 'content-length': String(bytes.length) },
  });
  const answer = new Promise<Answer>((resolve, reject) => {
    call.on('response', (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text || '{}') }));
    });
    call.on('error', reject);
  });
  call.write(bytes.subarray(0, 10));
  return { answer, release: () => void call.end(bytes.subarray(10)) };
}

/**
 * A real service process receives SIGTERM while a transition is in flight: the transition still
 * commits and is answered, the instance reports not ready meanwhile, then the process exits. On
 * PostgreSQL the transition waits inside its transaction on a row lock held from outside; on
 * SQLite (whose driver waits synchronously, so the lock would stall the whole process) the
 * request's body is still arriving.
 */
describe('graceful shutdown', () => {
  const services: ServiceProcess[] = [];
  afterAll(() => killAll(services));

  it('finishes a transition in flight when SIGTERM arrives, reports not ready meanwhile, then exits', async () => {
    const seed = await startTestApp();
    const created = await seed
      .http()
      .post('/api/cases')
      .set(await seed.as('applicant1'))
      .send({ procedure: 'tolerance', ...toleranceSamples.creations[0].data })
      .expect(201);
    const id = created.body.id;
    await seed
      .http()
      .post(`/api/cases/${id}/events`)
      .set(await seed.as('applicant1'))
      .send({ type: 'SUBMIT', expectedVersion: 1 })
      .expect(200);
    await seed.close();

    const service = await startServiceProcess('a', {
      ...(await databaseEnv(seed.dbPath)),
      JWT_SECRET: 'test-secret',
      DEADLINE_POLL_MS: '0',
      SEALED_KEY_FILE: seed.config.sealed.keyFile,
    });
    services.push(service);
    const login = await fetch(`${service.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'officer1', password: DEMO_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const event = JSON.stringify({ type: 'ACCEPT', expectedVersion: 2, ...toleranceSamples.events.ACCEPT[0].data });
    const url = `${service.url}/api/cases/${id}/events`;
    const authorization = `Bearer ${accessToken}`;

    let inFlight: Promise<Answer>;
    let release: () => Promise<void>;
    if (testDialect() === 'postgres') {
      const db = await openRawDatabase(seed.dbPath);
      await db.exec('BEGIN');
      await db.query('SELECT id FROM cases WHERE id = ? FOR UPDATE', [id]);
      inFlight = fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: event }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as Record<string, unknown>,
      }));
      for (let tries = 0; ; tries += 1) {
        // Our transaction is open: drop its cached view of the other sessions before each look.
        await db.query('SELECT pg_stat_clear_snapshot()');
        const waiting = await db.query("SELECT 1 FROM pg_stat_activity WHERE application_name = 'case-workflow' AND wait_event_type = 'Lock'");
        if (waiting.length > 0) break;
        if (tries > 200) throw new Error(`the transition never waited on the row lock:\n${service.output()}`);
        await sleep(50);
      }
      release = async () => {
        await db.exec('COMMIT');
        await db.close();
      };
    } else {
      const held = heldPost(url, { authorization }, event);
      inFlight = held.answer;
      await sleep(1000);
      release = async () => held.release();
    }

    service.kill('SIGTERM');
    // The instance leaves the load balancer's rotation while it finishes: 503, or no listener.
    await sleep(300);
    const ready = await fetch(`${service.url}/api/ready`).then(
      (response) => response.status,
      () => 'refused',
    );
    expect([503, 'refused']).toContain(ready);
    await release();

    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id, state: 'verifying', version: 3 });
    // Promptly: a keep-alive connection must not hold the closing server for its idle timeout.
    const exit = await Promise.race([service.exited, sleep(15_000).then(() => 'still running' as const)]);
    expect(exit).not.toBe('still running');
    expect(exit !== 'still running' && (exit.signal === 'SIGTERM' || exit.code === 0)).toBe(true);
    expect(service.output()).not.toMatch(/ERROR/);

    const after = await startTestApp({ dbPath: seed.dbPath });
    const trail = (
      await after
        .http()
        .get(`/api/cases/${id}/trail`)
        .set(await after.as('auditor1'))
        .expect(200)
    ).body;
    expect(trail.map((entry: { event: string }) => entry.event)).toEqual(['CREATE', 'SUBMIT', 'ACCEPT']);
    expect(
      (
        await after
          .http()
          .get('/api/audit/verify')
          .set(await after.as('auditor1'))
      ).body.ok,
    ).toBe(true);
    await after.close();
  }, 180_000);
});
