import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * The chain heads of the offline verifier's state (`verify-export --state`), kept beside the state
 * as a sorted file of fixed-size records, so that an incremental run at a million cases neither
 * parses nor rewrites a million JSON entries (that took seconds; issue 22 §5 asks ≤ 1 s for 10 000
 * new entries): one read of the file, a binary search per chain the new entries touch, and one
 * linear merge to write it back.
 *
 * A record: the first 12 bytes of SHA-256(stream id) (the key: 96 bits, no collision among
 * millions of chains), the position (uint32, big-endian), the head entry's hash (32 bytes).
 */
const KEY = 12;
const RECORD = KEY + 4 + 32;

export type Head = [number, string];

export function streamKey(streamId: string): Buffer {
  return createHash('sha256').update(streamId, 'utf8').digest().subarray(0, KEY);
}

/** The heads of a run: those read from the previous state's file, and those this run set. */
export class ChainHeads {
  private readonly changed = new Map<string, Head>();

  private constructor(private readonly base: Buffer) {}

  static empty(): ChainHeads {
    return new ChainHeads(Buffer.alloc(0));
  }

  static read(file: string): ChainHeads {
    const base = readFileSync(file);
    if (base.length % RECORD !== 0) throw new Error(`${file} is not a chain-heads file (its length is not a multiple of ${RECORD})`);
    return new ChainHeads(base);
  }

  /** From the heads of a state written before this file existed (JSON: stream id → [position, hash]). */
  static fromRecord(heads: Record<string, Head>): ChainHeads {
    const all = ChainHeads.empty();
    for (const [streamId, head] of Object.entries(heads)) all.set(streamId, head);
    return all;
  }

  get(streamId: string): Head | undefined {
    return this.changed.get(streamId) ?? this.fromBase(streamKey(streamId));
  }

  set(streamId: string, head: Head): void {
    this.changed.set(streamId, head);
  }

  /** The base file with this run's heads merged in, sorted by key. */
  write(file: string): void {
    // Sorted by the key as a latin1 string: the same order as the bytes, and far cheaper to compare than buffers.
    const updates = [...this.changed]
      .map(([streamId, [position, hash]]) => {
        const key = streamKey(streamId);
        return { order: key.toString('latin1'), key, buffer: record(key, position, hash) };
      })
      .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
    const baseCount = this.base.length / RECORD;
    const out: Buffer[] = [];
    let from = 0;
    for (const update of updates) {
      const at = this.search(update.key);
      // Records of the base before this key go out as one slice; a record replaced is skipped.
      if (at.index > from) out.push(this.base.subarray(from * RECORD, at.index * RECORD));
      out.push(update.buffer);
      from = at.found ? at.index + 1 : at.index;
    }
    if (from < baseCount) out.push(this.base.subarray(from * RECORD));
    writeFileSync(file, Buffer.concat(out));
  }

  private fromBase(key: Buffer): Head | undefined {
    const at = this.search(key);
    if (!at.found) return undefined;
    const offset = at.index * RECORD;
    return [this.base.readUInt32BE(offset + KEY), this.base.toString('hex', offset + KEY + 4, offset + RECORD)];
  }

  /** Where `key` is in the base, or where it would go. */
  private search(key: Buffer): { found: boolean; index: number } {
    let low = 0;
    let high = this.base.length / RECORD;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const offset = middle * RECORD;
      const order = Buffer.compare(this.base.subarray(offset, offset + KEY), key);
      if (order === 0) return { found: true, index: middle };
      if (order < 0) low = middle + 1;
      else high = middle;
    }
    return { found: false, index: low };
  }
}

function record(key: Buffer, position: number, hash: string): Buffer {
  const out = Buffer.alloc(RECORD);
  key.copy(out, 0);
  out.writeUInt32BE(position, KEY);
  Buffer.from(hash, 'hex').copy(out, KEY + 4);
  return out;
}
