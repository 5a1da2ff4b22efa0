import { CompactRange, entryLeafHash } from '../../src/trail/merkle-tree';

/** Where a fill's transparency log goes: the pending queue read in id order, leaves and nodes written. */
export interface LogTables {
  pending(afterId: number, limit: number): Promise<Array<[number, string]>>;
  /** Rows `[leaf_index, entry_id, leaf_hash]`. */
  leaves(rows: Array<[number, number, string]>): Promise<void>;
  /** Rows `[level, node_index, hash]`. */
  nodes(rows: Array<[number, number, string]>): Promise<void>;
  /** Empties the queue and records the tree size. */
  finish(treeSize: number): Promise<void>;
}

const CHUNK = 50_000;

/**
 * The filled trail's entries put into the transparency log (issue 22) as the service's sequencer
 * would: in id order, each leaf SHA-256(0x00 ‖ entry hash), every completed perfect subtree stored.
 * Done once after the bulk load, so a service started on a filled database finds no backlog to
 * sequence in the middle of the measurements (a database of a million cases queues millions).
 */
export async function sequenceFilledLog(tables: LogTables, log?: (line: string) => void): Promise<number> {
  const range = CompactRange.empty();
  let after = 0;
  for (;;) {
    const pending = await tables.pending(after, CHUNK);
    if (pending.length === 0) break;
    const leaves: Array<[number, number, string]> = [];
    const nodes: Array<[number, number, string]> = [];
    for (const [entryId, entryHash] of pending) {
      const leaf = entryLeafHash(entryHash);
      leaves.push([range.treeSize, entryId, leaf.toString('hex')]);
      range.append(leaf, (node, hash) => nodes.push([node.level, node.index, hash.toString('hex')]));
    }
    await tables.leaves(leaves);
    await tables.nodes(nodes);
    after = pending[pending.length - 1][0];
  }
  await tables.finish(range.treeSize);
  log?.(`  transparency log: ${range.treeSize} leaves`);
  return range.treeSize;
}
