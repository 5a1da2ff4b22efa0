import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StoredSnapshot } from '../../workflows/core';
import { AuditTrailService, type AppendedEntry, type ChainHead, type TrailRecord } from '../audit/audit-trail.service';
import { SealedActors, pseudonymId, type ProtectedPerson } from '../sealed/sealed-actors';
import { SealedBox } from '../sealed/sealed-box';
import { isSealedForm, machineContextOf, sealedValuesOf, storedContextOf } from '../sealed/sealed-context';
import { storedSnapshotOf } from './case-view';
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
    private readonly trail: AuditTrailService,
  ) {}

  /** The snapshot the machine runs on: the stored one with its sealed part decrypted. */
  machineSnapshot(row: CaseEntity): StoredSnapshot {
    const stored = storedSnapshotOf(row);
    if (!isSealedForm(stored.context.sealed)) return stored;
    return { ...stored, context: machineContextOf(this.box, row.id, stored.context) };
  }

  /** The context as `cases.context` stores it, as text and as the object a view may read. */
  storedContext(caseId: string, context: Record<string, unknown>): { text: string; context: Record<string, unknown> } {
    const stored = storedContextOf(this.box, caseId, context);
    return { text: JSON.stringify(stored), context: stored };
  }

  /** The sealed values of a case, for a granted reveal. */
  sealedValues(row: CaseEntity): Record<string, unknown> {
    return sealedValuesOf(this.box, row.id, storedSnapshotOf(row).context);
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
