import { STATE_ENTRY_START, type Label, type ProcedureDefinition, type Role, type StoredSnapshot } from '../../workflows/core';
import type { AuthUser } from '../identity/auth-user';
import { allowedEventsFor } from './actor-policy';
import type { CaseViewLevel } from './case-access.policy';
import type { DeadlineEntity } from '../deadlines/deadline.entity';
import { provisionalOf } from '../deadlines/provisional';
import type { CaseEntity } from './case.entity';
import { storedSnapshotOf } from './case-snapshot';
import { isSettledState } from './concluded-states';
import { partyStateViewOf } from './party-state';

export interface CaseLinkView {
  caseId: string;
  /** The linked case's number (济纪容〔2026〕3号): what a reader knows a case by; null before it has one. */
  caseNo: string | null;
  procedure: string;
  relation: string;
  state?: string;
}

export interface DeadlineView {
  rule: string;
  label: Label;
  /** The instant the limit counts from, and that day in the rule's words (e.g. 收到检举控告之日). */
  countedFrom: string;
  startsAt: Label;
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
  /**
   * The 三色 warning ladder's colour (超期预警: `blue`, `yellow`, `red`; null: none) as the scheduler
   * last set it, and since when. Internal supervision: staff and auditors only.
   */
  warning?: 'blue' | 'yellow' | 'red' | null;
  warningSince?: string;
}

/** A person or unit as a view names them: the id the API takes and the directory's name. */
export interface NamedRef {
  id: string;
  name: string;
}

/** The directory's names of the ids a case keeps (case-views.ts reads them). */
export interface CaseNames {
  cadre?: string;
  unit?: string;
  jurisdiction?: string;
  appealBody?: string;
}

export interface CaseView {
  id: string;
  /** 案件编号 (src/cases/case-numbers.ts); null only for a case the numbering migration could not reach. */
  caseNo: string | null;
  /** The cadre concerned and their unit, by name (the directory, src/org). */
  cadre: NamedRef;
  unit: NamedRef;
  /**
   * The body the case belongs to (its 辖区), by name: the record cites it where it names the
   * catalogue and committee the case was assessed under (issue 23 §5).
   */
  jurisdiction: NamedRef;
  /** The body one level up an appeal referred the case to (issue 18 §3); absent when never appealed. */
  appealBody?: NamedRef;
  procedure: string;
  procedureLabel: Label;
  procedureVersion: number;
  state: string;
  stateLabel: Label;
  /** `done` once the case is concluded (final, or settled with nobody's turn: see `revocable`), else `active`. */
  status: string;
  /** True for a concluded case whose decision a later event may still revoke (a closed tolerance case). */
  revocable?: boolean;
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
    /** The cadre's, unit's and bodies' names from the directory; an id not found there is shown as itself. */
    names?: CaseNames;
  },
): CaseView {
  const {
    sealed: _sealed,
    parties,
    ...rest
  } = storedSnapshotOf(row).context as Record<string, unknown> & {
    parties?: Record<string, unknown>;
  };
  const { accuserUserId: _accuser, ...visibleParties } = parties ?? {};
  const data =
    options.level === 'full'
      ? { parties: visibleParties, ...rest }
      : {
          parties: visibleParties,
          // The applicant's and the unit's own application; the organisation department reads results only.
          ...(rest.application && user.roles.some((grant) => grant.role === 'applicant' || grant.role === 'unit')
            ? { application: ownApplication(rest.application) }
            : {}),
          ...(rest.outcome ? { outcome: withoutOfficial(rest.outcome) } : {}),
        };
  // A party sees a state that only signed reports pass through as the anonymous report's state.
  const partyView = options.level === 'party' ? partyStateViewOf(definition, row.state, rest) : undefined;
  const state = partyView?.state ?? row.state;
  const stateSpec = definition.states[state];
  const settled = isSettledState(definition, state);
  // Only the case's own state: a party shown a substitute state (a signed report's notice steps
  // shown as closed) must see exactly what the anonymous report's party sees.
  const revocable = !partyView?.done && settled && row.status !== 'done';
  return {
    id: row.id,
    caseNo: row.caseNo ?? null,
    cadre: { id: row.cadreId, name: options.names?.cadre ?? row.cadreId },
    unit: { id: row.unitId, name: options.names?.unit ?? row.unitId },
    jurisdiction: { id: row.jurisdiction, name: options.names?.jurisdiction ?? row.jurisdiction },
    ...(row.appealBody ? { appealBody: { id: row.appealBody, name: options.names?.appealBody ?? row.appealBody } } : {}),
    procedure: row.procedure,
    procedureLabel: definition.label,
    procedureVersion: row.procedureVersion,
    state,
    stateLabel: stateSpec?.label ?? { zh: state, en: state },
    status: partyView?.done || settled ? 'done' : row.status,
    ...(revocable ? { revocable: true } : {}),
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

/**
 * A party learns that the body decided, not which official keyed the decision in (the timeline
 * says the same: party-timeline.ts): the outcome's stamp loses its account id and role.
 */
function withoutOfficial(outcome: unknown): unknown {
  if (typeof outcome !== 'object' || outcome === null || Array.isArray(outcome)) return outcome;
  const { by: _by, role: _role, ...rest } = outcome as Record<string, unknown>;
  return rest;
}

/**
 * The application as its party filed it (issue 23 §4): what they wrote, so that they can read it
 * and carry on with a draft; the last edit's date, not whose account keyed it in (an officer's,
 * when the organ opened the case on its own motion).
 */
function ownApplication(application: unknown): unknown {
  if (typeof application !== 'object' || application === null || Array.isArray(application)) return application;
  const { lastEdit, ...rest } = application as Record<string, unknown>;
  const at = typeof lastEdit === 'object' && lastEdit !== null ? (lastEdit as Record<string, unknown>).at : undefined;
  return { ...rest, ...(typeof at === 'string' ? { lastEdit: { at } } : {}) };
}

const DAY_MS = 24 * 3600 * 1000;

export function deadlineView(deadline: DeadlineEntity, definition: ProcedureDefinition, now: Date, level: CaseViewLevel = 'full'): DeadlineView {
  const spec = definition.states[deadline.state]?.deadline;
  const warning = deadline.warning && !deadline.warningWithdrawnAt ? (deadline.warning as DeadlineView['warning']) : null;
  return {
    rule: deadline.rule,
    label: spec?.label ?? { zh: deadline.rule, en: deadline.rule },
    countedFrom: deadline.countedFrom ?? deadline.createdAt,
    startsAt: spec?.startsAt?.label ?? STATE_ENTRY_START,
    dueAt: deadline.dueAt,
    daysLeft: Math.ceil((Date.parse(deadline.dueAt) - now.getTime()) / DAY_MS),
    status: deadline.status,
    onExpiry: deadline.onExpiry,
    ...provisionalOf(deadline.provisionalYears),
    ...(level === 'full' ? { warning, ...(warning && deadline.warningSince ? { warningSince: deadline.warningSince } : {}) } : {}),
  };
}
