import { hash } from 'node:crypto';

/**
 * The Merkle tree hashing of RFC 6962 §2.1 (RFC 9162 §2.1), which every transparency log format
 * here builds on (C2SP tlog-checkpoint, tlog-proof, tlog-witness; Go's sumdb/tlog):
 *
 *   empty tree  MTH({})   = SHA-256()
 *   leaf        MTH({d})  = SHA-256(0x00 ‖ d)
 *   node        MTH(D[n]) = SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])), k the largest power of two < n
 *
 * The tree's leaf data is the trail entry's committed hash (32 bytes), so a leaf stands for exactly
 * one entry as it was written. Hashes are 32-byte Buffers throughout; the C2SP texts carry them in
 * base64, the database in lowercase hex.
 *
 * This module is pure (no database, no service): the service, the offline verifier and the tests
 * share it.
 */

export const HASH_SIZE = 32;

export function sha256(...parts: Buffer[]): Buffer {
  // One-shot over the concatenation: no Hash object per node (a leaf or node is 33 or 65 bytes).
  return hash('sha256', parts.length === 1 ? parts[0] : Buffer.concat(parts), 'buffer');
}

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export const EMPTY_ROOT = sha256();

export function leafHash(data: Buffer): Buffer {
  return sha256(LEAF_PREFIX, data);
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return sha256(NODE_PREFIX, left, right);
}

/** The leaf data of a trail entry: its committed hash (64 hex digits) as 32 bytes. */
export function entryLeafData(entryHash: string): Buffer {
  if (!/^[0-9a-f]{64}$/.test(entryHash)) throw new Error(`not an entry hash: ${JSON.stringify(entryHash)}`);
  return Buffer.from(entryHash, 'hex');
}

export function entryLeafHash(entryHash: string): Buffer {
  return leafHash(entryLeafData(entryHash));
}

/**
 * A perfect subtree of the log: level L, index i covers leaves [i·2^L, (i+1)·2^L). Level 0 are the
 * leaf hashes. Stored nodes are only ever perfect subtrees: they never change once complete.
 */
export interface NodeId {
  level: number;
  index: number;
}

/** The largest power of two strictly smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The perfect subtrees that make up leaves [start, end), largest first, where start is a multiple of
 * the first one's width (as every range in RFC 6962's recursion is). Their hashes fold right to left
 * into the range's hash (see `foldRange`).
 */
export function perfectNodesOf(start: number, end: number): NodeId[] {
  const nodes: NodeId[] = [];
  let at = start;
  while (at < end) {
    let level = 0;
    // The widest aligned perfect subtree starting at `at` that still fits.
    while (at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= end) level += 1;
    nodes.push({ level, index: at / 2 ** level });
    at += 2 ** level;
  }
  return nodes;
}

/** The hash of a range from its perfect subtrees' hashes (largest first): MTH's right-leaning shape. */
export function foldRange(hashes: Buffer[]): Buffer {
  if (hashes.length === 0) return EMPTY_ROOT;
  let hash = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i -= 1) hash = nodeHash(hashes[i], hash);
  return hash;
}

/** A leaf range [start, end) whose hash is one element of a proof. */
export type Range = [number, number];

/** The ranges whose hashes form the inclusion proof of leaf `index` in a tree of `size` (RFC 9162 §2.1.3.1). */
export function inclusionRanges(index: number, size: number): Range[] {
  if (!(index >= 0 && index < size)) throw new RangeError(`index ${index} is not in a tree of ${size} leaves`);
  const ranges: Range[] = [];
  const walk = (m: number, start: number, end: number): void => {
    const n = end - start;
    if (n <= 1) return;
    const k = splitPoint(n);
    if (m < k) {
      walk(m, start, start + k);
      ranges.push([start + k, end]);
    } else {
      walk(m - k, start + k, end);
      ranges.push([start, start + k]);
    }
  };
  walk(index, 0, size);
  return ranges;
}

/** The ranges whose hashes form the consistency proof from `oldSize` to `newSize` (RFC 9162 §2.1.4.1). */
export function consistencyRanges(oldSize: number, newSize: number): Range[] {
  if (!(oldSize >= 0 && oldSize <= newSize)) throw new RangeError(`no consistency proof from ${oldSize} to ${newSize}`);
  if (oldSize === 0 || oldSize === newSize) return [];
  const ranges: Range[] = [];
  const sub = (m: number, start: number, end: number, complete: boolean): void => {
    const n = end - start;
    if (m === n) {
      if (!complete) ranges.push([start, end]);
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      sub(m, start, start + k, complete);
      ranges.push([start + k, end]);
    } else {
      sub(m - k, start + k, end, false);
      ranges.push([start, start + k]);
    }
  };
  sub(oldSize, 0, newSize, true);
  return ranges;
}

/** Anything that can give the hashes of perfect subtrees: the database, or leaves held in memory. */
export interface NodeReader {
  readNodes(nodes: NodeId[]): Promise<Buffer[]>;
}

/** The hashes of several ranges, reading every perfect subtree they need in one call. */
export async function rangeHashes(reader: NodeReader, ranges: Range[]): Promise<Buffer[]> {
  const perRange = ranges.map(([start, end]) => perfectNodesOf(start, end));
  const hashes = await reader.readNodes(perRange.flat());
  let at = 0;
  return perRange.map((nodes) => {
    const slice = hashes.slice(at, at + nodes.length);
    at += nodes.length;
    return foldRange(slice);
  });
}

export async function treeRoot(reader: NodeReader, size: number): Promise<Buffer> {
  return size === 0 ? EMPTY_ROOT : (await rangeHashes(reader, [[0, size]]))[0];
}

export function inclusionProof(reader: NodeReader, index: number, size: number): Promise<Buffer[]> {
  return rangeHashes(reader, inclusionRanges(index, size));
}

export function consistencyProof(reader: NodeReader, oldSize: number, newSize: number): Promise<Buffer[]> {
  return rangeHashes(reader, consistencyRanges(oldSize, newSize));
}

const isOdd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);

/**
 * Verifies an inclusion proof (RFC 9162 §2.1.3.2). Numbers stay below 2^53, so halving with
 * Math.floor is exact.
 */
export function rootFromInclusionProof(index: number, size: number, leaf: Buffer, proof: Buffer[]): Buffer | undefined {
  if (!(index >= 0 && index < size)) return undefined;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return undefined;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : undefined;
}

export function verifyInclusion(index: number, size: number, leaf: Buffer, proof: Buffer[], root: Buffer): boolean {
  const computed = rootFromInclusionProof(index, size, leaf, proof);
  return computed !== undefined && computed.equals(root);
}

/** Verifies a consistency proof (RFC 9162 §2.1.4.2), with the conventions of C2SP tlog-witness for size 0 and equal sizes. */
export function verifyConsistency(oldSize: number, newSize: number, oldRoot: Buffer, newRoot: Buffer, proof: Buffer[]): boolean {
  if (!(oldSize >= 0 && oldSize <= newSize)) return false;
  if (oldSize === 0) return proof.length === 0;
  if (oldSize === newSize) return proof.length === 0 && oldRoot.equals(newRoot);
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  if (path.length === 0) return false;
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && fr.equals(oldRoot) && sr.equals(newRoot);
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

/**
 * The right edge of a tree: the hashes of its perfect subtrees, largest first (one per set bit of
 * the size). Appending a leaf merges equal-sized subtrees, so an append costs O(log n) and memory
 * stays O(log n): the sequencer keeps the log this way, and the offline verifier streams an export
 * through one. `onNode` sees every perfect subtree completed (levels ≥ 1), which the sequencer stores.
 */
export class CompactRange {
  private constructor(
    private size: number,
    /** Hashes of the perfect subtrees, largest first, with their levels. */
    private readonly nodes: Array<{ level: number; hash: Buffer }>,
  ) {}

  static empty(): CompactRange {
    return new CompactRange(0, []);
  }

  /** A range at `size` from its perfect subtrees' hashes, largest first (as `perfectNodesOf(0, size)` lists them). */
  static of(size: number, hashes: Buffer[]): CompactRange {
    const ids = perfectNodesOf(0, size);
    if (ids.length !== hashes.length) throw new Error(`a tree of ${size} leaves has ${ids.length} right-edge subtrees, not ${hashes.length}`);
    return new CompactRange(
      size,
      ids.map((id, i) => ({ level: id.level, hash: hashes[i] })),
    );
  }

  get treeSize(): number {
    return this.size;
  }

  /** The right-edge hashes, largest first (what `of` takes back). */
  hashes(): Buffer[] {
    return this.nodes.map((node) => node.hash);
  }

  append(leaf: Buffer, onNode?: (node: NodeId, hash: Buffer) => void): void {
    let level = 0;
    let hash = leaf;
    let index = this.size;
    while (this.nodes.length > 0 && this.nodes[this.nodes.length - 1].level === level) {
      const left = this.nodes.pop()!;
      hash = nodeHash(left.hash, hash);
      level += 1;
      index = Math.floor(index / 2);
      onNode?.({ level, index }, hash);
    }
    this.nodes.push({ level, hash });
    this.size += 1;
  }

  root(): Buffer {
    return foldRange(this.hashes());
  }

  clone(): CompactRange {
    return new CompactRange(
      this.size,
      this.nodes.map((node) => ({ ...node })),
    );
  }
}

/** A tree held in memory (tests, test vectors, small exports): every node computed from the leaves. */
export class MemoryTree implements NodeReader {
  private readonly levels: Buffer[][] = [[]];

  constructor(leaves: Buffer[] = []) {
    for (const leaf of leaves) this.append(leaf);
  }

  get size(): number {
    return this.levels[0].length;
  }

  append(leaf: Buffer): void {
    this.levels[0].push(leaf);
    let level = 0;
    let index = this.levels[0].length - 1;
    while (index % 2 === 1) {
      const hash = nodeHash(this.levels[level][index - 1], this.levels[level][index]);
      level += 1;
      index = Math.floor(index / 2);
      (this.levels[level] ??= []).push(hash);
    }
  }

  async readNodes(nodes: NodeId[]): Promise<Buffer[]> {
    return nodes.map(({ level, index }) => {
      const hash = this.levels[level]?.[index];
      if (!hash) throw new Error(`no node at level ${level} index ${index}`);
      return hash;
    });
  }
}

export const toBase64 = (hash: Buffer): string => hash.toString('base64');

/** A hash from base64, exactly 32 bytes, or undefined. */
export function hashFromBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(text)) return undefined;
  const hash = Buffer.from(text, 'base64');
  return hash.length === HASH_SIZE && hash.toString('base64') === text ? hash : undefined;
}
