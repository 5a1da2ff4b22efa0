import { join } from 'node:path';
import { resolve } from 'node:path';
import { parseVkey, SIGNATURE_TYPE_COSIGNATURE_V1, SIGNATURE_TYPE_ED25519, type Verifier } from './signed-note';

/** A witness this log asks to cosign its checkpoints (C2SP tlog-witness). */
export interface WitnessTarget {
  /** The witness's submission prefix: the log POSTs to `<prefix>/add-checkpoint`. */
  url: string;
  key: Verifier;
}

/** The transparency log's settings (README, "Configuration"; docs/audit.md). */
export interface TransparencyConfig {
  /** The checkpoints' origin line and the log key's name: names the body, e.g. `jw.jinan.example/case-trail`. */
  origin: string;
  /** How often a checkpoint is issued when the log grew (0: only on demand). */
  checkpointIntervalMs: number;
  /** How often committed entries are given their log index (0: only before a checkpoint, an export or a proof). */
  sequenceIntervalMs: number;
  keyFile: string;
  /** Instead of the key file: the log's Ed25519 private key (32-byte seed), base64. */
  signingKey?: string;
  /** With `signingKey`: the witness's cosignature key (32-byte seed), base64. */
  witnessSigningKey?: string;
  /** The key name of this deployment's witness. */
  witnessName: string;
  /** The logs this deployment witnesses (their Ed25519 vkeys; the key name is the log's origin). */
  witnessedLogs: Verifier[];
  /** The witnesses this log submits its checkpoints to. */
  witnesses: WitnessTarget[];
}

export function transparencyConfig(env: NodeJS.ProcessEnv, dataDirectory: string): TransparencyConfig {
  const origin = env.TLOG_ORIGIN || 'localhost/case-trail';
  if (/[\s+]/.test(origin)) throw new Error(`TLOG_ORIGIN must hold no spaces and no +, not ${JSON.stringify(origin)}`);
  const witnessedLogs = list(env.TLOG_WITNESS_LOGS).map((vkey, i) => key(vkey, SIGNATURE_TYPE_ED25519, `TLOG_WITNESS_LOGS[${i}]`));
  if (env.TLOG_SIGNING_KEY && witnessedLogs.length > 0 && !env.TLOG_WITNESS_SIGNING_KEY) {
    throw new Error('with TLOG_SIGNING_KEY, a deployment that witnesses other logs (TLOG_WITNESS_LOGS) needs TLOG_WITNESS_SIGNING_KEY too');
  }
  const witnesses = list(env.TLOG_WITNESSES).map((item, i) => {
    const [url, vkey, ...rest] = item.split(/\s+/);
    if (!url || !vkey || rest.length > 0 || !/^https?:\/\//.test(url)) throw new Error(`TLOG_WITNESSES[${i}] must be "<submission URL> <witness vkey>"`);
    return { url: url.replace(/\/+$/, ''), key: key(vkey, SIGNATURE_TYPE_COSIGNATURE_V1, `TLOG_WITNESSES[${i}]`) };
  });
  return {
    origin,
    checkpointIntervalMs: integer(env.TLOG_CHECKPOINT_INTERVAL_MS, 60_000, 'TLOG_CHECKPOINT_INTERVAL_MS'),
    sequenceIntervalMs: integer(env.TLOG_SEQUENCE_INTERVAL_MS, 2_000, 'TLOG_SEQUENCE_INTERVAL_MS'),
    keyFile: env.TLOG_KEY_FILE ? resolve(env.TLOG_KEY_FILE) : join(dataDirectory, 'transparency-keys.json'),
    signingKey: env.TLOG_SIGNING_KEY || undefined,
    witnessSigningKey: env.TLOG_WITNESS_SIGNING_KEY || undefined,
    witnessName: env.TLOG_WITNESS_NAME || `${origin}/witness`,
    witnessedLogs,
    witnesses,
  };
}

function list(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((item) => item.trim()).filter((item) => item.length > 0);
}

function key(vkey: string, type: number, name: string): Verifier {
  let verifier: Verifier;
  try {
    verifier = parseVkey(vkey);
  } catch (error) {
    throw new Error(`${name}: ${(error as Error).message}`);
  }
  if (verifier.type !== type) throw new Error(`${name} must be a vkey of type 0x0${type}`);
  return verifier;
}

function integer(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, not ${raw}`);
  return value;
}
