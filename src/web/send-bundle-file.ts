import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BundleFile } from './web-bundle';

/** Fingerprinted files never change under their name: a year, and no revalidation. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Pages keep their name across releases: the browser asks each time, and an unchanged page costs a 304. */
export const REVALIDATE = 'no-cache';

type Encoding = 'br' | 'gzip' | 'identity';

/**
 * The encoding to send from what the browser accepts (RFC 9110 §12.5.3): brotli before gzip
 * when both are accepted (smaller), none when neither is or both are refused with q=0.
 */
export function chooseEncoding(acceptEncoding: string | undefined, file: Pick<BundleFile, 'br' | 'gzip'>): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...parameters] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = parameters.map((parameter) => /^\s*q=([0-9.]+)\s*$/.exec(parameter)).find(Boolean);
    accepted.set(name, q ? Number(q[1]) : 1);
  }
  const weight = (name: string) => accepted.get(name) ?? accepted.get('*') ?? 0;
  if (file.br && weight('br') > 0) return 'br';
  if (file.gzip && weight('gzip') > 0) return 'gzip';
  return 'identity';
}

/** Sends one file of the bundle: its precompressed form where accepted, or a 304 when the browser holds it. */
export function sendBundleFile(request: FastifyRequest, reply: FastifyReply, file: BundleFile, cacheControl: string): FastifyReply {
  void reply.header('Content-Type', file.contentType).header('Cache-Control', cacheControl).header('ETag', file.etag).header('Vary', 'Accept-Encoding');
  const held = request.headers['if-none-match'];
  if (held && held.split(',').some((tag) => tag.trim().replace(/^W\//, '') === file.etag)) return reply.code(304).send();
  const encoding = chooseEncoding(request.headers['accept-encoding'], file);
  if (encoding === 'identity') return reply.send(file.body);
  // Set before sending, so that the on-the-fly compression of API answers leaves it alone.
  return reply.header('Content-Encoding', encoding).send(encoding === 'br' ? file.br : file.gzip);
}
