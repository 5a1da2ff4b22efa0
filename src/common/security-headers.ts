import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import type { AppConfig } from '../config/app-config';

/**
 * Headers every answer carries: no framing, no MIME sniffing, no referrer, HSTS, and a content
 * policy that lets pages load only this service's own scripts (no inline script, no eval, nothing
 * from another origin). Inline styles stay allowed because diagram renderers write them.
 */
export async function applySecurityHeaders(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const headers = securityHeaders();
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
  // Closed unless origins are named: a page on another site cannot call the API with a user's token.
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      methods: ['GET', 'POST', 'PUT', 'PATCH'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
    });
  }
}

const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      // Helmet adds upgrade-insecure-requests by default: over plain HTTP on an intranet address
      // the browser then asks for every script over HTTPS and the pages never load. Where TLS is
      // used, HSTS (below, helmet's default) already keeps browsers on HTTPS.
      upgradeInsecureRequests: null,
    },
  },
  referrerPolicy: { policy: 'no-referrer' },
};

let computed: Record<string, string> | undefined;

/** The headers every answer carries, also for answers Fastify gives before any hook runs. */
export function securityHeaders(): Record<string, string> {
  computed ??= helmetHeaders(HELMET_OPTIONS);
  return computed;
}

/**
 * Helmet's headers, worked out once: with fixed options they are the same for every answer, and
 * running helmet's middleware per request cost as much as checking the caller's token.
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error as Error;
  });
  return headers;
}
