import {
  applyEvent,
  SAMPLE_TIME,
  startCase,
  type Actor,
  type ProcedureDefinition,
  type ProcedureInput,
  type StoredSnapshot,
  type TransitionResult,
} from '../../workflows/core';

/** Drives a machine through the same pure runtime the engine uses. */
export class MachineHarness {
  constructor(private readonly definition: ProcedureDefinition) {}

  open(input: ProcedureInput): StoredSnapshot {
    return startCase(this.definition, input).snapshot;
  }

  send(stored: StoredSnapshot, type: string, actor: Actor, data: Record<string, unknown> = {}, at = SAMPLE_TIME): TransitionResult {
    return applyEvent(this.definition, stored, { type, actor, data, at });
  }

  /** Sends an event that must be taken; fails the test with the state it was refused in. */
  accept(stored: StoredSnapshot, type: string, actor: Actor, data: Record<string, unknown> = {}, at = SAMPLE_TIME): StoredSnapshot {
    const result = this.send(stored, type, actor, data, at);
    if (!result.accepted) throw new Error(`${type} was refused in state ${stored.value}`);
    return result.snapshot;
  }
}

/** The graph walk lives with the machines (the demo data uses it too); tests use it from here. */
export { exploreGraph, type ExploredPath } from '../../workflows/core';
