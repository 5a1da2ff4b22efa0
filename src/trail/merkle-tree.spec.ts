import { createHash } from 'node:crypto';
import {
  CompactRange,
  consistencyProof,
  EMPTY_ROOT,
  entryLeafHash,
  inclusionProof,
  leafHash,
  MemoryTree,
  nodeHash,
  rootFromInclusionProof,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from './merkle-tree';

/** A deterministic pseudo-random sequence, so a failure names sizes that can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const entryHash = (i: number) => createHash('sha256').update(`entry ${i}`).digest('hex');

/** RFC 6962's MTH, written out naively from the definition, to check the incremental tree against. */
function naiveRoot(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(naiveRoot(leaves.slice(0, k)), naiveRoot(leaves.slice(k)));
}

describe('RFC 6962 Merkle tree', () => {
  const leaves = Array.from({ length: 10_000 }, (_, i) => entryLeafHash(entryHash(i)));
  const tree = new MemoryTree(leaves);

  it('hashes a leaf as SHA-256(0x00 ‖ entry hash) and a node as SHA-256(0x01 ‖ left ‖ right); the empty tree is SHA-256 of nothing', () => {
    const data = Buffer.from(entryHash(0), 'hex');
    expect(leafHash(data)).toEqual(
      createHash('sha256')
        .update(Buffer.from([0]))
        .update(data)
        .digest(),
    );
    expect(nodeHash(leaves[0], leaves[1])).toEqual(
      createHash('sha256')
        .update(Buffer.from([1]))
        .update(leaves[0])
        .update(leaves[1])
        .digest(),
    );
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('the compact range, the stored tree and the definition agree on the root at every size up to 300', async () => {
    const range = CompactRange.empty();
    for (let n = 1; n <= 300; n += 1) {
      range.append(leaves[n - 1]);
      const expected = naiveRoot(leaves.slice(0, n));
      expect(range.root()).toEqual(expected);
      expect(await treeRoot(tree, n)).toEqual(expected);
    }
  });

  it('a compact range rebuilt from its right edge goes on as the original', () => {
    const range = CompactRange.empty();
    for (let i = 0; i < 777; i += 1) range.append(leaves[i]);
    const copy = CompactRange.of(777, range.hashes());
    for (let i = 777; i < 1000; i += 1) {
      range.append(leaves[i]);
      copy.append(leaves[i]);
    }
    expect(copy.root()).toEqual(range.root());
  });

  it('inclusion proofs verify for random indexes and sizes up to 10 000, and fail for a wrong leaf, index or root', async () => {
    const next = random(22);
    for (let trial = 0; trial < 300; trial += 1) {
      const size = 1 + Math.floor(next() * 10_000);
      const index = Math.floor(next() * size);
      const root = await treeRoot(tree, size);
      const proof = await inclusionProof(tree, index, size);
      expect(verifyInclusion(index, size, leaves[index], proof, root)).toBe(true);
      if (size > 1) {
        expect(verifyInclusion(index, size, leaves[(index + 1) % size], proof, root)).toBe(false);
        expect(verifyInclusion((index + 1) % size, size, leaves[index], proof, root)).toBe(false);
      }
      expect(verifyInclusion(index, size, leaves[index], proof, EMPTY_ROOT)).toBe(false);
      expect(rootFromInclusionProof(index, size, leaves[index], [...proof, EMPTY_ROOT])).toBeUndefined();
    }
  });

  it('consistency proofs verify for random sizes up to 10 000, and fail for a different old root or a changed hash', async () => {
    const next = random(9162);
    for (let trial = 0; trial < 300; trial += 1) {
      const newSize = 1 + Math.floor(next() * 10_000);
      const oldSize = 1 + Math.floor(next() * newSize);
      const [oldRoot, newRoot] = [await treeRoot(tree, oldSize), await treeRoot(tree, newSize)];
      const proof = await consistencyProof(tree, oldSize, newSize);
      expect(verifyConsistency(oldSize, newSize, oldRoot, newRoot, proof)).toBe(true);
      if (oldSize < newSize) {
        expect(verifyConsistency(oldSize, newSize, newRoot, newRoot, proof)).toBe(false);
        const changed = proof.map((hash, i) => (i === 0 ? nodeHash(hash, hash) : hash));
        expect(verifyConsistency(oldSize, newSize, oldRoot, newRoot, changed)).toBe(false);
      }
    }
  });

  it('the empty tree is consistent with any tree with no proof; equal sizes need equal roots', async () => {
    const root = await treeRoot(tree, 5);
    expect(verifyConsistency(0, 5, EMPTY_ROOT, root, [])).toBe(true);
    expect(verifyConsistency(0, 5, EMPTY_ROOT, root, [root])).toBe(false);
    expect(verifyConsistency(5, 5, root, root, [])).toBe(true);
    expect(verifyConsistency(5, 5, root, EMPTY_ROOT, [])).toBe(false);
    expect(verifyConsistency(6, 5, root, root, [])).toBe(false);
  });
});
