import type { ProcedureDefinition } from './procedure';
import { applyEvent, startCase, type StoredSnapshot } from './runtime';
import { sampleEvent, type ProcedureSamples, type SampleEvent } from './samples';

export interface ExploredStep {
  type: string;
  sample: SampleEvent;
}

export interface ExploredPath {
  /** Which creation input the path starts from. */
  creation: number;
  steps: ExploredStep[];
  snapshot: StoredSnapshot;
}

/**
 * Breadth-first walk of a machine's graph from each creation input, trying every sample event in
 * every reached configuration; returns the shortest path found to each state. Configurations are
 * keyed by state and context and their number is bounded, so loops cannot run away; the walk ends
 * as soon as every state in the table has been reached.
 */
export function exploreGraph(definition: ProcedureDefinition, samples: ProcedureSamples, maxConfigurations = 20_000): Map<string, ExploredPath> {
  const shortest = new Map<string, ExploredPath>();
  const everyState = Object.keys(definition.states).length;
  const seen = new Set<string>();
  const queue: ExploredPath[] = samples.creations.map((input, creation) => ({
    creation,
    steps: [],
    snapshot: startCase(definition, input).snapshot,
  }));
  while (queue.length > 0 && seen.size < maxConfigurations) {
    const path = queue.shift()!;
    const key = JSON.stringify([path.snapshot.value, path.snapshot.context]);
    if (seen.has(key)) continue;
    seen.add(key);
    if (!shortest.has(path.snapshot.value)) shortest.set(path.snapshot.value, path);
    // Breadth first, so the paths found so far are already the shortest: stop once all are found.
    if (shortest.size === everyState) break;
    for (const [type, variants] of Object.entries(samples.events)) {
      for (const sample of variants) {
        const result = applyEvent(definition, path.snapshot, sampleEvent(definition, samples, path.snapshot, type, sample));
        if (result.accepted) queue.push({ creation: path.creation, steps: [...path.steps, { type, sample }], snapshot: result.snapshot });
      }
    }
  }
  return shortest;
}

/**
 * A route through `origin` whose last step opens a case of `procedure` (follow-ups such as a
 * false-accusation case exist only because another case opened them): the shortest explored path
 * to a state where some sample event's effects open one, plus that event.
 */
export function routeOpening(origin: ProcedureDefinition, samples: ProcedureSamples, procedure: string): ExploredPath | undefined {
  const paths = [...exploreGraph(origin, samples).values()].sort((a, b) => a.steps.length - b.steps.length);
  for (const path of paths) {
    for (const [type, variants] of Object.entries(samples.events)) {
      for (const sample of variants) {
        const result = applyEvent(origin, path.snapshot, sampleEvent(origin, samples, path.snapshot, type, sample));
        if (result.effects.some((effect) => effect.type === 'openCase' && effect.params.procedure === procedure)) {
          return { creation: path.creation, steps: [...path.steps, { type, sample }], snapshot: result.snapshot };
        }
      }
    }
  }
  return undefined;
}
