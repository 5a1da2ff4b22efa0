import { toleranceSamples } from '../workflows/tolerance/tolerance.samples';
import { startTestApp, tempDbPath, type TestApp } from './support/test-app';
import { openRawDatabase, type RawDatabase } from './support/test-database';

/** The first sample payload of a tolerance event: real data the machine accepts. */
const sample = (type: string): Record<string, unknown> => toleranceSamples.events[type][0].data;
const application = toleranceSamples.creations[0].data;

describe('case engine through HTTP (tolerance procedure, real database)', () => {
  let t: TestApp;
  const headers: Record<string, { Authorization: string }> = {};

  beforeAll(async () => {
    t = await startTestApp();
    for (const user of ['applicant1', 'applicant2', 'officer1', 'officer2', 'reviewer1', 'auditor1']) headers[user] = await t.as(user);
  });
  afterAll(() => t.close());

  async function openSubmitted(): Promise<{ id: string; version: number }> {
    const created = await t
      .http()
      .post('/api/cases')
      .set(await t.as('applicant1'))
      .send({ procedure: 'tolerance', ...application })
      .expect(201);
    expect(created.body.state).toBe('draft');
    const submitted = await send(created.body.id, 'applicant1', 'SUBMIT', created.body.version, sample('SUBMIT')).expect(200);
    return { id: submitted.body.id, version: submitted.body.version };
  }

  function send(id: string, user: string, type: string, expectedVersion: number, payload: Record<string, unknown> = {}, key?: string) {
    const call = t.http().post(`/api/cases/${id}/events`).set(headers[user]);
    if (key) call.set('Idempotency-Key', key);
    return call.send({ type, expectedVersion, ...payload });
  }

  async function trailOf(id: string) {
    return (
      await t
        .http()
        .get(`/api/cases/${id}/trail`)
        .set(await t.as('auditor1'))
        .expect(200)
    ).body as Array<Record<string, unknown>>;
  }

  it('opens a case and reports the view contract with the events this caller may send', async () => {
    const { id } = await openSubmitted();
    const officerView = await t
      .http()
      .get(`/api/cases/${id}`)
      .set(await t.as('officer1'))
      .expect(200);
    expect(officerView.body).toMatchObject({
      id,
      procedure: 'tolerance',
      procedureVersion: 1,
      state: 'submitted',
      stateLabel: { zh: expect.any(String), en: expect.any(String) },
      version: 2,
      links: { children: [] },
    });
    expect(officerView.body.allowedEvents).toEqual(expect.arrayContaining(['ACCEPT', 'REJECT', 'REQUEST_SUPPLEMENT']));
    expect(officerView.body.allowedEvents).not.toContain('WITHDRAW');
    const applicantView = await t
      .http()
      .get(`/api/cases/${id}`)
      .set(await t.as('applicant1'))
      .expect(200);
    expect(applicantView.body.allowedEvents).toEqual(['WITHDRAW']);
    expect(applicantView.body.data.parties.cadreId).toBe('applicant1');
  });

  it('refuses an event the state does not take: 409 with the allowed events, recorded as refused', async () => {
    const { id, version } = await openSubmitted();
    const response = await send(id, 'officer1', 'SUBMIT_FINDINGS', version, {}).expect(409);
    expect(response.body.code).toBe('CASE.EVENT_NOT_ALLOWED');
    expect(response.body.details.allowedEvents).toEqual(expect.arrayContaining(['ACCEPT']));
    const trail = await trailOf(id);
    expect(trail.at(-1)).toMatchObject({ outcome: 'refused', refusalCode: 'CASE.EVENT_NOT_ALLOWED', event: 'SUBMIT_FINDINGS' });
    expect(
      (
        await t
          .http()
          .get(`/api/cases/${id}`)
          .set(await t.as('officer1'))
      ).body.version,
    ).toBe(version);
  });

  it('refuses a role the event table does not allow: 403, case unchanged', async () => {
    const { id, version } = await openSubmitted();
    const response = await send(id, 'reviewer1', 'ACCEPT', version, sample('ACCEPT')).expect(403);
    expect(response.body.code).toBe('CASE.ROLE_NOT_ALLOWED');
    const view = await t
      .http()
      .get(`/api/cases/${id}`)
      .set(await t.as('officer1'));
    expect(view.body).toMatchObject({ state: 'submitted', version });
    expect((await trailOf(id)).at(-1)).toMatchObject({ outcome: 'refused', refusalCode: 'CASE.ROLE_NOT_ALLOWED', actorId: 'reviewer1' });
  });

  it('bad payloads get 400 with field messages and change nothing but the recorded refusal', async () => {
    const { id, version } = await openSubmitted();
    const before = await trailOf(id);
    const unknownField = await send(id, 'officer1', 'REJECT', version, { ...sample('REJECT'), injected: 'x' }).expect(400);
    expect(unknownField.body.code).toBe('CASE.INVALID_PAYLOAD');
    expect(unknownField.body.details.fields.map((f: { field: string }) => f.field)).toContain('injected');
    const tooLong = await send(id, 'officer1', 'REJECT', version, { ...sample('REJECT'), reason: 'x'.repeat(100_000) }).expect(400);
    expect(tooLong.body.details.fields.map((f: { field: string }) => f.field)).toContain('reason');
    const wrongType = await send(id, 'officer1', 'REJECT', version, { ...sample('REJECT'), reason: 42 }).expect(400);
    expect(wrongType.body.code).toBe('CASE.INVALID_PAYLOAD');
    await t
      .http()
      .post(`/api/cases/${id}/events`)
      .set(await t.as('officer1'))
      .send({ type: 'REJECT' })
      .expect(400);
    const after = await trailOf(id);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((e) => e.outcome)).toEqual(['refused', 'refused', 'refused']);
    const view = await t
      .http()
      .get(`/api/cases/${id}`)
      .set(await t.as('officer1'));
    expect(view.body).toMatchObject({ state: 'submitted', version });
  });

  it('a unit or officer opening a case must name the cadre concerned', async () => {
    const { cadreId: _cadre, ...withoutCadre } = toleranceSamples.creations[2].data;
    const response = await t
      .http()
      .post('/api/cases')
      .set(headers.officer1)
      .send({ procedure: 'tolerance', ...withoutCadre })
      .expect(400);
    expect(response.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['cadreId']);
  });

  it('a request body over the size limit is refused before it reaches the engine', async () => {
    const { id, version } = await openSubmitted();
    const huge = await send(id, 'officer1', 'REJECT', version, { reason: 'x'.repeat(400 * 1024) });
    expect(huge.status).toBe(413);
  });

  it('two concurrent requests with the same expected version: exactly one wins', async () => {
    const { id, version } = await openSubmitted();
    const [a, b] = await Promise.all([send(id, 'officer1', 'ACCEPT', version, sample('ACCEPT')), send(id, 'officer2', 'REJECT', version, sample('REJECT'))]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.body.code).toBe('CASE.STALE_VERSION');
    expect(loser.body.details.currentVersion).toBe(version + 1);
    const trail = await trailOf(id);
    expect(trail.filter((e) => e.outcome === 'applied').map((e) => e.event)).toHaveLength(3);
  });

  it('a retried Idempotency-Key returns the first answer and changes nothing; reuse for another request is refused', async () => {
    const { id, version } = await openSubmitted();
    const first = await send(id, 'officer1', 'ACCEPT', version, sample('ACCEPT'), 'accept-1').expect(200);
    const retry = await send(id, 'officer1', 'ACCEPT', version, sample('ACCEPT'), 'accept-1').expect(200);
    expect(retry.body).toEqual(first.body);
    const view = await t
      .http()
      .get(`/api/cases/${id}`)
      .set(await t.as('officer1'));
    expect(view.body.version).toBe(version + 1);
    const reused = await send(id, 'officer1', 'REJECT', version + 1, sample('REJECT'), 'accept-1').expect(422);
    expect(reused.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
  });

  it('unknown ids answer 404, malformed ids 400', async () => {
    await t
      .http()
      .get('/api/cases/6f1c2d4e-0000-4000-8000-000000000000')
      .set(await t.as('officer1'))
      .expect(404);
    await send('6f1c2d4e-0000-4000-8000-000000000000', 'officer1', 'ACCEPT', 1, {}).expect(404);
    await t
      .http()
      .get('/api/cases/not-a-uuid')
      .set(await t.as('officer1'))
      .expect(400);
  });

  it("an applicant cannot see another cadre's case (404) nor find it in lists", async () => {
    const { id } = await openSubmitted();
    await t
      .http()
      .get(`/api/cases/${id}`)
      .set(await t.as('applicant2'))
      .expect(404);
    const list = await t
      .http()
      .get('/api/cases')
      .set(await t.as('applicant2'))
      .expect(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(id);
  });

  it('needs a valid token', async () => {
    await t.http().get('/api/cases').expect(401);
    await t.http().get('/api/cases').set('Authorization', 'Bearer not.a.token').expect(401);
    const wrong = await t.http().post('/api/auth/login').send({ username: 'officer1', password: 'wrong' }).expect(401);
    expect(wrong.body.code).toBe('AUTH.INVALID_CREDENTIALS');
  });

  it('lists with filters, whose-turn, free text, paging and sorting', async () => {
    const { id } = await openSubmitted();
    const headers = await t.as('officer1');
    const byState = await t.http().get('/api/cases?procedure=tolerance&state=submitted&pageSize=100').set(headers).expect(200);
    expect(byState.body.items.every((c: { state: string }) => c.state === 'submitted')).toBe(true);
    expect(byState.body.items.map((c: { id: string }) => c.id)).toContain(id);
    const myTurn = await t.http().get('/api/cases?turn=officer&pageSize=100').set(headers).expect(200);
    expect(myTurn.body.items.map((c: { id: string }) => c.id)).toContain(id);
    const reviewerTurn = await t.http().get('/api/cases?turn=reviewer&pageSize=100').set(headers).expect(200);
    expect(reviewerTurn.body.items.map((c: { id: string }) => c.id)).not.toContain(id);
    const text = await t
      .http()
      .get(`/api/cases?q=${encodeURIComponent('标准地')}&cadre=applicant1`)
      .set(headers)
      .expect(200);
    expect(text.body.total).toBeGreaterThan(0);
    const paged = await t.http().get('/api/cases?pageSize=2&page=1&sort=createdAt&order=asc').set(headers).expect(200);
    expect(paged.body.items).toHaveLength(2);
    expect(paged.body.total).toBeGreaterThanOrEqual(2);
    expect(paged.body.items[0].createdAt <= paged.body.items[1].createdAt).toBe(true);
    await t.http().get('/api/cases?pageSize=1000').set(headers).expect(400);
    await t.http().get('/api/cases?turn=nobody').set(headers).expect(400);
  });

  it('verification passes on an honest trail; auditors only; export streams NDJSON', async () => {
    await openSubmitted();
    const verify = await t
      .http()
      .get('/api/audit/verify')
      .set(await t.as('auditor1'))
      .expect(200);
    expect(verify.body).toMatchObject({ ok: true });
    expect(verify.body.checked).toBeGreaterThan(0);
    await t
      .http()
      .get('/api/audit/verify')
      .set(await t.as('officer1'))
      .expect(403);
    const exported = await t
      .http()
      .get('/api/audit/export')
      .set(await t.as('auditor1'))
      .expect(200);
    const lines = exported.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    // The officer's refused attempt is itself on the security chain, after the verification ran;
    // the export itself is on the record first (audit-reads chain) and is the file's last line.
    expect(lines.length).toBe(verify.body.checked + 2);
    expect(lines[0]).toHaveProperty('hash');
    expect(lines[lines.length - 1]).toMatchObject({
      streamId: 'audit-reads',
      event: 'TRAIL_EXPORTED',
      actorId: 'auditor1',
      data: { entries: verify.body.checked + 1 },
    });
    expect(lines.filter((line) => line.streamId === 'security' && line.event === 'GET /api/audit/verify')).toEqual([
      expect.objectContaining({ actorId: 'officer1', outcome: 'refused', refusalCode: 'AUTH.FORBIDDEN' }),
    ]);
  });

  it('serves the OpenAPI document', async () => {
    const doc = await t.http().get('/api/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/cases', '/api/cases/{id}/events', '/api/audit/verify']));
  });
});

describe('trail integrity in the database', () => {
  /** What someone with raw access to the database would run to switch the trail's guard off. */
  const guardOff = (db: RawDatabase, change: 'UPDATE' | 'DELETE') =>
    db.dialect === 'postgres'
      ? db.exec('ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only')
      : db.exec(change === 'UPDATE' ? 'DROP TRIGGER audit_entries_no_update' : 'DROP TRIGGER audit_entries_no_delete');

  async function submittedCase(t: TestApp): Promise<string> {
    const created = await t
      .http()
      .post('/api/cases')
      .set(await t.as('applicant1'))
      .send({ procedure: 'tolerance', ...application })
      .expect(201);
    await t
      .http()
      .post(`/api/cases/${created.body.id}/events`)
      .set(await t.as('applicant1'))
      .send({ type: 'SUBMIT', expectedVersion: 1, ...sample('SUBMIT') })
      .expect(200);
    return created.body.id;
  }

  it('the database refuses UPDATE and DELETE on the trail; verify names an entry altered behind its back', async () => {
    const t = await startTestApp();
    const id = await submittedCase(t);
    const db = await openRawDatabase(t.dbPath);
    await expect(db.exec("UPDATE audit_entries SET reason = 'x'")).rejects.toThrow(/append-only/);
    await expect(db.exec('DELETE FROM audit_entries')).rejects.toThrow(/append-only/);
    // Someone with raw access switches the guard off and edits an entry: the chain exposes it.
    await guardOff(db, 'UPDATE');
    const [target] = await db.query<{ id: number }>('SELECT id FROM audit_entries WHERE stream_id = ? AND position = 2', [id]);
    await db.query("UPDATE audit_entries SET actor_id = 'someone-else' WHERE id = ?", [target.id]);
    await db.close();
    const verify = await t
      .http()
      .get('/api/audit/verify')
      .set(await t.as('auditor1'))
      .expect(200);
    expect(verify.body.ok).toBe(false);
    expect(verify.body.firstBrokenEntry).toMatchObject({ id: target.id, streamId: id, position: 2, problem: 'content does not match its hash' });
    await t.close();
  });

  it('verify notices entries cut off the end of a case chain', async () => {
    const t = await startTestApp();
    const id = await submittedCase(t);
    const db = await openRawDatabase(t.dbPath);
    await guardOff(db, 'DELETE');
    await db.query('DELETE FROM audit_entries WHERE stream_id = ? AND position = 2', [id]);
    await db.close();
    const verify = await t
      .http()
      .get('/api/audit/verify')
      .set(await t.as('auditor1'))
      .expect(200);
    expect(verify.body).toMatchObject({ ok: false, firstBrokenEntry: { streamId: id } });
    await t.close();
  });

  it('verify goes on past a broken chain: it lists every broken chain at its first problem and counts the intact ones', async () => {
    const t = await startTestApp();
    const altered = await submittedCase(t);
    const cut = await submittedCase(t);
    const intact = await submittedCase(t);
    const before = (
      await t
        .http()
        .get('/api/audit/verify')
        .set(await t.as('auditor1'))
        .expect(200)
    ).body;
    expect(before).toMatchObject({ ok: true, intactChains: before.chains });
    expect(before.chains).toBeGreaterThanOrEqual(3);
    const db = await openRawDatabase(t.dbPath);
    await guardOff(db, 'UPDATE');
    await guardOff(db, 'DELETE');
    const [target] = await db.query<{ id: number }>('SELECT id FROM audit_entries WHERE stream_id = ? AND position = 1', [altered]);
    await db.query("UPDATE audit_entries SET reason = 'changed' WHERE id = ?", [target.id]);
    await db.query('DELETE FROM audit_entries WHERE stream_id = ? AND position = 2', [cut]);
    await db.close();
    const verify = (
      await t
        .http()
        .get('/api/audit/verify')
        .set(await t.as('auditor1'))
        .expect(200)
    ).body;
    expect(verify).toMatchObject({ ok: false, brokenChainCount: 2, chains: before.chains, intactChains: before.chains - 2 });
    const byStream = new Map(verify.brokenChains.map((chain: { streamId: string }) => [chain.streamId, chain]));
    expect(byStream.get(altered)).toMatchObject({ id: target.id, position: 1, problem: 'content does not match its hash' });
    expect(byStream.get(cut)).toMatchObject({ id: null, problem: 'trail ends at 1 entries but the case records 2' });
    expect(byStream.has(intact)).toBe(false);
    expect(verify.firstBrokenEntry).toEqual(verify.brokenChains[0]);
    await t.close();
  });

  it('a failure between the trail append and the case update leaves neither', async () => {
    const t = await startTestApp();
    const created = await t
      .http()
      .post('/api/cases')
      .set(await t.as('applicant1'))
      .send({ procedure: 'tolerance', ...application })
      .expect(201);
    const id = created.body.id;
    const db = await openRawDatabase(t.dbPath);
    if (db.dialect === 'postgres') {
      await db.exec("CREATE FUNCTION inject_failure() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END; $$ LANGUAGE plpgsql");
      await db.exec("CREATE TRIGGER inject_failure BEFORE UPDATE ON cases FOR EACH ROW WHEN (NEW.state = 'submitted') EXECUTE FUNCTION inject_failure()");
    } else {
      await db.exec("CREATE TRIGGER inject_failure BEFORE UPDATE ON cases WHEN NEW.state = 'submitted' BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    }
    const countEntries = async () => Number((await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM audit_entries WHERE stream_id = ?', [id]))[0].n);
    const before = await countEntries();
    await t
      .http()
      .post(`/api/cases/${id}/events`)
      .set(await t.as('applicant1'))
      .send({ type: 'SUBMIT', expectedVersion: 1, ...sample('SUBMIT') })
      .expect(500);
    expect(await countEntries()).toBe(before);
    expect(await db.query('SELECT state, version FROM cases WHERE id = ?', [id])).toEqual([{ state: 'draft', version: 1 }]);
    await db.exec(db.dialect === 'postgres' ? 'DROP TRIGGER inject_failure ON cases' : 'DROP TRIGGER inject_failure');
    await db.close();
    expect(
      (
        await t
          .http()
          .get('/api/audit/verify')
          .set(await t.as('auditor1'))
      ).body.ok,
    ).toBe(true);
    await t.close();
  });

  it('a restarted service on the same file keeps every case and its trail', async () => {
    const dbPath = tempDbPath();
    const first = await startTestApp({ dbPath });
    const created = await first
      .http()
      .post('/api/cases')
      .set(await first.as('applicant1'))
      .send({ procedure: 'tolerance', ...application })
      .expect(201);
    await first
      .http()
      .post(`/api/cases/${created.body.id}/events`)
      .set(await first.as('applicant1'))
      .send({ type: 'SUBMIT', expectedVersion: 1, ...sample('SUBMIT') })
      .expect(200);
    await first.close();
    const second = await startTestApp({ dbPath });
    const view = await second
      .http()
      .get(`/api/cases/${created.body.id}`)
      .set(await second.as('officer1'))
      .expect(200);
    expect(view.body).toMatchObject({ state: 'submitted', version: 2 });
    await second
      .http()
      .post(`/api/cases/${created.body.id}/events`)
      .set(await second.as('officer1'))
      .send({ type: 'ACCEPT', expectedVersion: 2, ...sample('ACCEPT') })
      .expect(200);
    expect(
      (
        await second
          .http()
          .get('/api/audit/verify')
          .set(await second.as('auditor1'))
      ).body.ok,
    ).toBe(true);
    await second.close();
  });

  it('runs with SM3 (GB/T 32905) when configured, and the trail verifies', async () => {
    const t = await startTestApp({ env: { HASH_ALGORITHM: 'sm3' } });
    const created = await t
      .http()
      .post('/api/cases')
      .set(await t.as('applicant1'))
      .send({ procedure: 'tolerance', ...application })
      .expect(201);
    const trail = await t
      .http()
      .get(`/api/cases/${created.body.id}/trail`)
      .set(await t.as('auditor1'))
      .expect(200);
    expect(trail.body[0].algorithm).toBe('sm3');
    expect(
      (
        await t
          .http()
          .get('/api/audit/verify')
          .set(await t.as('auditor1'))
      ).body.ok,
    ).toBe(true);
    await t.close();
  });
});
