import {
  applyEvent,
  explainRefusalByGuard,
  exploreGraph,
  isRuleGuard,
  possibleEventTypes,
  sampleEvent,
  startCase,
  type Actor,
  type ProcedureDefinition,
  type ProcedureSamples,
  type SampleEvent,
  type StoredSnapshot,
} from './core';
import { PROCEDURE_DEFINITIONS, PROCEDURE_SAMPLES } from './index';
import { SAMPLE_WORLD } from './sample-world';
import { toleranceVariants } from './tolerance/tolerance.samples';

/**
 * A refusal the samples' paths do not run into (a guard that defends a state no sample path takes
 * it to, or a payload no sample gets wrong): the state, what differs in its record, the event.
 */
interface Probe {
  state: string;
  patch?: (context: any) => any;
  type: string;
  sample: SampleEvent;
  world?: ProcedureSamples['world'];
}

const officer: Actor = { id: 'officer1', role: 'officer' };
const cadre: Actor = { id: 'applicant1', role: 'applicant' };
const AT = '2026-06-01T02:00:00.000Z';

/** Further payloads per procedure (those its samples keep apart so the graph walk stays small). */
const EXTRA_SAMPLES: Record<string, Record<string, SampleEvent[]>> = { tolerance: toleranceVariants };

const PROBES: Record<string, Probe[]> = {
  tolerance: [
    { state: 'draft', type: 'UPDATE_DRAFT', sample: { actor: cadre, data: { decisionOn: '2099-01-01' }, at: AT } },
    {
      state: 'awaitingDecision',
      patch: (c) => ({ ...c, decision: { by: 'committee1', at: AT } }),
      type: 'WITHDRAW',
      sample: { actor: cadre, data: {}, at: AT },
    },
    {
      state: 'submitted',
      patch: (c) => ({ ...c, supplement: { by: 'officer1', at: AT, items: ['x'] } }),
      type: 'REQUEST_SUPPLEMENT',
      sample: { actor: officer, data: { items: ['y'] }, at: AT },
    },
    {
      state: 'verifying',
      type: 'RECORD_ASSESSMENT',
      sample: { actor: officer, data: { catalogue: { toleranceSituations: [{ code: 'T42' }], exclusionSituations: [] } }, at: AT },
    },
    {
      state: 'verifying',
      patch: (c) => ({ ...c, verification: { ...c.verification, extension: { by: 'officer1', at: AT, reason: 'x', round: 1, status: 'denied' } } }),
      type: 'REQUEST_EXTENSION',
      sample: { actor: officer, data: { reason: 'again' }, at: AT },
    },
    {
      state: 'awaitingService',
      patch: (c) => ({ ...c, outcome: { ...c.outcome, outcome: 'notTolerated' } }),
      type: 'DECISION_REVOKED',
      sample: { actor: { id: 'system', role: 'system' }, data: {}, at: AT },
    },
    {
      state: 'awaitingService',
      patch: (c) => ({ ...c, outcome: { ...c.outcome, outcome: 'mitigated' } }),
      type: 'RECORD_TALK',
      sample: { actor: officer, data: { talkedOn: '2099-01-01', content: 'x' }, at: AT },
    },
  ],
  correction: [
    {
      state: 'rectifying',
      patch: (c) => ({
        ...c,
        progressReports: Array.from({ length: 50 }, (_, i) => ({ by: 'applicant1', role: 'applicant', at: AT, progress: `${i}`, evidence: [] })),
      }),
      type: 'REPORT_PROGRESS',
      sample: { actor: cadre, data: { progress: '第51次' }, at: AT },
    },
    {
      state: 'rectifying',
      patch: (c) => ({
        ...c,
        extension: { reason: 'x', previousDueDate: '2026-06-02', newDueDate: '2026-07-31', days: 59, requestedBy: 'officer1', requestedAt: AT },
      }),
      type: 'REQUEST_EXTENSION',
      sample: { actor: officer, data: { reason: 'again', newDueDate: '2026-09-30' }, at: AT },
    },
  ],
  clarification: [
    {
      state: 'awaitingStart',
      type: 'HAND_OVER_CLARIFICATION',
      sample: { actor: { id: 'leader1', role: 'leader', principal: true }, data: { toOfficer: 'officer1', reason: 'x' }, at: AT },
    },
    {
      state: 'planning',
      type: 'SUBMIT_PLAN',
      sample: { actor: officer, data: { method: 'written', scope: '全体干部', points: ['对该同志的全面评价'] }, at: AT },
    },
    {
      state: 'awaitingStart',
      patch: (c) => ({ ...c, falseAccusationReferral: { by: 'officer1', at: AT, grounds: 'x', stage: 'verifying' } }),
      type: 'OPEN_FALSE_ACCUSATION_CASE',
      sample: { actor: officer, data: { grounds: 'again' }, at: AT },
    },
  ],
  falseAccusation: [
    {
      state: 'deciding',
      patch: (c) => ({
        ...c,
        returns: [
          { by: 'committee1', role: 'committee', at: AT, reason: '1' },
          { by: 'committee1', role: 'committee', at: AT, reason: '2' },
        ],
      }),
      type: 'RETURN_FINDING',
      sample: { actor: { id: 'committee1', role: 'committee' }, data: { reason: '3' }, at: AT },
    },
  ],
  riskFiling: [
    {
      state: 'filed',
      patch: (c) => ({ ...c, filing: { ...c.filing, legalityReview: { ...c.filing.legalityReview, conclusion: 'unlawful' } } }),
      type: 'REVIEW_FILING',
      sample: { actor: officer, data: { opinion: 'x' }, at: '2025-03-20T02:00:00.000Z' },
    },
    {
      state: 'reviewed',
      type: 'REGISTER_FILING',
      sample: { actor: { id: 'leader1', role: 'leader' }, data: { filingNo: '开改备〔2025〕7号' }, at: '2025-04-02T02:00:00.000Z' },
      world: SAMPLE_WORLD,
    },
    { state: 'returned', type: 'WITHDRAW_FILING', sample: { actor: { id: 'unit9', role: 'unit' }, data: { reason: 'x' }, at: '2025-03-26T02:00:00.000Z' } },
  ],
};

/**
 * Issue 19 §6, over every guard of every procedure: each refusal names at least one condition, with
 * a stable code and a text in both languages, and no refusal falls back on the unnamed one. The
 * refusals come from the samples tried in every snapshot along the explored paths, as themselves
 * and changed the ways a caller gets a step wrong: by someone else, too early, too late, with its
 * dates moved a year back or ahead, with an optional field left out. Every rule guard a machine
 * declares must have named a condition in at least one of them. And an event a caller is offered
 * (`possibleEventTypes`) is never one every branch of which is refused for the case alone.
 */

const YEAR_MS = 365 * 24 * 3600_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Every snapshot along the explored paths, from all openings together and from each alone. */
function snapshotsOf(definition: ProcedureDefinition, samples: ProcedureSamples): StoredSnapshot[] {
  const seen = new Map<string, StoredSnapshot>();
  const explorations = [samples, ...samples.creations.map((creation) => ({ ...samples, creations: [creation] }))];
  for (const explored of explorations) {
    for (const path of exploreGraph(definition, explored, 2_000).values()) {
      let snapshot = startCase(definition, explored.creations[path.creation]).snapshot;
      seen.set(JSON.stringify(snapshot), snapshot);
      for (const step of path.steps) {
        snapshot = applyEvent(definition, snapshot, sampleEvent(definition, explored, snapshot, step.type, step.sample)).snapshot;
        seen.set(JSON.stringify(snapshot), snapshot);
      }
    }
  }
  return [...seen.values()];
}

/** Dates in a payload moved by whole years (a business date ahead of or before its step). */
function shiftDates(value: unknown, years: number): unknown {
  if (typeof value === 'string' && DATE.test(value)) return `${Number(value.slice(0, 4)) + years}${value.slice(4)}`;
  if (Array.isArray(value)) return value.map((item) => shiftDates(item, years));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shiftDates(inner, years)]));
  return value;
}

/** The ways a sample is got wrong. */
function variantsOf(sample: SampleEvent, actors: Actor[]): SampleEvent[] {
  const at = Date.parse(sample.at ?? '2026-03-02T02:00:00.000Z');
  const variants: SampleEvent[] = [
    sample,
    ...actors.filter((actor) => actor.id !== sample.actor.id || actor.role !== sample.actor.role).map((actor) => ({ ...sample, actor })),
    { ...sample, actor: { ...sample.actor, principal: undefined } },
    { ...sample, at: new Date(at - YEAR_MS).toISOString() },
    { ...sample, at: new Date(at + YEAR_MS).toISOString() },
    { ...sample, data: shiftDates(sample.data, -2) as Record<string, unknown> },
    { ...sample, data: shiftDates(sample.data, 2) as Record<string, unknown> },
  ];
  for (const key of Object.keys(sample.data)) {
    const { [key]: _left, ...rest } = sample.data;
    variants.push({ ...sample, data: rest });
  }
  return variants;
}

describe.each(PROCEDURE_DEFINITIONS.map((definition) => [definition.id, definition] as const))('refusals of %s', (_id, definition) => {
  const samples = PROCEDURE_SAMPLES[definition.id];
  const snapshots = snapshotsOf(definition, samples);
  const events: Record<string, SampleEvent[]> = { ...samples.events };
  for (const [type, extra] of Object.entries(EXTRA_SAMPLES[definition.id] ?? {})) events[type] = [...(events[type] ?? []), ...extra];
  const actors = [
    ...new Map(
      Object.values(events)
        .flat()
        .map((sample) => [`${sample.actor.id}:${sample.actor.role}`, sample.actor]),
    ).values(),
  ];
  const ruleGuards = Object.entries(definition.machine.implementations.guards as Record<string, unknown>)
    .filter(([, guard]) => isRuleGuard(guard))
    .map(([name]) => name);

  const named = new Set<string>();
  const unexplained: string[] = [];
  const unnamed: string[] = [];
  const examine = (snapshot: StoredSnapshot, type: string, sample: SampleEvent, world = samples.world) => {
    const event = sampleEvent(definition, { world }, snapshot, type, sample);
    if (applyEvent(definition, snapshot, event).accepted) return false;
    const conditions = explainRefusalByGuard(definition, snapshot, event);
    for (const condition of conditions) {
      named.add(condition.guard);
      if (condition.guard === '(unexplained)') unexplained.push(`${snapshot.value} ${type} by ${sample.actor.id}`);
      if (!condition.code || !condition.zh.trim() || !condition.en.trim()) unnamed.push(`${snapshot.value} ${type}: ${JSON.stringify(condition)}`);
    }
    return true;
  };
  for (const snapshot of snapshots) {
    for (const [type, variants] of Object.entries(events)) {
      for (const sample of variants.flatMap((original) => variantsOf(original, actors))) examine(snapshot, type, sample);
    }
  }
  const probesRefused = (PROBES[definition.id] ?? []).map((probe) => {
    const found = snapshots.find((snapshot) => snapshot.value === probe.state);
    if (!found) return `${probe.state}: not reached`;
    const snapshot = probe.patch ? { ...found, context: probe.patch(found.context) } : found;
    return examine(snapshot, probe.type, probe.sample, probe.world ?? samples.world) ? 'refused' : `${probe.state} ${probe.type}: taken`;
  });

  it('names every refusal with at least one condition, in Chinese and in English', () => {
    expect(unnamed).toEqual([]);
    expect(unexplained).toEqual([]);
  });

  it('has every rule guard name its conditions in some refusal', () => {
    expect(probesRefused.filter((result) => result !== 'refused')).toEqual([]);
    expect(ruleGuards.filter((guard) => !named.has(guard))).toEqual([]);
    expect(ruleGuards.length).toBeGreaterThan(0);
  });

  it('never hides an event that could pass: whatever a sample takes is offered to its caller then', () => {
    const hidden: string[] = [];
    for (const snapshot of snapshots) {
      for (const [type, variants] of Object.entries(samples.events)) {
        for (const sample of variants) {
          const event = sampleEvent(definition, samples, snapshot, type, sample);
          if (!applyEvent(definition, snapshot, event).accepted) continue;
          if (!possibleEventTypes(definition, snapshot, sample.actor, event.at).includes(type)) hidden.push(`${snapshot.value} ${type} by ${sample.actor.id}`);
        }
      }
    }
    expect(hidden).toEqual([]);
  });
});
