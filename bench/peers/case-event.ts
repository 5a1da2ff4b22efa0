import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { procedureRegistry } from '../../workflows';
import { applyEvent, acceptedEventTypes, type ProcedureDefinition, type StoredSnapshot } from '../../workflows/core';
import { entryHash, GENESIS_HASH, type HashedEntryFields } from '../../src/trail/chain-hash';
import { canonicalJson } from '../../src/trail/canonical-json';
import type { HashAlgorithm } from '../../src/config/app-config';
import { DomainError } from '../../src/common/domain-error';
import { verifyServiceToken } from '../../src/identity/token-verifier';
import { PayloadValidator } from '../../src/procedures/payload-validator';
import { redactSealed } from '../../src/procedures/sealing';

/**
 * The unit of work every implementation of the peer comparison does, written once so that the
 * peers (DBOS, Restate) run exactly the same steps as each other: check the bearer token, read the
 * case, refuse a stale version, validate the payload (the service's own validator, built from the
 * event's field specs), run the machine's transition with the engine's pure runtime
 * (`workflows/core` `applyEvent`: the same restore → transition → snapshot the service runs, so all
 * implementations step the very same XState machine the same way), and build the next case record
 * and its one audit record chained to the previous one with the service's `entryHash`. Storing them
 * durably is each peer's own business: that is what is compared.
 */

/** A case as a peer keeps it: the machine snapshot, its version and the head of its audit chain. */
export interface PeerCase {
  id: string;
  procedure: string;
  procedureVersion: number;
  version: number;
  snapshot: StoredSnapshot;
  trailHead: string;
  trailLength: number;
}

/** One audit record: the fields the service's trail hashes, plus the hash. */
export type PeerAuditRecord = HashedEntryFields & { hash: string };

/** Who sent the request, from the bearer token. */
export interface PeerActor {
  id: string;
  role: string;
}

export interface Refusal {
  status: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export type Decision = { ok: true; next: PeerCase; record: PeerAuditRecord } | { ok: false; refusal: Refusal };

/** What the caller gets back: the new state and version (the load reads these two). */
export interface PeerAnswer {
  id: string;
  state: string;
  version: number;
}

const registry = procedureRegistry();
const validator = new PayloadValidator();

/** The signing key of the bench's peer tokens (HS256, as the service's own). */
export const peerTokenKey = (secret: string): KeyObject => createSecretKey(Buffer.from(secret, 'utf8'));

/** A token as the service issues them (HS256, with an expiry), carrying the user id and the acting role. */
export function signPeerToken(key: KeyObject, actor: PeerActor, ttlSeconds = 3600): string {
  const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = segment({ alg: 'HS256', typ: 'JWT' });
  const payload = segment({ sub: actor.id, role: actor.role, exp: Math.floor(Date.now() / 1000) + ttlSeconds });
  const signature = createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/** The actor of an `Authorization: Bearer …` header, checked with the service's own verifier; undefined when it does not hold. */
export function actorOf(authorization: string | undefined, key: KeyObject, nowSeconds: number): PeerActor | undefined {
  const match = /^Bearer (\S+)$/.exec(authorization ?? '');
  if (!match) return undefined;
  const claims = verifyServiceToken(match[1], key, nowSeconds);
  if (!claims || typeof claims.sub !== 'string' || typeof claims.role !== 'string') return undefined;
  return { id: claims.sub, role: claims.role };
}

export const UNAUTHENTICATED: Refusal = { status: 401, code: 'AUTH.UNAUTHENTICATED', message: 'A valid bearer token is required' };

/**
 * Decides one event on one case: the refusal, or the next record and its audit record. Pure but
 * for the validator's promise: reads nothing and writes nothing, so a peer may run it inside its
 * transaction or durable handler as its documentation says.
 */
export async function decideCaseEvent(
  current: PeerCase | undefined | null,
  body: unknown,
  actor: PeerActor,
  at: string,
  algorithm: HashAlgorithm,
): Promise<Decision> {
  if (!current) return refuse(404, 'CASE.NOT_FOUND', 'No such case');
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return refuse(400, 'REQUEST.INVALID', 'The body must be a JSON object');
  const { type, expectedVersion, ...payload } = body as Record<string, unknown>;
  if (typeof type !== 'string' || !Number.isInteger(expectedVersion)) return refuse(400, 'REQUEST.INVALID', 'type and expectedVersion are required');
  const definition = registry.find(current.procedure, current.procedureVersion);
  if (!definition) return refuse(409, 'PROCEDURE.NOT_FOUND', `No procedure ${current.procedure}@${current.procedureVersion}`);
  if (expectedVersion !== current.version) {
    return refuse(409, 'CASE.STALE_VERSION', 'The case changed since you loaded it', { state: current.snapshot.value, currentVersion: current.version });
  }
  const spec = definition.events[type];
  if (!spec) return refuse(400, 'REQUEST.INVALID', `${definition.id} has no event ${type}`);
  if (!spec.roles.includes(actor.role as never)) return refuse(403, 'CASE.ROLE_NOT_ALLOWED', `Your role may not send ${type}`);
  if (!acceptedEventTypes(definition, current.snapshot).includes(type)) {
    return refuse(409, 'CASE.EVENT_NOT_ALLOWED', `${type} is not allowed in state ${current.snapshot.value}`, {
      state: current.snapshot.value,
      currentVersion: current.version,
    });
  }
  let data: Record<string, unknown>;
  try {
    data = await validator.validate(`${definition.id}@${definition.version}:${type}`, spec.fields, payload);
  } catch (error) {
    if (error instanceof DomainError) return refuse(400, error.code, error.message, error.details as Record<string, unknown>);
    throw error;
  }
  const result = applyEvent(definition, current.snapshot, { type, at, actor: { id: actor.id, role: actor.role as never }, data });
  if (!result.accepted) return refuse(409, 'CASE.GUARD_REFUSED', `The procedure's rules refuse ${type} in state ${current.snapshot.value}`);
  const record = auditRecord(definition, current, type, result.snapshot.value, actor, at, redactSealed(spec.fields, data), algorithm);
  const next: PeerCase = { ...current, version: current.version + 1, snapshot: result.snapshot, trailHead: record.hash, trailLength: record.position };
  return { ok: true, next, record };
}

function auditRecord(
  definition: ProcedureDefinition,
  current: PeerCase,
  event: string,
  toState: string,
  actor: PeerActor,
  at: string,
  data: Record<string, unknown>,
  algorithm: HashAlgorithm,
): PeerAuditRecord {
  const fields: HashedEntryFields = {
    streamId: current.id,
    position: current.trailLength + 1,
    caseId: current.id,
    procedure: definition.id,
    procedureVersion: definition.version,
    fromState: current.snapshot.value,
    event,
    toState,
    outcome: 'applied',
    refusalCode: null,
    actorId: actor.id,
    actorRole: actor.role,
    at,
    reason: typeof data.reason === 'string' ? data.reason : null,
    data: JSON.parse(canonicalJson(data)) as unknown,
    prevHash: current.trailLength === 0 ? GENESIS_HASH : current.trailHead,
    algorithm,
  };
  return { ...fields, hash: entryHash(fields) };
}

export const answerOf = (next: PeerCase): PeerAnswer => ({ id: next.id, state: next.snapshot.value, version: next.version });

function refuse(status: number, code: string, message: string, details?: Record<string, unknown>): Decision {
  return { ok: false, refusal: { status, code, message, details } };
}
