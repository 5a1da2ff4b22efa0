import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { runSql } from '../database/sql';
import { AuditEntryEntity } from './audit-entry.entity';
import { decisionName, retiringDecisions } from './payload-retirement';

/** How an entry is shown in the export (the presenter's output: the protected person under the pseudonym). */
export type PresentEntries = (page: AuditEntryEntity[]) => Promise<Array<Record<string, unknown>>>;

const PAGE = 1000;

/**
 * The whole trail as NDJSON in log order: one line per leaf, `logIndex` 0, 1, 2 … with no gap, each
 * entry as `present` shows it. Where the shown form differs from what was hashed (an older entry of
 * a protected person, stored with their account and shown under the pseudonym), the line says which
 * fields (`shownDiffersFromStored`), so the offline verifier knows it cannot recompute that entry's
 * hash from the line and checks its leaf and chain link instead (docs/audit.md, "The export").
 * `treeSize` bounds the export: the log as sequenced when the export began.
 */
export function logOrderedNdjson(dataSource: DataSource, treeSize: number, present: PresentEntries, fromIndex = 0): Readable {
  // Pulled page by page as the response drains; a failed read ends the stream with its error.
  return Readable.from(logOrderedPages(dataSource, treeSize, present, fromIndex), { objectMode: false });
}

async function* logOrderedPages(dataSource: DataSource, treeSize: number, present: PresentEntries, fromIndex: number): AsyncGenerator<string> {
  for (let next = fromIndex; next < treeSize; next += PAGE) {
    const upTo = Math.min(next + PAGE, treeSize);
    const { rows } = await runSql(
      dataSource.manager,
      'SELECT "leaf_index", "entry_id" FROM "tlog_leaves" WHERE "leaf_index" >= ? AND "leaf_index" < ? ORDER BY "leaf_index"',
      [next, upTo],
    );
    const indexOf = new Map(rows.map((row) => [Number(row.entry_id), Number(row.leaf_index)]));
    const ids = [...indexOf.keys()];
    const entries =
      ids.length === 0 ? [] : await dataSource.getRepository(AuditEntryEntity).createQueryBuilder('e').where('e.id IN (:...ids)', { ids }).getMany();
    const byId = new Map(entries.map((entry) => [entry.id, entry]));
    // An entry deleted behind the service's back leaves its leaf without a line: the verifier names the index.
    const page = ids.map((id) => byId.get(id)).filter((entry): entry is AuditEntryEntity => entry !== undefined);
    if (page.length === 0) continue;
    const shown = await present(page);
    const retired = await retiringDecisions(dataSource.manager, ids);
    const lines = page.map((entry, i) => {
      const line: Record<string, unknown> = { logIndex: indexOf.get(entry.id), ...shown[i] };
      // Its payload retired under retention: the verifier checks its leaf, its link and its decision instead of its hash.
      const decision = retired.get(entry.id);
      if (decision !== undefined) line.payloadRetired = { decision: decisionName(decision) };
      const differs = (['actorId', 'actorRole'] as const).filter((field) => shown[i][field] !== entry[field]);
      if (differs.length > 0) line.shownDiffersFromStored = differs;
      return JSON.stringify(line);
    });
    yield lines.join('\n') + '\n';
  }
}
