import type { ProcedureDefinition, ProcedureRegistry } from '../../workflows/core';

/**
 * A case is concluded when its machine reached a final state, or rests where nobody has a turn:
 * a closed tolerance case is not final (its decision may still be revoked if the correction it
 * ordered is not done), but it is decided and closed, so views and filters show it as `done`, with
 * `revocable: true` (issue 21 §3: "closed, revocable" rather than "active").
 */
export function isSettledState(definition: ProcedureDefinition, state: string): boolean {
  const spec = definition.states[state];
  return spec !== undefined && spec.turn.length === 0;
}

/** The `procedure:state` pairs that are settled without being final, across every registered version. */
export function revocableStates(registry: ProcedureRegistry): Array<{ procedure: string; state: string }> {
  const pairs = new Set<string>();
  for (const definition of registry.all()) {
    const machineStates = (definition.machine as { config?: { states?: Record<string, { type?: string }> } }).config?.states ?? {};
    for (const state of Object.keys(definition.states)) {
      if (isSettledState(definition, state) && machineStates[state]?.type !== 'final') pairs.add(`${definition.id}:${state}`);
    }
  }
  return [...pairs].map((pair) => ({ procedure: pair.split(':')[0], state: pair.slice(pair.indexOf(':') + 1) }));
}
