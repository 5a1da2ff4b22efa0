import { acceptedEventTypes, type ProcedureDefinition } from '../../workflows/core';
import { DomainError } from '../common/domain-error';
import type { CaseEntity } from './case.entity';
import { storedSnapshotOf } from './case-snapshot';

/** 409 before anything else is looked at: in this state the event cannot happen at all. */
export function assertStateTakes(definition: ProcedureDefinition, row: CaseEntity, type: string): void {
  if (!acceptedEventTypes(definition, storedSnapshotOf(row)).includes(type)) {
    throw new DomainError('CASE.EVENT_NOT_ALLOWED', `${type} is not possible in state ${row.state}`, conflictDetails(definition, row));
  }
}

/** What a 409 tells the caller: where the case is now and what it takes there. */
export function conflictDetails(definition: ProcedureDefinition, row: CaseEntity): Record<string, unknown> {
  return { state: row.state, currentVersion: row.version, allowedEvents: allowedNow(definition, row) };
}

export function allowedNow(definition: ProcedureDefinition, row: CaseEntity): string[] {
  return acceptedEventTypes(definition, storedSnapshotOf(row));
}
