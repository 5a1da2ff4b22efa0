import { resolveFacts, type FactWorld } from './facts';
import type { ProcedureDefinition, ProcedureEvent, ProcedureInput } from './procedure';
import type { Actor } from './roles';
import type { StoredSnapshot } from './runtime';

export interface SampleEvent {
  actor: Actor;
  data: Record<string, unknown>;
  /** Server time to send it at; the explorer uses SAMPLE_TIME when absent. */
  at?: string;
}

/**
 * Sample inputs for one procedure: every way to open a case, and for each event type the payloads
 * to try (enough valid ones to take every guarded branch). The graph tests explore the machine
 * with them; the demo data and end-to-end tests reuse them. `world` is the reference data the
 * engine's look-ups (`event.facts`) are resolved from on these paths.
 */
export interface ProcedureSamples {
  creations: ProcedureInput[];
  events: Record<string, SampleEvent[]>;
  world?: FactWorld;
}

export const SAMPLE_TIME = '2026-03-02T02:00:00.000Z';

/**
 * A sample as the machine receives it: at its time, with the facts the engine would look up for it
 * in the case as it stands (resolved from the samples' world).
 */
export function sampleEvent(
  definition: ProcedureDefinition,
  samples: Pick<ProcedureSamples, 'world'>,
  stored: StoredSnapshot,
  type: string,
  sample: SampleEvent,
): ProcedureEvent {
  const at = sample.at ?? SAMPLE_TIME;
  const facts = samples.world ? resolveFacts(samples.world, definition.events[type]?.facts, stored.context, sample.data, at) : undefined;
  return { type, actor: sample.actor, data: sample.data, at, ...(facts ? { facts } : {}) };
}
