import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { newSm2Pkcs8, SIGNATURE_TYPE_COSIGNATURE_V1, signerFromSeed, sm2SignerFromPkcs8, verifierOf, type Signer, type Verifier } from './signed-note';
import type { TransparencyConfig } from '../config/transparency-config';

/**
 * The keys of the transparency log: the log's Ed25519 keys that sign checkpoints (name = the
 * origin), each with a validity window, and the witness's Ed25519 cosignature key (when this
 * deployment witnesses another body's log). They come from `TLOG_SIGNING_KEY` or from a key file
 * beside the database (`TLOG_KEY_FILE`), generated at the first start. Like the key of sealed
 * identities the file lives outside the database, so a backup or an export never holds it; the
 * private halves are in no response and no log line (only vkeys leave this module's callers).
 */
interface KeyFile {
  format: 'transparency-keys/1';
  /** An Ed25519 key as its 32-byte seed, or an SM2 key as its PKCS#8 DER (`sm2`), base64. */
  log: Array<{ seed?: string; sm2?: string; validFrom: string; validUntil: string | null; createdAt: string }>;
  witness: { seed: string; createdAt: string };
}

export interface LogKey {
  signer: Signer;
  validFrom: string;
  validUntil: string | null;
}

export interface TransparencyKeys {
  origin: string;
  logKeys: LogKey[];
  witness: Signer;
  /** Where they came from, for messages: `TLOG_SIGNING_KEY` or the file's path (never the keys). */
  source: string;
}

/** The public description of the keys, as published at the well-known path and in the docs. */
export interface PublishedKeys {
  origin: string;
  logKeys: Array<{ vkey: string; validFrom: string; validUntil: string | null }>;
  witnessKey: string;
}

export function loadTransparencyKeys(config: TransparencyConfig, now = new Date()): TransparencyKeys {
  if (config.signingKey) {
    const seed = Buffer.from(config.signingKey, 'base64');
    if (config.signature === 'ed25519' && seed.length !== 32) throw new Error('TLOG_SIGNING_KEY must be base64 of a 32-byte Ed25519 private key (seed)');
    let signer: Signer;
    try {
      signer = config.signature === 'sm2' ? sm2SignerFromPkcs8(config.origin, seed) : signerFromSeed(config.origin, seed);
    } catch (error) {
      throw new Error(`TLOG_SIGNING_KEY with TLOG_SIGNATURE=sm2 must be base64 of an SM2 private key in PKCS#8 DER: ${(error as Error).message}`);
    }
    const witnessSeed = config.witnessSigningKey ? Buffer.from(config.witnessSigningKey, 'base64') : undefined;
    if (witnessSeed && witnessSeed.length !== 32) throw new Error('TLOG_WITNESS_SIGNING_KEY must be base64 of a 32-byte Ed25519 private key (seed)');
    return {
      origin: config.origin,
      logKeys: [{ signer, validFrom: '1970-01-01T00:00:00.000Z', validUntil: null }],
      witness: signerFromSeed(config.witnessName, witnessSeed ?? randomBytes(32), SIGNATURE_TYPE_COSIGNATURE_V1),
      source: 'TLOG_SIGNING_KEY',
    };
  }
  if (!existsSync(config.keyFile)) writeKeyFile(config.keyFile, newKeyFile(now, config.signature), { exclusive: true });
  return keysFromFile(config, readKeyFile(config.keyFile));
}

function keysFromFile(config: TransparencyConfig, file: KeyFile): TransparencyKeys {
  return {
    origin: config.origin,
    logKeys: file.log.map((key) => ({
      signer: logSigner(config.origin, key),
      validFrom: key.validFrom,
      validUntil: key.validUntil,
    })),
    witness: signerFromSeed(config.witnessName, Buffer.from(file.witness.seed, 'base64'), SIGNATURE_TYPE_COSIGNATURE_V1),
    source: config.keyFile,
  };
}

/** The log keys that sign at this moment: during a rotation's overlap, the old and the new. */
export function signingKeys(keys: TransparencyKeys, now: Date): Signer[] {
  const at = now.toISOString();
  const valid = keys.logKeys.filter((key) => key.validFrom <= at && (key.validUntil === null || at < key.validUntil));
  if (valid.length === 0) throw new Error(`no transparency log key is valid at ${at} (${keys.source}): rotate to a new key`);
  return valid.map((key) => key.signer);
}

export function logVerifiers(keys: TransparencyKeys): Verifier[] {
  return keys.logKeys.map((key) => verifierOf(key.signer));
}

export function publishedKeys(keys: TransparencyKeys): PublishedKeys {
  return {
    origin: keys.origin,
    logKeys: keys.logKeys.map((key) => ({ vkey: key.signer.vkey, validFrom: key.validFrom, validUntil: key.validUntil })),
    witnessKey: keys.witness.vkey,
  };
}

/**
 * Rotation: a new log key valid from now; the keys still valid end `overlapDays` later, so for that
 * window checkpoints carry both signatures and verifiers that know only the old key keep working.
 * Returns the new key's vkey.
 */
export function rotateLogKey(config: TransparencyConfig, overlapDays: number, now = new Date()): string {
  const file = readKeyFile(config.keyFile);
  const end = new Date(now.getTime() + overlapDays * 24 * 3600 * 1000).toISOString();
  for (const key of file.log) if (key.validUntil === null || key.validUntil > end) key.validUntil = end;
  const key = { ...newLogKey(config.signature), validFrom: now.toISOString(), validUntil: null, createdAt: now.toISOString() };
  file.log.push(key);
  writeKeyFile(config.keyFile, file);
  return logSigner(config.origin, key).vkey;
}

/** A new private key of the configured signature. */
function newLogKey(signature: TransparencyConfig['signature']): { seed: string } | { sm2: string } {
  return signature === 'sm2' ? { sm2: newSm2Pkcs8().toString('base64') } : { seed: randomBytes(32).toString('base64') };
}

function logSigner(origin: string, key: KeyFile['log'][number]): Signer {
  if (key.sm2) return sm2SignerFromPkcs8(origin, Buffer.from(key.sm2, 'base64'));
  if (key.seed) return signerFromSeed(origin, Buffer.from(key.seed, 'base64'));
  throw new Error('a log key of the transparency key file holds neither seed (Ed25519) nor sm2 (SM2)');
}

function newKeyFile(now: Date, signature: TransparencyConfig['signature']): KeyFile {
  return {
    format: 'transparency-keys/1',
    // The first key has no predecessor: it is valid from the beginning (a training instance's clock may stand in the past).
    log: [{ ...newLogKey(signature), validFrom: new Date(0).toISOString(), validUntil: null, createdAt: now.toISOString() }],
    witness: { seed: randomBytes(32).toString('base64'), createdAt: now.toISOString() },
  };
}

function readKeyFile(path: string): KeyFile {
  let parsed: KeyFile;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
  } catch (error) {
    throw new Error(`the transparency key file ${path} cannot be read: ${(error as Error).message}`);
  }
  if (parsed?.format !== 'transparency-keys/1' || !Array.isArray(parsed.log) || parsed.log.length === 0 || !parsed.witness) {
    throw new Error(`${path} is not a transparency key file (format transparency-keys/1)`);
  }
  return parsed;
}

/** Written beside, then linked or renamed into place: two instances starting together keep the first file. */
function writeKeyFile(file: string, content: KeyFile, options: { exclusive?: boolean } = {}): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  if (!options.exclusive) return renameSync(temporary, file);
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
}
