import { Header } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHash } from 'node:crypto';

/**
 * For GET answers the browser may keep and ask again about (`Revalidated()`): the answer's hash as
 * its ETag, and a 304 without the body when the browser already holds that answer. `private`: only
 * the user's own browser keeps it, never a proxy; `no-cache`: it asks every time, so a changed
 * answer is seen at once. For data that is the same for everyone and changes rarely (the
 * procedure tables: 200 KB read on every page load); answers about cases are not kept.
 */
export const REVALIDATED = 'private, no-cache';

export const Revalidated = (): MethodDecorator => Header('Cache-Control', REVALIDATED);

export function answerNotModified(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (request, reply, payload, done) => {
      if (request.method !== 'GET' || reply.statusCode !== 200 || typeof payload !== 'string' || reply.getHeader('ETag') !== undefined)
        return done(null, payload);
      if (reply.getHeader('Cache-Control') !== REVALIDATED) return done(null, payload);
      const etag = `"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;
      void reply.header('ETag', etag);
      const held = request.headers['if-none-match'];
      if (held && held.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
        void reply.code(304).removeHeader('Content-Type');
        return done(null, '');
      }
      done(null, payload);
    });
}
