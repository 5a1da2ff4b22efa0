import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpointText } from './checkpoint-format';
import { consistencyProof, entryLeafData, inclusionProof, leafHash, MemoryTree, toBase64, treeRoot } from './merkle-tree';
import { signerFromSeed, signNote } from './signed-note';

/**
 * Issue 22: an independent implementation agrees with ours. Go's golang.org/x/mod/sumdb/tlog and
 * sumdb/note (Debian's golang-golang-x-mod-dev, built with Debian's golang-go; `.ci/run` installs
 * both) recompute the tree hashes and proofs our code produced, check our proofs, and verify a
 * checkpoint our code signed. The checker is test/interop/go-tlog-checker/main.go.
 */
const GO_PATH = '/usr/share/gocode';
const CHECKER = join(__dirname, '..', '..', 'test', 'interop', 'go-tlog-checker');

function buildChecker(): string {
  if (!existsSync(join(GO_PATH, 'src', 'golang.org', 'x', 'mod', 'sumdb', 'tlog'))) {
    throw new Error('Go sources of golang.org/x/mod are missing: apt-get install golang-go golang-golang-x-mod-dev (.ci/run does)');
  }
  const out = join(mkdtempSync(join(tmpdir(), 'go-tlog-')), 'checker');
  execFileSync('go', ['build', '-o', out, '.'], {
    cwd: CHECKER,
    env: { ...process.env, GO111MODULE: 'off', GOPATH: GO_PATH, GOCACHE: join(tmpdir(), 'go-tlog-cache'), GOFLAGS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return out;
}

describe('agreement with Go sumdb/tlog and sumdb/note on shared vectors', () => {
  it('same roots, same inclusion and consistency proofs, each side accepts the other; Go verifies our signed checkpoint', async () => {
    const checker = buildChecker();
    const leaves = Array.from({ length: 1500 }, (_, i) => createHash('sha256').update(`entry ${i}`).digest('hex'));
    const tree = new MemoryTree(leaves.map((hash) => leafHash(entryLeafData(hash))));
    const sizes = [1, 2, 3, 7, 8, 9, 255, 256, 257, 1000, 1023, 1024, 1025, 1500];
    const inclusion = [];
    for (const [index, size] of [
      [0, 1],
      [0, 2],
      [1, 3],
      [6, 7],
      [5, 8],
      [8, 9],
      [100, 257],
      [999, 1000],
      [512, 1025],
      [1499, 1500],
      [0, 1500],
    ]) {
      inclusion.push({ index, size, proof: (await inclusionProof(tree, index, size)).map(toBase64) });
    }
    const consistency = [];
    for (const [old, size] of [
      [1, 2],
      [1, 8],
      [3, 7],
      [7, 8],
      [8, 9],
      [255, 257],
      [256, 1025],
      [1000, 1500],
      [1024, 1500],
      [1500, 1500],
    ]) {
      consistency.push({ old, new: size, proof: (await consistencyProof(tree, old, size)).map(toBase64) });
    }
    const signer = signerFromSeed('jw.example.cn/jinan', randomBytes(32));
    const text = checkpointText('jw.example.cn/jinan', 1500, await treeRoot(tree, 1500));
    const note = signNote(text, [signer]);
    const vectors = { leaves, sizes, inclusion, consistency, note, vkey: signer.vkey, badNote: note.replace('\n1500\n', '\n1501\n') };

    const go = JSON.parse(execFileSync(checker, { input: JSON.stringify(vectors) }).toString());

    for (const size of sizes) expect(go.roots[String(size)]).toBe(toBase64(await treeRoot(tree, size)));
    expect(go.inclusionProofs).toEqual(inclusion.map((c) => c.proof));
    expect(go.inclusionChecks).toEqual(inclusion.map(() => true));
    expect(go.consistencyProofs).toEqual(consistency.map((c) => c.proof));
    expect(go.consistencyChecks).toEqual(consistency.map(() => true));
    expect(go).toMatchObject({ noteVerified: true, noteText: text, badNoteRejected: true });
  }, 120_000);
});
