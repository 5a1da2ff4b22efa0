import { join, resolve } from 'node:path';

/** The transparency log's settings (README, "Configuration"; docs/audit.md, "The transparency log"). */
export interface TransparencyConfig {
  /** The checkpoints' origin line and the log key's name: names the body, e.g. `jw.jinan.example/case-trail`. */
  origin: string;
  /** How often a checkpoint is issued when the log grew (0: only on demand). */
  checkpointIntervalMs: number;
  /** How often committed entries are given their log index (0: only before a checkpoint, an export or a proof). */
  sequenceIntervalMs: number;
  /** The key file beside the database, generated at the first start (never inside the database, so never in a backup). */
  keyFile: string;
  /**
   * The log's signature for new keys (the first start's, a rotation's): Ed25519 (the default) or
   * SM2 (`TLOG_SIGNATURE=sm2`; docs/audit.md, "SM2 checkpoint signatures"). Keys already in the key
   * file keep their type, so moving from one to the other is a rotation with its overlap.
   */
  signature: 'ed25519' | 'sm2';
  /** Instead of the key file: the log's private key, base64: Ed25519, the 32-byte seed; SM2, its PKCS#8 DER. */
  signingKey?: string;
  /** With `signingKey`: the witness's cosignature key (32-byte seed), base64. */
  witnessSigningKey?: string;
  /** The key name of this deployment's witness key. */
  witnessName: string;
  /** As a witness: the logs this deployment cosigns (their Ed25519 vkeys; the key name is the log's origin). Parsed in src/trail. */
  witnessedLogs: string[];
  /** As a log: the witnesses it submits its checkpoints to: their submission prefix and cosignature vkey. */
  witnesses: Array<{ url: string; vkey: string }>;
}

export function transparencyConfig(env: NodeJS.ProcessEnv, dataDirectory: string): TransparencyConfig {
  const origin = env.TLOG_ORIGIN || 'localhost/case-trail';
  // The C2SP note format: a key name has no spaces and no plus sign.
  if (/[\s+]/.test(origin)) throw new Error(`TLOG_ORIGIN must hold no spaces and no +, not ${JSON.stringify(origin)}`);
  return {
    origin,
    checkpointIntervalMs: integer(env.TLOG_CHECKPOINT_INTERVAL_MS, 60_000, 'TLOG_CHECKPOINT_INTERVAL_MS'),
    sequenceIntervalMs: integer(env.TLOG_SEQUENCE_INTERVAL_MS, 2_000, 'TLOG_SEQUENCE_INTERVAL_MS'),
    keyFile: env.TLOG_KEY_FILE ? resolve(env.TLOG_KEY_FILE) : join(dataDirectory, 'transparency-keys.json'),
    signature: signatureOf(env.TLOG_SIGNATURE),
    signingKey: env.TLOG_SIGNING_KEY || undefined,
    witnessSigningKey: env.TLOG_WITNESS_SIGNING_KEY || undefined,
    witnessName: env.TLOG_WITNESS_NAME || `${origin}/witness`,
    witnessedLogs: list(env.TLOG_WITNESS_LOGS),
    witnesses: list(env.TLOG_WITNESSES).map((item, i) => {
      const [url, vkey, ...rest] = item.split(/\s+/);
      if (!url || !vkey || rest.length > 0 || !/^https?:\/\//.test(url)) throw new Error(`TLOG_WITNESSES[${i}] must be "<submission URL> <witness vkey>"`);
      return { url: url.replace(/\/+$/, ''), vkey };
    }),
  };
}

function signatureOf(raw: string | undefined): 'ed25519' | 'sm2' {
  const value = (raw || 'ed25519').toLowerCase();
  if (value !== 'ed25519' && value !== 'sm2') throw new Error(`TLOG_SIGNATURE must be ed25519 or sm2, not ${JSON.stringify(raw)}`);
  return value;
}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function integer(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, not ${raw}`);
  return value;
}
