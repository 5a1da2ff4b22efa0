import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { RefusalRecorder, type RefusedRequest, type RequestRefusal } from '../common/refusal-recorder';
import { Refusals } from './refusals';
import { storableText } from './storable-text';
import type { EntrySealing } from './trail-writer';

/**
 * How a refused caller's entry is sealed when they are the protected person of the case the
 * route names (src/sealed/protected-refusals.ts provides it; the application module binds it).
 */
export abstract class RefusalSealing {
  abstract sealingFor(user: { id: string } | undefined, params: Record<string, unknown> | undefined, ip: string | undefined): Promise<EntrySealing | undefined>;
}

/**
 * Every authorization refusal on the API lands on the `security` chain with who, what and when:
 * the route pattern (so probes of many ids group under one name), the caller or, for a failed
 * login, the account name tried, the path, the client address and the correlation id.
 */
@Injectable()
export class RequestRefusals extends RefusalRecorder {
  constructor(
    private readonly refusals: Refusals,
    private readonly sealing: RefusalSealing,
  ) {
    super();
  }

  async record(request: RefusedRequest, refusal: RequestRefusal): Promise<void> {
    const path = (request.url ?? '').split('?')[0];
    const user = request.user;
    // A refused login got past its body's validation: the name tried is text.
    const tried = (request.body as { username?: unknown } | undefined)?.username;
    const attemptedUser = path === '/api/auth/login' ? storableText(typeof tried === 'string' ? tried : '', 64) : undefined;
    // A case's protected person refused on a route naming that case is written under its pseudonym.
    const sealing = await this.sealing.sealingFor(user, (request as { params?: Record<string, unknown> }).params, request.ip);
    await this.refusals.onSecurityChain(
      {
        event: `${request.method} ${routeOf(request) ?? path}`,
        actorId: user?.id ?? (attemptedUser ? `anonymous:${attemptedUser}` : 'anonymous'),
        actorRole: user?.roles[0]?.role ?? 'anonymous',
        outcome: 'refused',
        refusalCode: refusal.code,
        data: { path: path.slice(0, 200), ip: request.ip, correlationId: refusal.correlationId },
      },
      sealing,
    );
  }
}

/** The route pattern (`/api/cases/:id`), so the log groups probes of many ids under one name. */
function routeOf(request: FastifyRequest): string | undefined {
  return (request as { routeOptions?: { url?: string } }).routeOptions?.url;
}
