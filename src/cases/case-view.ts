import {
  acceptedEventTypes,
  type Label,
  type ProcedureDefinition,
  type Role,
  type StoredSnapshot,
} from '../../workflows/core';
import type { AuthUser } from '../identity/auth-user';
import { isParty, STAFF_ROLES } from './case-access.policy';
import type { DeadlineEntity } from '../deadlines/deadline.entity';
import type { CaseEntity } from './case.entity';

export interface CaseLinkView {
  caseId: string;
  procedure: string;
  relation: string;
  state?: string;
}

export interface DeadlineView {
  rule: string;
  label: Label;
  dueAt: string;
  /** Whole calendar days from now to the due time; negative once it has passed. */
  daysLeft: number;
  status: string;
  /** The event the service sends on expiry; absent for a staff duty that is only flagged. */
  onExpiry: string | null;
}

export interface CaseView {
  id: string;
  procedure: string;
  procedureLabel: Label;
  procedureVersion: number;
  state: string;
  stateLabel: Label;
  status: string;
  turn: readonly Role[];
  version: number;
  allowedEvents: string[];
  data: Record<string, unknown>;
  links: { origin?: CaseLinkView; children: CaseLinkView[] };
  deadlines: DeadlineView[];
  createdAt: string;
  updatedAt: string;
  stateEnteredAt: string;
}

export function storedSnapshotOf(row: CaseEntity): StoredSnapshot {
  return { value: row.state, context: JSON.parse(row.context), status: row.status === 'done' ? 'done' : 'active' };
}

/** The role a user acts in for an event: the first of their roles the event allows. */
export function actingRole(user: AuthUser, allowed: readonly Role[]): Role | undefined {
  return user.roles.map((grant) => grant.role).find((role) => role !== 'system' && allowed.includes(role));
}

/** Events this (already visibility-checked) caller may try now: the state takes them, a role of theirs may send them, no recusal. */
export function allowedEventsFor(user: AuthUser, row: CaseEntity, definition: ProcedureDefinition): string[] {
  return acceptedEventTypes(definition, storedSnapshotOf(row)).filter((type) => {
    const role = actingRole(user, definition.events[type].roles);
    return role !== undefined && !(STAFF_ROLES.includes(role) && isParty(user, row));
  });
}

/** The case as a caller may see it: sealed values and the accuser's user id never leave. */
export function caseView(
  user: AuthUser,
  row: CaseEntity,
  definition: ProcedureDefinition,
  children: CaseLinkView[],
  deadlines: DeadlineView[] = [],
): CaseView {
  const { sealed: _sealed, parties, ...rest } = JSON.parse(row.context) as Record<string, unknown> & {
    parties?: Record<string, unknown>;
  };
  const { accuserUserId: _accuser, ...visibleParties } = parties ?? {};
  const stateSpec = definition.states[row.state];
  return {
    id: row.id,
    procedure: row.procedure,
    procedureLabel: definition.label,
    procedureVersion: row.procedureVersion,
    state: row.state,
    stateLabel: stateSpec?.label ?? { zh: row.state, en: row.state },
    status: row.status,
    turn: stateSpec?.turn ?? [],
    version: row.version,
    allowedEvents: allowedEventsFor(user, row, definition),
    data: { parties: visibleParties, ...rest },
    links: {
      origin: row.originCaseId ? { caseId: row.originCaseId, procedure: '', relation: row.originRelation ?? '' } : undefined,
      children,
    },
    deadlines,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    stateEnteredAt: row.stateEnteredAt,
  };
}

const DAY_MS = 24 * 3600 * 1000;

export function deadlineView(deadline: DeadlineEntity, definition: ProcedureDefinition, now: Date): DeadlineView {
  const spec = definition.states[deadline.state]?.deadline;
  return {
    rule: deadline.rule,
    label: spec?.label ?? { zh: deadline.rule, en: deadline.rule },
    dueAt: deadline.dueAt,
    daysLeft: Math.ceil((Date.parse(deadline.dueAt) - now.getTime()) / DAY_MS),
    status: deadline.status,
    onExpiry: deadline.onExpiry,
  };
}
