import {
  createActor,
  getNextTransitions,
  initialTransition,
  type AnyActorScope,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type ExecutableActionObject,
} from 'xstate';
import { fitsFields, withoutNulls } from './payload-check';
import type { OpenCaseParams, ProcedureDefinition, ProcedureEvent, ProcedureInput, RegisterParams, SendToOriginParams } from './procedure';
import { EFFECT_ACTIONS } from './procedure';
import type { UnmetCondition } from './rules';

/** What the engine stores for a case: enough to restore the machine on the same version. */
export interface StoredSnapshot {
  value: string;
  context: Record<string, unknown>;
  status: 'active' | 'done';
}

export type Effect =
  { type: 'openCase'; params: OpenCaseParams } | { type: 'sendToOrigin'; params: SendToOriginParams } | { type: 'register'; params: RegisterParams };

export interface TransitionResult {
  /**
   * False when the current state does not take the event, its payload does not fit the event's
   * field specs, or a guard refused it.
   */
  accepted: boolean;
  snapshot: StoredSnapshot;
  effects: Effect[];
}

/**
 * The pure loop of the engine: restore → transition → store. No actor is left running and no
 * timer is armed (deadlines are rows the engine keeps, architecture.md).
 */
export function startCase(definition: ProcedureDefinition, input: ProcedureInput): TransitionResult {
  const [snapshot, actions] = initialTransition(definition.machine, input);
  return { accepted: true, snapshot: toStored(snapshot), effects: effectsOf(actions) };
}

/**
 * The unmet conditions of an opening (the definition's `creation.checks`): empty when the case may
 * be opened with this input.
 */
export function openingConditions(definition: ProcedureDefinition, input: ProcedureInput): UnmetCondition[] {
  return definition.creation.checks?.(input) ?? [];
}

/**
 * One step, as xstate's own `transition()` takes it (the contract test in runtime.spec.ts holds
 * the two together), after two checks xstate does not make: the state takes the event type, and
 * the payload fits the event's field specs. So a machine's guards see only payloads of their
 * inferred type and check domain rules alone.
 */
export function applyEvent(definition: ProcedureDefinition, stored: StoredSnapshot, event: ProcedureEvent): TransitionResult {
  const refused = { accepted: false, snapshot: stored, effects: [] };
  if (!acceptedEventTypes(definition, stored).includes(event.type)) return refused;
  const fields = definition.events[event.type].fields;
  if (!fitsFields(fields, event.data)) return refused;
  const current = restore(definition, stored);
  const actions: ExecutableActionObject[] = [];
  const scope = inertScopeOf(definition.machine);
  scope.actionExecutor = (action) => void actions.push(action);
  const next = definition.machine.transition(current, { ...event, data: withoutNulls(fields, event.data) }, scope);
  // XState hands back the very same snapshot when no transition was enabled (a guard said no).
  if (next === current) return refused;
  return { accepted: true, snapshot: toStored(next), effects: effectsOf(actions) };
}

/**
 * Event types the current state listens to, before guards: what may be tried now. They depend on
 * the state alone (flat states), so each state's list is worked out once per definition, from
 * xstate's `getNextTransitions`: the engine asks several times per request.
 */
export function acceptedEventTypes(definition: ProcedureDefinition, stored: StoredSnapshot): string[] {
  if (stored.status === 'done') return [];
  let byState = acceptedByDefinition.get(definition);
  if (!byState) acceptedByDefinition.set(definition, (byState = new Map()));
  let accepted = byState.get(stored.value);
  if (!accepted) {
    const types = new Set(getNextTransitions(restore(definition, stored)).map((transition) => transition.eventType));
    accepted = [...types].filter((type) => type in definition.events);
    byState.set(stored.value, accepted);
  }
  return [...accepted];
}

const acceptedByDefinition = new WeakMap<ProcedureDefinition, Map<string, string[]>>();

/**
 * What xstate's `transition()` does, without its cost: it builds a throwaway actor for every call,
 * and building one evaluates the machine's initial context (without input, so it throws and xstate
 * catches it) — a third of the time of a transition in the profile. The scope keeps nothing
 * between calls, so one per machine serves every call; only the collector of the actions to run is
 * set per call, and a transition runs synchronously start to end. Procedures invoke no actors and
 * use no actor system.
 */
function inertScopeOf(machine: AnyStateMachine): AnyActorScope {
  let scope = inertScopes.get(machine);
  if (!scope) {
    const self = createActor(machine);
    scope = {
      self,
      id: '',
      sessionId: '',
      system: self.system,
      logger: () => {},
      defer: () => {},
      emit: () => {},
      stopChild: () => {},
      actionExecutor: () => {},
    };
    inertScopes.set(machine, scope);
  }
  return scope;
}

const inertScopes = new WeakMap<AnyStateMachine, AnyActorScope>();

export function restore(definition: ProcedureDefinition, stored: StoredSnapshot): AnyMachineSnapshot {
  return definition.machine.resolveState({ value: stored.value, context: stored.context });
}

export function toStored(snapshot: AnyMachineSnapshot): StoredSnapshot {
  if (typeof snapshot.value !== 'string') {
    throw new Error('procedures use flat states so that each case is in exactly one named step');
  }
  return {
    value: snapshot.value,
    context: snapshot.context as Record<string, unknown>,
    status: snapshot.status === 'done' ? 'done' : 'active',
  };
}

/** The effects among the actions a transition asks for (the machines' own assigns are not). */
export function effectsOf(actions: ReadonlyArray<{ type: string; params?: unknown }>): Effect[] {
  return actions
    .filter((action) => action.type === EFFECT_ACTIONS.openCase || action.type === EFFECT_ACTIONS.sendToOrigin || action.type === EFFECT_ACTIONS.register)
    .map((action) => ({ type: action.type, params: action.params }) as Effect);
}
