import { entryHash, type HashedEntryFields } from '../src/trail/chain-hash';
import { ratePerSecond } from './stats';
import type { BenchDatabase } from './targets/bench-database';

const SAMPLE = 20_000;

/**
 * The raw rate of the work verification cannot avoid: the canonical serialisation and the digest
 * of each entry (`entryHash`, the service's own code), over real entries of the database held in
 * memory, with no reading, parsing or checking around it.
 */
export async function measureRawHashRate(db: BenchDatabase, seconds: number): Promise<number> {
  const rows = await db.query<Record<string, string | number | null>>(
    `SELECT stream_id, position, case_id, procedure, procedure_version, from_state, event, to_state, outcome, refusal_code,
      actor_id, actor_role, at, reason, data, prev_hash, algorithm FROM audit_entries ORDER BY id LIMIT ?`,
    [SAMPLE],
  );
  const entries: HashedEntryFields[] = rows.map((row) => ({
    streamId: row.stream_id as string,
    position: row.position as number,
    caseId: row.case_id as string | null,
    procedure: row.procedure as string | null,
    procedureVersion: row.procedure_version as number | null,
    fromState: row.from_state as string | null,
    event: row.event as string,
    toState: row.to_state as string | null,
    outcome: row.outcome as HashedEntryFields['outcome'],
    refusalCode: row.refusal_code as string | null,
    actorId: row.actor_id as string,
    actorRole: row.actor_role as string,
    at: row.at as string,
    reason: row.reason as string | null,
    data: JSON.parse(row.data as string),
    prevHash: row.prev_hash as string,
    algorithm: row.algorithm as HashedEntryFields['algorithm'],
  }));
  let next = 0;
  let sink = 0;
  const rate = ratePerSecond(seconds, () => {
    for (let i = 0; i < 100; i += 1) sink += entryHash(entries[next++ % entries.length]).length;
    return 100;
  });
  if (sink === 0) throw new Error('no entries hashed');
  return rate;
}
