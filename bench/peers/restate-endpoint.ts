import './promise-with-resolvers';
import { createServer } from 'node:http2';
import * as restate from '@restatedev/restate-sdk';
import type { HashAlgorithm } from '../../src/config/app-config';
import {
  actorOf,
  answerOf,
  decideCaseEvent,
  peerTokenKey,
  UNAUTHENTICATED,
  type PeerAnswer,
  type PeerAuditRecord,
  type PeerCase,
  type Refusal,
} from './case-event';

/**
 * The Restate peer: the service's unit of work as a Restate virtual object, the way Restate's
 * documentation models keyed state. The object is named `cases` and its handler `events`, so the
 * Restate ingress itself answers `POST /cases/:id/events` (ingress URLs are
 * `/<object>/<key>/<handler>`): no HTTP front of ours stands between the load and Restate. Each
 * case is one object keyed by its id; Restate runs one `events` invocation per key at a time (an
 * exclusive handler), keeps the case and its audit records in the object's durable state, and
 * answers only once the invocation's journal and state changes are in its log.
 *
 * The handler checks the bearer token the ingress passes on in the request headers (Restate's own
 * ingress has no application authentication), reads the case, decides the event with the shared
 * code, and stores the next case and the one audit record under `trail:<position>`. A refusal is a
 * `TerminalError` with the HTTP status as its code, which the ingress hands back to the caller.
 *
 * Run by bench/peers/restate-peer.ts with PORT, TOKEN_SECRET and HASH_ALGORITHM.
 */
const algorithm = (process.env.HASH_ALGORITHM ?? 'sha256') as HashAlgorithm;
const tokenKey = peerTokenKey(required('TOKEN_SECRET'));

/** A seeded case and its trail so far, as the filled database holds them. */
interface Seed {
  record: PeerCase;
  trail: PeerAuditRecord[];
}

const cases = restate.object({
  name: 'cases',
  handlers: {
    events: async (ctx: restate.ObjectContext, body: unknown): Promise<PeerAnswer> => {
      // The journaled clock: a retried invocation sees the same time, so it records the same entry.
      const now = await ctx.date.now();
      const actor = actorOf(ctx.request().headers.get('authorization'), tokenKey, Math.floor(now / 1000));
      if (!actor) throw refusal(UNAUTHENTICATED);
      const current = await ctx.get<PeerCase>('case');
      const decision = await decideCaseEvent(current, body, actor, new Date(now).toISOString(), algorithm);
      if (!decision.ok) throw refusal(decision.refusal);
      ctx.set(`trail:${decision.record.position}`, decision.record);
      ctx.set('case', decision.next);
      return answerOf(decision.next);
    },
    /** Loads one case of the filled database before the run (the bench's fill, not the measured work). */
    seed: async (ctx: restate.ObjectContext, seed: Seed): Promise<void> => {
      for (const entry of seed.trail) ctx.set(`trail:${entry.position}`, entry);
      ctx.set('case', seed.record);
    },
  },
});

function refusal(refused: Refusal): restate.TerminalError {
  return new restate.TerminalError(JSON.stringify({ code: refused.code, message: refused.message, details: refused.details }), { errorCode: refused.status });
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const server = createServer(restate.createEndpointHandler({ services: [cases] }));
server.listen(Number(required('PORT')), '127.0.0.1', () => console.log(`restate endpoint listening on ${required('PORT')}`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => server.close(() => process.exit(0)));
