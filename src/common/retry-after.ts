import type { FastifyReply } from 'fastify';

/** When nothing more precise is known, the length of the rate limits' window. */
const DEFAULT_SECONDS = 60;

/**
 * The standard `Retry-After` (RFC 9110 §10.2.3, in seconds) of a 429, from what the refusal knows:
 * the throttler's own per-limit headers (`Retry-After-api`, `Retry-After-login`: the longest
 * wins), a `retryAfterSeconds` in the refusal's details, or the time until a locked account opens
 * again (`lockedUntil`). Never less than one second, so clients do not retry at once.
 */
export function retryAfterSeconds(reply: FastifyReply, details: unknown, now: Date): number {
  const fromHeaders = Object.entries(reply.getHeaders())
    .filter(([name]) => name.toLowerCase().startsWith('retry-after-'))
    .map(([, value]) => Number(value))
    .filter((value) => Number.isFinite(value));
  if (fromHeaders.length > 0) return atLeastOne(Math.max(...fromHeaders));
  const known = details as { retryAfterSeconds?: unknown; lockedUntil?: unknown } | undefined;
  if (typeof known?.retryAfterSeconds === 'number' && Number.isFinite(known.retryAfterSeconds)) return atLeastOne(known.retryAfterSeconds);
  if (typeof known?.lockedUntil === 'string') {
    const until = Date.parse(known.lockedUntil);
    if (Number.isFinite(until)) return atLeastOne((until - now.getTime()) / 1000);
  }
  return DEFAULT_SECONDS;
}

function atLeastOne(seconds: number): number {
  return Math.max(1, Math.ceil(seconds));
}
