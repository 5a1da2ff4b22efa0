import { canonicalJson } from '../src/trail/canonical-json';
import { entryHash, type HashedEntryFields } from '../src/trail/chain-hash';
import type { HashAlgorithm } from '../src/config/app-config';

export interface CeilingResult {
  transactionsPerSecond: number;
  transactions: number;
}

/** The columns of a case the ceiling loop reads. */
export interface CeilingCaseRow {
  id: string;
  context: string;
  procedure: string;
  procedure_version: number;
  state: string;
  version: number;
  trail_head: string;
  trail_length: number;
}

export const CEILING_READ = 'SELECT id, procedure, procedure_version, state, context, version, trail_head, trail_length FROM cases WHERE id = ?';
export const CEILING_APPEND = `INSERT INTO audit_entries (stream_id, position, case_id, procedure, procedure_version, from_state, event,
  to_state, outcome, refusal_code, actor_id, actor_role, at, reason, data, prev_hash, hash, algorithm)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'applied', NULL, ?, ?, ?, NULL, ?, ?, ?, ?)`;
export const CEILING_UPDATE = 'UPDATE cases SET context = ?, version = ?, updated_at = ?, trail_head = ?, trail_length = ? WHERE id = ? AND version = ?';

/**
 * The next link of a case's chain as the ceiling loop writes it (event `BENCH_CEILING`, hashed
 * with the service's own `entryHash`), and the parameters of CEILING_APPEND and CEILING_UPDATE.
 * The entries are valid links, so the database still verifies afterwards.
 */
export function ceilingStep(row: CeilingCaseRow, algorithm: HashAlgorithm): { append: unknown[]; update: unknown[] } {
  const at = new Date().toISOString();
  const data = { note: 'single-commit ceiling' };
  const fields: HashedEntryFields = {
    streamId: row.id,
    position: row.trail_length + 1,
    caseId: row.id,
    procedure: row.procedure,
    procedureVersion: row.procedure_version,
    fromState: row.state,
    event: 'BENCH_CEILING',
    toState: row.state,
    outcome: 'applied',
    refusalCode: null,
    actorId: 'bench',
    actorRole: 'system',
    at,
    reason: null,
    data,
    prevHash: row.trail_head,
    algorithm,
  };
  const hash = entryHash(fields);
  return {
    append: [
      row.id,
      fields.position,
      row.id,
      row.procedure,
      row.procedure_version,
      row.state,
      fields.event,
      row.state,
      'bench',
      'system',
      at,
      canonicalJson(data),
      row.trail_head,
      hash,
      algorithm,
    ],
    update: [row.context, row.version + 1, at, hash, fields.position, row.id, row.version],
  };
}

/** `?` placeholders as PostgreSQL's `$1, $2, ...`. */
export function numbered(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}
