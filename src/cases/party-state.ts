import type { PartyStateView, ProcedureDefinition } from '../../workflows/core';

/**
 * The state as the parties see it (`StateSpec.partyView`): a state that only a signed report
 * passes through is shown as the state an anonymous report would be in (domain.md §4).
 */
export function partyStateViewOf(definition: ProcedureDefinition, state: string, context: Record<string, unknown>): PartyStateView | undefined {
  return definition.states[state]?.partyView?.(context);
}

export function partyStateOf(definition: ProcedureDefinition, state: string | null, context: Record<string, unknown>): string | null {
  if (state === null) return null;
  return partyStateViewOf(definition, state, context)?.state ?? state;
}
