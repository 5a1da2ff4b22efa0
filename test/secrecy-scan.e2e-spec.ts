import { DataSource } from 'typeorm';
import { PROCEDURE_SAMPLES } from '../workflows';
import { CaseSealing } from '../src/cases/case-sealing';
import { CaseEntity } from '../src/cases/case.entity';
import { DeadlineScheduler } from '../src/scheduling/deadline-scheduler.service';
import { DEMO_PASSWORD, DEMO_USERS } from '../src/demo/demo-users';
import { UsersService } from '../src/identity/users.service';
import { PathDriver } from './support/path-driver';
import { recordResponses, type RecordedResponse } from './support/response-recorder';
import { CapturingLogger, scanAnswer, type Finding, type Secrets } from './support/secrecy-scan';
import { startTestApp, TestClock, type TestApp } from './support/test-app';
import { openRawDatabase } from './support/test-database';

const DAY = 24 * 3600_000;
/** The scenario's own sealed values: unique, so any occurrence is a leak. */
const SECRET = {
  accuserName: '扫描举报人甲',
  accuserContact: '131-2468-1357',
  staffName: '扫描举报人乙',
  staffContact: '132-9753-8642',
  lateName: '扫描补录人丙',
  lateContact: '133-1111-2222',
};
const ACCUSER = 'accuser-a';
const STAFF_REPORTER = 'staff-reporter';

/**
 * The scan (issue 15): a scenario with signed reports (reporters with and without an account, one
 * of them a staff member), an anonymous report, an identity completed later, an accuser who logs
 * in and asks for review (with an idempotency key, replayed and misused), refused attempts by
 * protected people, reveals, deadlines and notices, over the demo data; then every endpoint of the
 * OpenAPI document as every user, and every answer, export line, notification and log line
 * scanned for every sealed value and every protected account (secrecy-scan.ts says where an
 * account may show). Zero findings, or the test names each: endpoint, user, JSON path, what.
 */
describe('nothing sealed leaks, anywhere, to anyone', () => {
  let t: TestApp;
  let driver: PathDriver;
  let responses: RecordedResponse[];
  const logger = new CapturingLogger();
  const consoleLines: string[] = [];
  const tokens = new Map<string, string>();
  const users: string[] = [];
  const scenario: Record<string, string> = {};
  let grantedReveal = '';

  beforeAll(async () => {
    t = await startTestApp({ demoCases: true, logger, clock: new TestClock(new Date('2026-11-02T01:00:00.000Z')) });
    for (const method of ['log', 'warn', 'error', 'info'] as const) {
      const original = console[method].bind(console);
      jest.spyOn(console, method).mockImplementation((...parts: unknown[]) => {
        consoleLines.push(parts.map(String).join(' '));
        original(...parts);
      });
    }
    responses = recordResponses(t.app.getHttpServer());
    driver = new PathDriver(t);
    const at = t.clock.now().toISOString();
    await t.app.get(UsersService).create(
      {
        id: ACCUSER,
        displayName: '举报并登录的群众',
        password: DEMO_PASSWORD,
        unitId: 'unit-qingdao-port',
        roles: [{ role: 'applicant', scope: 'unit-qingdao-port' }],
      },
      at,
    );
    await t.app
      .get(UsersService)
      .create({ id: STAFF_REPORTER, displayName: '兼为举报人的承办人', password: DEMO_PASSWORD, unitId: 'cdi', roles: [{ role: 'officer', scope: '*' }] }, at);
    users.push(...DEMO_USERS.map((user) => user.id), ACCUSER, STAFF_REPORTER);
    for (const user of users) tokens.set(`Bearer ${(await login(user)).accessToken}`, user);
    await playScenario();
  }, 180_000);
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  const login = async (username: string) => (await t.http().post('/api/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200)).body;
  const as = (user: string) => ({ Authorization: [...tokens].find(([, id]) => id === user)![0] });
  const sample = (procedure: string, type: string, index = 0) => PROCEDURE_SAMPLES[procedure].events[type][index];
  const step = (caseId: string, procedure: string, type: string, index = 0, actor?: { id: string; role: string }) => {
    const chosen = sample(procedure, type, index);
    return driver.step(caseId, type, actor ?? chosen.actor, chosen.data, chosen.at);
  };
  const lead = PROCEDURE_SAMPLES.clarification.creations[0].data as Record<string, unknown>;
  const open = async (data: Record<string, unknown>, by = 'officer1') =>
    (
      await t
        .http()
        .post('/api/cases')
        .set(as(by))
        .send({ procedure: 'clarification', ...data })
        .expect(201)
    ).body.id as string;

  async function playScenario(): Promise<void> {
    t.clock.set('2026-03-02T02:00:00.000Z');
    // A signed report whose reporter logs in; found untrue with suspected malice, so the reporter
    // becomes the accuser of a false-accusation case, and asks in person for review of the measures.
    scenario.reported = await open({ ...lead, reporterName: SECRET.accuserName, reporterContact: SECRET.accuserContact, reporterUserId: ACCUSER });
    await step(scenario.reported, 'clarification', 'NOTIFY_ACCEPTANCE');
    await step(scenario.reported, 'clarification', 'CONCLUDE_VERIFICATION', 1);
    scenario.accusation = (await driver.view(scenario.reported)).links.children[0].caseId;
    for (const [type, index] of [
      ['FIND_MALICIOUS', 0],
      ['DECIDE_MEASURES', 0],
      ['RECORD_EXECUTION', 0],
      ['RECORD_EXECUTION', 1],
    ] as const)
      await step(scenario.accusation, 'falseAccusation', type, index);
    const review = sample('falseAccusation', 'REQUEST_REVIEW', 0);
    t.clock.set(review.at!);
    const version = (await driver.view(scenario.accusation)).version;
    const asked = { type: 'REQUEST_REVIEW', expectedVersion: version, ...review.data };
    const first = await t.http().post(`/api/cases/${scenario.accusation}/events`).set(as(ACCUSER)).set('Idempotency-Key', 'review-1').send(asked).expect(200);
    const replay = await t.http().post(`/api/cases/${scenario.accusation}/events`).set(as(ACCUSER)).set('Idempotency-Key', 'review-1').send(asked).expect(200);
    expect(replay.body).toEqual(first.body);
    await t
      .http()
      .post(`/api/cases/${scenario.accusation}/events`)
      .set(as(ACCUSER))
      .set('Idempotency-Key', 'review-1')
      .send({ ...asked, reason: '换一个理由' })
      .expect(422);
    await t
      .http()
      .post(`/api/cases/${scenario.accusation}/events`)
      .set(as(ACCUSER))
      .send({ type: 'DECIDE_REVIEW', expectedVersion: version + 1 })
      .expect(403);
    // The accuser probes the report they made.
    await t.http().get(`/api/cases/${scenario.reported}`).set(as(ACCUSER)).expect(404);
    await t.http().post(`/api/cases/${scenario.reported}/events`).set(as(ACCUSER)).send({ type: 'NOTIFY_RESULT', expectedVersion: 1 }).expect(404);

    // A staff member reports the cadre, then tries to act on it and to read the reporter's identity.
    t.clock.set('2026-03-10T02:00:00.000Z');
    scenario.staffReported = await open({ ...lead, reporterName: SECRET.staffName, reporterContact: SECRET.staffContact, reporterUserId: STAFF_REPORTER });
    await t
      .http()
      .post(`/api/cases/${scenario.staffReported}/events`)
      .set(as(STAFF_REPORTER))
      .send({ type: 'NOTIFY_ACCEPTANCE', expectedVersion: 1, notifiedOn: '2026-03-10', method: 'phone' })
      .expect(403);
    await t.http().post(`/api/cases/${scenario.staffReported}/reveals`).set(as(STAFF_REPORTER)).send({ reason: '想看看谁是举报人' }).expect(404);
    // A reporter who is staff registers their own report: who opened it is the pseudonym too.
    scenario.selfRegistered = await open(
      { ...lead, reporterName: SECRET.staffName, reporterContact: SECRET.staffContact, reporterUserId: STAFF_REPORTER },
      STAFF_REPORTER,
    );
    // Meanwhile they work on other cases under their own name, as any officer does.
    scenario.ownWork = (
      await t
        .http()
        .post('/api/cases')
        .set(as(STAFF_REPORTER))
        .send({ procedure: 'tolerance', ...PROCEDURE_SAMPLES.tolerance.creations.find((c) => c.actor.role === 'officer')!.data })
        .expect(201)
    ).body.id;

    // An anonymous report, and a signed one whose reporter's identity is completed later.
    const { reporterName: _n, reporterContact: _c, reporterUserId: _u, ...facts } = lead;
    scenario.anonymous = await open({ ...facts, signed: false });
    scenario.completedLater = await open(facts);
    await driver.step(
      scenario.completedLater,
      'RECORD_REPORTER_IDENTITY',
      { id: 'officer2', role: 'officer' },
      { reporterName: SECRET.lateName, reporterContact: SECRET.lateContact },
      '2026-03-11T02:00:00.000Z',
    );

    // Reveals: granted and read by the requester; another officer's read refused; a denied one.
    const requested = await t
      .http()
      .post(`/api/cases/${scenario.reported}/reveals`)
      .set(as('officer1'))
      .send({ reason: '核查诬告线索需要联系举报人' })
      .expect(201);
    await t.http().post(`/api/reveals/${requested.body.id}/decision`).set(as('leader1')).send({ approve: true, validHours: 72 }).expect(201);
    grantedReveal = requested.body.id;
    const identity = await t.http().get(`/api/reveals/${grantedReveal}/identity`).set(as('officer1')).expect(200);
    expect(identity.body.sealed).toMatchObject({ reporterName: SECRET.accuserName, reporterUserId: ACCUSER });
    expect(identity.body.actors.map((actor: { actorId: string; verified: boolean }) => [actor.actorId, actor.verified])).toEqual(
      identity.body.actors.map(() => [ACCUSER, true]),
    );
    await t.http().get(`/api/reveals/${grantedReveal}/identity`).set(as('officer2')).expect(403);
    const denied = await t.http().post(`/api/cases/${scenario.staffReported}/reveals`).set(as('officer2')).send({ reason: '核对举报人身份' }).expect(201);
    await t.http().post(`/api/reveals/${denied.body.id}/decision`).set(as('leader1')).send({ approve: false, note: '理由不足' }).expect(201);

    // Time passes: reminders, missed duties and expiries, all notified.
    for (let day = 0; day < 40; day += 8) {
      t.clock.advance(8 * DAY);
      await t.app.get(DeadlineScheduler).tick();
    }
  }

  it('walks every endpoint as every user and finds no sealed value or protected account where it must not be', async () => {
    const document = (await t.http().get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method, path })));
    const dataSource = t.app.get(DataSource);
    const caseIds = (await dataSource.getRepository(CaseEntity).find({ select: { id: true } })).map((row) => row.id);
    const revealIds = (await dataSource.query('SELECT id FROM identity_reveals')).map((row: { id: string }) => row.id);
    const walked = new Set<string>();
    for (const user of users) {
      for (const { method, path } of operations) {
        if (path === '/api/auth/logout') continue; // walked last, it ends the session
        for (const url of urlsFor(path, caseIds, revealIds)) {
          await send(method, url, user, bodyFor(method, path));
          walked.add(`${method.toUpperCase()} ${path}`);
        }
      }
      // Every page of the trail as the oversight reads it.
      if (user === 'auditadmin1') await readEveryPage(user);
    }
    // Once more after the whole walk, whose refusals are now in the trail: every export and page of
    // it, every list and notification.
    for (const user of users) {
      await send('get', '/api/audit/export', user, undefined);
      await send('get', '/api/notifications', user, undefined);
      await send('get', '/api/cases?pageSize=100', user, undefined);
      if (user === 'auditor1' || user === 'auditadmin1') await readEveryPage(user);
    }
    for (const user of users) await send('post', '/api/auth/logout', user, undefined);
    expect([...walked].length).toBe(operations.length - 1);

    const secrets = await secretsOf(dataSource);
    expect([...secrets.values]).toEqual(expect.arrayContaining(Object.values(SECRET)));
    expect(new Set(secrets.accounts.keys())).toEqual(new Set([ACCUSER, STAFF_REPORTER, 'applicant2']));

    const findings: Finding[] = [];
    let grantedReads = 0;
    for (const response of responses) {
      const user = response.authorization ? (tokens.get(response.authorization) ?? 'another session') : 'anonymous';
      const where = `${response.method} ${response.url} as ${user} (${response.status})`;
      // The one place a sealed value may be: the granted read, by its requester.
      if (response.url === `/api/reveals/${grantedReveal}/identity` && user === 'officer1' && response.status === 200) {
        expect(response.body).toContain(SECRET.accuserName);
        grantedReads += 1;
        continue;
      }
      const accounts = new Map([...secrets.accounts].filter(([account]) => account !== user));
      // Account administration lists every account, and the directory every cadre (a cadre with a
      // login is known by its id): both say nothing about any case.
      if (response.url.startsWith('/api/admin/users') || response.url.startsWith('/api/directory/cadres')) accounts.clear();
      findings.push(...scanAnswer(where, response.body, { values: secrets.values, accounts }, caseOfUrl(response.url, dataSource)));
    }
    for (const [index, line] of [...logger.lines, ...consoleLines].entries()) {
      findings.push(
        ...scanAnswer(`log line ${index + 1}`, line, { values: secrets.values, accounts: secrets.accounts }, undefined).map((finding) => ({
          ...finding,
          path: line.slice(0, 120),
        })),
      );
    }
    // The database itself, as a backup would carry it: sealed values nowhere; protected accounts
    // nowhere near their cases (the trail's actor columns, who opened a case, idempotency keys...).
    findings.push(...(await scanDatabase(secrets)));
    expect(grantedReads).toBeGreaterThan(0);
    // The scan is about links, not names: the staff reporter still shows, under their own name, on
    // the case they work on as an officer.
    expect(
      responses.some(
        (r) =>
          r.url === `/api/cases/${scenario.ownWork}/trail` &&
          tokens.get(r.authorization ?? '') === 'auditor1' &&
          r.body.includes(`"actorId":"${STAFF_REPORTER}"`),
      ),
    ).toBe(true);
    // Every kind of answer was looked at: exports, notifications, security refusals, logs.
    expect(responses.filter((r) => r.url === '/api/audit/export' && r.status === 200).length).toBeGreaterThan(1);
    expect(responses.some((r) => r.url === '/api/notifications' && r.body.includes('deadline'))).toBe(true);
    expect(logger.lines.length).toBeGreaterThan(0);
    expect(responses.length).toBeGreaterThan(2000);
    expect(findings.map((finding) => `${finding.where} at ${finding.path}: ${finding.found}`)).toEqual([]);
  }, 900_000);

  async function send(method: string, url: string, user: string, body: unknown): Promise<void> {
    let request = t.http()[method as 'get' | 'post' | 'put' | 'patch'](url).set(as(user));
    if (body !== undefined) request = request.send(body as object);
    const response = await request;
    if (response.status >= 500) throw new Error(`${method.toUpperCase()} ${url} as ${user}: ${response.status} ${JSON.stringify(response.body)}`);
  }

  async function readEveryPage(user: string): Promise<void> {
    for (let page = 1; ; page += 1) {
      const body = (await t.http().get(`/api/audit/entries?pageSize=200&page=${page}`).set(as(user)).expect(200)).body;
      if (page * 200 >= body.total) break;
    }
  }

  /** The sealed values and protected accounts, read from sealed storage itself (scenario and demo data alike). */
  async function secretsOf(dataSource: DataSource): Promise<Secrets> {
    const sealing = t.app.get(CaseSealing);
    const values = new Set<string>();
    const accounts = new Map<string, Set<string>>();
    for (const row of await dataSource.getRepository(CaseEntity).find()) {
      const context = sealing.machineSnapshot(row).context as { sealed: Record<string, unknown>; parties: { accuserUserId?: string } };
      for (const [key, value] of Object.entries(context.sealed)) {
        if (typeof value !== 'string' || value.length < 2) continue;
        if (/UserId$/.test(key)) continue;
        values.add(value);
      }
      const account = context.parties.accuserUserId;
      if (account) accounts.set(account, new Set([...(accounts.get(account) ?? []), row.id]));
    }
    return { values, accounts };
  }

  /**
   * Every row of every table but the accounts' own (users, their roles and sessions), each as an
   * object with its JSON columns parsed, scanned like an answer: the table says which case a row
   * belongs to through its case column, stream, or the case id in its data.
   */
  async function scanDatabase(secrets: Secrets): Promise<Finding[]> {
    const db = await openRawDatabase(t.dbPath);
    const findings: Finding[] = [];
    try {
      const tables = (
        db.dialect === 'sqlite'
          ? await db.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
          : await db.query<{ name: string }>('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()')
      ).map((table) => table.name);
      expect(tables).toEqual(expect.arrayContaining(['cases', 'audit_entries', 'sealed_actors', 'idempotency_keys', 'notifications', 'read_records']));
      // The accounts and the directory's cadres (people, not their cases) may name any account.
      for (const table of tables.filter((name) => !['users', 'user_roles', 'sessions', 'migrations', 'cadres'].includes(name))) {
        for (const [index, row] of (await db.query<Record<string, unknown>>(`SELECT * FROM "${table}"`)).entries()) {
          const object = Object.fromEntries(Object.entries(row).map(([column, value]) => [camel(column), parsed(value)]));
          const subject = typeof object.subject === 'string' ? /^case:(.*)$/.exec(object.subject)?.[1] : undefined;
          const context = table === 'cases' ? String(object.id) : ((object.caseId as string | undefined) ?? subject);
          findings.push(...scanAnswer(`database ${table} row ${index + 1}`, JSON.stringify(object), secrets, context ?? undefined));
        }
      }
    } finally {
      await db.close();
    }
    return findings;
  }

  /** The case an answer is about, from its URL: a case route, or the case of a reveal. */
  function caseOfUrl(url: string, _dataSource: DataSource): string | undefined {
    const match = /^\/api\/cases\/([0-9a-f-]{36})/.exec(url);
    return match?.[1];
  }

  function urlsFor(path: string, caseIds: string[], revealIds: string[]): string[] {
    if (path.includes('{revealId}')) return revealIds.map((id) => path.replace('{revealId}', id));
    if (path.startsWith('/api/cases/{id}')) return caseIds.map((id) => path.replace('{id}', id));
    if (path === '/api/procedures/{id}/{version}') return ['/api/procedures/clarification/1', '/api/procedures/falseAccusation/1'];
    if (path.startsWith('/api/admin/users/{id}')) return [path.replace('{id}', ACCUSER)];
    return [path];
  }

  /** Bodies that pass validation where they can and change nothing: each refusal is itself recorded. */
  function bodyFor(method: string, path: string): unknown {
    if (method === 'get') return undefined;
    if (path === '/api/auth/login') return { username: ACCUSER, password: 'not-the-password' };
    if (path === '/api/cases/{id}/events') return { type: 'NOTIFY_RESULT', expectedVersion: 0 };
    if (path === '/api/cases/{id}/reveals') return { reason: '扫描核对用途' };
    if (path === '/api/reveals/{revealId}/decision') return { approve: false, note: '扫描' };
    if (path === '/api/cases') return { procedure: 'clarification', ...lead, reporterName: SECRET.accuserName, cadreId: 'nobody', unitId: 'no-unit' };
    return {};
  }
});

const camel = (column: string) => column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/** JSON text (a context, an entry's data, a stored answer) as the object it holds. */
function parsed(value: unknown): unknown {
  if (typeof value !== 'string' || !/^[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
