import { createHash } from 'node:crypto';
import { canonicalJsonOfStored } from './canonical-json';

/**
 * A receipt (`.tlog-proof`, issue 22 §3) carries in its `extra` line the entry it proves, as the
 * applicant may see it: the fields the party view does not show (which official acted, internal
 * deliberation, the case-row record, positions that would count hidden steps) are withheld. The
 * entry's hash cannot be recomputed from a partial entry, so the log also signs what it showed: an
 * attestation, a signed note under the log's checkpoint key, domain-separated from checkpoints by
 * its first line:
 *
 *   case-trail-receipt/v1
 *   <origin>
 *   <log index>
 *   <entry hash, hex>
 *   <base64 SHA-256 of the canonical JSON of {entry, withheld}>
 *
 * The inclusion proof binds the entry hash to the signed checkpoint; the attestation binds what the
 * applicant sees to that entry hash, so changing one byte of either fails verification, and an
 * auditor holding the whole entry can confirm the shown fields are the entry's.
 */
export const RECEIPT_FORMAT = 'case-trail-receipt/1';
export const ATTESTATION_HEADER = 'case-trail-receipt/v1';

export interface ReceiptPayload {
  format: typeof RECEIPT_FORMAT;
  logIndex: number;
  entryHash: string;
  /** The entry as shown to the applicant. */
  entry: Record<string, unknown>;
  /** Stored fields not shown (dotted paths: `actorId`, `data.caseRow`). */
  withheld: string[];
  /** The log's signed note over the shown entry. */
  attestation: string;
}

export function shownDigest(entry: Record<string, unknown>, withheld: string[]): string {
  return createHash('sha256').update(canonicalJsonOfStored({ entry, withheld }), 'utf8').digest('base64');
}

export function attestationText(origin: string, logIndex: number, entryHash: string, entry: Record<string, unknown>, withheld: string[]): string {
  return `${ATTESTATION_HEADER}\n${origin}\n${logIndex}\n${entryHash}\n${shownDigest(entry, withheld)}\n`;
}
