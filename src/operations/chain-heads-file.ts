import { hash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The chain heads of the offline verifier's state (`verify-export --state`), kept beside the state
 * as sorted files of fixed-size records, so that an incremental run at a million cases neither
 * parses nor rewrites a million JSON entries (that took seconds; issue 22 §5 asks ≤ 1 s for 10 000
 * new entries). A run looks up only the chains its new entries touch, by binary search with
 * positional reads, and writes only the heads it changed, as a new layer over the earlier ones;
 * when the layers above the base grow past an eighth of it they are merged into a new base.
 *
 * A record: the first 12 bytes of SHA-256(stream id) (the key: 96 bits, no collision among
 * millions of chains), the position (uint32, big-endian), the head entry's hash (32 bytes).
 */
const KEY = 12;
const RECORD = KEY + 4 + 32;
/** Records per block of the sparse index (3 KiB a read; the index of a million chains holds 15 625 keys). */
const BLOCK = 64;

export type Head = [number, string];

export function streamKey(streamId: string): Buffer {
  return hash('sha256', streamId, 'buffer').subarray(0, KEY);
}

/** One sorted file, read by positional reads. */
class Layer {
  readonly count: number;
  private readonly fd: number;

  constructor(
    readonly name: string,
    private readonly path: string,
  ) {
    this.fd = openSync(path, 'r');
    const size = fstatSync(this.fd).size;
    if (size % RECORD !== 0) {
      closeSync(this.fd);
      throw new Error(`${path} is not a chain-heads file (its length is not a multiple of ${RECORD})`);
    }
    this.count = size / RECORD;
  }

  /**
   * The key of every BLOCK-th record (as latin1 text: JavaScript compares strings far faster than
   * it calls Buffer.compare): one positional read then finds a key's block.
   */
  private index?: string[];
  private readonly block = Buffer.alloc(BLOCK * RECORD);

  /** `key`, and the same as latin1 text. */
  find(key: Buffer, keyText: string): Head | undefined {
    this.index ??= this.sparseIndex();
    // The last block whose first key is not above `key`.
    let low = 0;
    let high = this.index.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.index[middle] <= keyText) low = middle + 1;
      else high = middle;
    }
    if (low === 0) return undefined;
    const first = (low - 1) * BLOCK;
    const records = Math.min(BLOCK, this.count - first);
    // One buffer for every lookup of the run (a fresh one each was a tenth of the run in the profile).
    const block = this.block;
    readSync(this.fd, block, 0, records * RECORD, first * RECORD);
    let from = 0;
    let to = records;
    while (from < to) {
      const middle = (from + to) >>> 1;
      // `key` against the record's key in place: no subarray allocated per comparison.
      const order = key.compare(block, middle * RECORD, middle * RECORD + KEY);
      if (order === 0) return [block.readUInt32BE(middle * RECORD + KEY), block.toString('hex', middle * RECORD + KEY + 4, (middle + 1) * RECORD)];
      if (order > 0) from = middle + 1;
      else to = middle;
    }
    return undefined;
  }

  /**
   * From the index file written beside the layer (one read), or, for a layer written before those
   * files existed or whose index does not fit it, a positional read per block.
   */
  private sparseIndex(): string[] {
    const blocks = Math.ceil(this.count / BLOCK);
    let keys: Buffer | undefined;
    try {
      keys = readFileSync(indexPathOf(this.path));
    } catch {
      keys = undefined;
    }
    if (keys?.length !== blocks * KEY) {
      keys = Buffer.alloc(blocks * KEY);
      for (let record = 0, at = 0; record < this.count; record += BLOCK, at += KEY) readSync(this.fd, keys, at, KEY, record * RECORD);
    }
    const index: string[] = [];
    for (let at = 0; at < keys.length; at += KEY) index.push(keys.toString('latin1', at, at + KEY));
    return index;
  }

  private closed = false;

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/** The heads of a run: those of the previous state's files (base first, newest layer last), and those this run set. */
export class ChainHeads {
  private readonly changed = new Map<string, { key: Buffer; record: Buffer }>();

  private constructor(
    private readonly folder: string,
    private readonly layers: Layer[],
  ) {}

  static empty(): ChainHeads {
    return new ChainHeads('', []);
  }

  /** The files named by a state, in its folder, base first. */
  static read(folder: string, names: string[]): ChainHeads {
    const layers: Layer[] = [];
    try {
      for (const name of names) layers.push(new Layer(name, join(folder, name)));
    } catch (error) {
      for (const layer of layers) layer.close();
      throw error;
    }
    return new ChainHeads(folder, layers);
  }

  /** From the heads of a state written before these files existed (JSON: stream id → [position, hash]). */
  static fromRecord(heads: Record<string, Head>): ChainHeads {
    const all = ChainHeads.empty();
    for (const [streamId, head] of Object.entries(heads)) all.set(streamId, head);
    return all;
  }

  /** The last stream's key: a run gets a chain's head then sets it, and the key is a SHA-256. */
  private lastStream?: { id: string; key: Buffer };

  private keyOf(streamId: string): Buffer {
    if (this.lastStream?.id !== streamId) this.lastStream = { id: streamId, key: streamKey(streamId) };
    return this.lastStream.key;
  }

  get(streamId: string): Head | undefined {
    const key = this.keyOf(streamId);
    const keyText = key.toString('latin1');
    const set = this.changed.get(keyText);
    if (set) return [set.record.readUInt32BE(KEY), set.record.toString('hex', KEY + 4)];
    for (let i = this.layers.length - 1; i >= 0; i -= 1) {
      const found = this.layers[i].find(key, keyText);
      if (found) return found;
    }
    return undefined;
  }

  set(streamId: string, [position, hash]: Head): void {
    const key = this.keyOf(streamId);
    const record = Buffer.alloc(RECORD);
    key.copy(record, 0);
    record.writeUInt32BE(position, KEY);
    Buffer.from(hash, 'hex').copy(record, KEY + 4);
    this.changed.set(key.toString('latin1'), { key, record });
  }

  /**
   * Writes this run's heads into `folder` under names starting with `prefix`; returns the files the
   * state is to name, base first. The earlier files are not changed (a copy of the earlier state
   * still reads them).
   */
  write(folder: string, prefix: string): string[] {
    const base = this.layers[0];
    const above = this.layers.slice(1).reduce((sum, layer) => sum + layer.count, 0) + this.changed.size;
    if (base && this.folder === folder && above * 8 < base.count) {
      const name = `${prefix}.heads`;
      writeLayer(join(folder, name), Buffer.concat(sorted(this.changed).map((entry) => entry.record)));
      this.close();
      return [...this.layers.map((layer) => layer.name), name];
    }
    // A new base: every layer, oldest first, then this run's heads, merged.
    let merged: Buffer = Buffer.alloc(0);
    for (const layer of this.layers) merged = merge(merged, sorted(recordsOf(readFileSync(join(this.folder, layer.name)))));
    merged = merge(merged, sorted(this.changed));
    this.close();
    const name = `${prefix}.base.heads`;
    writeLayer(join(folder, name), merged);
    return [name];
  }

  close(): void {
    for (const layer of this.layers) layer.close();
  }
}

/** The file of a layer's sparse index: the key of every BLOCK-th record (a million chains: 15 625 keys, 188 KB). */
export function indexPathOf(layerPath: string): string {
  return `${layerPath}.idx`;
}

/** A layer (sorted records) and its sparse index beside it. */
function writeLayer(path: string, records: Buffer): void {
  writeFileSync(path, records);
  const keys: Buffer[] = [];
  for (let offset = 0; offset < records.length; offset += BLOCK * RECORD) keys.push(records.subarray(offset, offset + KEY));
  writeFileSync(indexPathOf(path), Buffer.concat(keys));
}

function recordsOf(file: Buffer): Map<string, { key: Buffer; record: Buffer }> {
  const out = new Map<string, { key: Buffer; record: Buffer }>();
  for (let offset = 0; offset < file.length; offset += RECORD) {
    const record = file.subarray(offset, offset + RECORD);
    const key = record.subarray(0, KEY);
    out.set(key.toString('latin1'), { key, record });
  }
  return out;
}

/** By key, compared as latin1 strings: the order of the bytes, and far cheaper than comparing buffers. */
function sorted(entries: Map<string, { key: Buffer; record: Buffer }>): Array<{ key: Buffer; record: Buffer }> {
  return [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, entry]) => entry);
}

/** `base` (sorted records) with `updates` (sorted by key) put in: a record of the same key replaced. */
function merge(base: Buffer, updates: Array<{ key: Buffer; record: Buffer }>): Buffer {
  const out: Buffer[] = [];
  let from = 0;
  const count = base.length / RECORD;
  for (const update of updates) {
    let low = from;
    let high = count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (Buffer.compare(base.subarray(middle * RECORD, middle * RECORD + KEY), update.key) < 0) low = middle + 1;
      else high = middle;
    }
    if (low > from) out.push(base.subarray(from * RECORD, low * RECORD));
    out.push(update.record);
    const same = low < count && Buffer.compare(base.subarray(low * RECORD, low * RECORD + KEY), update.key) === 0;
    from = same ? low + 1 : low;
  }
  if (from < count) out.push(base.subarray(from * RECORD));
  return Buffer.concat(out);
}
