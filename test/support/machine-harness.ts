import {
  applyEvent,
  explainRefusal,
  possibleEventTypes,
  SAMPLE_TIME,
  sampleEvent,
  startCase,
  type Actor,
  type FactWorld,
  type ProcedureDefinition,
  type ProcedureInput,
  type StoredSnapshot,
  type TransitionResult,
  type UnmetCondition,
} from '../../workflows/core';
import { SAMPLE_WORLD } from '../../workflows/sample-world';

/**
 * Drives a machine through the same pure runtime the engine uses, each event with the facts the
 * engine would look up for it (`event.facts`), resolved from a world of reference data (by default
 * the samples' world: the demo units and committees, the shipped catalogue, one registered filing).
 */
export class MachineHarness {
  constructor(
    private readonly definition: ProcedureDefinition,
    readonly world: FactWorld = SAMPLE_WORLD,
  ) {}

  open(input: ProcedureInput): StoredSnapshot {
    return startCase(this.definition, input).snapshot;
  }

  send(stored: StoredSnapshot, type: string, actor: Actor, data: Record<string, unknown> = {}, at = SAMPLE_TIME): TransitionResult {
    return applyEvent(this.definition, stored, this.event(stored, type, actor, data, at));
  }

  /** Sends an event that must be taken; fails the test with the state it was refused in and why. */
  accept(stored: StoredSnapshot, type: string, actor: Actor, data: Record<string, unknown> = {}, at = SAMPLE_TIME): StoredSnapshot {
    const result = this.send(stored, type, actor, data, at);
    if (!result.accepted) {
      const why = this.refusal(stored, type, actor, data, at).map((condition) => `${condition.code}: ${condition.zh}`);
      throw new Error(`${type} was refused in state ${stored.value}: ${why.join('; ')}`);
    }
    return result.snapshot;
  }

  /** The unmet conditions the runtime names for an event (what a 409 `CASE.GUARD_REFUSED` carries). */
  refusal(stored: StoredSnapshot, type: string, actor: Actor, data: Record<string, unknown> = {}, at = SAMPLE_TIME): UnmetCondition[] {
    return explainRefusal(this.definition, stored, this.event(stored, type, actor, data, at));
  }

  /** The events `actor` could take now with some payload (what the case view offers). */
  possible(stored: StoredSnapshot, actor: Actor, at = SAMPLE_TIME): string[] {
    return possibleEventTypes(this.definition, stored, actor, at);
  }

  private event(stored: StoredSnapshot, type: string, actor: Actor, data: Record<string, unknown>, at: string) {
    return sampleEvent(this.definition, { world: this.world }, stored, type, { actor, data, at });
  }
}

/** The graph walk lives with the machines (the demo data uses it too); tests use it from here. */
export { exploreGraph, type ExploredPath } from '../../workflows/core';
