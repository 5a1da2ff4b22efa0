import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';

export type HashAlgorithm = 'sha256' | 'sm3';
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
  demoData: boolean;
  hashAlgorithm: HashAlgorithm;
  jwtSecret: string;
  tokenTtlSeconds: number;
  /** A JSON file adding or overriding years of the working-day calendar. */
  calendarFile?: string;
  /** A JSON file overriding time limits by rule name: `{"tolerance.acceptance": {"length": 7, "unit": "workingDays"}}`. */
  deadlineRulesFile?: string;
  /** How many working days before a deadline the party whose turn it is is reminded. */
  reminderWorkingDays: number;
  /** How often the scheduler looks for due deadlines; 0 turns the timer off (tests tick by hand). */
  deadlinePollMs: number;
  /** Per client address and minute; `RATE_LIMIT=off` turns both limits off (benchmarks, tests). */
  rateLimit: { enabled: boolean; perMinute: number; loginPerMinute: number };
  /** Origins allowed to call the API from a browser page they serve; none by default. */
  corsOrigins: string[];
  /** Behind a load balancer: take the client address from X-Forwarded-For (rate limits, logs). */
  trustProxy: boolean;
  /** SQLite: transitions arriving together share one durable commit (docs/performance.md). */
  groupCommit: boolean;
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
    demoData: (env.DEMO_DATA ?? 'on') !== 'off',
    hashAlgorithm,
    // Without a configured secret every start signs with a fresh one: old tokens stop working,
    // which is safe; deployments set JWT_SECRET so tokens survive restarts and span instances.
    jwtSecret: env.JWT_SECRET ?? randomBytes(32).toString('hex'),
    tokenTtlSeconds: integer(env.TOKEN_TTL_SECONDS, 8 * 3600, 'TOKEN_TTL_SECONDS'),
    calendarFile: env.CALENDAR_FILE ? resolve(env.CALENDAR_FILE) : undefined,
    deadlineRulesFile: env.DEADLINE_RULES_FILE ? resolve(env.DEADLINE_RULES_FILE) : undefined,
    reminderWorkingDays: integer(env.REMINDER_WORKING_DAYS, 2, 'REMINDER_WORKING_DAYS'),
    deadlinePollMs: integer(env.DEADLINE_POLL_MS, 30_000, 'DEADLINE_POLL_MS'),
    rateLimit: {
      enabled: onOff(env.RATE_LIMIT, true, 'RATE_LIMIT'),
      perMinute: integer(env.RATE_LIMIT_PER_MINUTE, 600, 'RATE_LIMIT_PER_MINUTE'),
      loginPerMinute: integer(env.LOGIN_RATE_LIMIT_PER_MINUTE, 10, 'LOGIN_RATE_LIMIT_PER_MINUTE'),
    },
    corsOrigins: (env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter((origin) => origin.length > 0),
    trustProxy: onOff(env.TRUST_PROXY, false, 'TRUST_PROXY'),
    groupCommit: onOff(env.GROUP_COMMIT, true, 'GROUP_COMMIT'),
  };
}

function onOff(raw: string | undefined, fallback: boolean, name: string): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on' || raw === 'off') return raw === 'on';
  throw new Error(`${name} must be on or off, not ${raw}`);
}

function integer(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, not ${raw}`);
  return value;
}
