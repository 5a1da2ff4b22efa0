import { execFile } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { storedEntryHash } from '../src/trail/chain-hash';
import { TrailWriter } from '../src/trail/trail-writer';
import { CanonicalText } from '../src/trail/canonical-json';
import { TransactionRunner } from '../src/database/transaction-runner';
import { toleranceSamples } from '../workflows/tolerance/tolerance.samples';
import { loadConfig } from '../src/config/app-config';
import { DeadlineScheduler } from '../src/scheduling/deadline-scheduler.service';
import { verifyTrailOffline } from '../src/operations/verify-trail';
import { PathDriver } from './support/path-driver';
import { sealedKeyFileFor, startTestApp, tempDbPath, type TestApp } from './support/test-app';
import { databaseEnv, databaseName, openRawDatabase, postgresAdminUrl, testDialect, type RawDatabase } from './support/test-database';

const ROOT = join(__dirname, '..');
const STRONG = 'Str0ng-enough-pass';

/**
 * Issue 16, "Done when": every kind of tampering an insider with the database can do behind the
 * service's back is named by verification, online (`GET /api/audit/verify`) and offline (the
 * `verify-trail` command, run as its own process exactly as `npm run verify-trail` runs it).
 * The trail's triggers refuse UPDATE and DELETE, so each tampering first switches them off, as
 * such an insider would.
 *
 * One database is prepared (a tolerance case driven to `closed`, an open case, refused logins on
 * the `security` chain, administrators' changes on the `admin` chain), then copied once per kind.
 */
describe(`tampering with the trail and the case rows is named by verification (${testDialect()})`, () => {
  const basePath = tempDbPath();
  let closedCase: string;
  let openCase: string;

  beforeAll(async () => {
    const t = await startTestApp({ dbPath: basePath });
    const driver = new PathDriver(t);
    closedCase = await driver.drive('tolerance', driver.paths('tolerance').get('closed')!);
    openCase = await driver.drive('tolerance', driver.paths('tolerance').get('verifying')!);
    for (const username of ['nobody', 'officer1']) await t.http().post('/api/auth/login').send({ username, password: 'wrong-password' }).expect(401);
    const sys = await t.as('sysadmin1');
    await t.http().post('/api/admin/users').set(sys).send({ id: 'officer9', displayName: '新承办人', password: STRONG }).expect(201);
    await t.http().patch('/api/admin/users/officer9').set(sys).send({ displayName: '新承办人（改）' }).expect(200);
    expect(
      (
        await t
          .http()
          .get('/api/audit/verify')
          .set(await t.as('auditor1'))
          .expect(200)
      ).body,
    ).toMatchObject({ ok: true });
    await t.close();
  }, 120_000);

  /** A copy of the prepared database, with the service started on it. */
  async function copyOfBase(): Promise<TestApp> {
    const dbPath = tempDbPath();
    if (testDialect() === 'sqlite') copyFileSync(basePath, dbPath);
    else {
      const admin = new Client({ connectionString: postgresAdminUrl() });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE "${databaseName(dbPath)}" TEMPLATE "${databaseName(basePath)}"`);
      } finally {
        await admin.end();
      }
    }
    // The copy goes with the same key of sealed identities as the prepared database.
    copyFileSync(sealedKeyFileFor(basePath), sealedKeyFileFor(dbPath));
    return startTestApp({ dbPath });
  }

  /** What an insider runs to switch the trail's guard off. */
  async function guardOff(db: RawDatabase): Promise<void> {
    if (db.dialect === 'postgres') await db.exec('ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only');
    else {
      await db.exec('DROP TRIGGER audit_entries_no_update');
      await db.exec('DROP TRIGGER audit_entries_no_delete');
    }
  }

  /**
   * Verification online, and offline as `npm run verify-trail` does it (`verifyTrailOffline`, on a
   * connection of its own; `command` runs the command itself as its own process, with its exit code).
   * Both must name the same broken place.
   */
  async function expectNamed(t: TestApp, broken: Record<string, unknown>, command = false): Promise<void> {
    const online = (
      await t
        .http()
        .get('/api/audit/verify')
        .set(await t.as('auditor1'))
        .expect(200)
    ).body;
    expect(online).toMatchObject({ ok: false, firstBrokenEntry: broken });
    expect(await verifyTrailOffline(loadConfig(await databaseEnv(t.dbPath)))).toEqual(online);
    if (command) {
      const { stdout, exitCode } = await verifyTrailCommand(t.dbPath);
      expect(JSON.parse(stdout)).toEqual(online);
      expect(exitCode).toBe(1);
    }
  }

  async function tampered(work: (db: RawDatabase, t: TestApp) => Promise<void>): Promise<TestApp> {
    const t = await copyOfBase();
    const db = await openRawDatabase(t.dbPath);
    try {
      await guardOff(db);
      await work(db, t);
    } finally {
      await db.close();
    }
    return t;
  }

  const entryAt = async (db: RawDatabase, stream: string, position: number) =>
    (await db.query<Record<string, unknown>>('SELECT * FROM audit_entries WHERE stream_id = ? AND position = ?', [stream, position]))[0];
  const lengthOf = async (db: RawDatabase, stream: string) =>
    Number((await db.query<{ n: number | string }>('SELECT MAX(position) AS n FROM audit_entries WHERE stream_id = ?', [stream]))[0].n);

  it('the untouched copy verifies online and offline (the command exits with 0)', async () => {
    const t = await copyOfBase();
    try {
      const online = (
        await t
          .http()
          .get('/api/audit/verify')
          .set(await t.as('auditor1'))
          .expect(200)
      ).body;
      expect(online).toMatchObject({ ok: true });
      const { stdout, exitCode } = await verifyTrailCommand(t.dbPath);
      expect(JSON.parse(stdout)).toEqual(online);
      expect(exitCode).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('a changed field of an entry', async () => {
    const t = await tampered(async (db) => {
      await db.query("UPDATE audit_entries SET actor_id = 'someone-else' WHERE stream_id = ? AND position = 3", [closedCase]);
    });
    try {
      await expectNamed(t, { streamId: closedCase, position: 3, problem: 'content does not match its hash' }, true);
    } finally {
      await t.close();
    }
  });

  it('a deleted entry in the middle of a chain', async () => {
    const t = await tampered(async (db) => {
      await db.query('DELETE FROM audit_entries WHERE stream_id = ? AND position = 3', [closedCase]);
    });
    try {
      await expectNamed(t, { streamId: closedCase, position: 4, problem: 'position 4 where 3 was expected' });
    } finally {
      await t.close();
    }
  });

  it('an inserted entry, even one hashed correctly by someone who knows the algorithm', async () => {
    const t = await tampered(async (db) => {
      // Make room at position 3 (in two steps, so the unique index never sees two rows at one position).
      await db.query('UPDATE audit_entries SET position = position + 1000 WHERE stream_id = ? AND position >= 3', [closedCase]);
      await db.query('UPDATE audit_entries SET position = position - 999 WHERE stream_id = ? AND position >= 1003', [closedCase]);
      const second = await entryAt(db, closedCase, 2);
      const forged: Record<string, unknown> = { ...second, position: 3, event: 'RECORD_STATEMENT', actor_id: 'officer2', prev_hash: second.hash };
      forged.hash = storedEntryHash({
        streamId: closedCase,
        position: 3,
        caseId: closedCase,
        procedure: String(forged.procedure),
        procedureVersion: Number(forged.procedure_version),
        fromState: forged.from_state as string | null,
        event: 'RECORD_STATEMENT',
        toState: forged.to_state as string | null,
        outcome: 'applied',
        refusalCode: null,
        actorId: 'officer2',
        actorRole: String(forged.actor_role),
        at: String(forged.at),
        reason: forged.reason as string | null,
        data: new CanonicalText(String(forged.data)),
        prevHash: String(second.hash),
        algorithm: 'sha256',
      });
      const columns = Object.keys(forged).filter((column) => column !== 'id');
      await db.query(
        `INSERT INTO audit_entries (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        columns.map((column) => forged[column]),
      );
    });
    try {
      await expectNamed(t, { streamId: closedCase, position: 4, problem: 'does not chain to the entry before it' });
    } finally {
      await t.close();
    }
  });

  it('two entries swapped', async () => {
    const t = await tampered(async (db) => {
      await db.query('UPDATE audit_entries SET position = 1000 WHERE stream_id = ? AND position = 2', [closedCase]);
      await db.query('UPDATE audit_entries SET position = 2 WHERE stream_id = ? AND position = 3', [closedCase]);
      await db.query('UPDATE audit_entries SET position = 3 WHERE stream_id = ? AND position = 1000', [closedCase]);
    });
    try {
      await expectNamed(t, { streamId: closedCase, position: 2, problem: 'does not chain to the entry before it' });
    } finally {
      await t.close();
    }
  });

  it('a case chain cut short', async () => {
    let length = 0;
    const t = await tampered(async (db) => {
      length = await lengthOf(db, closedCase);
      await db.query('DELETE FROM audit_entries WHERE stream_id = ? AND position = ?', [closedCase, length]);
    });
    try {
      await expectNamed(t, { streamId: closedCase, position: length, problem: `trail ends at ${length - 1} entries but the case records ${length}` });
    } finally {
      await t.close();
    }
  });

  for (const stream of ['security', 'admin']) {
    it(`the ${stream} chain cut short`, async () => {
      let length = 0;
      const t = await tampered(async (db) => {
        length = await lengthOf(db, stream);
        await db.query('DELETE FROM audit_entries WHERE stream_id = ? AND position = ?', [stream, length]);
      });
      try {
        await expectNamed(
          t,
          { streamId: stream, position: length, problem: `chain ends at ${length - 1} entries but its recorded head is at ${length}` },
          stream === 'security',
        );
      } finally {
        await t.close();
      }
    });
  }

  it('the admin chain deleted entirely', async () => {
    let length = 0;
    const t = await tampered(async (db) => {
      length = await lengthOf(db, 'admin');
      await db.query("DELETE FROM audit_entries WHERE stream_id = 'admin'");
    });
    try {
      await expectNamed(t, { streamId: 'admin', position: 1, problem: `chain has no entries but its recorded head is at ${length}` });
    } finally {
      await t.close();
    }
  });

  it('a closed case set back to awaitingClosure without an entry: named, and the service refuses to act on it', async () => {
    const t = await tampered(async (db) => {
      await db.query("UPDATE cases SET state = 'awaitingClosure', status = 'active' WHERE id = ?", [closedCase]);
    });
    try {
      const length = (
        await t
          .http()
          .get(`/api/cases/${closedCase}/trail`)
          .set(await t.as('auditor1'))
          .expect(200)
      ).body.length;
      await expectNamed(
        t,
        {
          streamId: closedCase,
          position: length,
          problem: 'case row does not match its trail: the case is in state awaitingClosure but its trail records closed',
        },
        true,
      );
      const view = (
        await t
          .http()
          .get(`/api/cases/${closedCase}`)
          .set(await t.as('officer1'))
          .expect(200)
      ).body;
      expect(view.allowedEvents).toContain('CLOSE');
      const refused = await t
        .http()
        .post(`/api/cases/${closedCase}/events`)
        .set(await t.as('officer1'))
        .send({ type: 'CLOSE', expectedVersion: view.version })
        .expect(409);
      expect(refused.body).toMatchObject({
        code: 'CASE.TRAIL_MISMATCH',
        details: { conditions: [{ code: 'case.trailMismatch', zh: expect.stringContaining('不一致') }] },
      });
      // Nothing was appended to the case's chain (a new entry would seal the altered row); the attempt is on the security chain.
      const trail = (
        await t
          .http()
          .get(`/api/cases/${closedCase}/trail`)
          .set(await t.as('auditor1'))
          .expect(200)
      ).body;
      expect(trail.length).toBe(length);
      const exported = (
        await t
          .http()
          .get('/api/audit/export')
          .set(await t.as('auditor1'))
          .expect(200)
      ).text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(exported.filter((entry) => entry.streamId === 'security' && entry.data.attemptedCaseId === closedCase)).toEqual([
        expect.objectContaining({ event: 'CLOSE', outcome: 'refused', refusalCode: 'CASE.TRAIL_MISMATCH', actorId: 'officer1' }),
      ]);
    } finally {
      await t.close();
    }
  });

  it('a case moved to another jurisdiction, or its snapshot edited, without an entry', async () => {
    for (const change of [
      "UPDATE cases SET jurisdiction = 'qingdao' WHERE id = ?",
      "UPDATE cases SET context = replace(context, 'applicant1', 'applicant2') WHERE id = ?",
    ]) {
      const t = await tampered(async (db) => {
        await db.query(change, [openCase]);
      });
      try {
        await expectNamed(t, {
          streamId: openCase,
          problem: 'case row does not match its trail: the stored case (its snapshot, parties or jurisdiction) differs from what its trail records',
        });
        const { version } = (
          await t
            .http()
            .get(`/api/cases/${openCase}`)
            .set(await t.as('auditor1'))
            .expect(200)
        ).body;
        const refused = await t
          .http()
          .post(`/api/cases/${openCase}/events`)
          .set(await t.as('officer1'))
          .send({ type: 'SUBMIT_FINDINGS', expectedVersion: version, findings: 'x' });
        expect([refused.status, refused.body.code]).toEqual([409, 'CASE.TRAIL_MISMATCH']);
      } finally {
        await t.close();
      }
    }
  });

  it('a case row changed without an entry: its deadlines are set aside, not fired over and over', async () => {
    const t = await copyOfBase();
    try {
      const driver = new PathDriver(t);
      const caseId = await driver.drive('tolerance', driver.paths('tolerance').get('awaitingSupplement')!);
      const { dueAt } = (await driver.view(caseId)).deadlines[0];
      const db = await openRawDatabase(t.dbPath);
      await db.query("UPDATE cases SET context = replace(context, 'applicant1', 'applicant2') WHERE id = ?", [caseId]);
      const before = (
        await t
          .http()
          .get(`/api/cases/${caseId}/trail`)
          .set(await t.as('auditor1'))
          .expect(200)
      ).body.length;
      t.clock.set(new Date(Date.parse(dueAt) + 3600_000).toISOString());
      const scheduler = t.app.get(DeadlineScheduler);
      expect(await scheduler.tick()).toMatchObject({ fired: 0, missed: 0 });
      const [deadline] = await db.query<{ status: string; claimed_by: string }>('SELECT status, claimed_by FROM deadlines WHERE case_id = ? AND status = ?', [
        caseId,
        'open',
      ]);
      expect(deadline).toEqual({ status: 'open', claimed_by: 'integrity-hold' });
      const security = async () =>
        Number((await db.query<{ n: number | string }>("SELECT COUNT(*) AS n FROM audit_entries WHERE stream_id = 'security'"))[0].n);
      const refusals = await security();
      t.clock.advance(3 * 3600_000);
      expect(await scheduler.tick()).toMatchObject({ fired: 0, missed: 0 });
      expect(await security()).toBe(refusals);
      expect(
        (
          await t
            .http()
            .get(`/api/cases/${caseId}/trail`)
            .set(await t.as('auditor1'))
            .expect(200)
        ).body.length,
      ).toBe(before);
      await db.close();
    } finally {
      await t.close();
    }
  });
});

describe(`chains written before entries recorded their case row (${testDialect()})`, () => {
  /**
   * A case as the service wrote it before issue 16: the same row, and a CREATE entry whose data
   * holds no `caseRow`. Made from a case opened now, copied under a new id with such an entry.
   */
  async function legacyCase(t: TestApp): Promise<string> {
    const created = await t
      .http()
      .post('/api/cases')
      .set(await t.as('applicant1'))
      .send({ procedure: 'tolerance', ...toleranceSamples.creations[0].data })
      .expect(201);
    const db = await openRawDatabase(t.dbPath);
    try {
      const [row] = await db.query<Record<string, unknown>>('SELECT * FROM cases WHERE id = ?', [created.body.id]);
      const [entry] = await db.query<Record<string, unknown>>('SELECT * FROM audit_entries WHERE stream_id = ? AND position = 1', [created.body.id]);
      const id = '00000000-0000-4000-8000-00000000000a';
      const { caseRow: _dropped, ...data } = JSON.parse(String(entry.data));
      const head = await t.app.get(TransactionRunner).run((manager) =>
        t.app.get(TrailWriter).append(manager, {
          streamId: id,
          caseId: id,
          procedure: 'tolerance',
          procedureVersion: 1,
          fromState: null,
          event: 'CREATE',
          toState: String(row.state),
          outcome: 'applied',
          actorId: 'applicant1',
          actorRole: 'applicant',
          at: String(entry.at),
          data,
        }),
      );
      const columns = Object.keys(row);
      // A legacy row as such rows were: no salt, and (like every case before numbering) no case number of its own.
      const replaced: Record<string, unknown> = { id, trail_head: head.hash, trail_length: head.position, integrity_salt: null, case_no: null };
      const values = columns.map((column) => (column in replaced ? replaced[column] : row[column]));
      await db.query(`INSERT INTO cases (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, values);
      return id;
    } finally {
      await db.close();
    }
  }

  it('verify compares their state only and says how many; the engine acts on them and its new entries record the row', async () => {
    const t = await startTestApp();
    try {
      const id = await legacyCase(t);
      const auditor = await t.as('auditor1');
      expect((await t.http().get('/api/audit/verify').set(auditor).expect(200)).body).toMatchObject({ ok: true, casesCheckedByStateOnly: 1 });
      await t
        .http()
        .post(`/api/cases/${id}/events`)
        .set(await t.as('applicant1'))
        .send({ type: 'SUBMIT', expectedVersion: 1, ...toleranceSamples.events.SUBMIT[0].data })
        .expect(200);
      const verified = (await t.http().get('/api/audit/verify').set(auditor).expect(200)).body;
      expect(verified.ok).toBe(true);
      expect(verified.casesCheckedByStateOnly).toBeUndefined();
      const trail = (await t.http().get(`/api/cases/${id}/trail`).set(auditor).expect(200)).body;
      expect(trail[1].data.caseRow).toMatchObject({ state: 'submitted', status: 'active', version: 2 });
    } finally {
      await t.close();
    }
  });

  it('a changed state is still named, and refused by the engine', async () => {
    const t = await startTestApp();
    try {
      const id = await legacyCase(t);
      const db = await openRawDatabase(t.dbPath);
      await db.query("UPDATE cases SET state = 'submitted' WHERE id = ?", [id]);
      await db.close();
      const verified = (
        await t
          .http()
          .get('/api/audit/verify')
          .set(await t.as('auditor1'))
          .expect(200)
      ).body;
      expect(verified).toMatchObject({
        ok: false,
        firstBrokenEntry: {
          streamId: id,
          position: 1,
          problem: 'case row does not match its trail: the case is in state submitted but its trail ends in draft',
        },
      });
      const refused = await t
        .http()
        .post(`/api/cases/${id}/events`)
        .set(await t.as('officer1'))
        .send({ type: 'ACCEPT', expectedVersion: 1, ...toleranceSamples.events.ACCEPT[0].data });
      expect([refused.status, refused.body.code]).toEqual([409, 'CASE.TRAIL_MISMATCH']);
    } finally {
      await t.close();
    }
  });
});

/** `npm run verify-trail` on the test's database, as its own process (from the sources, as the build runs it). */
async function verifyTrailCommand(dbPath: string): Promise<{ stdout: string; exitCode: number }> {
  const env = await databaseEnv(dbPath);
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register', 'src/cli/verify-trail.ts'],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'), ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        if (exitCode !== 0 && exitCode !== 1) reject(new Error(`verify-trail failed (${exitCode}): ${stderr}`));
        else resolve({ stdout, exitCode });
      },
    );
  });
}
