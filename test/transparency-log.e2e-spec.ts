import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readSignedCheckpoint } from '../src/trail/checkpoint-format';
import { entryLeafHash, hashFromBase64, verifyConsistency, verifyInclusion } from '../src/trail/merkle-tree';
import { parseVkey, signerFromSeed, signNote } from '../src/trail/signed-note';
import { checkpointText } from '../src/trail/checkpoint-format';
import { parseTlogProof } from '../src/trail/tlog-proof-format';
import { recomputedHash, reportZh, verifyExport, type VerifyExportResult } from '../src/operations/verify-export';
import { verifyReceipt } from '../src/operations/verify-receipt';
import { backupDatabase } from '../src/operations/backup';
import { PathDriver } from './support/path-driver';
import { CapturingLogger } from './support/secrecy-scan';
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
    // Two checkpoints at least, whatever ran before: a refused login is an entry between them.
    await issue();
    await t.http().post('/api/auth/login').send({ username: 'nobody', password: 'wrong-once-more' }).expect(401);
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

  it('incremental verification: the state of the last run, then only the entries exported since', async () => {
    const auditor = await t.as('auditor1');
    const stateFile = join(dir, 'state.json');
    const fullFile = join(dir, 'incremental-full.ndjson');
    const fullExport = await t.http().get('/api/audit/export').set(auditor).expect(200);
    expect(fullExport.headers['content-type']).toContain('application/x-ndjson');
    expect(fullExport.headers['content-disposition']).toContain('audit-trail.ndjson');
    writeFileSync(fullFile, fullExport.text);
    const first = await issue();
    const firstList = join(dir, 'incremental-1.json');
    writeFileSync(firstList, JSON.stringify({ items: [first] }));
    const full = await verifyExport({ exportFile: fullFile, checkpointFiles: [firstList], policyFile, stateFile });
    expect(full).toMatchObject({ ok: true, incremental: false, treeSize: first.treeSize });

    const driver = new PathDriver(t);
    await driver.drive('tolerance', driver.paths('tolerance').get('verifying')!);
    const newFile = join(dir, 'incremental-new.ndjson');
    writeFileSync(newFile, (await t.http().get(`/api/audit/export?from=${first.treeSize}`).set(auditor).expect(200)).text);
    const second = await issue();
    const secondList = join(dir, 'incremental-2.json');
    writeFileSync(secondList, JSON.stringify({ items: [second] }));
    const stateBefore = readFileSync(stateFile, 'utf8');
    const since = await verifyExport({ exportFile: newFile, checkpointFiles: [secondList], policyFile, stateFile });
    expect(since).toMatchObject({ ok: true, incremental: true, treeSize: second.treeSize, entries: second.treeSize - first.treeSize });
    // The same new lines with one changed: caught, with its log index.
    const lines = readFileSync(newFile, 'utf8').trimEnd().split('\n');
    const changed = JSON.parse(lines[1]) as Record<string, unknown>;
    lines[1] = JSON.stringify({ ...changed, at: '2020-01-01T00:00:00.000Z' });
    writeFileSync(newFile, lines.join('\n') + '\n');
    // Against the state before the run above (a successful run moves the state on to its newest checkpoint).
    writeFileSync(stateFile, stateBefore);
    const tampered = await verifyExport({ exportFile: newFile, checkpointFiles: [secondList], policyFile, stateFile });
    expect(tampered.ok).toBe(false);
    expect(tampered).toMatchObject({ incremental: true, firstBadIndex: first.treeSize + 1, firstProblem: { line: 2 } });
    // A bad `from` is refused, saying why.
    expect((await t.http().get('/api/audit/export?from=-1').set(auditor).expect(400)).body.details.fields[0].field).toBe('from');
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
    // Nor in a backup: the keys live beside the database, not in it (SQLite's backup is the plain file).
    if (testDialect() === 'sqlite') {
      const backup = join(dir, 'backup.sqlite');
      await backupDatabase(t.config, backup);
      const bytes = readFileSync(backup);
      for (const secret of secrets) {
        expect(bytes.includes(Buffer.from(secret, 'utf8'))).toBe(false);
        expect(bytes.includes(Buffer.from(secret, 'base64'))).toBe(false);
      }
    }
  });
});

/**
 * Issue 22 §2: the offline verifier on exports changed after the fact, the way an insider holding
 * the database (or the file) would: each change is found, and named by its first bad log index and
 * line, or, for a chain rewritten with valid hashes, by the checkpoint whose signed root it breaks.
 */
describe(`the offline verifier on a tampered export (${testDialect()})`, () => {
  let t: TestApp;
  let dir: string;
  let policyFile: string;
  let checkpointsFile: string;
  let lines: string[];
  let entries: Array<Record<string, unknown>>;
  let sizes: number[];

  beforeAll(async () => {
    t = await startTestApp();
    dir = dirname(t.dbPath);
    const driver = new PathDriver(t);
    const auditadmin = await t.as('auditadmin1');
    const auditor = await t.as('auditor1');
    // Checkpoints between the cases, so that a rewritten chain is caught at a checkpoint near it.
    const longest = (procedure: string) => [...driver.paths(procedure).values()].sort((a, b) => b.steps.length - a.steps.length)[0];
    await driver.drive('tolerance', longest('tolerance'));
    await t.http().post('/api/transparency/checkpoints').set(auditadmin).expect(200);
    await driver.drive('correction', longest('correction'));
    await t.http().post('/api/transparency/checkpoints').set(auditadmin).expect(200);
    await driver.drive('tolerance', longest('tolerance'));
    const text = (await t.http().get('/api/audit/export').set(auditor).expect(200)).text;
    await t.http().post('/api/transparency/checkpoints').set(auditadmin).expect(200);
    const listed = (await t.http().get('/api/transparency/checkpoints?pageSize=200').set(auditor).expect(200)).body;
    sizes = listed.items.map((item: { treeSize: number }) => item.treeSize);
    checkpointsFile = join(dir, 'tamper-checkpoints.json');
    writeFileSync(checkpointsFile, JSON.stringify(listed));
    const keys = (await t.http().get('/api/transparency/keys').expect(200)).body;
    policyFile = join(dir, 'tamper-policy.txt');
    writeFileSync(policyFile, `log ${keys.logKeys[0].vkey}\nquorum none\n`);
    lines = text.trimEnd().split('\n');
    entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }, 180_000);

  afterAll(async () => {
    await t?.close();
  });

  const verify = async (name: string, content: string, extra: string[] = []): Promise<VerifyExportResult> => {
    const exportFile = join(dir, `${name}.ndjson`);
    writeFileSync(exportFile, content);
    return verifyExport({ exportFile, checkpointFiles: [checkpointsFile, ...extra], policyFile });
  };
  const joined = (list: string[]) => list.join('\n') + '\n';
  /** An entry in the middle whose hash the line recomputes (shown as stored, not under a pseudonym). */
  const plainIndex = () => entries.findIndex((entry, i) => i > entries.length / 3 && !entry.shownDiffersFromStored && recomputedHash(entry) === entry.hash);

  it('the untouched export verifies, at every checkpoint size', async () => {
    expect(entries.length).toBeGreaterThan(20);
    const result = await verify('untouched', joined(lines));
    expect(result).toMatchObject({ ok: true, treeSize: entries.length, problems: [] });
    expect(result.checkpoints.sizes).toEqual([...sizes].sort((a, b) => a - b));
    expect(reportZh(result)).toContain('核验通过');
  });

  it('a modified entry: its log index and line', async () => {
    const k = plainIndex();
    const changed = [...lines];
    changed[k] = JSON.stringify({ ...entries[k], at: '2020-01-01T00:00:00.000Z' });
    const result = await verify('modified', joined(changed));
    expect(result).toMatchObject({ ok: false, firstBadIndex: k, firstProblem: { kind: 'content-mismatch', line: k + 1, index: k } });
    expect(reportZh(result)).toContain(`第一个有问题的日志序号：${k}`);
  });

  it('a deleted entry, an inserted (repeated) entry, two entries swapped: each at its first bad index', async () => {
    const k = plainIndex();
    const deleted = await verify('deleted', joined(lines.filter((_, i) => i !== k)));
    expect(deleted).toMatchObject({ ok: false, firstBadIndex: k, firstProblem: { kind: 'entry-missing', line: k + 1 } });
    const inserted = await verify('inserted', joined([...lines.slice(0, k + 1), lines[k], ...lines.slice(k + 1)]));
    expect(inserted).toMatchObject({ ok: false, firstBadIndex: k + 1, firstProblem: { kind: 'entry-out-of-order', line: k + 2 } });
    const swapped = [...lines];
    [swapped[k], swapped[k + 1]] = [swapped[k + 1], swapped[k]];
    expect(await verify('swapped', joined(swapped))).toMatchObject({ ok: false, firstBadIndex: k, firstProblem: { line: k + 1 } });
    // Swapped and renumbered, so the log indexes run on: the chain of the case (or the root) gives it away.
    const renumbered = swapped.map((line, i) => JSON.stringify({ ...(JSON.parse(line) as object), logIndex: i }));
    const result = await verify('renumbered', joined(renumbered));
    if (entries[k].streamId === entries[k + 1].streamId) {
      expect(result).toMatchObject({ ok: false, firstBadIndex: k, firstProblem: { kind: 'chain-position' } });
    } else {
      // Two chains each still in order: only the signed root can tell, bounding the index.
      expect(result).toMatchObject({ ok: false, firstProblem: { kind: 'root-mismatch' } });
      expect(result.firstBadIndexRange![0]).toBeLessThanOrEqual(k);
      expect(result.firstBadIndexRange![1]).toBeGreaterThanOrEqual(k);
    }
  });

  it('a whole case chain rewritten with valid hashes and its head: the signed root breaks at the first checkpoint after it, which bounds the first bad index', async () => {
    const k = plainIndex();
    const stream = String(entries[k].streamId);
    const rewritten = entries.map((entry) => ({ ...entry }));
    let prevHash: string | undefined;
    let first: number | undefined;
    rewritten.forEach((entry, i) => {
      if (entry.streamId !== stream || i < k) return;
      if (prevHash !== undefined) entry.prevHash = prevHash;
      if (first === undefined) {
        first = i;
        entry.at = '2020-01-01T00:00:00.000Z';
      }
      entry.hash = recomputedHash(entry);
      prevHash = String(entry.hash);
    });
    const result = await verify('rewritten', joined(rewritten.map((entry) => JSON.stringify(entry))));
    expect(result).toMatchObject({ ok: false, firstProblem: { kind: 'root-mismatch' } });
    expect(result.firstBadIndex).toBeUndefined();
    const [from, to] = result.firstBadIndexRange!;
    expect(from).toBeLessThanOrEqual(k);
    expect(to).toBeGreaterThanOrEqual(k);
    // The range ends at the first signed size past the rewrite, and starts at the signed size before it.
    expect(to + 1).toBe(Math.min(...sizes.filter((size) => size > k)));
  });

  it('a line marked retired must name a retirement decision of the export and show no payload; its hash is still the leaf (retention itself: trail-retention.e2e-spec)', async () => {
    const k = plainIndex();
    const retired = [...lines];
    const marked = (extra: Record<string, unknown>) => JSON.stringify({ ...entries[k], data: { payloadRetired: true }, reason: null, ...extra });
    retired[k] = marked({ payloadRetired: { decision: 'admin#999999' } });
    const noDecision = await verify('retired-no-decision', joined(retired));
    expect(noDecision).toMatchObject({ ok: false, firstBadIndex: k, firstProblem: { kind: 'retirement' } });
    expect(noDecision.firstProblem!.zh).toContain('导出中没有这一清除决定');
    retired[k] = marked({ payloadRetired: { decision: 'D-2027-01' } });
    expect((await verify('retired-bad-name', joined(retired))).firstProblem).toMatchObject({ kind: 'retirement', index: k });
    // Marked retired yet showing a payload: what it shows cannot be checked against its hash.
    retired[k] = JSON.stringify({ ...entries[k], payloadRetired: { decision: 'admin#1' } });
    expect((await verify('retired-shown', joined(retired))).firstProblem).toMatchObject({ kind: 'retirement', index: k, line: k + 1 });
    // Its hash is still the leaf: changed, the signed root (or the next link of its chain) gives it away.
    retired[k] = marked({ payloadRetired: { decision: 'admin#1' }, hash: 'f'.repeat(64) });
    expect((await verify('retired-changed', joined(retired))).ok).toBe(false);
  });

  it('a fork: two checkpoints signed for one size with different roots, both reported as evidence', async () => {
    const file = JSON.parse(readFileSync(join(dir, 'transparency-keys.json'), 'utf8')) as { log: Array<{ seed: string }> };
    const signer = signerFromSeed('localhost/case-trail', Buffer.from(file.log[0].seed, 'base64'));
    const size = Math.min(...sizes);
    const forged = signNote(checkpointText('localhost/case-trail', size, Buffer.alloc(32, 7)), [signer]);
    const forkFile = join(dir, 'fork.checkpoint');
    writeFileSync(forkFile, forged);
    const result = await verify('fork', joined(lines), [forkFile]);
    expect(result).toMatchObject({ ok: false, firstProblem: { kind: 'fork', treeSize: size }, fork: { treeSize: size } });
    expect(result.fork!.checkpoints).toContain(forged);
    expect(result.fork!.checkpoints).toHaveLength(2);
    expect(reportZh(result)).toContain('分叉');
  });

  it('a truncated last line, a line that is not JSON, a checkpoint of a key not in the policy, a policy with an unknown key type: each named', async () => {
    const truncated = await verify('truncated', joined(lines).slice(0, -20));
    expect(truncated.firstProblem).toMatchObject({ kind: 'line-truncated', line: lines.length });
    expect(truncated.firstProblem!.zh).toContain(`第 ${lines.length} 行`);
    const notJson = [...lines];
    notJson[3] = 'this is not json';
    expect((await verify('not-json', joined(notJson))).firstProblem).toMatchObject({ kind: 'line-not-json', line: 4, index: 3 });

    const stranger = signerFromSeed('localhost/case-trail', Buffer.alloc(32, 9));
    const strangerFile = join(dir, 'stranger.checkpoint');
    writeFileSync(strangerFile, signNote(checkpointText('localhost/case-trail', 1, Buffer.alloc(32, 1)), [stranger]));
    expect((await verify('stranger', joined(lines), [strangerFile])).firstProblem).toMatchObject({ kind: 'checkpoint-untrusted', treeSize: 1 });

    const keys = (await t.http().get('/api/transparency/keys').expect(200)).body;
    const [name, id, key] = String(keys.logKeys[0].vkey).split('+');
    const material = Buffer.from(key, 'base64');
    material[0] = 0x09;
    const badPolicy = join(dir, 'bad-policy.txt');
    writeFileSync(badPolicy, `# trusted keys\nlog ${name}+${id}+${material.toString('base64')}\nquorum none\n`);
    const exportFile = join(dir, 'untouched.ndjson');
    const result = await verifyExport({ exportFile, checkpointFiles: [checkpointsFile], policyFile: badPolicy });
    expect(result.firstProblem).toMatchObject({ kind: 'policy' });
    expect(result.firstProblem!.message).toContain('line 2');
    expect(result.firstProblem!.message).toContain('unknown key type 0x09');
  });

  it('the command exits 1 on a tampered export and prints the first bad index in its Chinese report', async () => {
    const k = plainIndex();
    const exportFile = join(dir, 'command-tampered.ndjson');
    writeFileSync(exportFile, joined(lines.filter((_, i) => i !== k)));
    const command = await run([exportFile, '--checkpoints', checkpointsFile, '--policy', policyFile, '--json', '-']);
    expect(command.exitCode).toBe(1);
    expect(command.stdout).toContain('核验未通过');
    expect(command.stdout).toContain(`第一个有问题的日志序号：${k}`);
    expect(JSON.parse(command.stdout.slice(command.stdout.indexOf('{')))).toMatchObject({ ok: false, firstBadIndex: k });
  });
});

/**
 * Issue 22 §3: a party downloads a receipt of a step on their timeline (their filing, the decision
 * served on them) and verifies it offline, with no service, against the log's published key; one
 * changed byte anywhere in it makes it fail.
 */
describe(`receipts for the parties (${testDialect()})`, () => {
  let t: TestApp;
  let dir: string;
  let policyFile: string;
  let caseId: string;

  beforeAll(async () => {
    t = await startTestApp();
    dir = dirname(t.dbPath);
    const driver = new PathDriver(t);
    caseId = await driver.drive('tolerance', driver.paths('tolerance').get('reviewWindow')!);
    const keys = (await t.http().get('/api/transparency/keys').expect(200)).body;
    policyFile = join(dir, 'receipt-policy.txt');
    writeFileSync(policyFile, `log ${keys.logKeys[0].vkey}\nquorum none\n`);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  const timeline = async () =>
    (
      await t
        .http()
        .get(`/api/cases/${caseId}/trail`)
        .set(await t.as('applicant1'))
        .expect(200)
    ).body as Array<{ event: string; position: number }>;

  it('the applicant’s receipts of the filing and of the decision verify offline, as a function and as the command, and show only what their timeline shows', async () => {
    const steps = await timeline();
    for (const event of ['CREATE', 'DECIDE', 'SERVE_DECISION']) {
      const step = steps.find((entry) => entry.event === event)!;
      const response = await t
        .http()
        .get(`/api/cases/${caseId}/receipts/${step.position}`)
        .set(await t.as('applicant1'))
        .expect(200);
      expect(response.headers['content-disposition']).toContain('.tlog-proof');
      const file = join(dir, `receipt-${event}.tlog-proof`);
      writeFileSync(file, response.text);
      const result = await verifyReceipt(file, policyFile);
      expect(result).toMatchObject({ ok: true, origin: 'localhost/case-trail', entry: { caseId, event, position: step.position } });
      // What the receipt shows is the applicant's own timeline entry: no official named, no votes.
      const { position: _position, ...shown } = step as unknown as Record<string, unknown>;
      expect(result.entry).toMatchObject(shown);
      expect(JSON.stringify(result.entry)).not.toMatch(/officer1|leader1|reviewer1|committee1|votesFor/);
    }
    const file = join(dir, 'receipt-DECIDE.tlog-proof');
    const command = await run(['--receipt', file, '--policy', policyFile]);
    expect(command.exitCode).toBe(0);
    expect(command.stdout).toContain('回执核验通过');
  });

  it('a receipt with one byte changed, anywhere, fails offline; the command exits 1', async () => {
    const original = readFileSync(join(dir, 'receipt-DECIDE.tlog-proof'), 'utf8');
    const file = join(dir, 'receipt-changed.tlog-proof');
    const step = Math.max(1, Math.floor(original.length / 60));
    let tried = 0;
    for (let at = 0; at < original.length; at += step) {
      const replacement = original[at] === 'A' ? 'B' : 'A';
      writeFileSync(file, original.slice(0, at) + replacement + original.slice(at + 1));
      const result = await verifyReceipt(file, policyFile);
      expect({ at, ok: result.ok }).toEqual({ at, ok: false });
      tried += 1;
    }
    expect(tried).toBeGreaterThanOrEqual(50);
    const command = await run(['--receipt', file, '--policy', policyFile]);
    expect(command.exitCode).toBe(1);
    expect(command.stdout).toContain('回执核验未通过');
  });

  it('refuses a step that is not on the timeline (404), a malformed step (400) and staff (403), each saying why', async () => {
    const applicant = await t.as('applicant1');
    const count = (await timeline()).length;
    const missing = await t
      .http()
      .get(`/api/cases/${caseId}/receipts/${count + 1}`)
      .set(applicant)
      .expect(404);
    expect(missing.body).toMatchObject({ code: 'CASE.RECEIPT_NOT_FOUND', details: { conditions: [{ code: 'receipt.noSuchStep', field: 'position' }] } });
    expect(missing.body.details.conditions[0].zh).toContain(`共 ${count} 步`);
    const malformed = await t.http().get(`/api/cases/${caseId}/receipts/0`).set(applicant).expect(400);
    expect(malformed.body.details.conditions[0]).toMatchObject({ code: 'receipt.position', field: 'position' });
    const staff = await t
      .http()
      .get(`/api/cases/${caseId}/receipts/1`)
      .set(await t.as('officer1'))
      .expect(403);
    expect(staff.body.details.conditions[0].code).toBe('receipt.partiesOnly');
    // Another unit's applicant does not see the case at all.
    await t
      .http()
      .get(`/api/cases/${caseId}/receipts/1`)
      .set(await t.as('applicant2'))
      .expect(404);
  });
});

/**
 * Issue 22 §1: checkpoints are issued on their own when the log grew (every
 * TLOG_CHECKPOINT_INTERVAL_MS; a minute by default), and the private keys never reach a log line.
 */
describe(`periodic checkpoints (${testDialect()})`, () => {
  let t: TestApp;
  const logger = new CapturingLogger();

  beforeAll(async () => {
    t = await startTestApp({ logger, env: { TLOG_SEQUENCE_INTERVAL_MS: '50', TLOG_CHECKPOINT_INTERVAL_MS: '200' } });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  const latestSize = async (): Promise<number> => {
    const response = await t.http().get('/api/transparency/checkpoint');
    return response.status === 200 ? readSignedCheckpoint(response.text, []).size : -1;
  };
  const until = async (condition: () => Promise<boolean>, what: string) => {
    const deadline = Date.now() + 30_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  it('a checkpoint follows new entries without being asked, and the next one once the interval has passed on the service clock', async () => {
    const driver = new PathDriver(t);
    const auditor = await t.as('auditor1');
    await driver.drive('tolerance', driver.paths('tolerance').get('verifying')!);
    await until(async () => (await latestSize()) > 0, 'the first periodic checkpoint');
    const first = await latestSize();
    await driver.drive('tolerance', driver.paths('tolerance').get('verifying')!);
    const entries = (await t.http().get('/api/audit/entries?pageSize=1').set(auditor).expect(200)).body.total as number;
    expect(entries).toBeGreaterThan(first);
    // The newest checkpoint is not yet a minute old on the service clock: move it on.
    t.clock.advance(60_000);
    await until(async () => (await latestSize()) >= entries, 'a second periodic checkpoint');
    const listed = (await t.http().get('/api/transparency/checkpoints').set(auditor).expect(200)).body;
    expect(listed.total).toBeGreaterThanOrEqual(2);
    expect(logger.lines.some((line) => line.includes('checkpoint issued at tree size'))).toBe(true);
  });

  it('no log line holds a private key', () => {
    const file = JSON.parse(readFileSync(join(dirname(t.dbPath), 'transparency-keys.json'), 'utf8')) as {
      log: Array<{ seed: string }>;
      witness: { seed: string };
    };
    const secrets = [...file.log.map((key) => key.seed), file.witness.seed];
    expect(logger.lines.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(logger.lines.filter((line) => line.includes(secret))).toEqual([]);
  });
});

function run(args: string[]): Promise<{ stdout: string; exitCode: number }> {
  return new Promise((resolve) => {
    execFile('npm', ['run', '--silent', 'verify-export', '--', ...args], { cwd: ROOT }, (error, stdout) => {
      resolve({ stdout, exitCode: error ? Number((error as { code?: number }).code ?? 1) : 0 });
    });
  });
}
