import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/app-config';
import { backupDatabase, restoreDatabase } from '../src/operations/backup';
import { openAsIs } from '../src/operations/open-as-is';
import { compareWithLive, runRestoreDrill } from '../src/operations/restore-drill';
import { startTestApp, tempDbPath, TestClock, type TestApp } from './support/test-app';
import { databaseEnv, openRawDatabase } from './support/test-database';

/**
 * Backup and restore as docs/operations.md tells an operator to do them, on the database of this
 * suite, while the service is running; and the drill that does backup → restore → verify.
 */
describe('backup, restore and the restore drill', () => {
  let live: TestApp;

  beforeAll(async () => {
    // pg_dump and pg_restore of the server the suite started, when it started one.
    if (process.env.TEST_POSTGRES_BIN) process.env.PG_BIN_DIR = process.env.TEST_POSTGRES_BIN;
    live = await startTestApp({ demoCases: true, clock: new TestClock(new Date('2026-11-02T01:00:00.000Z')) });
  });
  afterAll(() => live.close());

  const auditor = (t: TestApp) => t.as('auditor1');

  it('a backup taken while the service runs restores into a new database that serves the same cases and a trail that verifies', async () => {
    const backup = join(mkdtempSync(join(tmpdir(), 'backup-')), 'cases.backup');
    expect(await backupDatabase(live.config, backup)).toBeGreaterThan(0);
    await expect(backupDatabase(live.config, backup)).rejects.toThrow(/never overwrites/);

    const restoredPath = tempDbPath();
    const restoredConfig = loadConfig(await databaseEnv(restoredPath));
    await restoreDatabase(restoredConfig, backup);
    await expect(restoreDatabase(restoredConfig, backup)).rejects.toThrow(/exists|has tables/);

    // With the live service's key file: the sealed identities stay readable (sealed-backup spec).
    const restored = await startTestApp({ dbPath: restoredPath, clock: live.clock, env: { SEALED_KEY_FILE: live.config.sealed.keyFile } });
    const before = await live
      .http()
      .get('/api/cases?pageSize=100')
      .set(await auditor(live))
      .expect(200);
    const after = await restored
      .http()
      .get('/api/cases?pageSize=100')
      .set(await auditor(restored))
      .expect(200);
    expect(after.body).toEqual(before.body);
    const verify = await restored
      .http()
      .get('/api/audit/verify')
      .set(await auditor(restored))
      .expect(200);
    expect(verify.body.ok).toBe(true);
    expect(verify.body.checked).toBe(
      (
        await live
          .http()
          .get('/api/audit/verify')
          .set(await auditor(live))
      ).body.checked,
    );
    await restored.close();
  });

  it('the drill backs up, restores into a scratch copy, verifies it and finds it a prefix of the live trail', async () => {
    const report = await runRestoreDrill(live.config);
    expect(report).toMatchObject({ ok: true, verification: { ok: true }, matchesLive: true, problems: [] });
    expect(report.entries).toBeGreaterThan(50);
    expect(report.streams).toBeGreaterThanOrEqual(16);
    expect(report.backupBytes).toBeGreaterThan(0);
  });

  it('a copy whose chains the live trail does not continue is named', async () => {
    const backup = join(mkdtempSync(join(tmpdir(), 'backup-')), 'cases.backup');
    await backupDatabase(live.config, backup);
    const copyConfig = loadConfig(await databaseEnv(tempDbPath()));
    await restoreDatabase(copyConfig, backup);
    const copy = await openAsIs(copyConfig);
    const liveSource = await openAsIs(live.config);
    try {
      expect((await compareWithLive(copy, liveSource)).problems).toEqual([]);
      // The live trail is rewritten behind the service's back after the backup.
      const db = await openRawDatabase(live.dbPath);
      await db.exec(db.dialect === 'postgres' ? 'ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only' : 'DROP TRIGGER audit_entries_no_update');
      const [last] = await db.query<{ id: number; stream_id: string; position: number }>(
        'SELECT id, stream_id, position FROM audit_entries ORDER BY id DESC LIMIT 1',
      );
      await db.query("UPDATE audit_entries SET hash = 'rewritten' WHERE id = ?", [last.id]);
      await db.close();
      expect((await compareWithLive(copy, liveSource)).problems).toEqual([
        `${last.stream_id}: entry ${last.position} of the backup differs from the live trail`,
      ]);
    } finally {
      await copy.destroy();
      await liveSource.destroy();
    }
    // The drill now fails too: the live trail itself no longer verifies, and neither does its copy.
    const report = await runRestoreDrill(live.config);
    expect(report.ok).toBe(false);
    expect(report.verification.firstBrokenEntry).toMatchObject({ problem: expect.any(String) });
  });
});
