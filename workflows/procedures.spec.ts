import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { exploreGraph, ROLES, type ProcedureDefinition } from './core';
import { PROCEDURE_DEFINITIONS, PROCEDURE_SAMPLES, procedureRegistry } from './index';
import { PROCEDURES_DOC, renderProceduresDoc } from '../src/cli/procedure-docs';

const WORKFLOWS = __dirname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

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

describe('workflows/ stays pure', () => {
  it.each(sourceFiles(WORKFLOWS).map((file) => [relative(WORKFLOWS, file)]))('%s imports only xstate and workflows/', (file) => {
    const source = readFileSync(join(WORKFLOWS, file), 'utf8');
    const imports = [...source.matchAll(/(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/g), ...source.matchAll(/require\(['"]([^'"]+)['"]\)/g)].map((m) => m[1]);
    for (const target of imports) {
      const allowed = target === 'xstate' || (target.startsWith('.') && !relative(WORKFLOWS, join(WORKFLOWS, file, '..', target)).startsWith('..'));
      expect({ file, target, allowed }).toEqual({ file, target, allowed: true });
    }
    // No clock in a machine: time comes from the event.
    expect(source).not.toMatch(/Date\.now\(|new Date\(\s*\)/);
  });
});

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
    expect(registry.ids().sort()).toEqual(['clarification', 'correction', 'falseAccusation', 'riskFiling', 'tolerance']);
    for (const id of registry.ids()) expect(registry.latest(id)?.version).toBe(1);
  });
});

describe('docs/procedures.md', () => {
  it('matches what the machines generate (run `npm run docs:procedures` after changing a machine)', () => {
    expect(readFileSync(PROCEDURES_DOC, 'utf8')).toBe(renderProceduresDoc());
  });
});
