import { hashFromBase64, toBase64 } from './merkle-tree';

/**
 * C2SP tlog-proof (https://c2sp.org/tlog-proof): an offline-verifiable proof that a leaf is in the
 * log, the shape of an applicant's receipt (`.tlog-proof`):
 *
 *   c2sp.org/tlog-proof@v1
 *   extra <base64>            (optional, unauthenticated: here the entry the leaf stands for)
 *   index <n>
 *   <base64 hash>             (the inclusion proof, leaf's sibling first)
 *   …
 *   <blank line>
 *   <the signed checkpoint, verbatim>
 */
export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

export interface TlogProof {
  extra?: Buffer;
  index: number;
  proof: Buffer[];
  /** The signed checkpoint note. */
  checkpoint: string;
}

export function formatTlogProof(proof: TlogProof): string {
  const lines = [TLOG_PROOF_HEADER];
  if (proof.extra) lines.push(`extra ${proof.extra.toString('base64')}`);
  lines.push(`index ${proof.index}`, ...proof.proof.map(toBase64));
  return `${lines.join('\n')}\n\n${proof.checkpoint}`;
}

export class TlogProofFormatError extends Error {}

export function parseTlogProof(text: string): TlogProof {
  const split = text.indexOf('\n\n');
  if (split < 0) throw new TlogProofFormatError('a tlog proof has a blank line before its checkpoint');
  const lines = text.slice(0, split).split('\n');
  const checkpoint = text.slice(split + 2);
  if (lines[0] !== TLOG_PROOF_HEADER) throw new TlogProofFormatError(`the first line is not ${TLOG_PROOF_HEADER}`);
  let at = 1;
  let extra: Buffer | undefined;
  if (lines[at]?.startsWith('extra ')) {
    const base64 = lines[at].slice('extra '.length);
    extra = Buffer.from(base64, 'base64');
    if (extra.toString('base64') !== base64) throw new TlogProofFormatError('the extra line is not base64');
    at += 1;
  }
  const index = /^index (0|[1-9][0-9]*)$/.exec(lines[at] ?? '');
  if (!index || !Number.isSafeInteger(Number(index[1]))) throw new TlogProofFormatError('the index line is missing or not a decimal');
  const proof = lines.slice(at + 1).map((line, i) => {
    const hash = hashFromBase64(line);
    if (!hash) throw new TlogProofFormatError(`proof line ${i + 1} is not base64 of 32 bytes`);
    return hash;
  });
  if (proof.length > 63) throw new TlogProofFormatError('an inclusion proof has at most 63 hashes');
  return { ...(extra ? { extra } : {}), index: Number(index[1]), proof, checkpoint };
}
