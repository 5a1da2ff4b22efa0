import type { HashAlgorithm } from '../config/app-config';
import { canonicalJsonOfStored } from './canonical-json';
import { digest } from './chain-hash';

/** The key of an entry's `data` under which it records its case's row (hashed with the entry). */
export const CASE_ROW_KEY = 'caseRow';

/**
 * What a case's trail entry records about the case row as the entry leaves it: state, status and
 * version in clear, and a digest of everything else the row holds that matters (the stored machine
 * snapshot, the parties and the jurisdiction that decide who sees it, its origin, who opened it
 * and when, when the current state was entered). Verification and the engine compare the row with
 * the head entry of its chain, so a row changed behind the service's back no longer matches.
 *
 * The digest is salted with a random value kept in the row only (`integrity_salt`, never shown by
 * the API): a view shows the whole context but the sealed identities, and without the salt an
 * auditor could otherwise test guesses of a reporter's identity against the digest.
 */
export interface CaseRowRecord {
  state: string;
  status: string;
  version: number;
  digest: string;
}

/** The columns of `cases` the record covers, as the engine holds them or as a raw row gives them. */
export interface RecordedCaseRow {
  procedure: string;
  procedureVersion: number;
  state: string;
  status: string;
  context: string;
  version: number;
  cadreId: string;
  applicantId: string | null;
  unitId: string;
  jurisdiction: string;
  accuserUserId: string | null;
  originCaseId: string | null;
  originRelation: string | null;
  createdBy: string;
  createdAt: string;
  stateEnteredAt: string;
  integritySalt: string | null;
}

export function caseRowRecord(algorithm: HashAlgorithm, row: RecordedCaseRow): CaseRowRecord {
  return { state: row.state, status: row.status, version: Number(row.version), digest: caseRowDigest(algorithm, row) };
}

/**
 * The digest: salt, the stored context text exactly as stored, and the other columns as canonical
 * JSON, one per line. Neither the hex salt nor JSON text holds a raw line break, so the three parts
 * cannot run into each other; the context is taken as stored, not re-serialised, so any change to
 * the text changes the digest.
 */
function caseRowDigest(algorithm: HashAlgorithm, row: RecordedCaseRow): string {
  return caseRowDigestOf(algorithm, row.integritySalt ?? '', digestedContext(row.context), canonicalJsonOfStored(rowColumns(row)));
}

/** Where the stored context keeps its sealed part: `{"sealed": {"$sealed": <envelope>}}` (src/sealed). */
const SEALED_ENVELOPE_KEY = '$sealed';

/**
 * The context as the digest takes it: the sealed identities' ciphertext left out. That ciphertext
 * authenticates itself (AES-GCM or SM4-GCM, bound to the case's id), and a key rotation encrypts
 * it again without any step of the case, which must not make the case look tampered with. Everything
 * else is taken exactly as stored.
 */
function digestedContext(text: string): string {
  if (!text.includes(`"${SEALED_ENVELOPE_KEY}"`)) return text;
  const context = JSON.parse(text) as { sealed?: Record<string, unknown> };
  if (!context.sealed || !(SEALED_ENVELOPE_KEY in context.sealed)) return text;
  return JSON.stringify({ ...context, sealed: { [SEALED_ENVELOPE_KEY]: 'sealed at rest' } });
}

/** The columns besides the context that the digest covers, as canonical JSON takes them. */
export function rowColumns(row: Omit<RecordedCaseRow, 'context' | 'integritySalt' | 'state' | 'status' | 'version'>): Record<string, unknown> {
  return {
    procedure: row.procedure,
    procedureVersion: Number(row.procedureVersion),
    cadreId: row.cadreId,
    applicantId: row.applicantId ?? null,
    unitId: row.unitId,
    jurisdiction: row.jurisdiction,
    accuserUserId: row.accuserUserId ?? null,
    originCaseId: row.originCaseId ?? null,
    originRelation: row.originRelation ?? null,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    stateEnteredAt: row.stateEnteredAt,
  };
}

/** The digest from its three parts, for writers that render them without a row object (the benchmark's fill). */
export function caseRowDigestOf(algorithm: HashAlgorithm, salt: string, context: string, columnsJson: string): string {
  return digest(algorithm, `${salt}\n${context}\n${columnsJson}`);
}

/** A chain's last entry, as far as comparing it with its case row needs. */
export interface HeadEntry {
  toState: string | null;
  /** The stored canonical JSON of the entry's data. */
  data: string;
  algorithm: string;
}

/**
 * Why the row does not match the head entry of its chain, or undefined when it does. An entry
 * written before entries recorded their row (no `caseRow` in its data) still says which state
 * the case was left in, and only that is compared.
 */
export function caseRowMismatch(head: HeadEntry, row: RecordedCaseRow): string | undefined {
  const recorded = recordedRowOf(head.data);
  if (!recorded) {
    return head.toState === row.state ? undefined : `the case is in state ${row.state} but its trail ends in ${head.toState}`;
  }
  if (recorded.state !== row.state) return `the case is in state ${row.state} but its trail records ${recorded.state}`;
  if (recorded.status !== row.status) return `the case has status ${row.status} but its trail records ${recorded.status}`;
  if (recorded.version !== Number(row.version)) return `the case is at version ${row.version} but its trail records ${recorded.version}`;
  if (recorded.digest !== caseRowDigest(head.algorithm as HashAlgorithm, row))
    return 'the stored case (its snapshot, parties or jurisdiction) differs from what its trail records';
  return undefined;
}

function recordedRowOf(data: string): CaseRowRecord | undefined {
  // Cheap before parsing: entries written before the record have no such key.
  if (!data.includes(`"${CASE_ROW_KEY}"`)) return undefined;
  try {
    const value = (JSON.parse(data) as Record<string, unknown>)[CASE_ROW_KEY] as CaseRowRecord | undefined;
    return value && typeof value === 'object' && typeof value.digest === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
