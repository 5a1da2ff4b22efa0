import type { Label, ProcedureDefinition } from '../../workflows/core';
import type { AuditEntryEntity } from '../trail/audit-entry.entity';
import type { AuthUser } from '../identity/auth-user';
import { isPseudonym } from '../sealed/sealed-actors';
import { partyStateOf } from './party-state';

export interface PartyTimelineEntry {
  /** 1, 2, … over the entries the party sees: gaps would count the steps they do not see. */
  position: number;
  at: string;
  event: string;
  fromState: string | null;
  toState: string | null;
  actorRole: string;
  /** Only the caller's own id: a party learns that the inspection body acted, not which official. */
  actorId: string | null;
  /** The pseudonym's label, where the actor is the case's protected person. */
  actorLabel?: Label;
  reason: string | null;
  data: Record<string, unknown>;
}

/** Roles whose members a party may see by name: themselves and their unit, never inspection staff. */
const NAMED_ROLES = new Set(['applicant', 'unit']);

/** What the timeline needs to know about the case and the caller's place in it. */
export interface PartyTimelineContext {
  definition: ProcedureDefinition;
  /** The case's stored context (its sealed part stays encrypted): party-facing states read it. */
  context: Record<string, unknown>;
  /** The caller is the case's protected person (the accuser a false-accusation case is about). */
  callerIsProtected: boolean;
  /** The case's protected person, if any: its pseudonym role and label, and whether an entry is theirs. */
  protectedPerson?: { role: string; label: Label; acted: (entry: AuditEntryEntity) => boolean };
}

/**
 * The timeline a party (cadre, applicant, unit, organisation department) sees: the steps the
 * procedure marks as their milestones (submitted, accepted, decision, requests to them) and the
 * steps they took themselves, without internal deliberation (votes, attendance), refusals, missed
 * staff duties or who read what. It tells nothing about a protected person (domain.md §4): the
 * opening of a report lead is left out where the procedure says so, sealed fields leave no mark,
 * states that only a signed report passes through are shown as the parties' view of them, and a
 * step of the accuser's shows the pseudonym, whoever keyed it in, so the cadre cannot tell whether
 * the accuser has an account.
 */
export function partyTimeline(user: AuthUser, entries: AuditEntryEntity[], ctx: PartyTimelineContext): PartyTimelineEntry[] {
  const { definition } = ctx;
  const shown = shownToParty(user, ctx);
  return entries.filter(shown).map((entry, index) => ({
    position: index + 1,
    at: entry.at,
    event: entry.event,
    fromState: partyStateOf(definition, entry.fromState, ctx.context),
    toState: partyStateOf(definition, entry.toState, ctx.context),
    ...actorOf(user, entry, ctx),
    reason: entry.reason,
    data: withoutInternal(definition, entry),
  }));
}

/** The stored entries behind a party's timeline, in its order: the receipt of timeline position p is of entry p − 1. */
export function partyTimelineSources(user: AuthUser, entries: AuditEntryEntity[], ctx: PartyTimelineContext): AuditEntryEntity[] {
  return entries.filter(shownToParty(user, ctx));
}

/** Whether an entry is on the party's timeline: an applied milestone of theirs, or their own step. */
function shownToParty(user: AuthUser, ctx: PartyTimelineContext): (entry: AuditEntryEntity) => boolean {
  const { definition } = ctx;
  const own = (entry: AuditEntryEntity) => entry.actorId === user.id || (ctx.callerIsProtected && ctx.protectedPerson?.acted(entry) === true);
  const openingShown = definition.creation.partyMilestone !== false;
  return (entry) =>
    entry.outcome === 'applied' &&
    // An imported case's first entry stands for its opening (its source stays with the staff: no data passes withoutInternal).
    (entry.event === 'CREATE' || entry.event === 'IMPORTED' ? openingShown : own(entry) || definition.events[entry.event]?.applicantMilestone === true);
}

/**
 * When the case last changed and entered its state, as the party sees it: a step they do not see
 * and that leaves what they see unchanged (a notice to a signed reporter) moves neither, or the
 * times would tell them that something happened which anonymous reports do not have.
 */
export function partyTimes(
  user: AuthUser,
  entries: AuditEntryEntity[],
  ctx: PartyTimelineContext,
  createdAt: string,
): { updatedAt: string; stateEnteredAt: string } {
  const shown = shownToParty(user, ctx);
  let updatedAt = createdAt;
  let stateEnteredAt = createdAt;
  for (const entry of entries) {
    if (entry.outcome !== 'applied') continue;
    const moved = partyStateOf(ctx.definition, entry.fromState, ctx.context) !== partyStateOf(ctx.definition, entry.toState, ctx.context);
    if (moved) stateEnteredAt = entry.at;
    if (moved || shown(entry)) updatedAt = entry.at;
  }
  return { updatedAt, stateEnteredAt };
}

function actorOf(user: AuthUser, entry: AuditEntryEntity, ctx: PartyTimelineContext): Pick<PartyTimelineEntry, 'actorRole' | 'actorId' | 'actorLabel'> {
  const person = ctx.protectedPerson;
  if (person && (person.acted(entry) || (!ctx.callerIsProtected && isSubjectStep(ctx.definition, entry.event)))) {
    return { actorRole: person.role, actorId: ctx.callerIsProtected ? user.id : null, actorLabel: person.label };
  }
  return {
    actorRole: entry.actorRole,
    actorId: entry.actorId === user.id || (NAMED_ROLES.has(entry.actorRole) && !isPseudonym(entry.actorId)) ? entry.actorId : null,
  };
}

/**
 * In a procedure about the accuser (false accusation), the steps the accuser may take as a party
 * (asking for review) are theirs whether they sent them or an officer recorded their written
 * request: shown alike, the other parties cannot tell which.
 */
function isSubjectStep(definition: ProcedureDefinition, event: string): boolean {
  return definition.accuserIsSubject === true && definition.events[event]?.roles.includes('applicant') === true;
}

function withoutInternal(definition: ProcedureDefinition, entry: AuditEntryEntity): Record<string, unknown> {
  const fields = entry.event === 'CREATE' ? definition.creation.fields : (definition.events[entry.event]?.fields ?? {});
  const data = JSON.parse(entry.data) as Record<string, unknown>;
  const { links: _links, deadline: _deadline, sealedActor: _sealedActor, ...recorded } = data;
  // Sealed fields leave no mark at all: even "[sealed]" would say that, e.g., the reporter has an account.
  return Object.fromEntries(
    Object.entries(recorded).filter(([key]) => fields[key] !== undefined && fields[key].internal !== true && fields[key].sealed !== true),
  );
}
