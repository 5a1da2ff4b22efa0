import {
  acceptedEventTypes,
  possibleEventTypes,
  type Label,
  type ProcedureDefinition,
  type Role,
  type StoredSnapshot,
} from '../../workflows/core';
import type { AuthUser } from '../identity/auth-user';
import { isParty, STAFF_ROLES, type CaseViewLevel } from './case-access.policy';
import { dutyConflict } from './separation-of-duties';
import type { DeadlineEntity } from '../deadlines/deadline.entity';
import { provisionalOf } from '../deadlines/provisional';
import type { CaseEntity } from './case.entity';
import { partyStateViewOf } from './party-state';
import { actorFor } from './acting-actor';

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
  /**
   * True when the due date counts Monday to Friday for a year whose holiday schedule is not loaded
   * yet; it is recomputed when the year arrives, and meanwhile never fires its expiry.
   */
  provisional: boolean;
  /** With `provisional`: those years, and why, in both languages. */
  provisionalYears?: number[];
  provisionalReason?: Label;
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
  /** `full` for staff and auditors, `party` for the cadre, applicant, unit and organisation department. */
  view: CaseViewLevel;
  allowedEvents: string[];
  data: Record<string, unknown>;
  links: { origin?: CaseLinkView; children: CaseLinkView[] };
  deadlines: DeadlineView[];
  createdAt: string;
  updatedAt: string;
  stateEnteredAt: string;
}

/**
 * The machine snapshot a row stores, parsed once per row object: one request asks for it several
 * times (checks, the transition, the answer). Nothing may change the parsed context in place.
 */
export function storedSnapshotOf(row: CaseEntity): StoredSnapshot {
  const parsed = parsedSnapshots.get(row);
  if (parsed && parsed.from === row.context && parsed.snapshot.value === row.state) return parsed.snapshot;
  const snapshot: StoredSnapshot = { value: row.state, context: JSON.parse(row.context), status: row.status === 'done' ? 'done' : 'active' };
  parsedSnapshots.set(row, { from: row.context, snapshot });
  return snapshot;
}

/** A row written from a snapshot already in hand needs no parse. */
export function rememberSnapshot(row: CaseEntity, snapshot: StoredSnapshot): void {
  parsedSnapshots.set(row, { from: row.context, snapshot });
}

const parsedSnapshots = new WeakMap<CaseEntity, { from: string; snapshot: StoredSnapshot }>();

/** The role a user acts in for an event: the first of their roles the event allows. */
export function actingRole(user: AuthUser, allowed: readonly Role[]): Role | undefined {
  return rolesAllowed(user, allowed)[0];
}

function rolesAllowed(user: AuthUser, allowed: readonly Role[]): Role[] {
  return user.roles.map((grant) => grant.role).filter((role) => role !== 'system' && allowed.includes(role));
}

export type ActingChoice = { role: Role } | { refusal: 'CASE.ROLE_NOT_ALLOWED' | 'CASE.RECUSED' | 'CASE.DUTY_CONFLICT'; rule?: string };

/**
 * The role the user may send this event in, or why not: none of their roles may send it; they are
 * a party to the case (回避); or each such role conflicts with a role they already played on it.
 */
export function chooseActingRole(user: AuthUser, row: CaseEntity, allowed: readonly Role[], played: ReadonlySet<string>): ActingChoice {
  const roles = rolesAllowed(user, allowed);
  if (roles.length === 0) return { refusal: 'CASE.ROLE_NOT_ALLOWED' };
  const party = isParty(user, row);
  const unrecused = roles.filter((role) => !(party && STAFF_ROLES.includes(role)));
  if (unrecused.length === 0) return { refusal: 'CASE.RECUSED' };
  const free = unrecused.find((role) => dutyConflict(played, role) === undefined);
  return free ? { role: free } : { refusal: 'CASE.DUTY_CONFLICT', rule: dutyConflict(played, unrecused[0]) };
}

/**
 * Events this (already visibility-checked) caller may take now: the state takes them, a role of
 * theirs may send them, and the procedure's rules on the case could let them pass with some
 * payload (issue 19 §6: no 「批准延期」 while nobody asked for an extension). `machine` is the
 * snapshot the machine runs on (its sealed part decrypted); `at` is now.
 */
export function allowedEventsFor(
  user: AuthUser,
  row: CaseEntity,
  definition: ProcedureDefinition,
  played: ReadonlySet<string> = NONE,
  machine?: { snapshot: StoredSnapshot; at: string },
): string[] {
  return acceptedEventTypes(definition, storedSnapshotOf(row)).filter((type) => {
    const choice = chooseActingRole(user, row, definition.events[type].roles, played);
    if (!('role' in choice)) return false;
    if (!machine) return true;
    return possibleEventTypes(definition, machine.snapshot, actorFor(user, choice.role, row.jurisdiction), machine.at).includes(type);
  });
}

const NONE: ReadonlySet<string> = new Set();

/**
 * The case as a caller may see it. Sealed values and the accuser's user id never leave. A party
 * (cadre, applicant, unit, organisation department) sees who the case concerns and the result,
 * never the internal record (verification notes, review opinions, votes); their timeline is
 * `GET /api/cases/:id/trail`, filtered to their milestones.
 */
export function caseView(
  user: AuthUser,
  row: CaseEntity,
  definition: ProcedureDefinition,
  options: {
    level: CaseViewLevel;
    children?: CaseLinkView[];
    origin?: CaseLinkView;
    deadlines?: DeadlineView[];
    played?: ReadonlySet<string>;
    /** A party's times: the last change and state entry they can see (party-timeline.ts). */
    times?: { updatedAt: string; stateEnteredAt: string };
    /** The machine's snapshot and now: events are offered only when the rules could let them pass. */
    machine?: { snapshot: StoredSnapshot; at: string };
  },
): CaseView {
  const { sealed: _sealed, parties, ...rest } = storedSnapshotOf(row).context as Record<string, unknown> & {
    parties?: Record<string, unknown>;
  };
  const { accuserUserId: _accuser, ...visibleParties } = parties ?? {};
  const data = options.level === 'full' ? { parties: visibleParties, ...rest } : { parties: visibleParties, ...(rest.outcome ? { outcome: rest.outcome } : {}) };
  // A party sees a state that only signed reports pass through as the anonymous report's state.
  const partyView = options.level === 'party' ? partyStateViewOf(definition, row.state, rest) : undefined;
  const state = partyView?.state ?? row.state;
  const stateSpec = definition.states[state];
  return {
    id: row.id,
    procedure: row.procedure,
    procedureLabel: definition.label,
    procedureVersion: row.procedureVersion,
    state,
    stateLabel: stateSpec?.label ?? { zh: state, en: state },
    status: partyView?.done ? 'done' : row.status,
    turn: partyView?.done ? [] : (stateSpec?.turn ?? []),
    version: row.version,
    view: options.level,
    allowedEvents: allowedEventsFor(user, row, definition, options.played, options.machine),
    data,
    links: { origin: options.origin, children: options.children ?? [] },
    deadlines: options.deadlines ?? [],
    createdAt: row.createdAt,
    updatedAt: options.times?.updatedAt ?? row.updatedAt,
    stateEnteredAt: options.times?.stateEnteredAt ?? row.stateEnteredAt,
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
    ...provisionalOf(deadline.provisionalYears),
  };
}
