import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { PROCEDURE_SAMPLES } from '../workflows';
import { AuditTrailService } from '../src/audit/audit-trail.service';
import { TrailWriter } from '../src/trail/trail-writer';
import { loadConfig } from '../src/config/app-config';
import { backupDatabase, restoreDatabase } from '../src/operations/backup';
import { openAsIs } from '../src/operations/open-as-is';
import { rotateSealedKey } from '../src/operations/rotate-sealed-key';
import { CaseSealing } from '../src/cases/case-sealing';
import { CaseEntity } from '../src/cases/case.entity';
import { moveTrailHead } from '../src/cases/case-rows';
import { keyIdOf } from '../src/sealed/sealed-keys';
import { SealedBox } from '../src/sealed/sealed-box';
import { startTestApp, tempDbPath, type TestApp } from './support/test-app';
import { databaseEnv, openRawDatabase, testDialect } from './support/test-database';

/** A name and a contact that appear nowhere else: a byte search for them means something. */
const NAME = '封存备份测试人甲';
const CONTACT = '186-0000-1357';
const SUMMARY = '来信反映某干部在封存备份测试项目中违规插手招投标问题。';

/**
 * Sealed identities at rest (issue 15): the database and its backups hold ciphertext only; a
 * restore with the key reveals through a grant; without the key the trail still verifies and the
 * service refuses to start rather than write under another key; rotation; the key's configuration.
 */
describe('sealed identities at rest, in backups and across keys', () => {
  let live: TestApp;
  let caseId: string;

  beforeAll(async () => {
    if (process.env.TEST_POSTGRES_BIN) process.env.PG_BIN_DIR = process.env.TEST_POSTGRES_BIN;
    live = await startTestApp();
    caseId = await openSignedCase(live);
    // The reporter (a user) probes the case: a refusal written under the pseudonym, its actor sealed.
    await live
      .http()
      .get(`/api/cases/${caseId}`)
      .set(await live.as('applicant2'))
      .expect(404);
  });
  afterAll(() => live.close());

  it('a backup holds only ciphertext: no sealed name or contact in it, while its plain data is there', async () => {
    const backup = join(mkdtempSync(join(tmpdir(), 'sealed-backup-')), 'cases.backup');
    await backupDatabase(live.config, backup);
    const content = backupText(backup);
    expect(content.includes(SUMMARY)).toBe(true);
    expect(content.includes(NAME)).toBe(false);
    expect(content.includes(CONTACT)).toBe(false);
    if (testDialect() === 'sqlite') {
      // Never written in plain text, so not in the live file or its log either.
      const files = [live.dbPath, `${live.dbPath}-wal`].filter(existsSync).map((file) => readFileSync(file).toString('utf8'));
      expect(files.some((text) => text.includes(NAME) || text.includes(CONTACT))).toBe(false);
    }
  });

  it('restored with the key, the identity is revealed through a grant, with the sealed actor behind the pseudonym', async () => {
    const restored = await restoreCopy(live, { SEALED_KEY_FILE: live.config.sealed.keyFile });
    try {
      const reveal = await grantedReveal(restored, caseId);
      expect(reveal.sealed).toMatchObject({ reporterName: NAME, reporterContact: CONTACT, reporterUserId: 'applicant2' });
      expect(reveal.actors).toEqual([expect.objectContaining({ streamId: 'security', actorId: 'applicant2', pseudonym: 'sealed:reporter', verified: true })]);
    } finally {
      await restored.close();
    }
  });

  it('restored without the key, the trail still verifies, and the service refuses to start until the key is configured', async () => {
    const backup = join(mkdtempSync(join(tmpdir(), 'sealed-backup-')), 'cases.backup');
    await backupDatabase(live.config, backup);
    const path = tempDbPath();
    const config = loadConfig({ ...(await databaseEnv(path)), SEALED_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'no-key-')), 'absent.json') });
    await restoreDatabase(config, backup);
    // What `npm run verify-trail` does: the digests cover the pseudonym and the commitment, never the key.
    const copy = await openAsIs(config);
    try {
      const verified = await new AuditTrailService(copy).verify();
      expect(verified.ok).toBe(true);
      expect(verified.checked).toBeGreaterThanOrEqual(2);
    } finally {
      await copy.destroy();
    }
    await expect(startTestApp({ dbPath: path })).rejects.toThrow(/sealed under key\(s\) k-[0-9a-f]+, which .* does not have/);
    // Knowingly started without it (a key known lost): the case answers why it cannot be handled.
    const started = await startTestApp({ dbPath: path, env: { SEALED_MISSING_KEYS: 'ignore' } });
    try {
      const asked = await started
        .http()
        .post(`/api/cases/${caseId}/reveals`)
        .set(await started.as('officer1'))
        .send({ reason: '恢复后核对' })
        .expect(503);
      expect(asked.body.code).toBe('SEALED.KEY_MISSING');
      expect(asked.body.details.conditions[0].zh).toContain('密钥');
      expect(
        (
          await started
            .http()
            .get('/api/audit/verify')
            .set(await started.as('auditor1'))
            .expect(200)
        ).body.ok,
      ).toBe(true);
    } finally {
      await started.close();
    }
  });

  it('rotation re-encrypts under a new key while the service runs; the old key can then be removed', async () => {
    const keyFile = live.config.sealed.keyFile;
    const before = JSON.parse(readFileSync(keyFile, 'utf8'));
    const report = await rotateSealedKey(live.config);
    expect(report.addedKey).toMatch(/^k-/);
    expect(report).toMatchObject({
      current: report.addedKey,
      reencrypted: { cases: 1, actors: 1 },
      left: { cases: 0, actors: 0 },
      keysInUse: [report.addedKey],
    });
    const db = await openRawDatabase(live.dbPath);
    try {
      const [row] = await db.query<{ context: string }>('SELECT context FROM cases WHERE id = ?', [caseId]);
      expect(JSON.parse(row.context).sealed.$sealed.kid).toBe(report.addedKey);
    } finally {
      await db.close();
    }
    // The running service started with the old key: it finds the new one in the file when it needs it.
    expect((await grantedReveal(live, caseId)).sealed.reporterName).toBe(NAME);
    // Nothing uses the old key any more: a key file without it still starts on this database.
    const file = JSON.parse(readFileSync(keyFile, 'utf8'));
    const trimmed = join(mkdtempSync(join(tmpdir(), 'trimmed-')), 'keys.json');
    writeFileSync(trimmed, JSON.stringify({ ...file, keys: file.keys.filter((key: { id: string }) => key.id !== before.current) }));
    const restarted = await restoreCopy(live, { SEALED_KEY_FILE: trimmed });
    try {
      expect((await grantedReveal(restarted, caseId)).sealed.reporterContact).toBe(CONTACT);
    } finally {
      await restarted.close();
    }
  });

  it('keys come from SEALED_KEY (with SEALED_INDEX_KEY) or the key file; production without either refuses; SM4-GCM where configured', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'prod-')), 'keys.json');
    await expect(startTestApp({ env: { NODE_ENV: 'production', SEALED_KEY_FILE: missing } })).rejects.toThrow(/NODE_ENV=production needs SEALED_KEY/);
    expect(existsSync(missing)).toBe(false);
    const key = randomBytes(32);
    await expect(startTestApp({ env: { SEALED_KEY_FILE: '', SEALED_KEY: key.toString('base64') } })).rejects.toThrow(/SEALED_INDEX_KEY/);
    await expect(startTestApp({ env: { SEALED_KEY_FILE: '', SEALED_KEY: 'too-short', SEALED_INDEX_KEY: randomBytes(32).toString('base64') } })).rejects.toThrow(
      /base64 of 32 bytes/,
    );
    const fromEnvironment = await startTestApp({
      env: { NODE_ENV: 'production', SEALED_KEY_FILE: '', SEALED_KEY: key.toString('base64'), SEALED_INDEX_KEY: randomBytes(32).toString('base64') },
    });
    try {
      const id = await openSignedCase(fromEnvironment);
      expect(await storedEnvelope(fromEnvironment, id)).toMatchObject({ kid: keyIdOf('aes-256-gcm', key), alg: 'aes-256-gcm' });
    } finally {
      await fromEnvironment.close();
    }
    const sm4 = await startTestApp({ env: { SEALED_CIPHER: 'sm4-gcm' } });
    try {
      const id = await openSignedCase(sm4);
      expect(await storedEnvelope(sm4, id)).toMatchObject({ alg: 'sm4-gcm' });
      expect((await grantedReveal(sm4, id)).sealed).toMatchObject({ reporterName: NAME, reporterContact: CONTACT });
    } finally {
      await sm4.close();
    }
  });

  it('a database written before sealing at rest is sealed at the next start; its older entries read under the pseudonym', async () => {
    const t = await startTestApp();
    const id = await openSignedCase(t);
    const response = await t
      .http()
      .post('/api/cases')
      .set(await t.as('officer1'))
      .set('Idempotency-Key', 'legacy-key')
      .send(signedLead())
      .expect(201);
    // Make it look as an older version left it: the context and the accuser's column in plain text,
    // an entry by the reporter under their own account, an idempotency key filed under the account.
    const dataSource = t.app.get(DataSource);
    const entity = await dataSource.getRepository(CaseEntity).findOneByOrFail({ id });
    const plaintext = t.app.get(CaseSealing).machineSnapshot(entity).context;
    await dataSource.transaction(async (manager) => {
      const appended = await t.app.get(TrailWriter).append(
        manager,
        {
          streamId: id,
          caseId: id,
          procedure: 'clarification',
          procedureVersion: 1,
          fromState: entity.state,
          toState: entity.state,
          event: 'NOTIFY_ACCEPTANCE',
          outcome: 'refused',
          refusalCode: 'CASE.NOT_FOUND',
          actorId: 'applicant2',
          actorRole: 'applicant',
          at: t.clock.now().toISOString(),
          data: { message: 'legacy' },
        },
        { position: entity.trailLength, hash: entity.trailHead },
      );
      await moveTrailHead(manager, id, appended);
    });
    await t.close();
    const db = await openRawDatabase(t.dbPath);
    try {
      await db.query('UPDATE cases SET context = ?, accuser_user_id = ? WHERE id = ?', [JSON.stringify(plaintext), 'applicant2', id]);
      await db.query('UPDATE idempotency_keys SET actor_id = ? WHERE key = ?', ['officer1', 'legacy-key']);
      await db.query("DELETE FROM sealed_storage_state WHERE name = 'plaintextSealed'");
    } finally {
      await db.close();
    }
    const upgraded = await startTestApp({ dbPath: t.dbPath, clock: t.clock });
    try {
      const raw = await openRawDatabase(t.dbPath);
      try {
        const [stored] = await raw.query<{ context: string; accuser_user_id: string }>('SELECT context, accuser_user_id FROM cases WHERE id = ?', [id]);
        expect(stored.context.includes(NAME)).toBe(false);
        expect(stored.accuser_user_id).toBe(upgraded.app.get(SealedBox).blind('applicant2'));
        const keys = await raw.query<{ actor_id: string }>('SELECT actor_id FROM idempotency_keys');
        expect(keys.map((key) => key.actor_id)).not.toContain('officer1');
      } finally {
        await raw.close();
      }
      const trail = (
        await upgraded
          .http()
          .get(`/api/cases/${id}/trail`)
          .set(await upgraded.as('officer1'))
          .expect(200)
      ).body;
      expect(trail.find((entry: { data: { message?: string } }) => entry.data.message === 'legacy')).toMatchObject({
        actorId: 'sealed:reporter',
        actorRole: 'reporter',
        actorLabel: { zh: '举报人' },
      });
      expect(JSON.stringify(trail)).not.toContain('applicant2');
      const search = await upgraded
        .http()
        .get(`/api/audit/entries?actor=applicant2&caseId=${id}`)
        .set(await upgraded.as('auditor1'))
        .expect(200);
      expect(search.body.total).toBe(0);
      const replay = await upgraded
        .http()
        .post('/api/cases')
        .set(await upgraded.as('officer1'))
        .set('Idempotency-Key', 'legacy-key')
        .send(signedLead())
        .expect(201);
      expect(replay.body.id).toBe(response.body.id);
      expect((await grantedReveal(upgraded, id)).sealed.reporterName).toBe(NAME);
      expect(
        (
          await upgraded
            .http()
            .get('/api/audit/verify')
            .set(await upgraded.as('auditor1'))
            .expect(200)
        ).body.ok,
      ).toBe(true);
    } finally {
      await upgraded.close();
    }
  });
});

function signedLead(): Record<string, unknown> {
  const lead = PROCEDURE_SAMPLES.clarification.creations[0].data;
  return { procedure: 'clarification', ...lead, summary: SUMMARY, reporterName: NAME, reporterContact: CONTACT, reporterUserId: 'applicant2' };
}

async function openSignedCase(t: TestApp): Promise<string> {
  const response = await t
    .http()
    .post('/api/cases')
    .set(await t.as('officer1'))
    .send(signedLead())
    .expect(201);
  return response.body.id;
}

async function storedEnvelope(t: TestApp, id: string): Promise<Record<string, unknown>> {
  const db = await openRawDatabase(t.dbPath);
  try {
    const [row] = await db.query<{ context: string }>('SELECT context FROM cases WHERE id = ?', [id]);
    expect(row.context.includes(NAME)).toBe(false);
    return JSON.parse(row.context).sealed.$sealed;
  } finally {
    await db.close();
  }
}

/** Request, approval by a leader, read by the requester: the one way to a sealed value. */
async function grantedReveal(t: TestApp, id: string): Promise<{ sealed: Record<string, unknown>; actors: Array<Record<string, unknown>> }> {
  const asked = await t
    .http()
    .post(`/api/cases/${id}/reveals`)
    .set(await t.as('officer1'))
    .send({ reason: '核对检举控告人身份' })
    .expect(201);
  await t
    .http()
    .post(`/api/reveals/${asked.body.id}/decision`)
    .set(await t.as('leader1'))
    .send({ approve: true, validHours: 1 })
    .expect(201);
  return (
    await t
      .http()
      .get(`/api/reveals/${asked.body.id}/identity`)
      .set(await t.as('officer1'))
      .expect(200)
  ).body;
}

/** A backup of the live database restored into a new one, served with the given key configuration. */
async function restoreCopy(live: TestApp, env: NodeJS.ProcessEnv): Promise<TestApp> {
  const backup = join(mkdtempSync(join(tmpdir(), 'sealed-backup-')), 'cases.backup');
  await backupDatabase(live.config, backup);
  const path = tempDbPath();
  await restoreDatabase(loadConfig(await databaseEnv(path)), backup);
  return startTestApp({ dbPath: path, clock: live.clock, env });
}

/** The backup as text: the SQLite file's bytes, or the SQL pg_restore makes of a (compressed) dump. */
function backupText(file: string): string {
  if (testDialect() === 'sqlite') return readFileSync(file).toString('utf8');
  const program = process.env.PG_BIN_DIR ? join(process.env.PG_BIN_DIR, 'pg_restore') : 'pg_restore';
  return execFileSync(program, ['--file=-', file], { maxBuffer: 64 * 1024 * 1024 }).toString('utf8');
}
