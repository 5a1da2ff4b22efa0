import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { attachmentsConfig, type AttachmentsConfig } from './attachments-config';
import { transparencyConfig, type TransparencyConfig } from './transparency-config';
import { retentionConfig, type RetentionConfig } from './retention-config';
import { caseNumberFormatOf, type CaseNumberFormat } from './case-number-format';
import { documentConfig, type DocumentConfig } from './document-config';
import { trainingClockSetting, type TrainingClockSetting } from './training-clock-setting';

export type HashAlgorithm = 'sha256' | 'sm3';
/** The AEAD that seals reporters' and accusers' identities at rest (src/sealed). */
export type SealedCipher = 'aes-256-gcm' | 'sm4-gcm';

/**
 * Where the keys for sealed values come from: `SEALED_KEY` (+ `SEALED_INDEX_KEY`, and
 * `SEALED_PREVIOUS_KEYS` while rotating) from the environment, or a key file outside the database.
 */
export interface SealedKeyConfig {
  /** The current encryption key, base64: 32 bytes for AES-256-GCM, 16 for SM4-GCM. */
  key?: string;
  /** The key of the blind index (HMAC-SHA-256 of account ids), base64, 32 bytes; with `key` only. */
  indexKey?: string;
  /** Keys that still decrypt what they sealed until `npm run rotate-sealed-key` re-encrypted it. */
  previousKeys: string[];
  /** The key file: used when no `key` is given; generated when missing outside production. */
  keyFile: string;
  /** Whether `keyFile` was configured (SEALED_KEY_FILE) rather than defaulted beside the database. */
  keyFileConfigured: boolean;
  /** The cipher of keys generated from now on (a new key file, a rotation). */
  cipher: SealedCipher;
  /** NODE_ENV=production: no key, no start; nothing is generated. */
  production: boolean;
  /** `SEALED_MISSING_KEYS=ignore`: start although the database holds values sealed under keys not configured. */
  ignoreMissingKeys: boolean;
}
export type DatabaseType = 'sqlite' | 'postgres';

/** Everything the service reads from its environment, checked once at start-up. */
export interface AppConfig {
  port: number;
  host: string;
  /** `sqlite` (one embedded file, one instance) or `postgres` (one server, several instances). */
  dbType: DatabaseType;
  /** The SQLite file; unused on PostgreSQL. */
  dbPath: string;
  /** The PostgreSQL connection URL; required when dbType is postgres. */
  databaseUrl?: string;
  /** Connections each instance keeps to PostgreSQL. */
  dbPoolSize: number;
  /** Demo accounts and cases on an empty database; never in production (`demoDataOf`). */
  demoData: boolean;
  /** NODE_ENV=production: no demo data, no generated key of sealed identities. */
  production: boolean;
  hashAlgorithm: HashAlgorithm;
  jwtSecret: string;
  tokenTtlSeconds: number;
  /** A JSON file adding or overriding years of the working-day calendar. */
  calendarFile?: string;
  /** A JSON file overriding time limits by rule name: `{"tolerance.acceptance": {"length": 7, "unit": "workingDays"}}`. */
  deadlineRulesFile?: string;
  /** How many working days before a deadline the party whose turn it is is reminded. */
  reminderWorkingDays: number;
  /**
   * The 三色 warning ladder's thresholds for every staff duty (WARNING_BLUE_PERCENT,
   * WARNING_YELLOW_WORKING_DAYS); a rule may have its own in DEADLINE_RULES_FILE.
   */
  warningLadder: { bluePercent: number; yellowWorkingDays: number };
  /** How often the scheduler looks for due deadlines; 0 turns the timer off (tests tick by hand). */
  deadlinePollMs: number;
  /**
   * Request limits per minute (`RATE_LIMIT=off` turns them all off: benchmarks, tests): the API per
   * account (bearer token) and, generously, per client address (an office behind one NAT shares
   * it); login per account name and, generously, per address.
   */
  rateLimit: { enabled: boolean; perMinute: number; perAccountPerMinute: number; loginPerMinute: number; loginPerAccountPerMinute: number };
  /** Origins allowed to call the API from a browser page they serve; none by default. */
  corsOrigins: string[];
  /** Behind a load balancer: take the client address from X-Forwarded-For (rate limits, logs). */
  trustProxy: boolean;
  /** SQLite: transitions arriving together share one durable commit (docs/performance.md). */
  groupCommit: boolean;
  sealed: SealedKeyConfig;
  /** The transparency log: origin, keys, checkpoint and sequencing intervals (src/config/transparency-config.ts). */
  transparency: TransparencyConfig;
  /** Retention of the trail's payloads, expired sessions and idempotency keys (src/config/retention-config.ts). */
  retention: RetentionConfig;
  /** A training instance's moved clock (CLOCK_OFFSET / CLOCK_START); absent on a real system. */
  training?: TrainingClockSetting;
  /** How case numbers are printed (CASE_NUMBER_FORMAT, CASE_NUMBER_KINDS; src/config/case-number-format.ts). */
  caseNumbers: CaseNumberFormat;
  /** Attachments: size limit, kinds allowed, the file store's directory (src/config/attachments-config.ts). */
  attachments: AttachmentsConfig;
  /** Official documents: fonts and the verification address (src/config/document-config.ts). */
  documents: DocumentConfig;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const hashAlgorithm = (env.HASH_ALGORITHM ?? 'sha256').toLowerCase();
  if (hashAlgorithm !== 'sha256' && hashAlgorithm !== 'sm3') {
    throw new Error(`HASH_ALGORITHM must be sha256 or sm3, not ${env.HASH_ALGORITHM}`);
  }
  const dbType = (env.DB_TYPE || 'sqlite').toLowerCase();
  if (dbType !== 'sqlite' && dbType !== 'postgres') throw new Error(`DB_TYPE must be sqlite or postgres, not ${env.DB_TYPE}`);
  if (dbType === 'postgres' && !env.DATABASE_URL) throw new Error('DB_TYPE=postgres needs DATABASE_URL (postgres://user:password@host:5432/database)');
  // A URL that would be silently ignored is a misconfiguration, not a preference.
  if (dbType === 'sqlite' && env.DATABASE_URL) throw new Error('DATABASE_URL is set but DB_TYPE is not postgres: set DB_TYPE=postgres, or unset DATABASE_URL');
  const dbPoolSize = integer(env.DB_POOL_SIZE, 10, 'DB_POOL_SIZE');
  if (dbPoolSize < 1) throw new Error('DB_POOL_SIZE must be at least 1');
  return {
    port: integer(env.PORT, 3000, 'PORT'),
    host: env.HOST ?? '127.0.0.1',
    dbType,
    dbPath: resolve(env.DB_PATH ?? 'data/cases.sqlite'),
    databaseUrl: env.DATABASE_URL || undefined,
    dbPoolSize,
    demoData: demoDataOf(env.DEMO_DATA, env.NODE_ENV === 'production'),
    production: env.NODE_ENV === 'production',
    hashAlgorithm,
    // Without a configured secret every start signs with a fresh one: old tokens stop working,
    // which is safe; deployments set JWT_SECRET so tokens survive restarts and span instances.
    jwtSecret: env.JWT_SECRET ?? randomBytes(32).toString('hex'),
    tokenTtlSeconds: integer(env.TOKEN_TTL_SECONDS, 8 * 3600, 'TOKEN_TTL_SECONDS'),
    calendarFile: env.CALENDAR_FILE ? resolve(env.CALENDAR_FILE) : undefined,
    deadlineRulesFile: env.DEADLINE_RULES_FILE ? resolve(env.DEADLINE_RULES_FILE) : undefined,
    reminderWorkingDays: integer(env.REMINDER_WORKING_DAYS, 2, 'REMINDER_WORKING_DAYS'),
    warningLadder: {
      bluePercent: integerBetween(env.WARNING_BLUE_PERCENT, 70, 'WARNING_BLUE_PERCENT', 1, 99),
      yellowWorkingDays: integerBetween(env.WARNING_YELLOW_WORKING_DAYS, 3, 'WARNING_YELLOW_WORKING_DAYS', 1, 30),
    },
    deadlinePollMs: integer(env.DEADLINE_POLL_MS, 30_000, 'DEADLINE_POLL_MS'),
    rateLimit: {
      enabled: onOff(env.RATE_LIMIT, true, 'RATE_LIMIT'),
      perMinute: integer(env.RATE_LIMIT_PER_MINUTE, 6000, 'RATE_LIMIT_PER_MINUTE'),
      perAccountPerMinute: integer(env.RATE_LIMIT_PER_ACCOUNT_PER_MINUTE, 600, 'RATE_LIMIT_PER_ACCOUNT_PER_MINUTE'),
      loginPerMinute: integer(env.LOGIN_RATE_LIMIT_PER_MINUTE, 600, 'LOGIN_RATE_LIMIT_PER_MINUTE'),
      loginPerAccountPerMinute: integer(env.LOGIN_RATE_LIMIT_PER_ACCOUNT_PER_MINUTE, 10, 'LOGIN_RATE_LIMIT_PER_ACCOUNT_PER_MINUTE'),
    },
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin.length > 0),
    trustProxy: onOff(env.TRUST_PROXY, false, 'TRUST_PROXY'),
    groupCommit: onOff(env.GROUP_COMMIT, true, 'GROUP_COMMIT'),
    sealed: sealedKeyConfig(env, dbType === 'sqlite' ? resolve(env.DB_PATH ?? 'data/cases.sqlite') : undefined),
    transparency: transparencyConfig(env, dbType === 'sqlite' ? dirname(resolve(env.DB_PATH ?? 'data/cases.sqlite')) : resolve('data')),
    retention: retentionConfig(env),
    training: trainingClockSetting(env),
    caseNumbers: caseNumberFormatOf(env.CASE_NUMBER_FORMAT, env.CASE_NUMBER_KINDS),
    attachments: attachmentsConfig(env, dbType === 'sqlite' ? resolve(env.DB_PATH ?? 'data/cases.sqlite') : undefined),
    documents: documentConfig(env, integer(env.PORT, 3000, 'PORT')),
  };
}

/**
 * The sealed-value keys' configuration. Without SEALED_KEY or SEALED_KEY_FILE the key file sits
 * beside the SQLite database (or in `data/` for PostgreSQL): fine for development and the demo,
 * where it is generated on first start; a production start (NODE_ENV=production) refuses instead.
 */
function sealedKeyConfig(env: NodeJS.ProcessEnv, sqlitePath: string | undefined): SealedKeyConfig {
  const cipher = (env.SEALED_CIPHER ?? 'aes-256-gcm').toLowerCase();
  if (cipher !== 'aes-256-gcm' && cipher !== 'sm4-gcm') throw new Error(`SEALED_CIPHER must be aes-256-gcm or sm4-gcm, not ${env.SEALED_CIPHER}`);
  const missing = (env.SEALED_MISSING_KEYS ?? 'refuse').toLowerCase();
  if (missing !== 'refuse' && missing !== 'ignore') throw new Error(`SEALED_MISSING_KEYS must be refuse or ignore, not ${env.SEALED_MISSING_KEYS}`);
  if (env.SEALED_KEY && env.SEALED_KEY_FILE) throw new Error('set SEALED_KEY or SEALED_KEY_FILE, not both');
  if (env.SEALED_INDEX_KEY && !env.SEALED_KEY) throw new Error('SEALED_INDEX_KEY goes with SEALED_KEY (a key file holds its own index key)');
  return {
    key: env.SEALED_KEY || undefined,
    indexKey: env.SEALED_INDEX_KEY || undefined,
    previousKeys: (env.SEALED_PREVIOUS_KEYS ?? '')
      .split(',')
      .map((key) => key.trim())
      .filter((key) => key.length > 0),
    keyFile: env.SEALED_KEY_FILE ? resolve(env.SEALED_KEY_FILE) : join(sqlitePath ? dirname(sqlitePath) : resolve('data'), 'sealed-keys.json'),
    keyFileConfigured: Boolean(env.SEALED_KEY_FILE),
    cipher,
    production: env.NODE_ENV === 'production',
    ignoreMissingKeys: missing === 'ignore',
  };
}

/**
 * The demo's accounts share a password the README prints, so demo data is for a first look and
 * for development only: loaded on an empty database unless NODE_ENV=production, where asking for
 * it stops the start with the reason.
 */
function demoDataOf(raw: string | undefined, production: boolean): boolean {
  if (!production) return (raw ?? 'on') !== 'off';
  if (raw === undefined || raw === '' || raw === 'off') return false;
  throw new Error(
    `DEMO_DATA=${raw} is refused with NODE_ENV=production: the demo accounts' password is published in the README. ` +
      'Unset DEMO_DATA; on an empty database INITIAL_ADMIN_PASSWORD creates the first administrators (docs/operations.md)',
  );
}

function onOff(raw: string | undefined, fallback: boolean, name: string): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on' || raw === 'off') return raw === 'on';
  throw new Error(`${name} must be on or off, not ${raw}`);
}

function integerBetween(raw: string | undefined, fallback: number, name: string, min: number, max: number): number {
  const value = integer(raw, fallback, name);
  if (value < min || value > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, not ${raw}`);
  return value;
}

function integer(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, not ${raw}`);
  return value;
}
