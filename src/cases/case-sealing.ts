import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StoredSnapshot } from '../../workflows/core';
import { TrailWriter, type AppendedEntry, type ChainHead, type TrailRecord } from '../trail/trail-writer';
import { SealedActors, pseudonymId, type ProtectedPerson } from '../sealed/sealed-actors';
import { SealedBox, SealedKeyMissingError } from '../sealed/sealed-box';
import { condition, DomainError } from '../common/domain-error';
import { isSealedForm, machineContextOf, sealedValuesOf, storedContextOf } from '../sealed/sealed-context';
import { storedSnapshotOf } from './case-snapshot';
import type { CaseEntity } from './case.entity';

/**
 * What the case engine needs to keep protected identities sealed (domain.md §4, issue 15): the
 * context's sealed part encrypted at rest and decrypted only for the machine, the accuser's
 * account stored as a blind index, and every trail entry by the protected person written under the
 * case's pseudonym.
 */
@Injectable()
export class CaseSealing {
  constructor(
    private readonly box: SealedBox,
    private readonly actors: SealedActors,
    private readonly trail: TrailWriter,
  ) {}

  /** The snapshot the machine runs on: the stored one with its sealed part decrypted. */
  machineSnapshot(row: CaseEntity): StoredSnapshot {
    const stored = storedSnapshotOf(row);
    if (!isSealedForm(stored.context.sealed)) return stored;
    return { ...stored, context: unsealed(() => machineContextOf(this.box, row.id, stored.context)) };
  }

  /**
   * The context as `cases.context` stores it, as text and as the object a view may read; where the
   * machine recorded the protected person as who acted, the procedure's pseudonym.
   */
  storedContext(caseId: string, procedure: string, context: Record<string, unknown>): { text: string; context: Record<string, unknown> } {
    const stored = storedContextOf(this.box, caseId, context, pseudonymId(this.actors.pseudonymOf(procedure).role));
    return { text: JSON.stringify(stored), context: stored };
  }

  /** The sealed values of a case, for a granted reveal. */
  sealedValues(row: CaseEntity): Record<string, unknown> {
    return unsealed(() => sealedValuesOf(this.box, row.id, storedSnapshotOf(row).context));
  }

  /** What `cases.accuser_user_id` stores: the blind index, never the account id. */
  accuserIndex(accuserUserId: string | undefined | null): string | null {
    return accuserUserId ? this.box.blind(accuserUserId) : null;
  }

  protectedPersonOf(row: Pick<CaseEntity, 'procedure' | 'accuserUserId'>): ProtectedPerson | undefined {
    return this.actors.protectedPersonOf(row);
  }

  /** An actor id as a column outside the trail may keep it (`created_by`): the pseudonym for the protected person. */
  columnActor(row: Pick<CaseEntity, 'procedure' | 'accuserUserId'>, actorId: string): string {
    const person = this.protectedPersonOf(row);
    return person && this.actors.isProtected(person, actorId) ? pseudonymId(person.role) : actorId;
  }

  /** Appends to a case's chain, under the pseudonym when the protected person acted. */
  append(manager: EntityManager, row: Pick<CaseEntity, 'procedure' | 'accuserUserId'>, record: TrailRecord, head?: ChainHead): Promise<AppendedEntry> {
    return this.actors.append(manager, this.trail, record, head, this.protectedPersonOf(row));
  }
}

/** A case sealed under a key this service lacks (a restore without it) is refused with a reason, not a crash. */
function unsealed<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof SealedKeyMissingError)) throw error;
    throw new DomainError('SEALED.KEY_MISSING', `This case's sealed identities are under key ${error.keyId}, which is not configured`, {
      conditions: [
        condition(
          'SEALED.KEY_MISSING',
          '本案保密信息的加密密钥须已配置（恢复备份时须一并配置原密钥）',
          "The key of this case's sealed identities must be configured (a restored backup needs the original key)",
        ),
      ],
    });
  }
}
