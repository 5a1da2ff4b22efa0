import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * Checks a bearer token the service signed (HS256, as `JwtModule` is configured in
 * identity.module.ts) and returns its claims, or undefined. Every request asks, and the general
 * JWT library spent more time on this than the database on the request's reads, so the one
 * algorithm the service uses is checked here directly: the header must name HS256 (no `none`, no
 * other algorithm), the signature must be exactly the one the key gives (compared in constant
 * time), and the token must carry an expiry that has not passed.
 */
export function verifyServiceToken(token: string, key: KeyObject, nowSeconds: number): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts;
  const alg = parseSegment(header)?.alg;
  if (alg !== 'HS256') return undefined;
  const expected = Buffer.from(createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const claims = parseSegment(payload);
  if (!claims || typeof claims.exp !== 'number' || claims.exp <= nowSeconds) return undefined;
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > nowSeconds)) return undefined;
  return claims;
}

function parseSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
