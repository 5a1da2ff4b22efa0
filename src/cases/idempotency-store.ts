import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { lockNameUntilCommit } from '../database/row-locks';
import { IdempotencyKeyEntity } from './idempotency-key.entity';

/** What a request is, for its Idempotency-Key: where it goes (`POST /cases` or the case id) and what it says. */
export interface KeyedRequest {
  target: string;
  body: Record<string, unknown>;
}

/**
 * The first answer to a request sent with an Idempotency-Key, kept in the transaction that made
 * it, so a retry replays exactly what the first attempt committed and nothing else happens.
 */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly clock: Clock) {}

  /** The first answer to this key, or undefined; 409 IDEMPOTENCY.KEY_REUSED for a key used with another request. */
  async replay(
    manager: EntityManager,
    actorId: string,
    key: string | undefined,
    request: KeyedRequest,
  ): Promise<{ caseId: string; body: unknown } | undefined> {
    if (!key) return undefined;
    // Two instances given one key at once: the second waits for the first to commit, then replays it.
    await lockNameUntilCommit(manager, `idempotency:${actorId}:${key}`);
    const found = await manager.getRepository(IdempotencyKeyEntity).findOneBy({ actorId, key });
    if (!found) return undefined;
    if (found.requestHash !== requestHash(request)) {
      throw new DomainError('IDEMPOTENCY.KEY_REUSED', 'This Idempotency-Key was used for a different request');
    }
    const body = JSON.parse(found.response) as { id: string };
    return { caseId: body.id, body };
  }

  async save(manager: EntityManager, actorId: string, key: string | undefined, request: KeyedRequest, statusCode: number, body: unknown): Promise<void> {
    if (!key) return;
    await manager.getRepository(IdempotencyKeyEntity).insert({
      actorId,
      key,
      requestHash: requestHash(request),
      statusCode,
      response: JSON.stringify(body),
      createdAt: this.clock.now().toISOString(),
    });
  }
}

function requestHash(request: KeyedRequest): string {
  const { idempotencyKey: _key, ...rest } = request.body;
  return createHash('sha256')
    .update(JSON.stringify([request.target, rest]))
    .digest('hex');
}
