import { CHANNEL_LABELS } from '../../workflows/clarification/clarification.fields';
import { RESPONSIBLE_LABELS } from '../../workflows/correction/correction.fields';
import {
  applyEvent,
  explainRefusal,
  startCase,
  type Label,
  type ProcedureDefinition,
  type Role,
  type StoredSnapshot,
  unmet,
  type UnmetCondition,
} from '../../workflows/core';
import type { BacklogKey } from './backlog-format';

export type BacklogRow = Record<BacklogKey, string>;

/** When a step of the route happened: the day the case was opened, or the day it entered its current step. */
type When = 'opened' | 'step';

/** One event the route sends, as the machine would have received it had the case been run in the service. */
interface RouteEvent {
  type: string;
  /** Who sent it: the cadre (an application made on paper) or the importing officer. */
  by: 'cadre' | 'importer';
  role: Role;
  when: When;
  data: (row: BacklogRow) => Record<string, unknown>;
}

/**
 * A step a case may be imported into: the columns it needs, and the route that builds its machine
 * context — the opening and the events that lead there, run through the procedure's own machine
 * (the pure runtime), so the context is one the machine itself made and its guards accepted.
 * Steps further on need what a row cannot carry (a committee's vote, documents served, a reporter
 * to tell): those cases are brought in at an earlier step, or finished on paper.
 */
export interface ImportableStep {
  procedure: string;
  state: string;
  required: readonly BacklogKey[];
  opening: { by: 'cadre' | 'importer'; role: Role; data: (row: BacklogRow) => Record<string, unknown> };
  events: readonly RouteEvent[];
}

const toleranceOpening = {
  by: 'cadre',
  role: 'applicant',
  data: (row: BacklogRow) => ({ unitId: row.unitId, matter: row.matter, grounds: row.grounds }),
} as const;
const toleranceSubmit: RouteEvent = {
  type: 'SUBMIT',
  by: 'cadre',
  role: 'applicant',
  when: 'opened',
  data: (row) => ({ matter: row.matter, grounds: row.grounds }),
};
const correctionOpening = {
  by: 'importer',
  role: 'officer',
  data: (row: BacklogRow) => ({ cadreId: row.cadreId, unitId: row.unitId, summary: row.summary }),
} as const;

export const IMPORTABLE_STEPS: readonly ImportableStep[] = [
  // 容错: the cadre's application (on paper), awaiting 受理 or accepted and under verification.
  { procedure: 'tolerance', state: 'submitted', required: ['matter', 'grounds'], opening: toleranceOpening, events: [{ ...toleranceSubmit, when: 'step' }] },
  {
    procedure: 'tolerance',
    state: 'verifying',
    required: ['matter', 'grounds'],
    opening: toleranceOpening,
    events: [toleranceSubmit, { type: 'ACCEPT', by: 'importer', role: 'officer', when: 'step', data: () => ({}) }],
  },
  // 纠错: opened by the organ, the order still to issue, or issued and the plan awaited.
  { procedure: 'correction', state: 'ordering', required: ['summary'], opening: correctionOpening, events: [] },
  {
    procedure: 'correction',
    state: 'planning',
    required: ['summary', 'requirement', 'responsible'],
    opening: correctionOpening,
    events: [
      {
        type: 'ISSUE_ORDER',
        by: 'importer',
        role: 'officer',
        when: 'step',
        data: (row) => ({
          items: [
            { requirement: row.requirement, responsible: keyOfLabel(RESPONSIBLE_LABELS, row.responsible), ...(row.dueDate ? { dueDate: row.dueDate } : {}) },
          ],
        }),
      },
    ],
  },
  // 澄清正名: a lead under verification (核查). No reporter is named: see backlog-format.ts.
  {
    procedure: 'clarification',
    state: 'verifying',
    required: ['summary', 'channel', 'receivedOn'],
    opening: {
      by: 'importer',
      role: 'officer',
      data: (row) => ({
        cadreId: row.cadreId,
        unitId: row.unitId,
        summary: row.summary,
        channel: keyOfLabel(CHANNEL_LABELS, row.channel),
        receivedOn: row.receivedOn,
        signed: false,
      }),
    },
    events: [],
  },
];

/** The key a closed list's Chinese (or English) label names, or the text itself (the machine then refuses it by field). */
export function keyOfLabel(labels: Record<string, Label>, text: string): string {
  const found = Object.entries(labels).find(([key, label]) => label.zh === text || label.en.toLowerCase() === text.toLowerCase() || key === text);
  return found ? found[0] : text;
}

export interface BuiltCase {
  snapshot: StoredSnapshot;
  /** What each step of the route recorded: for the IMPORTED entry. */
  route: Array<{ event: string; at: string }>;
}

/**
 * Runs the route in memory: the opening at `openedAt`, then each event at its time. Undefined
 * fields are dropped (an empty cell is no value). The machine's refusal, if any, comes back as
 * its unmet conditions, each naming the field the row should correct.
 */
export function buildCase(
  definition: ProcedureDefinition,
  step: ImportableStep,
  row: BacklogRow,
  importerId: string,
  times: { opened: string; step: string },
): { built?: BuiltCase; unmet: UnmetCondition[] } {
  const actor = (by: 'cadre' | 'importer', role: Role) => ({ id: by === 'cadre' ? row.cadreId : importerId, role });
  const at = (when: When) => times[when];
  const openedAt = step.events.length === 0 ? times.step : times.opened;
  const started = startCase(definition, { at: openedAt, actor: actor(step.opening.by, step.opening.role), data: present(step.opening.data(row)) });
  let snapshot = started.snapshot;
  const route = [{ event: 'CREATE', at: openedAt }];
  for (const event of step.events) {
    const machineEvent = { type: event.type, actor: actor(event.by, event.role), data: present(event.data(row)), at: at(event.when) };
    const result = applyEvent(definition, snapshot, machineEvent);
    if (!result.accepted) {
      const conditions = explainRefusal(definition, snapshot, machineEvent);
      return { unmet: conditions.length > 0 ? conditions : [notTaken(definition, event.type)] };
    }
    snapshot = result.snapshot;
    route.push({ event: event.type, at: machineEvent.at });
  }
  if (snapshot.value !== step.state) {
    return {
      unmet: [unmet('import.routeEndsElsewhere', '按本行内容，案件不会停在所填环节', 'With this row the case does not stand in the step stated', 'step')],
    };
  }
  return { built: { snapshot, route }, unmet: [] };
}

function present(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined && value !== ''));
}

/** The machine would not take the event with this row's values (a value outside its list, say). */
function notTaken(definition: ProcedureDefinition, type: string): UnmetCondition {
  const name = definition.events[type]?.label ?? { zh: type, en: type };
  return unmet(
    'import.routeRefused',
    `按本行内容无法完成“${name.zh}”这一步：请核对本行各项`,
    `The row's values do not let the case through "${name.en}": check them`,
    'step',
  );
}
