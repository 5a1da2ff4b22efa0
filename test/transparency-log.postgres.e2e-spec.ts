import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataSource } from 'typeorm';
import { toleranceSamples } from '../workflows/tolerance/tolerance.samples';
import { verifyExport } from '../src/operations/verify-export';
import { TransparencyLog } from '../src/trail/transparency-log.service';
import { startTestApp, tempDbPath, type TestApp } from './support/test-app';

const application = toleranceSamples.creations[0].data;

/**
 * Issue 22 §1, "correct under several instances": two instances on one PostgreSQL database write
 * entries and sequence them at the same time (PostgreSQL's ids are not commit order, so indexes
 * are given after commit, by one sequencer at a time). Every entry is in the log exactly once, the
 * indexes run 0…n−1, checkpoints issued by both at once are of the one tree, and the export verifies.
 */
describe('the transparency log with two instances on one PostgreSQL database', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  it('entries written and sequenced through both at once: each in the log once, indexes without gap, one tree for both', async () => {
    const dbPath = tempDbPath();
    const a = await startTestApp({ dbPath });
    apps.push(a);
    const b = await startTestApp({ dbPath });
    apps.push(b);
    const logs = [a, b].map((t) => t.app.get(TransparencyLog));
    const open = async (t: TestApp) => {
      await t
        .http()
        .post('/api/cases')
        .set(await t.as('applicant1'))
        .send({ procedure: 'tolerance', ...application })
        .expect(201);
    };
    for (let round = 0; round < 8; round += 1) {
      await Promise.all([open(a), open(b), open(a), open(b), logs[0].sequence(), logs[1].sequence()]);
    }
    await Promise.all(logs.map((log) => log.sequence()));
    const [size] = await Promise.all(logs.map((log) => log.sequence()));

    const db = a.app.get(DataSource);
    const [entries] = await db.query('SELECT count(*) AS n FROM audit_entries');
    const [leaves] = await db.query(
      'SELECT count(*) AS n, count(DISTINCT entry_id) AS entries, min(leaf_index) AS first, max(leaf_index) AS last FROM tlog_leaves',
    );
    const [pending] = await db.query('SELECT count(*) AS n FROM tlog_pending');
    expect(Number(entries.n)).toBeGreaterThanOrEqual(32);
    expect({
      size,
      leaves: Number(leaves.n),
      distinct: Number(leaves.entries),
      first: Number(leaves.first),
      last: Number(leaves.last),
      pending: Number(pending.n),
    }).toEqual({
      size: Number(entries.n),
      leaves: Number(entries.n),
      distinct: Number(entries.n),
      first: 0,
      last: Number(entries.n) - 1,
      pending: 0,
    });

    // Both issue at once: one checkpoint of that size (the size is the key), the same note for both.
    const [fromA, fromB] = await Promise.all(logs.map((log) => log.issueCheckpoint({ force: true })));
    expect(fromA!.note).toBe(fromB!.note);

    const dir = dirname(dbPath);
    const exportFile = join(dir, 'export.ndjson');
    writeFileSync(
      exportFile,
      (
        await b
          .http()
          .get('/api/audit/export')
          .set(await b.as('auditor1'))
          .expect(200)
      ).text,
    );
    await logs[0].issueCheckpoint({ force: true });
    const checkpointsFile = join(dir, 'checkpoints.json');
    writeFileSync(
      checkpointsFile,
      JSON.stringify(
        (
          await a
            .http()
            .get('/api/transparency/checkpoints?pageSize=200')
            .set(await a.as('auditor1'))
            .expect(200)
        ).body,
      ),
    );
    const policyFile = join(dir, 'policy.txt');
    writeFileSync(policyFile, `log ${logs[0].published().logKeys[0].vkey}\nquorum none\n`);
    expect(logs[1].published()).toEqual(logs[0].published());
    const result = await verifyExport({ exportFile, checkpointFiles: [checkpointsFile], policyFile });
    expect(result).toMatchObject({ ok: true, problems: [] });
  }, 120_000);
});
