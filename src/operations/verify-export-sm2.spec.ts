import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryHash, GENESIS_HASH } from '../trail/chain-hash';
import { checkpointText } from '../trail/checkpoint-format';
import { CompactRange, entryLeafHash } from '../trail/merkle-tree';
import { newSm2Pkcs8, parseNote, signNote, sm2SignerFromPkcs8 } from '../trail/signed-note';
import { verifyExport } from './verify-export';

const ORIGIN = 'jw.example.cn/case-trail';

/** An export of a few entries of one chain, and its checkpoint signed with an SM2 log key. */
function exportSignedWithSm2() {
  const dir = mkdtempSync(join(tmpdir(), 'verify-sm2-'));
  const signer = sm2SignerFromPkcs8(ORIGIN, newSm2Pkcs8());
  const range = CompactRange.empty();
  const lines: string[] = [];
  let prevHash = GENESIS_HASH;
  for (let position = 1; position <= 5; position += 1) {
    const entry = {
      streamId: 'security',
      position,
      caseId: null,
      procedure: null,
      procedureVersion: null,
      fromState: null,
      event: 'LOGIN',
      toState: null,
      outcome: 'refused' as const,
      refusalCode: 'AUTH.INVALID_CREDENTIALS',
      actorId: 'someone',
      actorRole: 'anonymous',
      at: new Date(Date.UTC(2026, 11, 7, 9, position)).toISOString(),
      reason: null,
      data: { n: position },
      prevHash,
      algorithm: 'sha256' as const,
    };
    const hash = entryHash(entry);
    lines.push(JSON.stringify({ logIndex: range.treeSize, ...entry, hash }));
    range.append(entryLeafHash(hash));
    prevHash = hash;
  }
  const files = { exportFile: join(dir, 'export.ndjson'), checkpoint: join(dir, 'checkpoint'), policy: join(dir, 'policy.txt') };
  writeFileSync(files.exportFile, lines.join('\n') + '\n');
  const note = signNote(checkpointText(ORIGIN, range.treeSize, range.root()), [signer]);
  writeFileSync(files.checkpoint, note);
  writeFileSync(files.policy, `log ${signer.vkey}\nquorum none\n`);
  return { dir, signer, note, files };
}

describe('the offline verifier with an SM2 log key (TLOG_SIGNATURE=sm2)', () => {
  it('passes an export whose checkpoint is signed with the SM2 key its policy names', async () => {
    const { files } = exportSignedWithSm2();
    const result = await verifyExport({ exportFile: files.exportFile, checkpointFiles: [files.checkpoint], policyFile: files.policy });
    expect(result).toMatchObject({ ok: true, entries: 5, treeSize: 5, checkpoints: { verified: 1 } });
  });

  it('fails on one changed byte of the signature, on a checkpoint signed by another SM2 key, and on a policy key of an unknown type', async () => {
    const { dir, note, signer, files } = exportSignedWithSm2();
    const line = parseNote(note).signatures[0];
    const bytes = Buffer.from(line.line.split(' ').pop()!, 'base64');
    bytes[12] ^= 0x01;
    const changed = join(dir, 'changed');
    writeFileSync(changed, note.replace(line.line, `— ${signer.name} ${bytes.toString('base64')}`));
    const bad = await verifyExport({ exportFile: files.exportFile, checkpointFiles: [changed], policyFile: files.policy });
    expect(bad).toMatchObject({ ok: false, firstProblem: { kind: 'checkpoint-signature', treeSize: 5 } });

    const otherPolicy = join(dir, 'other-policy.txt');
    writeFileSync(otherPolicy, `log ${sm2SignerFromPkcs8(ORIGIN, newSm2Pkcs8()).vkey}\nquorum none\n`);
    const untrusted = await verifyExport({ exportFile: files.exportFile, checkpointFiles: [files.checkpoint], policyFile: otherPolicy });
    expect(untrusted).toMatchObject({ ok: false, firstProblem: { kind: 'checkpoint-untrusted' } });

    const unknownType = join(dir, 'unknown-type.txt');
    const material = Buffer.from(signer.vkey.split('+').slice(2).join('+'), 'base64');
    material[1] = 'S'.charCodeAt(0); // 0xff with another identifier
    writeFileSync(unknownType, `log ${ORIGIN}+${signer.keyId.toString(16).padStart(8, '0')}+${material.toString('base64')}\nquorum none\n`);
    const refused = await verifyExport({ exportFile: files.exportFile, checkpointFiles: [files.checkpoint], policyFile: unknownType });
    expect(refused.firstProblem).toMatchObject({ kind: 'policy' });
    expect(refused.firstProblem?.message).toMatch(/line 1: a log key: unknown key type 0xff with identifier "Sm2-sm3-emptyid/);
  });
});
