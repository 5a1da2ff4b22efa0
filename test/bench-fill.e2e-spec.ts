import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { PROCEDURE_SAMPLES } from '../workflows';
import { PLANS, STEP_MS, stepData, type TemplatePlan } from '../bench/fill/case-templates';
import { fillDatabase } from '../bench/fill/fill-database';
import { fillPostgres } from '../bench/fill/fill-postgres';
import { databaseEnv, openRawDatabase, testDialect } from './support/test-database';
import { startTestApp, type TestApp } from './support/test-app';
import { entryLeafHash, hashFromBase64, MemoryTree, treeRoot, verifyInclusion } from '../src/trail/merkle-tree';

/**
 * The benchmark's bulk fill writes rows without the engine, so it must write exactly what the
 * engine would have: the same case views, the same trail entries, chains that verify. Runs in both
 * jest projects: the SQLite fill into a file, the PostgreSQL fill into the suite's server.
 */
describe(`benchmark fill (bench/fill) against the real engine, ${testDialect()}`, () => {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'bench-fill-')), 'cases.sqlite');
  const CASES = 60;
  let filled: TestApp;
  let driven: TestApp;

  beforeAll(async () => {
    const fill = { cases: CASES, algorithm: 'sha256' as const, now: new Date('2026-11-21T00:00:00.000Z') };
    if (testDialect() === 'postgres') await fillPostgres({ url: (await databaseEnv(dbPath)).DATABASE_URL!, ...fill });
    else await fillDatabase({ path: dbPath, ...fill });
    filled = await startTestApp({ dbPath });
    driven = await startTestApp();
  }, 60_000);
  afterAll(async () => {
    await filled.close();
    await driven.close();
  });

  it('writes chains the service verifies, entry by entry, with each case recording its head', async () => {
    const entries = Number((await rawQuery<{ n: number | string }>(dbPath, 'SELECT count(*) AS n FROM audit_entries'))[0].n);
    expect(entries).toBeGreaterThan(CASES * 5);
    const verified = await filled
      .http()
      .get('/api/audit/verify')
      .set(await filled.as('auditor1'))
      .expect(200);
    const chains = Number((await rawQuery<{ n: number | string }>(dbPath, 'SELECT count(DISTINCT stream_id) AS n FROM audit_entries'))[0].n);
    expect(chains).toBeGreaterThanOrEqual(CASES);
    expect(verified.body).toEqual({ ok: true, checked: entries, chains, intactChains: chains });
  });

  it('puts every entry into the transparency log as the sequencer would: no backlog, and the service’s proofs verify against its checkpoint', async () => {
    const entries = Number((await rawQuery<{ n: number | string }>(dbPath, 'SELECT count(*) AS n FROM audit_entries'))[0].n);
    const [state] = await rawQuery<{ tree_size: number | string }>(dbPath, "SELECT tree_size FROM tlog_state WHERE id = 'log'");
    const [pending] = await rawQuery<{ n: number | string }>(dbPath, 'SELECT count(*) AS n FROM tlog_pending');
    expect({ size: Number(state.tree_size), pending: Number(pending.n) }).toEqual({ size: entries, pending: 0 });
    const auditor = await filled.as('auditor1');
    const checkpoint = (
      await filled
        .http()
        .post('/api/transparency/checkpoints')
        .set(await filled.as('auditadmin1'))
        .expect(200)
    ).body;
    expect(checkpoint.treeSize).toBeGreaterThanOrEqual(entries);
    const root = hashFromBase64(checkpoint.rootHash)!;
    // The root over the filled leaves and nodes agrees with one recomputed from the entries themselves.
    const hashes = await rawQuery<{ hash: string }>(dbPath, 'SELECT e.hash FROM tlog_leaves l JOIN audit_entries e ON e.id = l.entry_id ORDER BY l.leaf_index');
    expect(hashes).toHaveLength(checkpoint.treeSize);
    expect(await treeRoot(new MemoryTree(hashes.map((row) => entryLeafHash(row.hash))), checkpoint.treeSize)).toEqual(root);
    for (const index of [0, Math.floor(entries / 2), entries - 1]) {
      const proof = (await filled.http().get(`/api/transparency/proofs/inclusion?index=${index}&treeSize=${checkpoint.treeSize}`).set(auditor).expect(200))
        .body;
      expect(verifyInclusion(index, checkpoint.treeSize, hashFromBase64(proof.leafHash)!, proof.proof.map(hashFromBase64), root)).toBe(true);
    }
  });

  it.each(PLANS.map((plan) => [plan.name, plan]))('fills %s cases as the engine writes them through the API', async (_name, plan) => {
    const steps = (plan as TemplatePlan).steps;
    const auditor = await filled.as('auditor1');
    const [row] = await rawQuery<{ id: string }>(dbPath, 'SELECT id FROM cases WHERE trail_length = ? LIMIT 1', [steps.length + 1]);
    const fromFill = await caseAndTrail(filled, row.id, auditor);
    const engineId = await drive(plan as TemplatePlan);
    const fromEngine = await caseAndTrail(driven, engineId, await driven.as('auditor1'));
    expect(normalise(fromFill.json, fromFill.parties)).toEqual(normalise(fromEngine.json, fromEngine.parties));
    // Columns no view shows: the free-text search and who opened the case.
    const columns = async (path: string, id: string, parties: { cadreId: string; unitId: string }) => {
      const [found] = await rawQuery(path, 'SELECT search_text, created_by, applicant_id FROM cases WHERE id = ?', [id]);
      return normalise(JSON.stringify(found).split(parties.cadreId).join('<cadre>').split(parties.unitId).join('<unit>'), parties);
    };
    expect(await columns(dbPath, row.id, fromFill.parties)).toEqual(await columns(driven.dbPath, engineId, fromEngine.parties));
    // The time limits of the states passed through: the rows the engine opened and cancelled, at
    // the same steps. Only the due dates differ: the fill approximates them (they are never read).
    expect(await deadlineHistory(dbPath, row.id)).toEqual(await deadlineHistory(driven.dbPath, engineId));
  });

  it('leaves the cases the load drives where the reviewer and the officer can move them', async () => {
    const reviewer = await filled.as('reviewer1');
    const listed = await filled.http().get('/api/cases?state=inReview&pageSize=1').set(reviewer).expect(200);
    const { id, version } = listed.body.items[0];
    const returned = await filled
      .http()
      .post(`/api/cases/${id}/events`)
      .set(reviewer)
      .send({
        type: 'RETURN_FOR_VERIFICATION',
        expectedVersion: version,
        ...PROCEDURE_SAMPLES.tolerance.events.RETURN_FOR_VERIFICATION[0].data,
      });
    expect(returned.status).toBe(200);
    expect(returned.body.state).toBe('verifying');
    const resubmitted = await filled
      .http()
      .post(`/api/cases/${id}/events`)
      .set(await filled.as('officer1'))
      .send({
        type: 'SUBMIT_FINDINGS',
        expectedVersion: version + 1,
        ...PROCEDURE_SAMPLES.tolerance.events.SUBMIT_FINDINGS[0].data,
      });
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body.state).toBe('inReview');
  });

  /** The plan's steps through HTTP as the sample users, a day apart as the fill spaces them. */
  async function drive(plan: TemplatePlan): Promise<string> {
    const samples = PROCEDURE_SAMPLES.tolerance;
    const input = samples.creations[plan.creation];
    driven.clock.set('2026-03-02T01:00:00.000Z');
    const created = await driven
      .http()
      .post('/api/cases')
      .set(await driven.as(input.actor.id))
      .send({ procedure: 'tolerance', ...input.data })
      .expect(201);
    let version = created.body.version as number;
    for (const step of plan.steps) {
      driven.clock.advance(STEP_MS);
      const sample = samples.events[step.type][step.variant ?? 0];
      const user = step.byCadre ? 'applicant1' : sample.actor.id;
      const answer = await driven
        .http()
        .post(`/api/cases/${created.body.id}/events`)
        .set(await driven.as(user))
        .send({ type: step.type, expectedVersion: version, ...stepData(step) });
      expect(answer.status).toBe(200);
      version = answer.body.version;
    }
    return created.body.id;
  }
});

/** A case's deadline rows, oldest first, with their times as offsets from the case's creation. */
async function deadlineHistory(dbPath: string, caseId: string): Promise<unknown[]> {
  const [{ created }] = await rawQuery<{ created: string }>(dbPath, 'SELECT created_at AS created FROM cases WHERE id = ?', [caseId]);
  const rows = await rawQuery<Record<string, unknown>>(
    dbPath,
    'SELECT state, rule, on_expiry, status, reminded, claimed_by, claimed_until, created_at, closed_at FROM deadlines WHERE case_id = ? ORDER BY created_at',
    [caseId],
  );
  const offset = (time: unknown) => (time === null ? null : Date.parse(String(time)) - Date.parse(created));
  return rows.map((row) => ({ ...row, created_at: offset(row.created_at), closed_at: offset(row.closed_at) }));
}

/** One query straight on the test's database (a SQLite file, or its PostgreSQL twin). */
async function rawQuery<T = Record<string, unknown>>(dbPath: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const db = await openRawDatabase(dbPath);
  try {
    return await db.query<T>(sql, params);
  } finally {
    await db.close();
  }
}

async function caseAndTrail(t: TestApp, id: string, auditor: { Authorization: string }) {
  const view = (await t.http().get(`/api/cases/${id}`).set(auditor).expect(200)).body;
  const trail = (await t.http().get(`/api/cases/${id}/trail`).set(auditor).expect(200)).body as Array<Record<string, unknown>>;
  const { id: _id, createdAt: _c, updatedAt: _u, stateEnteredAt: _s, ...rest } = view;
  const entries = trail.map(({ id: _e, streamId: _st, caseId: _ca, at: _at, prevHash: _p, hash: _h, ...entry }) => entry);
  return { json: JSON.stringify({ view: rest, entries }), parties: view.data.parties as { cadreId: string; unitId: string } };
}

/**
 * Times, the case's own people and number differ between the two, and so do the digests of the
 * case row each entry records (salted per case); everything else must not.
 */
function normalise(json: string, parties: { cadreId: string; unitId: string }): unknown {
  const parsed = JSON.parse(
    json
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, '<time>')
      .replace(/"digest":"[0-9a-f]{64}"/g, '"digest":"<digest>"')
      // The case number, like the id, is the case's own; the names are the directory's (the fill writes none).
      .replace(/"caseNo":"[^"]+"/g, '"caseNo":"<caseNo>"')
      .replace(/"(cadre|unit)":\{"id":"([^"]+)","name":"[^"]+"\}/g, '"$1":{"id":"$2","name":"<name>"}')
      // The fill writes no jurisdiction (bench/fill/case-templates.ts): the body is left out of the comparison.
      .replace(/"jurisdiction":\{"id":"[^"]*","name":"[^"]*"\}/g, '"jurisdiction":"<body>"')
      .split(`"${parties.cadreId}"`)
      .join('"<cadre>"')
      .split(`"${parties.unitId}"`)
      .join('"<unit>"'),
  );
  // Who acted is named from the directory (issue 23 §14): the fill's cadres have no account there.
  // The fill issues no documents (文书: a PDF per issuing step would make a million-case fill take
  // days); the documents' own tests check what the engine records of them.
  for (const entry of (parsed as { entries?: Array<Record<string, unknown>> }).entries ?? []) {
    if (entry.actorId === '<cadre>') delete entry.actorName;
    if (entry.data && typeof entry.data === 'object') delete (entry.data as Record<string, unknown>).documents;
  }
  return parsed;
}
