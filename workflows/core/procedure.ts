import type { AnyStateMachine } from 'xstate';
import type { EventFacts, FactRequest } from './facts';
import type { FieldSpecs, PayloadOf } from './fields';
import type { Label } from './label';
import type { RecordSpec } from './record-labels';
import type { Actor, Role } from './roles';
import type { UnmetCondition } from './rules';

/**
 * What every event sent to a machine looks like. The engine builds it: `at` is the server's time
 * (ISO 8601, UTC) — machines never read a clock — and `actor` comes from the authenticated user.
 * `data` is the validated payload, shaped by the event's `fields`.
 */
export interface ProcedureEvent<TType extends string = string, TData = Record<string, unknown>> {
  type: TType;
  at: string;
  actor: Actor;
  data: TData;
  /**
   * The time limits in force for the procedure's rules, by rule name: the defaults of its table
   * with the jurisdiction's own lengths over them. The engine fills it on every event, so a guard
   * that checks a window (`limitInForce`) gives the jurisdiction's length, not the default; the
   * machine still never reads configuration. Absent (machine tests): the defaults apply.
   */
  limits?: Readonly<Record<string, Duration>>;
  /**
   * What the engine looked up for this step outside the case (the committee, the catalogue, the
   * filing register), as the event's table asks (`EventSpec.facts`); never from the caller.
   */
  facts?: EventFacts;
}

/**
 * The event union of a machine, inferred from its fields file: one event per key, its `data`
 * typed by that event's field specs. No payload type is written by hand.
 */
export type EventsOf<T extends Record<string, FieldSpecs>> = { [K in keyof T & string]: ProcedureEvent<K, PayloadOf<T[K]>> }[keyof T & string];

/** The input a machine starts from (`POST /api/cases`, or a follow-up opened by another case). */
export interface ProcedureInput<TData = Record<string, unknown>> {
  at: string;
  actor: Actor;
  data: TData;
  /** Set when another case opened this one (e.g. the tolerance case behind a correction case). */
  origin?: { caseId: string; procedure: string };
}

/** The people a case concerns; the engine uses them for visibility and recusal (domain.md §2). */
export interface CaseParties {
  /** The cadre concerned (当事干部 / 被举报人): a user id. */
  cadreId: string;
  /** Who filed, when not the cadre (the unit on the cadre's behalf). */
  applicantId?: string;
  /** The cadre's unit (所在单位) code. */
  unitId: string;
  /** A user id of the reporter or accuser, when that person is a user; sealed like the identity. */
  accuserUserId?: string;
}

/** Every machine's context carries these; the rest is the procedure's own record. */
export interface BaseContext {
  parties: CaseParties;
  /** Sealed values (reporter's and accuser's identity); views and the trail never show them. */
  sealed: Record<string, unknown>;
}

import type { Duration } from './time';

// A length of time is defined with the calendar arithmetic (time.ts), which needs nothing else.
export type { Duration, TimeUnit } from './time';

/**
 * The day a limit counts from, next to its length in the table (domain.md §4: each limit runs from
 * the day the rule names — a report's acceptance notice from the day it was received, not the day
 * it was registered).
 */
export interface DeadlineStart {
  /** The day in the rule's own words, e.g. 收到检举控告之日. */
  label: Label;
  /**
   * Where the record keeps that day (`YYYY-MM-DD`, or an ISO instant); absent: the day the case
   * entered the state. A day later than that entry counts from the entry: a limit never starts
   * after the step it belongs to, so a date keyed in wrongly cannot buy time.
   */
  day?: (context: any) => string | undefined;
}

/** Where a limit counts from when its table names no day: the day the case entered the state. */
export const STATE_ENTRY_START: Label = { zh: '进入本环节之日', en: 'The day the case entered this step' };

/**
 * The time limit that runs while a case is in a state. Its clock starts on the day `startsAt`
 * names (by default when the state is entered). Numbers are defaults a jurisdiction can override
 * by `rule` name (domain.md: "defaults that each jurisdiction configures").
 */
export interface DeadlineSpec extends Duration {
  /** Stable name, e.g. `tolerance.acceptance`; configuration overrides refer to it. */
  rule: string;
  label: Label;
  /** The day the limit counts from; absent: the day the case entered the state. */
  startsAt?: DeadlineStart;
  /**
   * The machine checks this limit itself (a window a guard enforces, a default date an order
   * fixes) with the length the engine passes in `ProcedureEvent.limits`: it can only count calendar
   * days or months, so a jurisdiction may not set it in working days.
   */
  countedByMachine?: true;
  /**
   * The event the `system` actor sends on expiry (silence counts as withdrawal, deemed receipt…).
   * Absent: the deadline is a duty on staff, so expiry marks it overdue and notifies, but the case
   * does not move by itself.
   */
  onExpiry?: string;
  /** Time added by an approved extension recorded in the context (e.g. verification +30 days). */
  extension?: (context: any) => Duration | undefined;
  /** A due date the case itself fixes (a rectification deadline set in the order), `YYYY-MM-DD`. */
  dueDate?: (context: any) => string | undefined;
  /**
   * Whether the limit runs for this case at all (absent: always). A state some of whose cases owe
   * nothing (a closed tolerance case with an impact period, among exempted ones) opens it only where
   * the record asks for it.
   */
  appliesTo?: (context: any) => boolean;
  /**
   * Roles told when the limit runs out and its event has moved the case (the organisation
   * department, when a cadre's impact period ends): a notice to each, within its scope.
   */
  notifyOnExpiry?: readonly Role[];
  /**
   * Not shown to the parties: a limit that runs only for signed reports (a notice owed to the
   * reporter), or one whose presence or timing would tell them so (domain.md §4: whether a report
   * was signed is identity too).
   */
  hiddenFromParties?: boolean;
}

/** How the parties see a state; see `StateSpec.partyView`. */
export interface PartyStateView {
  state: string;
  /** The case is over as far as the parties are concerned (what remains is a notice to the reporter). */
  done: boolean;
}

export interface StateSpec {
  label: Label;
  /** Whose move it is now; empty in final states. */
  turn: readonly Role[];
  /** Index into the procedure's `phases`, for the applicant's "step i of n" progress bar. */
  phase: number;
  deadline?: DeadlineSpec;
  /**
   * A state that exists only because the report was signed (a notice owed to the reporter): the
   * parties are shown the state the case would be in had it been anonymous, so their view never
   * tells a signed report from an anonymous one (domain.md §4).
   */
  partyView?: (context: any) => PartyStateView;
}

export interface EventSpec {
  label: Label;
  /** Who may send this event. `system` alone: only the service sends it. */
  roles: readonly Role[];
  fields: FieldSpecs;
  /**
   * Shown on the applicant's own timeline (submitted, accepted, decision, requests to them).
   * Internal deliberation (drafts, reviewer remarks, votes) is not.
   */
  applicantMilestone?: boolean;
  /**
   * An option open to its roles beside the step that is theirs (withdrawing an application, editing
   * a draft): the pages offer it, but never list it as what is expected of them (issue 23 §16).
   */
  optional?: boolean;
  /** What the engine looks up and hands to the machine with the event (`event.facts`). */
  facts?: FactRequest;
  /**
   * Issue 18 §3, an appeal one level up: `refer` hands the case to the parent body of its own (the
   * engine records that body on the case; its staff then see the case), `decide` is the parent
   * body's step: only staff of the body the case was referred to may send it.
   */
  oneLevelUp?: 'refer' | 'decide';
}

/** An event's table entry without its fields, which the procedure's fields file declares. */
export type EventEntry = Omit<EventSpec, 'fields'>;

/**
 * The events table: every event of the fields file gets its label, roles and milestone flag here
 * (the compiler refuses a missing or an extra one), in the order given.
 */
export function eventTable<T extends Record<string, FieldSpecs>>(
  fields: T,
  entries: { [K in keyof T & string]: EventEntry },
): Record<keyof T & string, EventSpec> {
  return Object.fromEntries(Object.entries(entries).map(([type, entry]) => [type, { ...(entry as EventEntry), fields: fields[type] }])) as Record<
    keyof T & string,
    EventSpec
  >;
}

/** Which roles may open a case of this procedure directly, and with what data. */
export interface CreationSpec {
  roles: readonly Role[];
  fields: FieldSpecs;
  label: Label;
  /**
   * How the opening reads to a role that opens it differently: its name, and the fields that are
   * not that role's to fill (an applicant applies; only an officer opens 主动容错 with its reason).
   * A user with a role absent here sees `label` and every field (issue 23 §12).
   */
  asRole?: Partial<Record<Role, { label: Label; hiddenFields?: readonly string[] }>>;
  /**
   * false: the opening is not on the parties' timeline (the registration of a report lead, whose
   * channel and signature are the reporter's, not the cadre's, business). Default true.
   */
  partyMilestone?: boolean;
  /**
   * Rules on the opening itself (a date received that lies in the future): the engine refuses an
   * opening with unmet conditions (409 `CASE.GUARD_REFUSED`) before anything is written.
   */
  checks?: (input: ProcedureInput<any>) => UnmetCondition[];
}

/**
 * One version of one procedure: the machine and the table that the engine, the API, the pages
 * and the docs all read. Nothing outside `workflows/` needs procedure-specific code.
 */
export interface ProcedureDefinition<TMachine extends AnyStateMachine = AnyStateMachine> {
  id: ProcedureId;
  version: number;
  label: Label;
  machine: TMachine;
  creation: CreationSpec;
  events: Record<string, EventSpec>;
  states: Record<string, StateSpec>;
  /** The milestones of the applicant's progress bar, in order. */
  phases: readonly Label[];
  /**
   * How the pages label the case's record (the context as the case view shows it): a label for
   * every key, nested keys and enum values included (`GET /api/procedures` carries it).
   */
  record: RecordSpec;
  /**
   * The accuser is the person this case is about (a false-accusation case): they may see it and
   * act in it as an applicant, e.g. to ask for review of a sanction (domain.md §3.4 step 5).
   */
  accuserIsSubject?: boolean;
  /**
   * The protected person of this procedure (the reporter, the accuser): wherever their account acts
   * on a case, views, the trail and exports show this role-level pseudonym instead, stable within
   * the case, and the real account stays sealed (domain.md §4).
   */
  protectedPerson?: { role: string; label: Label };
}

export type ProcedureId = 'tolerance' | 'correction' | 'clarification' | 'falseAccusation' | 'riskFiling' | 'appeal';

/**
 * Effects a transition asks for beyond its own case. Machines declare them as named actions with
 * these params; the pure transition returns them and the engine carries them out in the same
 * database transaction.
 */
export interface OpenCaseParams {
  procedure: ProcedureId;
  /** How the new case relates to this one, e.g. `correctionOf`, `falseAccusationFrom`. */
  relation: string;
  data: Record<string, unknown>;
  /** Sealed values handed on to the new case (the accuser's identity). */
  sealed?: Record<string, unknown>;
  /**
   * `parent`: the new case belongs to the body one level above this case's (an appeal, issue 18
   * §3): numbered in that body's series, in its queue, decided by its staff. Default: the body of
   * the new case's unit.
   */
  body?: 'parent';
}

export interface SendToOriginParams {
  /** Event type the origin case receives from `system` (e.g. revoke the tolerance decision). */
  type: string;
  data: Record<string, unknown>;
}

/**
 * An entry a transition adds to or withdraws from one of the service's registers (the credit
 * blacklist, the register of risk-prevention filings), in the same transaction. A person it
 * concerns is named by the keys of the case's sealed part, never by value.
 */
export interface RegisterParams {
  register: 'creditBlacklist' | 'riskFilings';
  op: 'add' | 'withdraw';
  entry: Record<string, unknown>;
  /** Keys of `context.sealed` holding the person concerned: name, contact, account. */
  sealedPerson?: { name: string; contact?: string; account?: string };
}

export const EFFECT_ACTIONS = { openCase: 'openCase', sendToOrigin: 'sendToOrigin', register: 'register' } as const;
