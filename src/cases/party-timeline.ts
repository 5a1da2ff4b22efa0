import type { ProcedureDefinition } from '../../workflows/core';
import type { AuditEntryEntity } from '../audit/audit-entry.entity';
import type { AuthUser } from '../identity/auth-user';

export interface PartyTimelineEntry {
  position: number;
  at: string;
  event: string;
  fromState: string | null;
  toState: string | null;
  actorRole: string;
  /** Only the caller's own id: a party learns that the inspection body acted, not which official. */
  actorId: string | null;
  reason: string | null;
  data: Record<string, unknown>;
}

/** Roles whose members a party may see by name: themselves and their unit, never inspection staff. */
const NAMED_ROLES = new Set(['applicant', 'unit']);

/**
 * The timeline a party (cadre, applicant, unit, organisation department) sees: the steps the
 * procedure marks as their milestones (submitted, accepted, decision, requests to them) and the
 * steps they took themselves, without internal deliberation (votes, attendance), refusals, missed
 * staff duties or who read what.
 */
export function partyTimeline(user: AuthUser, definition: ProcedureDefinition, entries: AuditEntryEntity[]): PartyTimelineEntry[] {
  return entries
    .filter((entry) => entry.outcome === 'applied')
    .filter((entry) => entry.event === 'CREATE' || entry.actorId === user.id || definition.events[entry.event]?.applicantMilestone === true)
    .map((entry) => ({
      position: entry.position,
      at: entry.at,
      event: entry.event,
      fromState: entry.fromState,
      toState: entry.toState,
      actorRole: entry.actorRole,
      actorId: entry.actorId === user.id || NAMED_ROLES.has(entry.actorRole) ? entry.actorId : null,
      reason: entry.reason,
      data: withoutInternal(definition, entry),
    }));
}

function withoutInternal(definition: ProcedureDefinition, entry: AuditEntryEntity): Record<string, unknown> {
  const fields = entry.event === 'CREATE' ? definition.creation.fields : (definition.events[entry.event]?.fields ?? {});
  const data = JSON.parse(entry.data) as Record<string, unknown>;
  const { links: _links, deadline: _deadline, ...recorded } = data;
  return Object.fromEntries(Object.entries(recorded).filter(([key]) => fields[key] !== undefined && fields[key].internal !== true));
}
