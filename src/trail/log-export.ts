import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity';

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
  let next = fromIndex;
  return new Readable({
    async read() {
      try {
        for (;;) {
          if (next >= treeSize) return void this.push(null);
          const upTo = Math.min(next + PAGE, treeSize);
          const rows: Array<{ leaf_index: number | string; entry_id: number | string }> = await dataSource.query(
            dataSource.options.type === 'postgres'
              ? 'SELECT leaf_index, entry_id FROM tlog_leaves WHERE leaf_index >= $1 AND leaf_index < $2 ORDER BY leaf_index'
              : 'SELECT leaf_index, entry_id FROM tlog_leaves WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index',
            [next, upTo],
          );
          const ids = rows.map((row) => Number(row.entry_id));
          const entries = ids.length === 0 ? [] : await dataSource.getRepository(AuditEntryEntity).createQueryBuilder('e').where('e.id IN (:...ids)', { ids }).getMany();
          const byId = new Map(entries.map((entry) => [entry.id, entry]));
          // An entry deleted behind the service's back leaves its leaf without a line: the verifier names the index.
          const page = ids.map((id) => byId.get(id)).filter((entry): entry is AuditEntryEntity => entry !== undefined);
          const shown = await present(page);
          const indexOf = new Map(rows.map((row) => [Number(row.entry_id), Number(row.leaf_index)]));
          const lines = page.map((entry, i) => {
            const line: Record<string, unknown> = { logIndex: indexOf.get(entry.id), ...shown[i] };
            const differs = (['actorId', 'actorRole'] as const).filter((field) => shown[i][field] !== entry[field]);
            if (differs.length > 0) line.shownDiffersFromStored = differs;
            return JSON.stringify(line);
          });
          next = upTo;
          if (lines.length > 0) return void this.push(lines.join('\n') + '\n');
        }
      } catch (error) {
        this.destroy(error as Error);
      }
    },
  });
}
