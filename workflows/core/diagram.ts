import type { ProcedureDefinition } from './procedure';

interface Edge {
  from: string;
  to: string;
  event: string;
  guard?: string;
}

/** Every transition of a flat machine, read from XState's own state nodes (never hand-drawn). */
export function transitionsOf(definition: ProcedureDefinition): Edge[] {
  const edges: Edge[] = [];
  for (const [name, node] of Object.entries(definition.machine.root.states) as Array<[string, any]>) {
    for (const [event, transitions] of node.transitions.entries() as Iterable<[string, any[]]>) {
      for (const transition of transitions) {
        const guard = guardName(transition.guard);
        for (const target of transition.target ?? []) edges.push({ from: name, to: target.key, event, guard });
      }
    }
    for (const transition of node.always ?? []) {
      for (const target of transition.target ?? []) edges.push({ from: name, to: target.key, event: '(auto)', guard: guardName(transition.guard) });
    }
  }
  return edges;
}

/** A Mermaid state diagram of the procedure, with the states' Chinese labels. */
export function mermaidDiagram(definition: ProcedureDefinition, highlight?: string): string {
  const machine = definition.machine;
  const lines = ['stateDiagram-v2', '  direction TB'];
  for (const name of Object.keys(machine.root.states)) {
    const label = definition.states[name]?.label;
    lines.push(`  ${name}: ${label ? `${label.zh} ${label.en}` : name}`);
  }
  lines.push(`  [*] --> ${machine.root.initial?.target?.[0]?.key ?? Object.keys(machine.root.states)[0]}`);
  for (const edge of transitionsOf(definition)) {
    lines.push(`  ${edge.from} --> ${edge.to}: ${edge.event}${edge.guard ? ` [${edge.guard}]` : ''}`);
  }
  for (const [name, node] of Object.entries(machine.root.states) as Array<[string, { type: string }]>) {
    if (node.type === 'final') lines.push(`  ${name} --> [*]`);
  }
  if (highlight) {
    lines.push('  classDef current fill:#fde68a,stroke:#b45309,stroke-width:3px');
    lines.push(`  class ${highlight} current`);
  }
  return lines.join('\n');
}

function guardName(guard: unknown): string | undefined {
  if (!guard) return undefined;
  if (typeof guard === 'string') return guard;
  // XState's and()/or()/not() are functions carrying the guards they combine.
  const combined = guard as { name?: string; guards?: unknown[] };
  if (typeof guard === 'function' && Array.isArray(combined.guards)) {
    const parts = combined.guards.map((part) => guardName(part) ?? 'guard');
    if (combined.name === 'not') return `not ${parts[0]}`;
    return parts.join(combined.name === 'or' ? ' or ' : ' and ');
  }
  if (typeof guard === 'object' && guard !== null && 'type' in guard) return String((guard as { type: unknown }).type);
  return 'guard';
}
