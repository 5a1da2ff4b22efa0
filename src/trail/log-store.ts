import type { EntityManager } from 'typeorm';
import { lockNameUntilCommit } from '../database/row-locks';
import { runSql } from '../database/sql';
import { CompactRange, entryLeafHash, perfectNodesOf, type NodeId, type NodeReader } from './merkle-tree';

/**
 * The log's tables (migration 1765600000000): leaves by index, the hashes of complete perfect
 * subtrees, the tree size, the queue of committed entries not yet in the log.
 */

/** Reads perfect-subtree hashes from the database: leaves from `tlog_leaves`, the rest from `tlog_nodes`. */
export class DatabaseNodeReader implements NodeReader {
  constructor(private readonly manager: EntityManager) {}

  async readNodes(nodes: NodeId[]): Promise<Buffer[]> {
    if (nodes.length === 0) return [];
    const found = new Map<string, string>();
    const leaves = nodes.filter((node) => node.level === 0).map((node) => node.index);
    const inner = nodes.filter((node) => node.level > 0);
    for (let at = 0; at < leaves.length; at += 500) {
      const chunk = leaves.slice(at, at + 500);
      const { rows } = await runSql(
        this.manager,
        `SELECT "leaf_index", "leaf_hash" FROM "tlog_leaves" WHERE "leaf_index" IN (${chunk.map(() => '?').join(', ')})`,
        chunk,
      );
      for (const row of rows) found.set(`0:${Number(row.leaf_index)}`, String(row.leaf_hash));
    }
    for (let at = 0; at < inner.length; at += 200) {
      const chunk = inner.slice(at, at + 200);
      const where = chunk.map(() => '("level" = ? AND "node_index" = ?)').join(' OR ');
      const { rows } = await runSql(
        this.manager,
        `SELECT "level", "node_index", "hash" FROM "tlog_nodes" WHERE ${where}`,
        chunk.flatMap((node) => [node.level, node.index]),
      );
      for (const row of rows) found.set(`${Number(row.level)}:${Number(row.node_index)}`, String(row.hash));
    }
    return nodes.map(({ level, index }) => {
      const hash = found.get(`${level}:${index}`);
      if (hash === undefined) throw new Error(`the log has no node at level ${level}, index ${index}: its tables are incomplete`);
      return Buffer.from(hash, 'hex');
    });
  }
}

export async function treeSizeOf(manager: EntityManager): Promise<number> {
  const { rows } = await runSql(manager, `SELECT "tree_size" FROM "tlog_state" WHERE "id" = 'log'`, []);
  return rows.length === 0 ? 0 : Number(rows[0].tree_size);
}

/** The right edge of the stored tree at `size`, to append to. */
export async function compactRangeAt(manager: EntityManager, size: number): Promise<CompactRange> {
  return CompactRange.of(size, await new DatabaseNodeReader(manager).readNodes(perfectNodesOf(0, size)));
}

export interface SequencedBatch {
  /** Leaves added by this pass. */
  added: number;
  treeSize: number;
}

/**
 * One sequencing pass: takes up to `limit` committed entries from the queue in id order, gives them
 * the next log indexes, stores their leaves and every perfect subtree they complete, and removes them
 * from the queue, all in the caller's transaction. One sequencer at a time (a lock on PostgreSQL;
 * SQLite's single writer), so indexes never collide; what one pass cannot see yet (an entry committed
 * meanwhile on another instance) is in the queue for the next. Within one stream entries commit in
 * position order (the stream's lock), so they are sequenced in that order too.
 */
export async function sequenceBatch(manager: EntityManager, limit: number): Promise<SequencedBatch> {
  await lockNameUntilCommit(manager, 'tlog:sequencer');
  const size = await treeSizeOf(manager);
  const { rows } = await runSql(manager, 'SELECT "entry_id", "entry_hash" FROM "tlog_pending" ORDER BY "entry_id" LIMIT ?', [limit]);
  if (rows.length === 0) return { added: 0, treeSize: size };
  const range = await compactRangeAt(manager, size);
  const leaves: unknown[][] = [];
  const nodes: unknown[][] = [];
  for (const row of rows) {
    const leaf = entryLeafHash(String(row.entry_hash));
    leaves.push([range.treeSize, Number(row.entry_id), leaf.toString('hex')]);
    range.append(leaf, (node, hash) => nodes.push([node.level, node.index, hash.toString('hex')]));
  }
  await insertRows(manager, 'tlog_leaves', ['leaf_index', 'entry_id', 'leaf_hash'], leaves);
  await insertRows(manager, 'tlog_nodes', ['level', 'node_index', 'hash'], nodes);
  const ids = rows.map((row) => Number(row.entry_id));
  for (let at = 0; at < ids.length; at += 500) {
    const chunk = ids.slice(at, at + 500);
    await runSql(manager, `DELETE FROM "tlog_pending" WHERE "entry_id" IN (${chunk.map(() => '?').join(', ')})`, chunk);
  }
  await runSql(manager, `UPDATE "tlog_state" SET "tree_size" = ? WHERE "id" = 'log'`, [range.treeSize]);
  return { added: rows.length, treeSize: range.treeSize };
}

async function insertRows(manager: EntityManager, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const perStatement = Math.floor(900 / columns.length);
  for (let at = 0; at < rows.length; at += perStatement) {
    const chunk = rows.slice(at, at + perStatement);
    const values = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
    await runSql(manager, `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${values}`, chunk.flat());
  }
}

/** The log index of an entry, or undefined while it waits in the queue. */
export async function leafIndexOfEntry(manager: EntityManager, entryId: number): Promise<number | undefined> {
  const { rows } = await runSql(manager, 'SELECT "leaf_index" FROM "tlog_leaves" WHERE "entry_id" = ?', [entryId]);
  return rows.length === 0 ? undefined : Number(rows[0].leaf_index);
}
