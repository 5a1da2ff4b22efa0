import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/**
 * C2SP signed-note (https://c2sp.org/signed-note, the format of Go's golang.org/x/mod/sumdb/note):
 *
 *   <text, ending in a newline>
 *   <blank line>
 *   — <key name> base64(4-byte key ID ‖ signature)
 *   …
 *
 * Signature types implemented, all with node:crypto: 0x01 Ed25519 (a log's checkpoint signature),
 * 0x04 timestamped Ed25519 cosignatures (c2sp.org/tlog-cosignature, a witness's), and SM2 for a
 * log's checkpoints as an option (`TLOG_SIGNATURE=sm2`). The note format assigns SM2 no byte; its
 * extension path is the byte 0xff "followed by a longer identifier that is unlikely to collide", so
 * an SM2 key's type is 0xff ‖ `SM2_IDENTIFIER` (docs/audit.md, "SM2 checkpoint signatures").
 * Pure module: used by the service, the offline verifier and the tests.
 */

export const SIGNATURE_TYPE_ED25519 = 0x01;
export const SIGNATURE_TYPE_COSIGNATURE_V1 = 0x04;
/** The signed-note extension byte (signature types without an assigned byte), followed by `SM2_IDENTIFIER`. */
export const SIGNATURE_TYPE_SM2 = 0xff;
export type SignatureType = typeof SIGNATURE_TYPE_ED25519 | typeof SIGNATURE_TYPE_COSIGNATURE_V1 | typeof SIGNATURE_TYPE_SM2;

/**
 * What follows 0xff for this project's SM2 signatures: GB/T 32918.2 SM2 over the note text with SM3,
 * the signer's Z computed with an empty distinguishing identifier (what OpenSSL 3, and so Node,
 * does: Node 20 has no way to set the identifier), the signature DER-encoded as GB/T 35276's
 * SM2Signature (SEQUENCE { r INTEGER, s INTEGER }: at most 72 bytes). The identifier says all of that, so a later form (GB/T 35276's default identifier
 * 1234567812345678, once a maintained library lets us set it) would be another identifier, never an
 * ambiguity.
 */
export const SM2_IDENTIFIER = Buffer.from('sm2-sm3-emptyid/v1', 'ascii');
const SM2_TYPE_BYTES = Buffer.concat([Buffer.from([SIGNATURE_TYPE_SM2]), SM2_IDENTIFIER]);

/** The bytes that name a signature type in a key ID and a vkey: one byte, or 0xff and its identifier. */
function typeBytes(type: SignatureType): Buffer {
  return type === SIGNATURE_TYPE_SM2 ? SM2_TYPE_BYTES : Buffer.from([type]);
}

const EM_DASH = '\u2014';
/** Signatures read from one note at most: more is refused as malformed (the spec asks for ≥ 16). */
export const MAX_SIGNATURES = 64;

/** A public key that verifies notes: its name, 32-bit id, signature type and key (Ed25519: 32 bytes; SM2: the uncompressed point, 65 bytes). */
export interface Verifier {
  name: string;
  keyId: number;
  type: SignatureType;
  publicKey: Buffer;
  /** The vkey text: `<name>+<hex id>+base64(type ‖ key)`. */
  vkey: string;
}

/** A private key that signs notes (never leaves the service: not in a response, log line, backup or export). */
export interface Signer extends Verifier {
  privateKey: KeyObject;
}

export function isValidKeyName(name: string): boolean {
  // eslint-disable-next-line no-control-regex -- a key name may hold no control character (C2SP signed-note)
  return name.length > 0 && !/[\s+\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u.test(name) && !/[\u0000-\u001f]/.test(name);
}

/** key ID = SHA-256(key name ‖ 0x0A ‖ signature type ‖ public key)[:4], big-endian. */
export function keyIdOf(name: string, type: SignatureType, publicKey: Buffer): number {
  return createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a]))
    .update(typeBytes(type))
    .update(publicKey)
    .digest()
    .readUInt32BE(0);
}

const hex8 = (id: number) => id.toString(16).padStart(8, '0');

export function vkeyOf(name: string, type: SignatureType, publicKey: Buffer): string {
  return `${name}+${hex8(keyIdOf(name, type, publicKey))}+${Buffer.concat([typeBytes(type), publicKey]).toString('base64')}`;
}

/** Reads a vkey; throws with the reason when it is not one, or not of a type implemented here. */
export function parseVkey(vkey: string): Verifier {
  // Split at the first two pluses only: the base64 key may hold more (as Go's note.NewVerifier reads it).
  const text = vkey.trim();
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) throw new Error('a verifier key has three parts separated by +: name+id+key');
  const [name, idText, keyText] = [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)];
  if (!isValidKeyName(name)) throw new Error(`invalid key name ${JSON.stringify(name)}`);
  if (!/^[0-9a-f]{8}$/.test(idText)) throw new Error(`invalid key id ${JSON.stringify(idText)}: 8 lowercase hex digits`);
  const material = Buffer.from(keyText, 'base64');
  if (material.length === 0 || material.toString('base64') !== keyText) throw new Error('the key is not base64');
  const type = material[0];
  const known = '0x01 Ed25519, 0x04 Ed25519 cosignature, 0xff followed by "sm2-sm3-emptyid/v1" SM2';
  let publicKey: Buffer;
  if (type === SIGNATURE_TYPE_ED25519 || type === SIGNATURE_TYPE_COSIGNATURE_V1) {
    publicKey = material.subarray(1);
    if (publicKey.length !== 32) throw new Error('an Ed25519 public key is 32 bytes');
  } else if (type === SIGNATURE_TYPE_SM2 && material.subarray(0, SM2_TYPE_BYTES.length).equals(SM2_TYPE_BYTES)) {
    publicKey = material.subarray(SM2_TYPE_BYTES.length);
    if (publicKey.length !== 65 || publicKey[0] !== 0x04) throw new Error('an SM2 public key is the uncompressed point: 0x04 and 64 bytes');
    try {
      sm2PublicKeyObject(publicKey);
    } catch {
      throw new Error('the SM2 public key is not a point of the SM2 curve');
    }
  } else if (type === SIGNATURE_TYPE_SM2) {
    throw new Error(`unknown key type 0xff with identifier ${JSON.stringify(material.subarray(1, 33).toString('latin1'))} (known: ${known})`);
  } else {
    throw new Error(`unknown key type 0x${type.toString(16).padStart(2, '0')} (known: ${known})`);
  }
  const keyId = keyIdOf(name, type, publicKey);
  if (hex8(keyId) !== idText) throw new Error(`key id ${idText} does not match the key (expected ${hex8(keyId)})`);
  return { name, keyId, type, publicKey, vkey: `${name}+${idText}+${keyText}` };
}

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function ed25519PublicKeyObject(raw: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** SubjectPublicKeyInfo of an SM2 key (id-ecPublicKey, curve sm2 1.2.156.10197.1.301) up to the point. */
const SM2_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');

function sm2PublicKeyObject(point: Buffer): KeyObject {
  return createPublicKey({ key: Buffer.concat([SM2_SPKI_PREFIX, point]), format: 'der', type: 'spki' });
}

/** An SM2 signer from its private key (PKCS#8 DER, as the key file and `TLOG_SIGNING_KEY` hold it). */
export function sm2SignerFromPkcs8(name: string, pkcs8: Buffer): Signer {
  if (!isValidKeyName(name)) throw new Error(`invalid key name ${JSON.stringify(name)}: non-empty, no spaces, no +`);
  const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  // Read back from PKCS#8, OpenSSL 3 gives the key as its own type, which Node does not name: the public key's encoding tells.
  if (!spki.subarray(0, SM2_SPKI_PREFIX.length).equals(SM2_SPKI_PREFIX)) throw new Error('not an SM2 private key');
  const publicKey = Buffer.from(spki.subarray(SM2_SPKI_PREFIX.length));
  const signer: Signer = {
    name,
    keyId: keyIdOf(name, SIGNATURE_TYPE_SM2, publicKey),
    type: SIGNATURE_TYPE_SM2,
    publicKey,
    vkey: vkeyOf(name, SIGNATURE_TYPE_SM2, publicKey),
    privateKey,
  };
  // A key OpenSSL took as a plain EC key would sign ECDSA over the SM2 curve, not SM2: a signature
  // that does not verify as SM2 here stops the start rather than a checkpoint nobody can verify.
  const probe = `${name}\n0\n\n`;
  const line = parseSignatureLine(signText(probe, signer));
  if (!verifySignature(probe, line, signer)) throw new Error('the key does not make SM2 signatures (OpenSSL took it as a plain EC key)');
  return signer;
}

/** A new SM2 private key, PKCS#8 DER. */
export function newSm2Pkcs8(): Buffer {
  return generateKeyPairSync('ec', { namedCurve: 'SM2' }).privateKey.export({ format: 'der', type: 'pkcs8' });
}

/** A signer from a 32-byte Ed25519 seed (RFC 8032 private key). */
export function signerFromSeed(name: string, seed: Buffer, type: SignatureType = SIGNATURE_TYPE_ED25519): Signer {
  if (!isValidKeyName(name)) throw new Error(`invalid key name ${JSON.stringify(name)}: non-empty, no spaces, no +`);
  if (seed.length !== 32) throw new Error('an Ed25519 private key (seed) is 32 bytes');
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const publicKey = Buffer.from(spki.subarray(spki.length - 32));
  return { name, keyId: keyIdOf(name, type, publicKey), type, publicKey, vkey: vkeyOf(name, type, publicKey), privateKey };
}

/** The public half of a signer, safe to publish. */
export function verifierOf(signer: Verifier): Verifier {
  return { name: signer.name, keyId: signer.keyId, type: signer.type, publicKey: signer.publicKey, vkey: signer.vkey };
}

export interface NoteSignature {
  name: string;
  keyId: number;
  /** The signature bytes after the key id. */
  signature: Buffer;
  /** The line as it stands in the note, without its newline. */
  line: string;
}

export interface Note {
  /** The signed text, with its final newline. */
  text: string;
  signatures: NoteSignature[];
}

export class NoteFormatError extends Error {}

/** Splits a note into its text and signature lines, as signed-note defines them. */
export function parseNote(note: string): Note {
  // eslint-disable-next-line no-control-regex -- a note may hold no control character but newline (C2SP signed-note)
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note)) throw new NoteFormatError('a note holds no control characters but newline');
  if (!note.endsWith('\n')) throw new NoteFormatError('a note ends with a newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteFormatError('a note has a blank line between its text and its signatures');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteFormatError(`more than ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map(parseSignatureLine);
  if (signatures.length === 0) throw new NoteFormatError('a note has at least one signature');
  return { text, signatures };
}

export function parseSignatureLine(line: string): NoteSignature {
  const match = /^\u2014 (\S+) ([A-Za-z0-9+/]+=*)$/u.exec(line);
  if (!match) throw new NoteFormatError(`not a signature line: ${JSON.stringify(line.slice(0, 80))}`);
  const [, name, base64] = match;
  if (!isValidKeyName(name)) throw new NoteFormatError(`invalid key name in a signature line: ${JSON.stringify(name)}`);
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length < 5 || bytes.toString('base64') !== base64) throw new NoteFormatError('a signature is base64 of a key id and the signature bytes');
  return { name, keyId: bytes.readUInt32BE(0), signature: bytes.subarray(4), line };
}

function signatureLine(signer: Verifier, signature: Buffer): string {
  const id = Buffer.alloc(4);
  id.writeUInt32BE(signer.keyId);
  return `${EM_DASH} ${signer.name} ${Buffer.concat([id, signature]).toString('base64')}`;
}

/** The signature line of a log key (Ed25519 or SM2) over a note text. */
export function signText(text: string, signer: Signer): string {
  if (signer.type === SIGNATURE_TYPE_SM2) return signatureLine(signer, sign('sm3', Buffer.from(text, 'utf8'), signer.privateKey));
  if (signer.type !== SIGNATURE_TYPE_ED25519) throw new Error('a log signs with an Ed25519 (0x01) or an SM2 (0xff sm2-sm3-emptyid/v1) key');
  return signatureLine(signer, sign(null, Buffer.from(text, 'utf8'), signer.privateKey));
}

/** A signed note: the text, a blank line, one signature line per signer. */
export function signNote(text: string, signers: Signer[]): string {
  if (!text.endsWith('\n')) throw new Error('a note text ends with a newline');
  return `${text}\n${signers.map((signer) => signText(text, signer)).join('\n')}\n`;
}

/** The message a v1 cosignature signs: `cosignature/v1`, `time <t>`, then the checkpoint's text. */
export function cosignedMessage(text: string, timestamp: bigint): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timestamp.toString()}\n${text}`, 'utf8');
}

/** A witness's cosignature line (type 0x04): base64(key id ‖ u64 timestamp ‖ Ed25519 signature). */
export function cosignText(text: string, signer: Signer, timestamp: bigint): string {
  if (signer.type !== SIGNATURE_TYPE_COSIGNATURE_V1) throw new Error('a witness cosigns with an Ed25519 cosignature (0x04) key');
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(timestamp);
  return signatureLine(signer, Buffer.concat([time, sign(null, cosignedMessage(text, timestamp), signer.privateKey)]));
}

export interface VerifiedSignature {
  verifier: Verifier;
  line: string;
  /** A cosignature's timestamp (seconds since the epoch). */
  timestamp?: bigint;
}

/** Whether one signature line of a known key verifies over the text. */
export function verifySignature(text: string, signature: NoteSignature, verifier: Verifier): VerifiedSignature | undefined {
  if (verifier.type === SIGNATURE_TYPE_SM2) {
    if (signature.signature.length > 72) return undefined;
    try {
      return verify('sm3', Buffer.from(text, 'utf8'), sm2PublicKeyObject(verifier.publicKey), signature.signature)
        ? { verifier, line: signature.line }
        : undefined;
    } catch {
      return undefined; // not DER
    }
  }
  const key = ed25519PublicKeyObject(verifier.publicKey);
  if (verifier.type === SIGNATURE_TYPE_ED25519) {
    if (signature.signature.length !== 64) return undefined;
    return verify(null, Buffer.from(text, 'utf8'), key, signature.signature) ? { verifier, line: signature.line } : undefined;
  }
  if (signature.signature.length !== 72) return undefined;
  const timestamp = signature.signature.readBigUInt64BE(0);
  if (timestamp >= 2n ** 63n) return undefined;
  return verify(null, cosignedMessage(text, timestamp), key, signature.signature.subarray(8)) ? { verifier, line: signature.line, timestamp } : undefined;
}

export interface NoteVerification {
  note: Note;
  /** Signatures of known keys that verify. */
  verified: VerifiedSignature[];
  /** Signatures of known keys (name and id match) that do not verify: the note is bad. */
  failed: Array<{ verifier: Verifier; line: string }>;
  /** Signatures of keys not known here: ignored, as the spec says. */
  unknown: NoteSignature[];
}

/**
 * Checks every signature of a note against the known keys: a signature whose name and id match a
 * known key must verify; unknown ones are ignored. The caller decides what is enough (a log key,
 * a quorum of witnesses: see tlog-policy).
 */
export function checkNote(noteText: string, known: Verifier[]): NoteVerification {
  const note = parseNote(noteText);
  const result: NoteVerification = { note, verified: [], failed: [], unknown: [] };
  for (const signature of note.signatures) {
    const verifier = known.find((candidate) => candidate.name === signature.name && candidate.keyId === signature.keyId);
    if (!verifier) {
      result.unknown.push(signature);
      continue;
    }
    const ok = verifySignature(note.text, signature, verifier);
    if (ok) result.verified.push(ok);
    else result.failed.push({ verifier, line: signature.line });
  }
  return result;
}
