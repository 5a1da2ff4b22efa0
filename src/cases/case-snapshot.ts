import type { StoredSnapshot } from '../../workflows/core';
import type { CaseEntity } from './case.entity';

/**
 * The machine snapshot a row stores, parsed once per row object: one request asks for it several
 * times (checks, the transition, the answer). Nothing may change the parsed context in place.
 */
export function storedSnapshotOf(row: CaseEntity): StoredSnapshot {
  const parsed = parsedSnapshots.get(row);
  if (parsed && parsed.from === row.context && parsed.snapshot.value === row.state) return parsed.snapshot;
  const snapshot: StoredSnapshot = {
    value: row.state,
    context: JSON.parse(row.context) as StoredSnapshot['context'],
    status: row.status === 'done' ? 'done' : 'active',
  };
  parsedSnapshots.set(row, { from: row.context, snapshot });
  return snapshot;
}

/** A row written from a snapshot already in hand needs no parse. */
export function rememberSnapshot(row: CaseEntity, snapshot: StoredSnapshot): void {
  parsedSnapshots.set(row, { from: row.context, snapshot });
}

const parsedSnapshots = new WeakMap<CaseEntity, { from: string; snapshot: StoredSnapshot }>();
