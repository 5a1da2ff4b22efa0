import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { verifyExport } from '../src/operations/verify-export';
import { checkpointText, readSignedCheckpoint } from '../src/trail/checkpoint-format';
import { signerFromSeed, signNote, SIGNATURE_TYPE_COSIGNATURE_V1, verifierOf } from '../src/trail/signed-note';
import { startWebApp, type WebApp } from './browser/support/browser';
import { PathDriver } from './support/path-driver';
import { startTestApp, type TestApp } from './support/test-app';
import { testDialect } from './support/test-database';

const LOWER = 'lower.example/case-trail';
const WITNESS = 'upper.example/witness';

/**
 * Issue 22 §4: the upper-level body's deployment witnesses a lower body's log (C2SP tlog-witness).
 * Two service instances, each with its own database: the lower one submits every new checkpoint
 * with a consistency proof and stores the cosignature; a verifier whose policy requires the
 * witness accepts its checkpoints. A rewound lower log (the same key, a shorter history) is refused
 * 409 and gets no cosignature; a bad signature is 403, an old size above the new 400, a bad proof 422.
 */
describe(`a witness above the log (${testDialect()})`, () => {
  const logSeed = randomBytes(32);
  const witnessSeed = randomBytes(32);
  const logKey = signerFromSeed(LOWER, logSeed);
  const witnessKey = signerFromSeed(WITNESS, witnessSeed, SIGNATURE_TYPE_COSIGNATURE_V1);
  let upper: WebApp;
  let lower: TestApp;
  const others: TestApp[] = [];
  const lowerEnv = () => ({
    TLOG_ORIGIN: LOWER,
    TLOG_SIGNING_KEY: logSeed.toString('base64'),
    TLOG_WITNESSES: `${upper.baseUrl}/api/witness ${witnessKey.vkey}`,
  });

  beforeAll(async () => {
    upper = await startWebApp({
      env: {
        TLOG_ORIGIN: 'upper.example/case-trail',
        TLOG_SIGNING_KEY: randomBytes(32).toString('base64'),
        TLOG_WITNESS_SIGNING_KEY: witnessSeed.toString('base64'),
        TLOG_WITNESS_NAME: WITNESS,
        TLOG_WITNESS_LOGS: logKey.vkey,
      },
    });
    lower = await startTestApp({ env: lowerEnv() });
  }, 120_000);

  afterAll(async () => {
    for (const app of others) await app.close();
    await lower?.close();
    await upper?.close();
  });

  const issue = async (t: TestApp) =>
    (
      await t
        .http()
        .post('/api/transparency/checkpoints')
        .set(await t.as('auditadmin1'))
        .expect(200)
    ).body as { treeSize: number; note: string; cosignatures: number };
  const addCheckpoint = (body: string) => request(upper.baseUrl).post('/api/witness/add-checkpoint').set('content-type', 'text/plain').send(body);
  const witnessed = async () =>
    (
      await upper.t.app
        .get(DataSource)
        .query('SELECT tree_size FROM tlog_witnessed WHERE origin = $1'.replace('$1', upper.t.config.dbType === 'postgres' ? '$1' : '?'), [LOWER])
    )[0]?.tree_size;

  it('the lower body’s checkpoints come back cosigned, each consistent with the last; a verifier requiring the witness accepts them', async () => {
    const driver = new PathDriver(lower);
    await driver.drive('tolerance', driver.paths('tolerance').get('verifying')!);
    const first = await issue(lower);
    expect(first.cosignatures).toBe(1);
    const signed = readSignedCheckpoint(first.note, [verifierOf(logKey), verifierOf(witnessKey)]);
    expect(signed.note.verified.map((signature) => signature.verifier.name).sort()).toEqual([LOWER, WITNESS]);
    // Persisted by the witness before it answered.
    expect(Number(await witnessed())).toBe(first.treeSize);

    await driver.drive('tolerance', driver.paths('tolerance').get('verifying')!);
    const second = await issue(lower);
    expect(second.treeSize).toBeGreaterThan(first.treeSize);
    expect(second.cosignatures).toBe(1);
    expect(Number(await witnessed())).toBe(second.treeSize);

    const dir = dirname(lower.dbPath);
    const auditor = await lower.as('auditor1');
    const exportFile = join(dir, 'witnessed-export.ndjson');
    writeFileSync(exportFile, (await lower.http().get('/api/audit/export').set(auditor).expect(200)).text);
    const latest = await issue(lower);
    const checkpointsFile = join(dir, 'witnessed-checkpoints.json');
    writeFileSync(checkpointsFile, JSON.stringify((await lower.http().get('/api/transparency/checkpoints').set(auditor).expect(200)).body));
    const policyFile = join(dir, 'witnessed-policy.txt');
    writeFileSync(policyFile, `log ${logKey.vkey}\nwitness upper ${witnessKey.vkey}\nquorum upper\n`);
    expect(await verifyExport({ exportFile, checkpointFiles: [checkpointsFile], policyFile })).toMatchObject({ ok: true, treeSize: latest.treeSize });
    // The same checkpoint without its cosignature does not meet that policy.
    const bare = join(dir, 'bare.checkpoint');
    writeFileSync(bare, signNote(checkpointText(LOWER, 1, Buffer.alloc(32, 3)), [logKey]));
    expect((await verifyExport({ exportFile, checkpointFiles: [checkpointsFile, bare], policyFile })).firstProblem).toMatchObject({
      kind: 'checkpoint-quorum',
    });
  });

  it('a rewound lower log (same key, shorter history) is refused 409 and gets no cosignature; a fork of the same size too', async () => {
    const held = Number(await witnessed());
    const rewound = await startTestApp({ env: lowerEnv() });
    others.push(rewound);
    const checkpoint = await issue(rewound);
    expect(checkpoint.cosignatures).toBe(0);
    expect(Number(await witnessed())).toBe(held);
    const conflict = await addCheckpoint(`old 0\n\n${checkpoint.note}`).expect(409);
    expect(conflict.body).toMatchObject({ code: 'WITNESS.CONFLICT', details: { treeSize: held, conditions: [{ code: 'witness.conflict' }] } });
    expect(conflict.body.details.conditions[0].zh).toContain('回退');
    const fork = signNote(checkpointText(LOWER, held, Buffer.alloc(32, 9)), [logKey]);
    expect((await addCheckpoint(`old ${held}\n\n${fork}`).expect(409)).body.code).toBe('WITNESS.CONFLICT');
    expect(Number(await witnessed())).toBe(held);
  });

  it('refuses a bad signature (403), an old size above the new (400), a bad proof (422), an unknown log (404) and a malformed request (400), each saying why; changes nothing', async () => {
    const held = Number(await witnessed());
    const stranger = signerFromSeed(LOWER, randomBytes(32));
    const forged = await addCheckpoint(`old ${held}\n\n${signNote(checkpointText(LOWER, held + 5, Buffer.alloc(32, 1)), [stranger])}`).expect(403);
    expect(forged.body).toMatchObject({ code: 'WITNESS.BAD_SIGNATURE', details: { conditions: [{ code: 'witness.bad-signature' }] } });
    const reversed = await addCheckpoint(`old ${held + 10}\n\n${signNote(checkpointText(LOWER, held + 5, Buffer.alloc(32, 1)), [logKey])}`).expect(400);
    expect(reversed.body.code).toBe('WITNESS.SIZES_REVERSED');
    const badProof = await addCheckpoint(
      `old ${held}\n${Buffer.alloc(32, 2).toString('base64')}\n\n${signNote(checkpointText(LOWER, held + 5, Buffer.alloc(32, 1)), [logKey])}`,
    ).expect(422);
    expect(badProof.body).toMatchObject({ code: 'WITNESS.BAD_PROOF', details: { conditions: [{ code: 'witness.bad-proof' }] } });
    const unknown = await addCheckpoint(
      `old 0\n\n${signNote(checkpointText('elsewhere.example/log', 1, Buffer.alloc(32, 1)), [signerFromSeed('elsewhere.example/log', randomBytes(32))])}`,
    ).expect(404);
    expect(unknown.body.code).toBe('WITNESS.UNKNOWN_LOG');
    const malformed = await addCheckpoint('old x\n\nnothing\n').expect(400);
    expect(malformed.body.details.conditions[0].code).toBe('witness.malformed');
    expect(Number(await witnessed())).toBe(held);
    // Text bodies are taken by the witness alone: anywhere else they are still 415.
    await request(upper.baseUrl).post('/api/auth/login').set('content-type', 'text/plain').send('hello').expect(415);
  });
});
