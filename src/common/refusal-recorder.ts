import type { FastifyRequest } from 'fastify';

/** The caller as the error filter knows them: set on the request by the auth guard. */
export interface RequestUser {
  id: string;
  roles: ReadonlyArray<{ role: string }>;
}

export type RefusedRequest = FastifyRequest & { user?: RequestUser };

/** What the error filter knows of a refusal it hands on. */
export interface RequestRefusal {
  code: string;
  correlationId: string;
}

/**
 * Where the error filter hands the refusals auditors must see (401, 403, 404 and lockouts on the
 * API). The filter itself writes nothing: the trail module records them (src/trail/request-refusals.ts).
 */
export abstract class RefusalRecorder {
  abstract record(request: RefusedRequest, refusal: RequestRefusal): Promise<void>;
}
