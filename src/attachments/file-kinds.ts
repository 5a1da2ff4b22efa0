import type { AttachmentKind } from '../config/attachments-config';

/**
 * file-type is published as an ES module only; Node 20.19+ loads it with require() (and jest, which
 * cannot, compiles it: jest.config.js). Its types need a module resolution this CommonJS project does
 * not use, hence the one signature written here.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { fileTypeFromBuffer } = require('file-type') as { fileTypeFromBuffer: (buffer: Uint8Array) => Promise<{ ext: string; mime: string } | undefined> };

/** How many leading bytes the content check reads: enough for every signature file-type knows. */
export const SAMPLE_BYTES = 64 * 1024;

const MEDIA_TYPES: Record<AttachmentKind, string> = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  ofd: 'application/ofd',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  txt: 'text/plain; charset=utf-8',
};

export const mediaTypeOf = (kind: AttachmentKind): string => MEDIA_TYPES[kind];

/** file-type's answer for the kinds it recognises itself. */
const BY_DETECTED: Record<string, AttachmentKind> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  [MEDIA_TYPES.docx]: 'docx',
  [MEDIA_TYPES.xlsx]: 'xlsx',
};

export interface JudgedKind {
  kind: AttachmentKind | undefined;
  /** What the content was taken for, for the refusal (file-type's media type, or 'text'). */
  detected: string | undefined;
}

/**
 * The kind of a file judged from its first bytes only (the name and the client's Content-Type are
 * not believed): file-type's signatures for PDF, JPEG, PNG, DOCX and XLSX; OFD (GB/T 33190, a zip
 * whose root document is `OFD.xml`) by the first entry's name, since file-type calls it a plain
 * zip; TXT when nothing binary is recognised and the whole file is UTF-8 text without control
 * characters (`textSoFar` is kept by the intake as the file streams past). Only the sample is
 * given to file-type, so a zip's members are read from their headers and never inflated beyond it.
 */
export async function judgeKind(sample: Buffer, wholeFileIsText: boolean): Promise<JudgedKind> {
  const detected = await fileTypeFromBuffer(sample);
  if (detected) {
    const kind = BY_DETECTED[detected.mime];
    if (kind) return { kind, detected: detected.mime };
    if (detected.mime === 'application/zip' && isOfd(sample)) return { kind: 'ofd', detected: MEDIA_TYPES.ofd };
    return { kind: undefined, detected: detected.mime };
  }
  if (isOfd(sample)) return { kind: 'ofd', detected: MEDIA_TYPES.ofd };
  if (wholeFileIsText) return { kind: 'txt', detected: 'text/plain' };
  return { kind: undefined, detected: undefined };
}

/** A zip (local file header PK\x03\x04) whose first entry is OFD.xml, as GB/T 33190 packages begin. */
function isOfd(sample: Buffer): boolean {
  if (sample.length < 30 || sample.readUInt32LE(0) !== 0x04034b50) return false;
  const nameLength = sample.readUInt16LE(26);
  return sample.subarray(30, 30 + nameLength).toString('latin1') === 'OFD.xml';
}

/**
 * Tells, chunk by chunk, whether a file is UTF-8 text with no control characters but tab, line
 * feed, carriage return and form feed (what a .txt statement holds); a byte-order mark is allowed.
 */
export class TextCheck {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private text = true;

  push(chunk: Buffer): void {
    if (!this.text) return;
    try {
      const part = this.decoder.decode(chunk, { stream: true });
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(part)) this.text = false;
    } catch {
      this.text = false;
    }
  }

  finish(): boolean {
    if (!this.text) return false;
    try {
      this.decoder.decode();
      return true;
    } catch {
      return false;
    }
  }
}
