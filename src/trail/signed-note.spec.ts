import { randomBytes } from 'node:crypto';
import { checkpointText, parseCheckpointText, readSignedCheckpoint } from './checkpoint-format';
import { EMPTY_ROOT } from './merkle-tree';
import { checkNote, cosignText, parseNote, parseVkey, SIGNATURE_TYPE_COSIGNATURE_V1, signerFromSeed, signNote, verifierOf } from './signed-note';
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
    expect(() => parsePolicy(`log ${w1.vkey}\nquorum none\n`)).toThrow(/line 1: a log key must be of type 0x01/);
    expect(() => parsePolicy('log x+00000000+BQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\nquorum none\n')).toThrow(/line 1: .*unknown key type 0x05/);
    expect(() => parsePolicy(`log ${log.vkey}\n`)).toThrow(/quorum/);
  });
});
