import { toleranceSamples } from '../workflows/tolerance/tolerance.samples';
import { loadConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source-options';
import { MIGRATIONS } from '../src/database/migrations';
import { openDataSource } from '../src/database/open-data-source';
import { DEMO_PASSWORD } from '../src/demo/demo-users';
import { PathDriver } from './support/path-driver';
import { killAll, startServiceProcess, type ServiceProcess } from './support/service-process';
import { sealedKeyFileFor, startTestApp, tempDbPath, type TestApp } from './support/test-app';
import { databaseEnv, openRawDatabase } from './support/test-database';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const application = toleranceSamples.creations[0].data;
const CONFLICTS = 12;
const REPLAYS = 4;
const DEADLINES = 24;

interface Answer {
  status: number;
  body: Record<string, any>;
}

/** One instance seen from outside: JSON over HTTP with a bearer token. */
function client(service: ServiceProcess) {
  return async (method: 'GET' | 'POST', path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
}

/**
 * The province-level deployment: two service processes on one PostgreSQL database, started at
 * the same moment on an empty database, with their deadline schedulers polling. Conflicting
 * events, one idempotency key sent to both, and deadlines falling due while both poll: one winner
 * per conflict, one effect per key, each deadline fired once, and every chain valid afterwards.
 */
describe('two service instances on one PostgreSQL database', () => {
  const services: ServiceProcess[] = [];
  let seed: TestApp;
  afterAll(async () => {
    await killAll(services);
    await seed?.close();
  });

  it('instances starting at once on an empty database migrate it once, under the lock', async () => {
    const options = dataSourceOptions(loadConfig(await databaseEnv(tempDbPath())));
    const sources = await Promise.all([1, 2, 3, 4].map(() => openDataSource(options)));
    try {
      const applied = await sources[0].query('SELECT name FROM migrations ORDER BY id');
      expect(applied.map((row: { name: string }) => row.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
    } finally {
      await Promise.all(sources.map((source) => source.destroy()));
    }
  });

  it('one winner per conflict, one effect per idempotency key, each deadline fired once, the trail valid', async () => {
    const dbPath = tempDbPath();
    // Like JWT_SECRET, the key of sealed identities is shared by every instance (docs/operations.md).
    const env = {
      ...(await databaseEnv(dbPath)),
      JWT_SECRET: 'shared-secret',
      DEADLINE_POLL_MS: '50',
      DB_POOL_SIZE: '5',
      SEALED_KEY_FILE: sealedKeyFileFor(dbPath),
    };
    // Both migrate the empty database at once: one does it under the lock, the other finds it done.
    const [a, b] = await Promise.all([startServiceProcess('a', env), startServiceProcess('b', env)]);
    services.push(a, b);

    // Users, and cases opened now (their first deadline is days away), through a third app on the same database.
    seed = await startTestApp({ dbPath, env: { JWT_SECRET: 'shared-secret' } });
    seed.clock.set(new Date().toISOString());
    const submitted = async () => {
      const created = await seed
        .http()
        .post('/api/cases')
        .set(await seed.as('applicant1'))
        .send({ procedure: 'tolerance', ...application })
        .expect(201);
      const sent = await seed
        .http()
        .post(`/api/cases/${created.body.id}/events`)
        .set(await seed.as('applicant1'))
        .send({ type: 'SUBMIT', expectedVersion: 1 })
        .expect(200);
      return { id: sent.body.id as string, version: sent.body.version as number };
    };
    const conflicts = [];
    for (let i = 0; i < CONFLICTS; i += 1) conflicts.push(await submitted());
    const replays = [];
    for (let i = 0; i < REPLAYS; i += 1) replays.push(await submitted());

    // A token from one instance works on the other: they share JWT_SECRET.
    const login = async (username: string) =>
      (await client(a)('POST', '/api/auth/login', '', { username, password: DEMO_PASSWORD })).body.accessToken as string;
    const [officer1, officer2, applicant2, auditor] = await Promise.all(['officer1', 'officer2', 'applicant2', 'auditor1'].map(login));
    const [onA, onB] = [client(a), client(b)];
    const accept = toleranceSamples.events.ACCEPT[0].data;
    const reject = toleranceSamples.events.REJECT[0].data;

    // Cases whose supplement deadline passed long ago are opened while both schedulers poll, so
    // the two instances race for each one as it appears; the conflicting requests run meanwhile.
    const driver = new PathDriver(seed);
    const toSupplement = driver.paths('tolerance').get('awaitingSupplement')!;
    const seeding = (async () => {
      const ids: string[] = [];
      for (let i = 0; i < DEADLINES; i += 1) ids.push(await driver.drive('tolerance', toSupplement));
      return ids;
    })();
    const conflictAnswers = Promise.all(
      conflicts.map(({ id, version }) =>
        Promise.all([
          onA('POST', `/api/cases/${id}/events`, officer1, { type: 'ACCEPT', expectedVersion: version, ...accept }),
          onB('POST', `/api/cases/${id}/events`, officer2, { type: 'REJECT', expectedVersion: version, ...reject }),
        ]),
      ),
    );
    const replayAnswers = Promise.all(
      replays.map(({ id, version }) =>
        Promise.all(
          [onA, onB, onA, onB].map((on) =>
            on('POST', `/api/cases/${id}/events`, officer1, { type: 'ACCEPT', expectedVersion: version, ...accept }, { 'idempotency-key': `accept-${id}` }),
          ),
        ),
      ),
    );
    const creationAnswers = Promise.all(
      // In applicant2's own unit: a creator may open a case only within their grant (issue 16).
      [onA, onB].map((on) =>
        on('POST', '/api/cases', applicant2, { procedure: 'tolerance', ...application, unitId: 'unit-qingdao-port' }, { 'idempotency-key': 'open-once' }),
      ),
    );

    for (const [index, pair] of (await conflictAnswers).entries()) {
      expect(pair.map((answer) => answer.status).sort()).toEqual([200, 409]);
      const loser = pair.find((answer) => answer.status === 409)!;
      expect(loser.body).toMatchObject({ code: 'CASE.STALE_VERSION', details: { currentVersion: conflicts[index].version + 1 } });
    }
    for (const answers of await replayAnswers) {
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
      for (const answer of answers) expect(answer.body).toEqual(answers[0].body);
    }
    const created = await creationAnswers;
    expect(created.map((answer) => answer.status)).toEqual([201, 201]);
    expect(created[1].body.id).toBe(created[0].body.id);

    const deadlineCases = await seeding;
    const db = await openRawDatabase(dbPath);
    try {
      const due = await db.query<{ due_at: string }>("SELECT due_at FROM deadlines WHERE rule = 'tolerance.supplement'");
      expect(due).toHaveLength(DEADLINES);
      for (const { due_at } of due) expect(Date.parse(due_at)).toBeLessThan(Date.now());
      for (let waited = 0; ; waited += 100) {
        const [{ open }] = await db.query<{ open: string }>("SELECT COUNT(*) AS open FROM deadlines WHERE rule = 'tolerance.supplement' AND status = 'open'");
        if (Number(open) === 0) break;
        if (waited > 90_000) throw new Error(`${open} supplement deadlines still open`);
        await sleep(100);
      }
      const closed = await db.query<{ status: string; n: string }>(
        "SELECT status, COUNT(*) AS n FROM deadlines WHERE rule = 'tolerance.supplement' GROUP BY status",
      );
      expect(closed.map((row) => ({ status: row.status, n: Number(row.n) }))).toEqual([{ status: 'fired', n: DEADLINES }]);
      expect(await db.query("SELECT id FROM cases WHERE created_by = 'applicant2'")).toHaveLength(1);
    } finally {
      await db.close();
    }

    const trailOf = async (id: string) => (await onB('GET', `/api/cases/${id}/trail`, auditor)).body as unknown as Array<Record<string, any>>;
    for (const id of deadlineCases) {
      const trail = await trailOf(id);
      expect(trail.filter((entry) => entry.event === 'SUPPLEMENT_EXPIRED')).toEqual([
        expect.objectContaining({ outcome: 'applied', actorId: 'system', toState: 'withdrawn' }),
      ]);
      // The acceptance duty passed too, at most once, whichever instance noticed it first.
      expect(trail.filter((entry) => entry.event === 'DEADLINE_MISSED').length).toBeLessThanOrEqual(1);
    }
    for (const { id } of conflicts) {
      const trail = await trailOf(id);
      expect(trail.filter((entry) => entry.outcome === 'applied').map((entry) => entry.event)).toEqual([
        'CREATE',
        'SUBMIT',
        expect.stringMatching(/^(ACCEPT|REJECT)$/),
      ]);
      expect(trail.filter((entry) => entry.outcome === 'refused')).toEqual([expect.objectContaining({ refusalCode: 'CASE.STALE_VERSION' })]);
    }
    for (const { id } of replays) expect((await trailOf(id)).filter((entry) => entry.event === 'ACCEPT')).toHaveLength(1);

    for (const on of [onA, onB]) expect((await on('GET', '/api/audit/verify', auditor)).body).toMatchObject({ ok: true });

    // Each instance logs what it fired: together exactly one firing per deadline.
    a.kill('SIGTERM');
    b.kill('SIGTERM');
    await Promise.all([a.exited, b.exited]);
    const firedBy = (service: ServiceProcess) => [...service.output().matchAll(/deadlines: (\d+) fired/g)].reduce((sum, match) => sum + Number(match[1]), 0);
    expect(firedBy(a) + firedBy(b)).toBe(DEADLINES);
    expect(a.output() + b.output()).not.toMatch(/ERROR/);
  }, 300_000);
});
