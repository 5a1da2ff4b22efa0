import {
  applyEvent,
  SAMPLE_TIME,
  startCase,
  type Actor,
  type ProcedureDefinition,
  type ProcedureInput,
  type ProcedureSamples,
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

export interface ExploredPath {
  /** The event types taken from the creation input to this state. */
  steps: string[];
  snapshot: StoredSnapshot;
}

/**
 * Breadth-first walk of the machine's graph from each creation input, trying every sample event in
 * every reached configuration. Returns the shortest path found to each state. Configurations are
 * keyed by state and context, bounded so that loops (progress reports) cannot run away.
 */
export function exploreGraph(
  definition: ProcedureDefinition,
  samples: ProcedureSamples,
  maxConfigurations = 20_000,
): Map<string, ExploredPath> {
  const shortest = new Map<string, ExploredPath>();
  const seen = new Set<string>();
  const queue: ExploredPath[] = samples.creations.map((input) => ({
    steps: [],
    snapshot: startCase(definition, input).snapshot,
  }));
  while (queue.length > 0 && seen.size < maxConfigurations) {
    const path = queue.shift()!;
    const key = JSON.stringify([path.snapshot.value, path.snapshot.context]);
    if (seen.has(key)) continue;
    seen.add(key);
    if (!shortest.has(path.snapshot.value)) shortest.set(path.snapshot.value, path);
    for (const [type, variants] of Object.entries(samples.events)) {
      for (const sample of variants) {
        const result = applyEvent(definition, path.snapshot, {
          type,
          actor: sample.actor,
          data: sample.data,
          at: sample.at ?? SAMPLE_TIME,
        });
        if (result.accepted) queue.push({ steps: [...path.steps, type], snapshot: result.snapshot });
      }
    }
  }
  return shortest;
}
