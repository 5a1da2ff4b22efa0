import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readSignedCheckpoint } from '../src/trail/checkpoint-format';
import { entryLeafHash, hashFromBase64, verifyConsistency, verifyInclusion } from '../src/trail/merkle-tree';
import { parseVkey } from '../src/trail/signed-note';
import { parseTlogProof } from '../src/trail/tlog-proof-format';
import { verifyExport } from '../src/operations/verify-export';
import { PathDriver } from './support/path-driver';
import { startTestApp, type TestApp } from './support/test-app';
import { testDialect } from './support/test-database';

const ROOT = join(__dirname, '..');

/**
 * Issue 22 §1–2: the trail as a transparency log on a real database. Entries get log indexes as
 * they commit (sequenced after commit), checkpoints are signed C2SP notes under the published key,
 * inclusion and consistency proofs verify against them, bad requests are refused with their
 * reason, the export is in log order, and the offline verifier (function and command) passes on it.
 */
describe(`the trail as a transparency log (${testDialect()})`, () => {
  let t: TestApp;
  let dir: string;
  let policyFile: string;

  beforeAll(async () => {
    t = await startTestApp();
    dir = dirname(t.dbPath);
    const driver = new PathDriver(t);
    await driver.drive('tolerance', driver.paths('tolerance').get('verifying')!);
    await t.http().post('/api/auth/login').send({ username: 'nobody', password: 'wrong-password' }).expect(401);
    const keys = (await t.http().get('/api/transparency/keys').expect(200)).body;
    policyFile = join(dir, 'policy.txt');
    writeFileSync(policyFile, `log ${keys.logKeys[0].vkey}\nquorum none\n`);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const issue = async () =>
    (
      await t
        .http()
        .post('/api/transparency/checkpoints')
        .set(await t.as('auditadmin1'))
        .expect(200)
    ).body;

  it('publishes its keys without a token; a checkpoint issued on demand verifies under them and covers every entry', async () => {
    const keys = (await t.http().get('/api/transparency/keys').expect(200)).body;
    expect(keys.origin).toBe('localhost/case-trail');
    const verifier = parseVkey(keys.logKeys[0].vkey);
    expect(verifier.name).toBe(keys.origin);
    const wellKnown = (await t.http().get('/.well-known/tlog-keys').expect(200)).text;
    expect(wellKnown).toContain(`log ${keys.logKeys[0].vkey}`);

    const checkpoint = await issue();
    const entries = (
      await t
        .http()
        .get('/api/audit/entries?pageSize=1')
        .set(await t.as('auditor1'))
        .expect(200)
    ).body.total;
    expect(checkpoint.treeSize).toBeGreaterThanOrEqual(entries);
    const signed = readSignedCheckpoint(checkpoint.note, [verifier]);
    expect(signed.note.verified).toHaveLength(1);
    expect(signed).toMatchObject({ origin: 'localhost/case-trail', size: checkpoint.treeSize });
    expect((await t.http().get('/api/transparency/checkpoint').expect(200)).text).toBe(checkpoint.note);
    expect((await t.http().get(`/api/transparency/checkpoints/${checkpoint.treeSize}`).expect(200)).text).toBe(checkpoint.note);
    // Nothing new (the reads above are on the record, so issue once more first): asking again gives
    // the same checkpoint, not a second one of the same size.
    const settled = await issue();
    expect((await issue()).note).toBe(settled.note);
  });

  it('inclusion proofs of entries and the consistency proof between two checkpoints verify against the signed roots', async () => {
    const first = await issue();
    await t.http().post('/api/auth/login').send({ username: 'nobody', password: 'wrong-again' }).expect(401);
    const second = await issue();
    expect(second.treeSize).toBeGreaterThan(first.treeSize);
    const auditor = await t.as('auditor1');
    const list = (await t.http().get('/api/transparency/checkpoints').set(auditor).expect(200)).body;
    expect(list.items.map((c: { treeSize: number }) => c.treeSize)).toEqual(expect.arrayContaining([first.treeSize, second.treeSize]));
    expect(list.items[0].treeSize).toBe(second.treeSize);

    const exported = (await t.http().get('/api/audit/export').set(auditor).expect(200)).text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(exported.map((entry) => entry.logIndex)).toEqual(exported.map((_, i) => i));
    const root = hashFromBase64(second.rootHash)!;
    for (const index of [0, 1, Math.floor(second.treeSize / 2), second.treeSize - 1]) {
      const proof = (await t.http().get(`/api/transparency/proofs/inclusion?index=${index}&treeSize=${second.treeSize}`).set(auditor).expect(200)).body;
      const leaf = entryLeafHash(exported[index].hash);
      expect(proof.leafHash).toBe(leaf.toString('base64'));
      expect(verifyInclusion(index, second.treeSize, leaf, proof.proof.map(hashFromBase64), root)).toBe(true);
    }
    const text = (await t.http().get(`/api/transparency/proofs/inclusion?index=1&treeSize=${second.treeSize}&format=tlog-proof`).set(auditor).expect(200)).text;
    expect(parseTlogProof(text)).toMatchObject({ index: 1, checkpoint: second.note });

    const consistency = (await t.http().get(`/api/transparency/proofs/consistency?from=${first.treeSize}&to=${second.treeSize}`).set(auditor).expect(200)).body;
    expect(verifyConsistency(first.treeSize, second.treeSize, hashFromBase64(first.rootHash)!, root, consistency.proof.map(hashFromBase64))).toBe(true);
  });

  it('refuses a proof for an index beyond the tree (400), a checkpoint that does not exist (404), and a malformed number (400), each saying why', async () => {
    const auditor = await t.as('auditor1');
    const latest = await issue();
    const beyond = await t.http().get(`/api/transparency/proofs/inclusion?index=${latest.treeSize}&treeSize=${latest.treeSize}`).set(auditor).expect(400);
    expect(beyond.body).toMatchObject({ code: 'TLOG.INDEX_BEYOND_TREE', details: { conditions: [{ code: 'tlog.indexBeyondTree', field: 'index' }] } });
    const missing = await t
      .http()
      .get(`/api/transparency/proofs/inclusion?index=0&treeSize=${latest.treeSize + 1000}`)
      .set(auditor)
      .expect(404);
    expect(missing.body.code).toBe('TLOG.CHECKPOINT_NOT_FOUND');
    expect(missing.body.details.conditions[0].zh).toContain('没有规模为');
    await t
      .http()
      .get(`/api/transparency/proofs/consistency?from=${latest.treeSize}&to=${latest.treeSize + 5}`)
      .set(auditor)
      .expect(404);
    const same = await t.http().get(`/api/transparency/proofs/consistency?from=${latest.treeSize}&to=${latest.treeSize}`).set(auditor).expect(200);
    expect(same.body.proof).toEqual([]);
    const older = (await t.http().get('/api/transparency/checkpoints?pageSize=200').set(auditor).expect(200)).body.items.at(-1).treeSize;
    expect(older).toBeLessThan(latest.treeSize);
    const reversed = await t.http().get(`/api/transparency/proofs/consistency?from=${latest.treeSize}&to=${older}`).set(auditor).expect(400);
    expect(reversed.body).toMatchObject({ code: 'TLOG.SIZES_REVERSED', details: { conditions: [{ code: 'tlog.sizesReversed', field: 'from' }] } });
    expect((await t.http().get('/api/transparency/proofs/inclusion?index=-1&treeSize=1').set(auditor).expect(400)).body.code).toBe('REQUEST.INVALID');
    expect((await t.http().get('/api/transparency/checkpoints/abc').expect(400)).body.code).toBe('REQUEST.INVALID');
    const unknown = await t.http().get('/api/transparency/checkpoints/999999').expect(404);
    expect(unknown.body.details.conditions[0]).toMatchObject({ code: 'tlog.checkpointNotFound', en: expect.stringContaining('999999') });
    // Proofs and the list are for the auditors; a case officer is refused.
    await t
      .http()
      .get(`/api/transparency/proofs/inclusion?index=0&treeSize=${latest.treeSize}`)
      .set(await t.as('officer1'))
      .expect(403);
    await t
      .http()
      .post('/api/transparency/checkpoints')
      .set(await t.as('officer1'))
      .expect(403);
  });

  it('the export verifies offline against the signed checkpoints: as a function and as the command, with no service behind it', async () => {
    const auditor = await t.as('auditor1');
    const exportFile = join(dir, 'export.ndjson');
    writeFileSync(exportFile, (await t.http().get('/api/audit/export').set(auditor).expect(200)).text);
    const latest = await issue();
    const checkpointsFile = join(dir, 'checkpoints.json');
    writeFileSync(checkpointsFile, JSON.stringify((await t.http().get('/api/transparency/checkpoints?pageSize=200').set(auditor).expect(200)).body));
    const previousFile = join(dir, 'previous.checkpoint');
    const first = (await t.http().get('/api/transparency/checkpoints?pageSize=200').set(auditor).expect(200)).body.items.at(-1);
    writeFileSync(previousFile, first.note);
    const result = await verifyExport({ exportFile, checkpointFiles: [checkpointsFile], policyFile, previousFile });
    expect(result).toMatchObject({ ok: true, treeSize: latest.treeSize, problems: [], consistency: { from: first.treeSize, to: latest.treeSize, ok: true } });

    const consistencyFile = join(dir, 'consistency.json');
    writeFileSync(
      consistencyFile,
      JSON.stringify((await t.http().get(`/api/transparency/proofs/consistency?from=${first.treeSize}&to=${latest.treeSize}`).set(auditor).expect(200)).body),
    );
    const command = await run([
      '--checkpoints',
      checkpointsFile,
      '--policy',
      policyFile,
      '--previous',
      previousFile,
      '--consistency',
      consistencyFile,
      exportFile,
      '--json',
      '-',
    ]);
    expect(command.exitCode).toBe(0);
    expect(command.stdout).toContain('核验通过');
    expect(JSON.parse(command.stdout.slice(command.stdout.indexOf('{')))).toMatchObject({ ok: true, consistency: { ok: true, source: 'proof' } });
  });

  it('never shows the private keys: not in a response, an export or the key listing', async () => {
    const file = JSON.parse(readFileSync(join(dir, 'transparency-keys.json'), 'utf8'));
    const secrets: string[] = [...file.log.map((key: { seed: string }) => key.seed), file.witness.seed];
    const auditor = await t.as('auditor1');
    const bodies = [
      (await t.http().get('/api/transparency/keys').expect(200)).text,
      (await t.http().get('/.well-known/tlog-keys').expect(200)).text,
      (await t.http().get('/api/transparency/checkpoints').set(auditor).expect(200)).text,
      (await t.http().get('/api/audit/export').set(auditor).expect(200)).text,
    ];
    for (const secret of secrets) for (const body of bodies) expect(body).not.toContain(secret);
  });
});

function run(args: string[]): Promise<{ stdout: string; exitCode: number }> {
  return new Promise((resolve) => {
    execFile('npm', ['run', '--silent', 'verify-export', '--', ...args], { cwd: ROOT }, (error, stdout) => {
      resolve({ stdout, exitCode: error ? Number((error as { code?: number }).code ?? 1) : 0 });
    });
  });
}
