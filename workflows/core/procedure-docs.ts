import { mermaidDiagram } from './diagram';
import { STATE_ENTRY_START, type DeadlineSpec, type ProcedureDefinition } from './procedure';

const UNIT_LABEL = { workingDays: 'working days 工作日', calendarDays: 'calendar days 日', months: 'months 个月' } as const;

/**
 * The generated part of docs/procedures.md for one procedure: its diagram, its states with whose
 * turn and time limits, and its events with who may send them. Generated from the definition, so
 * the docs cannot drift from the machine (a test compares them).
 */
export function procedureReference(definition: ProcedureDefinition): string {
  const lines: string[] = [];
  lines.push(`### State diagram (${definition.id} v${definition.version})`, '', '```mermaid', mermaidDiagram(definition), '```', '');
  lines.push('### States', '', '| state | 名称 | name | whose turn | time limit (default) | counted from | on expiry |', '|---|---|---|---|---|---|---|');
  for (const [name, spec] of Object.entries(definition.states)) {
    lines.push(
      `| \`${name}\` | ${spec.label.zh} | ${spec.label.en} | ${spec.turn.join(', ') || '—'} | ${deadlineText(spec.deadline)} | ${startText(spec.deadline)} | ${spec.deadline?.onExpiry ? `\`${spec.deadline.onExpiry}\`` : spec.deadline ? 'flagged overdue' : '—'} |`,
    );
  }
  lines.push('', '### Events', '', '| event | 名称 | name | who may send it | fields (* required) |', '|---|---|---|---|---|');
  for (const [type, spec] of Object.entries(definition.events)) {
    const fields = Object.entries(spec.fields).map(([key, field]) => `${key}${field.required ? '*' : ''}${field.sealed ? ' (sealed)' : ''}`);
    lines.push(`| \`${type}\` | ${spec.label.zh} | ${spec.label.en} | ${spec.roles.join(', ')} | ${fields.join(', ') || '—'} |`);
  }
  const creation = Object.entries(definition.creation.fields).map(([key, field]) => `${key}${field.required ? '*' : ''}${field.sealed ? ' (sealed)' : ''}`);
  lines.push('', `Opened by: ${definition.creation.roles.join(', ')}. Opening fields: ${creation.join(', ') || '—'}.`, '');
  return lines.join('\n');
}

function deadlineText(deadline: DeadlineSpec | undefined): string {
  if (!deadline) return '—';
  const fixed = deadline.dueDate ? '; the case fixes the date' : '';
  return `${deadline.length} ${UNIT_LABEL[deadline.unit]} (\`${deadline.rule}\`${fixed})`;
}

/** The day the limit counts from, in both languages; the state's entry unless the table names another. */
function startText(deadline: DeadlineSpec | undefined): string {
  if (!deadline) return '—';
  const start = deadline.startsAt?.label ?? STATE_ENTRY_START;
  return `${start.zh} · ${start.en}`;
}
