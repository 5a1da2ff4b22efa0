import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { reportZh, verifyExport } from '../src/operations/verify-export';
import { PurgeService } from '../src/scheduling/purge.service';
import { toleranceSamples } from '../workflows/tolerance/tolerance.samples';
import { PathDriver } from './support/path-driver';
import { DEMO_PASSWORD } from '../src/demo/demo-users';
import { startTestApp, type TestApp } from './support/test-app';
import { openRawDatabase, testDialect } from './support/test-database';

const DAY_MS = 86_400_000;
const PROPOSALS = '/api/audit/retention/proposals';

/**
 * Issue 22 §4, retention that keeps the proofs: an audit administrator's decision retires the
 * payloads of entries past their period; the decision is on the admin chain; the leaves, links and
 * checkpoints stay, so verification online and offline stays green and says what was retired. A
 * refused decision changes nothing. Expired sessions and old idempotency keys are purged.
 */
describe(`retention of the trail's payloads (${testDialect()})`, () => {
  let t: TestApp;
  let dir: string;
  let caseId: string;
  /** A pending proposal left by one test for the last one, which changes its set behind it. */
  let staleProposal: Record<string, any>;

  /** A new login at the clock's time (tokens cached by the test app expire when the clock moves on). */
  const fresh = async (user: string) => {
    const response = await t.http().post('/api/auth/login').send({ username: user, password: DEMO_PASSWORD }).expect(200);
    return { Authorization: `Bearer ${response.body.accessToken}` };
  };
  const count = async (sql: string, params: unknown[] = []) => {
    const db = await openRawDatabase(t.dbPath);
    try {
      return Number((await db.query<{ n: unknown }>(sql, params))[0].n);
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { TRAIL_RETENTION_DAYS: 'security=184,admin=3650,tolerance=184', PURGE_INTERVAL_MS: '0' } });
    dir = dirname(t.dbPath);
    const driver = new PathDriver(t);
    // A case that ends (a final state): only a closed case's trail is retired.
    caseId = await driver.drive('tolerance', driver.paths('tolerance').get('revoked')!);
    for (const attempt of [1, 2, 3]) {
      await t
        .http()
        .post('/api/auth/login')
        .send({ username: 'nobody', password: `wrong-${attempt}` })
        .expect(401);
    }
    // An idempotency key, kept with its first answer.
    const opened = await t
      .http()
      .post('/api/cases')
      .set(await t.as('applicant1'))
      .set('Idempotency-Key', 'retention-open-1')
      .send({ procedure: 'tolerance', ...toleranceSamples.creations[0].data })
      .expect(201);
    expect(opened.body.id).toBeDefined();
    await t
      .http()
      .post('/api/transparency/checkpoints')
      .set(await t.as('auditadmin1'))
      .expect(200);
    // Past the 184 days of the security chain and of the tolerance procedure, not the admin chain's
    // 3 650; past the tests' five-year sessions too (test-app), and the idempotency keys' 7 days.
    t.clock.advance(6 * 366 * DAY_MS);
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  it('lists each configured kind with its period, cutoff and what is due; only the audit administrator and auditors may see it', async () => {
    const kinds = (
      await t
        .http()
        .get('/api/audit/retention')
        .set(await fresh('auditadmin1'))
        .expect(200)
    ).body as Array<Record<string, unknown>>;
    const byKind = Object.fromEntries(kinds.map((kind) => [kind.kind, kind]));
    expect(byKind.security).toMatchObject({ days: 184 });
    expect(byKind.security.due).toBeGreaterThanOrEqual(3);
    expect(byKind.admin).toMatchObject({ days: 3650, due: 0 });
    expect(byKind.tolerance.due).toBeGreaterThan(0);
    await t
      .http()
      .get('/api/audit/retention')
      .set(await fresh('officer1'))
      .expect(403);
  });

  /** What a refused request must leave as it was. */
  const state = async () => ({
    admin: await count('SELECT COUNT(*) AS n FROM audit_entries WHERE stream_id = ?', ['admin']),
    retired: await count('SELECT COUNT(*) AS n FROM trail_retired_payloads'),
    proposals: await count('SELECT COUNT(*) AS n FROM trail_retirement_proposals'),
    pending: await count(`SELECT COUNT(*) AS n FROM trail_retirement_proposals WHERE status = 'pending'`),
  });
  const propose = async (user: string, kind: string, reason: string) =>
    (
      await t
        .http()
        .post(PROPOSALS)
        .set(await fresh(user))
        .send({ kind, reason })
        .expect(201)
    ).body as Record<string, any>;

  it('refuses a kind without a period (400), a kind with nothing due (409) and anyone but the audit administrator (403), each saying why, changing nothing', async () => {
    const before = await state();
    const admin = await fresh('auditadmin1');
    const unknown = await t.http().post(PROPOSALS).set(admin).send({ kind: 'correction', reason: '保管期满' }).expect(400);
    expect(unknown.body).toMatchObject({ code: 'RETENTION.NO_PERIOD', details: { conditions: [{ code: 'retention.noPeriod', field: 'kind' }] } });
    expect(unknown.body.details.conditions[0].zh).toContain('没有配置保存期限');
    expect(unknown.body.details.conditions[0].en).toContain('No retention period');
    const notDue = await t.http().post(PROPOSALS).set(admin).send({ kind: 'admin', reason: '保管期满' }).expect(409);
    expect(notDue.body).toMatchObject({ code: 'RETENTION.NOTHING_DUE' });
    expect(notDue.body.details.conditions[0].zh).toContain('没有超过保存期限');
    const auditor = await t
      .http()
      .post(PROPOSALS)
      .set(await fresh('auditor1'))
      .send({ kind: 'security', reason: 'x' })
      .expect(403);
    expect(auditor.body.details.conditions[0].zh).toContain('审计管理员');
    await t.http().post(PROPOSALS).set(admin).send({ kind: 'security' }).expect(400);
    // A security administrator may not decide on the audit records either.
    await t
      .http()
      .post(PROPOSALS)
      .set(await fresh('secadmin1'))
      .send({ kind: 'security', reason: 'x' })
      .expect(403);
    expect(await state()).toEqual(before);
  });

  it('retires the payloads of the security chain past 184 days: decision on the admin chain, hashes kept, verification online and offline green', async () => {
    const admin = await fresh('auditadmin1');
    const due = ((await t.http().get('/api/audit/retention').set(admin).expect(200)).body as Array<{ kind: string; due: number }>).find(
      (k) => k.kind === 'security',
    )!.due;
    const hashesBefore = await hashesOf('security');
    const proposal = await propose('auditadmin1', 'security', '审计日志保存期满，依 2026 第 3 号决定');
    expect(proposal).toMatchObject({ kind: 'security', entries: due, status: 'pending', proposedBy: 'auditadmin1', moreDue: false });
    expect(Date.parse(proposal.expiresAt) - Date.parse(proposal.proposedAt)).toBe(24 * 3_600_000);
    expect(proposal.lastLogIndex).toBeGreaterThanOrEqual(proposal.firstLogIndex);
    const proposed = await state();
    expect(proposed.retired).toBe(0);

    // The proposer cannot approve; a second proposal of the kind waits for the first. Neither changes anything.
    const own = await t.http().post(`${PROPOSALS}/${proposal.id}/approve`).set(admin).send({}).expect(403);
    expect(own.body).toMatchObject({ code: 'RETENTION.OWN_PROPOSAL', details: { conditions: [{ code: 'retirementProposal.self' }] } });
    expect(own.body.details.conditions[0].zh).toContain('另一名审计管理员');
    expect(own.body.details.conditions[0].en).toContain('another audit administrator');
    const twice = await t.http().post(PROPOSALS).set(admin).send({ kind: 'security', reason: 'again' }).expect(409);
    expect(twice.body).toMatchObject({ code: 'RETENTION.PROPOSAL_PENDING' });
    expect(twice.body.details.conditions[0].zh).toContain('待审批');
    // Auditors read the proposals, but decide nothing.
    const listed = (
      await t
        .http()
        .get(PROPOSALS)
        .set(await fresh('auditor1'))
        .expect(200)
    ).body as Array<{ id: string }>;
    expect(listed.map((p) => p.id)).toContain(proposal.id);
    await t
      .http()
      .post(`${PROPOSALS}/${proposal.id}/approve`)
      .set(await fresh('auditor1'))
      .send({})
      .expect(403);
    expect(await state()).toEqual(proposed);

    const approved = (
      await t
        .http()
        .post(`${PROPOSALS}/${proposal.id}/approve`)
        .set(await fresh('auditadmin2'))
        .send({ note: '经复核同意' })
        .expect(200)
    ).body;
    expect(approved).toMatchObject({ status: 'approved', decidedBy: 'auditadmin2', decisionNote: '经复核同意' });
    expect(approved.decision).toMatch(/^admin#\d+$/);
    const decided = { decision: approved.decision as string };
    // Nothing left due; a new proposal is refused, and the approved one cannot be approved again.
    await t.http().post(PROPOSALS).set(admin).send({ kind: 'security', reason: 'again' }).expect(409);
    const again = await t
      .http()
      .post(`${PROPOSALS}/${proposal.id}/approve`)
      .set(await fresh('auditadmin2'))
      .send({})
      .expect(409);
    expect(again.body).toMatchObject({ code: 'RETENTION.PROPOSAL_CLOSED' });
    expect(
      await count(`SELECT COUNT(*) AS n FROM audit_entries WHERE stream_id = 'admin' AND event IN ('TRAIL_RETIREMENT_PROPOSED', 'TRAIL_RETIREMENT_APPROVED')`),
    ).toBe(2);
    // The hash of every entry is what it was (the logins since only added entries); the payloads are gone.
    expect((await hashesOf('security')).slice(0, hashesBefore.length)).toEqual(hashesBefore);
    expect(
      await count(`SELECT COUNT(*) AS n FROM audit_entries WHERE stream_id = 'security' AND data = '{"payloadRetired":true}' AND reason IS NULL`),
    ).toBeGreaterThanOrEqual(due);
    const decision = (await count(`SELECT COUNT(*) AS n FROM audit_entries WHERE stream_id = 'admin' AND event = 'TRAIL_PAYLOADS_RETIRED'`)) as number;
    expect(decision).toBe(1);

    const online = (await t.http().get('/api/audit/verify').set(admin).expect(200)).body;
    expect(online).toMatchObject({ ok: true, retiredPayloads: due });
    await expectOfflineGreen(due + 0, decided.decision);
  });

  it('retires the closed tolerance case trail but its last entry; the case still matches its trail and the verifiers stay green', async () => {
    const admin = await fresh('auditadmin1');
    const length = await count('SELECT trail_length AS n FROM cases WHERE id = ?', [caseId]);
    expect(await count('SELECT COUNT(*) AS n FROM cases WHERE id = ? AND status = ?', [caseId, 'done'])).toBe(1);
    // Either audit administrator proposes; the other approves.
    const proposal = await propose('auditadmin2', 'tolerance', '案卷保管期满');
    const decided = (await t.http().post(`${PROPOSALS}/${proposal.id}/approve`).set(admin).send({}).expect(200)).body;
    // The open case (the one opened with an idempotency key) keeps everything; the closed one all but its head.
    expect(proposal.entries).toBe(length - 1);
    expect(decided.status).toBe('approved');
    const head = await count(`SELECT COUNT(*) AS n FROM audit_entries WHERE stream_id = ? AND position = ? AND data <> '{"payloadRetired":true}'`, [
      caseId,
      length,
    ]);
    expect(head).toBe(1);
    const online = (await t.http().get('/api/audit/verify').set(admin).expect(200)).body;
    expect(online.ok).toBe(true);
    expect(online.retiredPayloads).toBeGreaterThanOrEqual(length - 1);
    await expectOfflineGreen(online.retiredPayloads, decided.decision);
  });

  it('a rejected, a withdrawn and a lapsed proposal retire nothing, and none of them can be approved afterwards', async () => {
    // New entries of the security chain, past their period.
    for (const attempt of [1, 2]) {
      await t
        .http()
        .post('/api/auth/login')
        .send({ username: 'nobody', password: `later-${attempt}` })
        .expect(401);
    }
    t.clock.advance(200 * DAY_MS);
    const retired = await count('SELECT COUNT(*) AS n FROM trail_retired_payloads');

    const rejected = await propose('auditadmin1', 'security', '保存期满');
    await t
      .http()
      .post(`${PROPOSALS}/${rejected.id}/reject`)
      .set(await fresh('auditadmin2'))
      .send({})
      .expect(400);
    const rejection = (
      await t
        .http()
        .post(`${PROPOSALS}/${rejected.id}/reject`)
        .set(await fresh('auditadmin2'))
        .send({ note: '批准文号有误' })
        .expect(200)
    ).body;
    expect(rejection).toMatchObject({ status: 'rejected', decidedBy: 'auditadmin2', decisionNote: '批准文号有误' });
    const afterReject = await state();
    const late = await t
      .http()
      .post(`${PROPOSALS}/${rejected.id}/approve`)
      .set(await fresh('auditadmin2'))
      .send({})
      .expect(409);
    expect(late.body.details.conditions[0]).toMatchObject({ code: 'retirementProposal.rejected' });
    expect(late.body.details.conditions[0].zh).toContain('已被驳回');

    const withdrawn = await propose('auditadmin1', 'security', '保存期满');
    const withdrawal = (
      await t
        .http()
        .post(`${PROPOSALS}/${withdrawn.id}/reject`)
        .set(await fresh('auditadmin1'))
        .send({ note: '范围需重新核对' })
        .expect(200)
    ).body;
    expect(withdrawal.status).toBe('withdrawn');

    const lapsed = await propose('auditadmin1', 'security', '保存期满');
    t.clock.advance(24 * 3_600_000 + 1000);
    const before = await state();
    const refused = await t
      .http()
      .post(`${PROPOSALS}/${lapsed.id}/approve`)
      .set(await fresh('auditadmin2'))
      .send({})
      .expect(409);
    expect(refused.body).toMatchObject({ code: 'RETENTION.PROPOSAL_CLOSED', details: { conditions: [{ code: 'retirementProposal.expired' }] } });
    expect(refused.body.details.conditions[0].zh).toContain('已过期');
    expect(refused.body.details.conditions[0].en).toContain('lapsed');
    await t
      .http()
      .post(`${PROPOSALS}/00000000-0000-4000-8000-000000000000/approve`)
      .set(await fresh('auditadmin2'))
      .send({})
      .expect(404);
    expect(await state()).toEqual(before);
    expect(before.admin).toBe(afterReject.admin + 3);
    expect(await count('SELECT COUNT(*) AS n FROM trail_retired_payloads')).toBe(retired);
    const events = await count(
      `SELECT COUNT(*) AS n FROM audit_entries WHERE stream_id = 'admin' AND event IN ('TRAIL_RETIREMENT_REJECTED', 'TRAIL_RETIREMENT_WITHDRAWN')`,
    );
    expect(events).toBe(2);
    // A lapsed proposal no longer blocks a new one.
    const next = await propose('auditadmin2', 'security', '保存期满');
    expect(next.status).toBe('pending');
    staleProposal = next;
  });

  it('the database lets no other change of an entry through: neither a payload changed nor a retired entry touched without a decision', async () => {
    const db = await openRawDatabase(t.dbPath);
    try {
      await expect(
        db.query(`UPDATE audit_entries SET data = '{"payloadRetired":true}', reason = NULL WHERE stream_id = 'admin' AND position = 1`),
      ).rejects.toThrow(/append-only/);
      await expect(db.query(`UPDATE audit_entries SET at = '2020-01-01T00:00:00.000Z' WHERE stream_id = 'security' AND position = 1`)).rejects.toThrow(
        /append-only/,
      );
      await expect(db.query('DELETE FROM trail_retired_payloads')).rejects.toThrow(/append-only/);
    } finally {
      await db.close();
    }
  });

  it('purges expired sessions and idempotency keys older than their period, and nothing younger', async () => {
    expect(await count('SELECT COUNT(*) AS n FROM idempotency_keys')).toBeGreaterThanOrEqual(1);
    const current = await fresh('officer1');
    const { sessions, idempotencyKeys } = await t.app.get(PurgeService).purge();
    expect(sessions).toBeGreaterThanOrEqual(1);
    expect(idempotencyKeys).toBeGreaterThanOrEqual(1);
    expect(await count('SELECT COUNT(*) AS n FROM idempotency_keys')).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM sessions WHERE expires_at <= ?', [t.clock.now().toISOString()])).toBe(0);
    // The session of today's login is not expired: it stays, and its token still works.
    await t.http().get('/api/audit/retention').set(current).expect(403);
    expect(await t.app.get(PurgeService).purge()).toEqual({ sessions: 0, idempotencyKeys: 0 });
  });

  it('refuses to approve a proposal whose set changed since (one of its entries retired meanwhile), naming both counts, retiring nothing', async () => {
    // As if another decision had retired an entry of the range: its record is there (last test: the verifier is not asked again).
    const db = await openRawDatabase(t.dbPath);
    try {
      const entry = (await db.query<{ id: unknown }>('SELECT entry_id AS id FROM tlog_leaves WHERE leaf_index = ?', [staleProposal.firstLogIndex]))[0].id;
      await db.query('INSERT INTO trail_retired_payloads (entry_id, decision_position, retired_at) VALUES (?, ?, ?)', [entry, 1, t.clock.now().toISOString()]);
    } finally {
      await db.close();
    }
    const before = await state();
    const stale = await t
      .http()
      .post(`${PROPOSALS}/${staleProposal.id}/approve`)
      .set(await fresh('auditadmin1'))
      .send({})
      .expect(409);
    expect(stale.body).toMatchObject({ code: 'RETENTION.PROPOSAL_STALE', details: { conditions: [{ code: 'retirementProposal.setChanged' }] } });
    expect(stale.body.details.conditions[0].zh).toContain(`${staleProposal.entries} 条`);
    expect(stale.body.details.conditions[0].zh).toContain('请重新提出');
    expect(stale.body.details.conditions[0].en).toContain(`${staleProposal.entries - 1} of that range`);
    expect(await state()).toEqual(before);
  });

  async function hashesOf(stream: string): Promise<string[]> {
    const db = await openRawDatabase(t.dbPath);
    try {
      return (await db.query<{ hash: string }>('SELECT hash FROM audit_entries WHERE stream_id = ? ORDER BY position', [stream])).map((row) => row.hash);
    } finally {
      await db.close();
    }
  }

  async function expectOfflineGreen(retired: number, decision: string): Promise<void> {
    const admin = await fresh('auditadmin1');
    const auditor = await fresh('auditor1');
    const text = (await t.http().get('/api/audit/export').set(auditor).expect(200)).text;
    await t.http().post('/api/transparency/checkpoints').set(admin).expect(200);
    const listed = (await t.http().get('/api/transparency/checkpoints?pageSize=200').set(auditor).expect(200)).body;
    const keys = (await t.http().get('/api/transparency/keys').expect(200)).body;
    const name = decision.replace('#', '-');
    const exportFile = join(dir, `retired-${name}.ndjson`);
    const checkpointFiles = [join(dir, `retired-${name}-checkpoints.json`)];
    const policyFile = join(dir, 'retention-policy.txt');
    writeFileSync(exportFile, text);
    writeFileSync(checkpointFiles[0], JSON.stringify(listed));
    writeFileSync(policyFile, `log ${keys.logKeys[0].vkey}\nquorum none\n`);
    const lines = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, any>);
    const shown = lines.filter((line) => line.payloadRetired);
    expect(shown.length).toBe(retired);
    for (const line of shown) expect(line).toMatchObject({ data: { payloadRetired: true }, reason: null });
    const result = await verifyExport({ exportFile, checkpointFiles, policyFile });
    expect(result).toMatchObject({ ok: true, retiredCount: retired, problems: [] });
    expect(result.retirementDecisions.map((d) => d.decision)).toContain(decision);
    expect(reportZh(result)).toContain(`内容已依决定 ${decision} 按保存期限清除`);

    // A payload put back behind a retired line's mark, or a mark on a line its decision did not retire, fails.
    const k = lines.findIndex((line) => line.payloadRetired?.decision === decision);
    const forged = lines.map((line) => JSON.stringify(line));
    const plain = lines.findIndex((line, i) => i > k && !line.payloadRetired && line.streamId !== 'admin');
    forged[plain] = JSON.stringify({ ...lines[plain], data: { payloadRetired: true }, reason: null, payloadRetired: { decision } });
    writeFileSync(exportFile, forged.join('\n') + '\n');
    const widened = await verifyExport({ exportFile, checkpointFiles, policyFile });
    expect(widened).toMatchObject({ ok: false, firstProblem: { kind: 'retirement' } });
  }
});
