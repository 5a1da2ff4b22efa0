import { initialTransition, transition, type AnyStateMachine } from 'xstate';
import { PROCEDURE_DEFINITIONS, PROCEDURE_SAMPLES } from '../index';
import { exploreGraph } from './explore';
import type { ProcedureDefinition, ProcedureEvent } from './procedure';
import { acceptedEventTypes, applyEvent, effectsOf, restore, startCase, toStored, type StoredSnapshot } from './runtime';
import { sampleEvent, type ProcedureSamples, type SampleEvent } from './samples';

/**
 * The contract between the runtime and xstate: `applyEvent` (with its inert actor scope and its
 * per-state cache of event types) must do exactly what xstate's own pure `transition()` does, so
 * an xstate upgrade that changed behaviour fails here rather than in a case. Checked in every
 * snapshot along every explored path of every procedure, for every sample event of every type:
 * the taken ones give the same next snapshot (value, context, status) and the same effects, and
 * the refused ones (a state that does not take the type, or a guard that says no) change nothing
 * in either.
 */

/**
 * Every snapshot along the explored paths, once each: the paths from all openings together, and
 * from each opening on its own (a correction opened by a tolerance decision reaches the revocation
 * its own way).
 */
function snapshotsAlongPaths(definition: ProcedureDefinition, samples: ProcedureSamples): StoredSnapshot[] {
  const seen = new Map<string, StoredSnapshot>();
  const explorations: Array<[ProcedureSamples, number?]> = [
    [samples],
    // An opening on its own may never reach some states: its walk stops after a bounded number.
    ...samples.creations.map((creation): [ProcedureSamples, number] => [{ ...samples, creations: [creation] }, 1_000]),
  ];
  const paths = explorations.flatMap(([explored, bound]) => [...exploreGraph(definition, explored, bound).values()].map((found) => ({ ...found, explored })));
  for (const path of paths) {
    let snapshot = startCase(definition, path.explored.creations[path.creation]).snapshot;
    seen.set(JSON.stringify(snapshot), snapshot);
    for (const step of path.steps) {
      const result = applyEvent(definition, snapshot, sampleEvent(definition, path.explored, snapshot, step.type, step.sample));
      expect(result.accepted).toBe(true);
      snapshot = result.snapshot;
      seen.set(JSON.stringify(snapshot), snapshot);
    }
  }
  return [...seen.values()];
}

/** What xstate's own `transition()` makes of an event, in the runtime's terms. */
function byXState(definition: ProcedureDefinition, stored: StoredSnapshot, event: ProcedureEvent) {
  const [next, actions] = transition(definition.machine, restore(definition, stored), event);
  return { snapshot: toStored(next), effects: effectsOf(actions) };
}

/** The effects each procedure's machine asks for: the contract covers every kind it has. */
const EFFECTS_EXPECTED: Record<string, Set<string>> = {
  tolerance: new Set(['openCase']),
  correction: new Set(['sendToOrigin']),
  clarification: new Set(['openCase']),
  falseAccusation: new Set(['register']),
  riskFiling: new Set(['register']),
  appeal: new Set(['sendToOrigin']),
};

describe.each(PROCEDURE_DEFINITIONS.map((definition) => [definition.id, definition] as const))('runtime ≡ xstate: %s', (_id, definition) => {
  const samples = PROCEDURE_SAMPLES[definition.id];
  const snapshots = snapshotsAlongPaths(definition, samples);
  const sampleEvents: Array<[string, SampleEvent]> = Object.entries(samples.events).flatMap(([type, variants]) =>
    variants.map((sample): [string, SampleEvent] => [type, sample]),
  );
  // Each sample as the engine would send it in that snapshot: with the facts it looks up there.
  const eventsIn = (snapshot: StoredSnapshot): ProcedureEvent[] =>
    sampleEvents.map(([type, sample]) => sampleEvent(definition, samples, snapshot, type, sample));

  it('opens a case as xstate’s initialTransition does', () => {
    for (const input of samples.creations) {
      const machine: AnyStateMachine = definition.machine;
      const [snapshot, actions] = initialTransition(machine, input);
      expect(startCase(definition, input)).toEqual({ accepted: true, snapshot: toStored(snapshot), effects: effectsOf(actions) });
    }
  });

  it('lists the event types of a state as xstate’s state node declares them', () => {
    for (const snapshot of snapshots) {
      const declared = snapshot.status === 'done' ? [] : [...definition.machine.root.states[snapshot.value].ownEvents];
      expect([...acceptedEventTypes(definition, snapshot)].sort()).toEqual(declared.sort());
    }
  });

  it('takes and refuses every sample event exactly as xstate’s transition() does, along every explored path', () => {
    const effectsSeen = new Set<string>();
    let taken = 0;
    let refused = 0;
    for (const snapshot of snapshots) {
      for (const event of eventsIn(snapshot)) {
        const ours = applyEvent(definition, snapshot, event);
        const theirs = byXState(definition, snapshot, event);
        if (ours.accepted) {
          taken += 1;
          ours.effects.forEach((effect) => effectsSeen.add(effect.type));
          expect({ snapshot: ours.snapshot, effects: ours.effects }).toEqual(theirs);
        } else {
          refused += 1;
          expect(ours.snapshot).toBe(snapshot);
          expect(ours.effects).toEqual([]);
          // A refusal changes nothing in xstate either: same step, same record, no effects.
          expect(theirs).toEqual({ snapshot, effects: [] });
        }
      }
    }
    expect(taken).toBeGreaterThan(snapshots.length - 1);
    expect(refused).toBeGreaterThan(0);
    expect(effectsSeen).toEqual(EFFECTS_EXPECTED[definition.id]);
  });
});
