/**
 * How long the trail keeps each kind of payload, and when expired sessions and idempotency keys go
 * (issue 22 §4; README, "Configuration"; docs/audit.md, "Retention").
 *
 * `TRAIL_RETENTION_DAYS` is a list `kind=days,…`. A kind is a chain that belongs to no case
 * (`security`, `admin`, `audit-reads`) or a procedure (`tolerance`, `correction`…: the trails of
 * its closed cases). A kind not listed is never retired: the case file follows the archive rules,
 * which the deployment states here. Nothing is kept for less than 184 days (等保 2.0 asks six
 * months of logs), so a shorter period is refused at start.
 */
export interface RetentionConfig {
  /** Days each kind of payload is kept before an audit administrator may retire it. */
  trailDays: Record<string, number>;
  /** How long an idempotency key is honoured (a retry after that is a new request). */
  idempotencyKeyDays: number;
  /** How long a proposal to retire payloads waits for a second audit administrator before it lapses. */
  proposalHours: number;
  /** How often expired sessions and idempotency keys are purged (0: never). */
  purgeIntervalMs: number;
}

export const MINIMUM_RETENTION_DAYS = 184;

const DEFAULT_TRAIL_DAYS = 'security=184,audit-reads=184,admin=1095';

export function retentionConfig(env: NodeJS.ProcessEnv): RetentionConfig {
  const trailDays: Record<string, number> = {};
  for (const item of (env.TRAIL_RETENTION_DAYS ?? DEFAULT_TRAIL_DAYS).split(',').map((part) => part.trim())) {
    if (item === '') continue;
    const match = /^([A-Za-z][\w-]*)=(\d+)$/.exec(item);
    if (!match) throw new Error(`TRAIL_RETENTION_DAYS: "${item}" is not kind=days`);
    const days = Number(match[2]);
    if (days < MINIMUM_RETENTION_DAYS)
      throw new Error(`TRAIL_RETENTION_DAYS: ${match[1]} is kept ${days} days, fewer than the ${MINIMUM_RETENTION_DAYS} the rules ask`);
    trailDays[match[1]] = days;
  }
  return {
    trailDays,
    idempotencyKeyDays: whole(env.IDEMPOTENCY_KEY_DAYS, 7, 'IDEMPOTENCY_KEY_DAYS'),
    proposalHours: atLeastOne(whole(env.RETENTION_PROPOSAL_HOURS, 24, 'RETENTION_PROPOSAL_HOURS'), 'RETENTION_PROPOSAL_HOURS'),
    purgeIntervalMs: whole(env.PURGE_INTERVAL_MS, 3_600_000, 'PURGE_INTERVAL_MS'),
  };
}

function whole(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, not ${raw}`);
  return value;
}

function atLeastOne(value: number, name: string): number {
  if (value < 1) throw new Error(`${name} must be at least 1`);
  return value;
}
