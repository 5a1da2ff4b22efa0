import { exploreGraph, ROLES, type ProcedureDefinition } from './core';
import { PROCEDURE_DEFINITIONS, PROCEDURE_SAMPLES, procedureRegistry } from './index';

// What workflows/ may import (xstate and itself) is a rule of .dependency-cruiser.js, and that a
// machine reads no clock (time comes from the event) one of eslint.config.mjs: `npm test` runs both.

const stateNames = (definition: ProcedureDefinition) => Object.keys(definition.machine.root.states);
const finalStates = (definition: ProcedureDefinition) =>
  Object.entries(definition.machine.root.states as Record<string, { type: string }>)
    .filter(([, node]) => node.type === 'final')
    .map(([name]) => name);
/** States the machine only passes through (routing with `always`): never a resting place. */
const transientStates = (definition: ProcedureDefinition) =>
  Object.entries(definition.machine.root.states as Record<string, { always?: unknown[] }>)
    .filter(([, node]) => (node.always?.length ?? 0) > 0)
    .map(([name]) => name);

describe.each(PROCEDURE_DEFINITIONS.map((definition) => [definition.id, definition] as const))('%s', (_id, definition) => {
  const samples = PROCEDURE_SAMPLES[definition.id];

  it('has a label for every state, and only real states in its table', () => {
    const resting = stateNames(definition).filter((name) => !transientStates(definition).includes(name));
    expect(Object.keys(definition.states).sort()).toEqual(resting.sort());
    for (const spec of Object.values(definition.states)) {
      expect(spec.label.zh.length).toBeGreaterThan(0);
      expect(spec.label.en.length).toBeGreaterThan(0);
      expect(spec.phase).toBeGreaterThanOrEqual(0);
      expect(spec.phase).toBeLessThan(definition.phases.length);
      spec.turn.forEach((role) => expect(ROLES).toContain(role));
    }
  });

  it('has a role table entry for every event the machine handles, and no others', () => {
    const handled = new Set<string>();
    for (const node of Object.values(definition.machine.root.states) as Array<{ ownEvents: string[] }>) node.ownEvents.forEach((e) => handled.add(e));
    expect(Object.keys(definition.events).sort()).toEqual([...handled].sort());
    for (const spec of Object.values(definition.events)) {
      expect(spec.roles.length).toBeGreaterThan(0);
      spec.roles.forEach((role) => expect(ROLES).toContain(role));
      expect(spec.label.zh.length).toBeGreaterThan(0);
    }
  });

  it('sends deadline expiries only as events the system may send in that state', () => {
    for (const [state, spec] of Object.entries(definition.states)) {
      const expiry = spec.deadline?.onExpiry;
      if (!expiry) continue;
      expect(definition.events[expiry]?.roles).toEqual(['system']);
      const node = definition.machine.root.states[state] as { ownEvents: string[] };
      expect(node.ownEvents).toContain(expiry);
    }
  });

  it('reaches every state and every final state along paths generated from the graph', () => {
    const reached = exploreGraph(definition, samples);
    const resting = stateNames(definition).filter((name) => !transientStates(definition).includes(name));
    expect([...reached.keys()].sort()).toEqual(resting.sort());
    for (const final of finalStates(definition)) expect(reached.get(final)?.snapshot.status).toBe('done');
  });
});

describe('registry', () => {
  it('holds each shipped procedure at version 1 as its latest', () => {
    const registry = procedureRegistry();
    expect(registry.ids().sort()).toEqual(['appeal', 'clarification', 'correction', 'falseAccusation', 'riskFiling', 'tolerance']);
    for (const id of registry.ids()) expect(registry.latest(id)?.version).toBe(1);
  });
});
