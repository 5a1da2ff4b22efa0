import { execFileSync } from 'node:child_process';
import { createPublicKey, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointText, parseCheckpointText, readSignedCheckpoint } from './checkpoint-format';
import { EMPTY_ROOT } from './merkle-tree';
import {
  checkNote,
  cosignText,
  newSm2Pkcs8,
  parseNote,
  parseVkey,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  SIGNATURE_TYPE_SM2,
  signerFromSeed,
  signNote,
  sm2SignerFromPkcs8,
  verifierOf,
} from './signed-note';
import { formatTlogProof, parseTlogProof } from './tlog-proof-format';
import { parsePolicy, quorumMet } from './tlog-policy';

describe('C2SP signed notes, checkpoints, proofs and policies', () => {
  it('verifies the example of the signed-note specification', () => {
    const verifier = parseVkey('example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k');
    const note =
      'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';
    const checked = checkNote(note, [verifier]);
    expect(checked.verified).toHaveLength(1);
    expect(checked.failed).toHaveLength(0);
    expect(checkNote(note.replace('example message', 'example massage'), [verifier]).failed).toHaveLength(1);
  });

  it('signs a checkpoint that verifies under its vkey; an unknown key is ignored, a wrong signature is a failure', () => {
    const log = signerFromSeed('jw.example.cn/jinan', randomBytes(32));
    const other = signerFromSeed('jw.example.cn/jinan', randomBytes(32));
    const text = checkpointText('jw.example.cn/jinan', 0, EMPTY_ROOT);
    const note = signNote(text, [log]);
    expect(note).toMatch(/^jw\.example\.cn\/jinan\n0\n47DEQpj8HBSa\+\/TImW\+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n— jw\.example\.cn\/jinan [A-Za-z0-9+/]+=*\n$/);
    expect(readSignedCheckpoint(note, [verifierOf(log)]).note.verified).toHaveLength(1);
    expect(readSignedCheckpoint(note, [verifierOf(other)]).note.unknown).toHaveLength(1);
    const forged = note.replace(
      / [A-Za-z0-9+/]+=*\n$/,
      ' ' + Buffer.concat([Buffer.from(log.keyId.toString(16).padStart(8, '0'), 'hex'), randomBytes(64)]).toString('base64') + '\n',
    );
    expect(readSignedCheckpoint(forged, [verifierOf(log)]).note.failed).toHaveLength(1);
    expect(parseCheckpointText(text)).toMatchObject({ origin: 'jw.example.cn/jinan', size: 0, root: EMPTY_ROOT });
  });

  it('a witness cosignature (type 0x04) carries its timestamp and verifies', () => {
    const log = signerFromSeed('lower.example/log', randomBytes(32));
    const witness = signerFromSeed('upper.example/witness', randomBytes(32), SIGNATURE_TYPE_COSIGNATURE_V1);
    const text = checkpointText('lower.example/log', 0, EMPTY_ROOT);
    const note = signNote(text, [log]) + cosignText(text, witness, 1_765_600_000n) + '\n';
    const checked = checkNote(note, [verifierOf(log), verifierOf(witness)]);
    expect(checked.verified.map((v) => v.timestamp)).toEqual([undefined, 1_765_600_000n]);
    expect(parseNote(note).signatures).toHaveLength(2);
  });

  it('SM2 (type 0xff "sm2-sm3-emptyid/v1"): a checkpoint signed with SM2 verifies under its vkey, not under another SM2 key, and not after one changed byte', () => {
    const log = sm2SignerFromPkcs8('jw.example.cn/jinan', newSm2Pkcs8());
    const other = sm2SignerFromPkcs8('jw.example.cn/jinan', newSm2Pkcs8());
    // The vkey carries the extension byte and its identifier, then the uncompressed point.
    const material = Buffer.from(log.vkey.split('+').slice(2).join('+'), 'base64');
    expect(material[0]).toBe(0xff);
    expect(material.subarray(1, 19).toString('ascii')).toBe('sm2-sm3-emptyid/v1');
    expect(material.subarray(19)).toHaveLength(65);
    const read = parseVkey(log.vkey);
    expect(read).toMatchObject({ type: SIGNATURE_TYPE_SM2, keyId: log.keyId, name: log.name });
    expect(read.publicKey.equals(log.publicKey)).toBe(true);

    const text = checkpointText('jw.example.cn/jinan', 5, EMPTY_ROOT);
    const note = signNote(text, [log]);
    const signature = parseNote(note).signatures[0];
    expect(signature.signature[0]).toBe(0x30); // DER: SEQUENCE { r, s }
    expect(signature.signature.length).toBeLessThanOrEqual(72);
    expect(readSignedCheckpoint(note, [read]).note.verified).toHaveLength(1);
    // Another SM2 key of the same name: another key id, so the signature is of an unknown key.
    expect(readSignedCheckpoint(note, [verifierOf(other)]).note).toMatchObject({ verified: [], unknown: [expect.anything()] });
    // The other key's id put on this signature (a forgery naming it): a failure.
    const idOf = (signer: { keyId: number }) => Buffer.from(signer.keyId.toString(16).padStart(8, '0'), 'hex');
    const forged = note.replace(signature.line, `— ${log.name} ${Buffer.concat([idOf(other), signature.signature]).toString('base64')}`);
    expect(readSignedCheckpoint(forged, [verifierOf(other)]).note.failed).toHaveLength(1);
    // One byte of the text changed (the tree size), and one byte of the signature.
    expect(readSignedCheckpoint(note.replace('\n5\n', '\n6\n'), [read]).note.failed).toHaveLength(1);
    const flipped = Buffer.from(signature.signature);
    flipped[10] ^= 0x01;
    const badSignature = note.replace(signature.line, `— ${log.name} ${Buffer.concat([idOf(log), flipped]).toString('base64')}`);
    expect(readSignedCheckpoint(badSignature, [read]).note.failed).toHaveLength(1);
    // A key of an unknown extension identifier is refused with the reason.
    const unknown = Buffer.concat([Buffer.from([0xff]), Buffer.from('sm2-sm3-otherid/v9', 'ascii'), log.publicKey]).toString('base64');
    expect(() => parseVkey(`x+00000000+${unknown}`)).toThrow(/unknown key type 0xff with identifier "sm2-sm3-otherid\/v9/);
  });

  // OpenSSL's own command line, where it is installed: the signature is SM2 (with the empty
  // distinguishing identifier the type's name says), not ECDSA over the SM2 curve.
  (existsSync('/usr/bin/openssl') ? it : it.skip)(
    'SM2: the openssl command verifies a checkpoint signature with the empty identifier, and not with GB/T 35276’s default one',
    () => {
      const log = sm2SignerFromPkcs8('jw.example.cn/jinan', newSm2Pkcs8());
      const text = checkpointText('jw.example.cn/jinan', 9, EMPTY_ROOT);
      const dir = mkdtempSync(join(tmpdir(), 'sm2-openssl-'));
      writeFileSync(join(dir, 'text'), text);
      writeFileSync(join(dir, 'sig.der'), parseNote(signNote(text, [log])).signatures[0].signature);
      writeFileSync(join(dir, 'pub.pem'), createPublicKey(log.privateKey).export({ format: 'pem', type: 'spki' }));
      const openssl = (...extra: string[]) => {
        const args = [
          'pkeyutl',
          '-verify',
          '-pubin',
          '-inkey',
          join(dir, 'pub.pem'),
          '-rawin',
          '-digest',
          'sm3',
          '-in',
          join(dir, 'text'),
          '-sigfile',
          join(dir, 'sig.der'),
        ];
        try {
          return execFileSync('/usr/bin/openssl', [...args, ...extra], { encoding: 'utf8', stdio: 'pipe' }).trim();
        } catch (error) {
          return String((error as { stdout?: string }).stdout).trim();
        }
      };
      expect(openssl()).toBe('Signature Verified Successfully');
      expect(openssl('-pkeyopt', 'distid:1234567812345678')).toBe('Signature Verification Failure');
    },
  );

  it('refuses malformed notes and checkpoints with the reason', () => {
    expect(() => parseNote('text\n')).toThrow(/blank line/);
    expect(() => parseNote('text\n\nnot a signature\n')).toThrow(/not a signature line/);
    expect(() => parseCheckpointText('origin\n012\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n')).toThrow(/leading zeroes/);
    expect(() => parseCheckpointText('origin\n1\nAAAA\n')).toThrow(/root hash/);
    expect(() => parseVkey('a+00000000+AQ==')).toThrow();
    expect(() => parseVkey('a+00000000+BQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).toThrow(/unknown key type 0x05/);
  });

  it('a tlog proof reads back as written', () => {
    const proof = { extra: Buffer.from('{"a":1}'), index: 7, proof: [EMPTY_ROOT, EMPTY_ROOT], checkpoint: 'o\n1\nx\n\n— o AAAA\n' };
    expect(parseTlogProof(formatTlogProof(proof))).toEqual(proof);
    expect(() => parseTlogProof('c2sp.org/tlog-proof@v1\nindex 01\n\nx')).toThrow(/index/);
  });

  it('a policy names logs, witnesses and the quorum; an unknown key type or an undefined name is an error with its line', () => {
    const log = signerFromSeed('lower.example/log', randomBytes(32));
    const w1 = signerFromSeed('w1.example', randomBytes(32), SIGNATURE_TYPE_COSIGNATURE_V1);
    const w2 = signerFromSeed('w2.example', randomBytes(32), SIGNATURE_TYPE_COSIGNATURE_V1);
    const policy = parsePolicy(
      `# the lower body's log\nlog ${log.vkey}\nwitness upper ${w1.vkey}\nwitness other ${w2.vkey}\ngroup both all upper other\nquorum both\n`,
    );
    expect(policy.logs).toHaveLength(1);
    expect(quorumMet(policy.quorum, new Set(['upper']))).toBe(false);
    expect(quorumMet(policy.quorum, new Set(['upper', 'other']))).toBe(true);
    expect(() => parsePolicy(`log ${log.vkey}\nquorum upper\n`)).toThrow(/line 2: upper is not defined/);
    expect(() => parsePolicy(`log ${w1.vkey}\nquorum none\n`)).toThrow(
      /line 1: a log key must be of type 0x01 \(Ed25519\) or 0xff sm2-sm3-emptyid\/v1 \(SM2\)/,
    );
    const sm2 = sm2SignerFromPkcs8('lower.example/log', newSm2Pkcs8());
    expect(parsePolicy(`log ${sm2.vkey}\nquorum none\n`).logs[0]).toMatchObject({ type: SIGNATURE_TYPE_SM2, vkey: sm2.vkey });
    expect(() => parsePolicy(`log x\nwitness upper ${sm2.vkey}\nquorum none\n`)).toThrow(/line 1/);
    expect(() => parsePolicy('log x+00000000+BQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\nquorum none\n')).toThrow(/line 1: .*unknown key type 0x05/);
    expect(() => parsePolicy(`log ${log.vkey}\n`)).toThrow(/quorum/);
  });
});
