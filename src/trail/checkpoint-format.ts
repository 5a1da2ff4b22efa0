import { hashFromBase64, toBase64 } from './merkle-tree';
import { checkNote, isValidKeyName, type NoteVerification, type Verifier } from './signed-note';

/**
 * The C2SP tlog-checkpoint body (https://c2sp.org/tlog-checkpoint): three lines, the origin (the
 * log's identity: here the body that runs the service, `TLOG_ORIGIN`), the tree size in decimal
 * without leading zeroes, the RFC 6962 root hash in base64. No extension lines are written (the spec
 * advises against them); lines after the third are kept when reading.
 */
export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
  /** Extension lines, if a checkpoint read has any. */
  extensions: string[];
}

export function checkpointText(origin: string, size: number, root: Buffer): string {
  if (!isValidKeyName(origin)) throw new Error(`invalid origin ${JSON.stringify(origin)}: non-empty, no spaces, no +`);
  return `${origin}\n${size}\n${toBase64(root)}\n`;
}

export class CheckpointFormatError extends Error {}

export function parseCheckpointText(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new CheckpointFormatError('a checkpoint text ends with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new CheckpointFormatError('a checkpoint has at least three lines: origin, size, root hash');
  const [origin, sizeText, rootText, ...extensions] = lines;
  if (origin.length === 0) throw new CheckpointFormatError('the origin line is empty');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText)))
    throw new CheckpointFormatError(`the size line is not a decimal without leading zeroes: ${JSON.stringify(sizeText)}`);
  const root = hashFromBase64(rootText);
  if (!root) throw new CheckpointFormatError('the root hash line is not base64 of 32 bytes');
  if (extensions.some((line) => line.length === 0)) throw new CheckpointFormatError('extension lines are non-empty');
  return { origin, size: Number(sizeText), root, extensions };
}

export interface VerifiedCheckpoint extends Checkpoint {
  note: NoteVerification;
  /** The signed note as given. */
  signed: string;
}

/**
 * Reads a signed checkpoint and checks its signatures against known keys (log and witness keys
 * alike; the caller counts which verified). Throws on a malformed note or checkpoint.
 */
export function readSignedCheckpoint(signed: string, known: Verifier[]): VerifiedCheckpoint {
  const note = checkNote(signed, known);
  return { ...parseCheckpointText(note.note.text), note, signed };
}
