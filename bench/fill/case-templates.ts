import {
  applyEvent,
  resolveFacts,
  startCase,
  type Actor,
  type DeadlineSpec,
  type FactWorld,
  type ProcedureDefinition,
  type StoredSnapshot,
  type TimeUnit,
} from '../../workflows/core';
import { DEFAULT_CATALOGUE } from '../../workflows/tolerance/tolerance.catalogue';
import { assessAllDistinctions, assessAllFactors, riskFiled } from '../../workflows/tolerance/tolerance.samples';
import { PROCEDURE_SAMPLES, procedureRegistry } from '../../workflows';
import { canonicalJson } from '../../src/trail/canonical-json';
import { CASE_ROW_KEY, rowColumns } from '../../src/trail/case-row-record';
import type { HashedEntryFields } from '../../src/trail/chain-hash';
import type { HashAlgorithm } from '../../src/config/app-config';
import { redactSealed, SEALED_MARK } from '../../src/procedures/sealing';
import { compileTemplate, type Placeholder, type SlotTemplate } from './slot-template';

/** Slots every template shares; the times of the steps follow from TIME_SLOT on. */
export const SLOT = { caseId: 0, prevHash: 1, cadre: 2, unit: 3, rowDigest: 4, caseNo: 5 } as const;
export const TIME_SLOT = 6;

const PLACEHOLDER = {
  caseId: '__case__',
  prevHash: '__prev__',
  cadre: '__cadre__',
  unit: '__unit__',
  rowDigest: '__rowdigest__',
  caseNo: '__caseno__',
} as const;

/** One trail entry of a template: the fixed columns, and the varying ones as slot templates. */
export interface EntryTemplate {
  fromState: string | null;
  event: string;
  toState: string;
  actorId: SlotTemplate;
  actorRole: string;
  reason: string | null;
  data: SlotTemplate;
  /** The canonical JSON the entry's hash covers (HashedEntryFields), with its holes. */
  hashed: SlotTemplate;
  /**
   * The case row as this entry leaves it, as its digest takes it (src/audit/case-row-record.ts):
   * the stored context and the other columns, each with its holes. The case's salt comes first.
   */
  rowContext: SlotTemplate;
  rowColumns: SlotTemplate;
}

/** A case history: the steps of a sample path as the engine would have recorded them. */
export interface CaseTemplate {
  name: string;
  /** Share of the filled cases made from this template. */
  weight: number;
  /** True when the benchmark load drives cases of this template (they sit where a real event is valid). */
  driven: boolean;
  procedure: string;
  procedureVersion: number;
  state: string;
  status: 'active' | 'done';
  createdBy: SlotTemplate;
  /** Who filed when not the cadre (the engine's `applicant_id`); the plans have none. */
  applicantId: string | null;
  context: SlotTemplate;
  /** The texts `search_text` is made of, placeholders included (see `searchText`). */
  searchParts: string[];
  entries: EntryTemplate[];
  /** Index of the step that entered the current state (its time is `state_entered_at`). */
  stateEnteredStep: number;
  /** The time limits of the states the case passed through, each closed when the case left. */
  deadlines: DeadlineTemplate[];
}

/**
 * One visit to a state with a time limit: the row the engine opened on entry and cancelled on
 * leaving (every template ends in a state without one, so none is still open).
 */
export interface DeadlineTemplate {
  state: string;
  rule: string;
  onExpiry: string | null;
  /** Steps (indexes of `entries`, as for times) that entered and left the state. */
  enteredStep: number;
  leftStep: number;
  /** The limit in calendar days, approximated (see `approximateDays`). */
  days: number;
}

export interface Step {
  type: string;
  /** Which sample of the event type to send. */
  variant?: number;
  /** Sent by the cadre instead of the sample's actor (the cadre edits their own draft). */
  byCadre?: boolean;
  /** The payload, where the sample's would not do on the bench's history (its dates, its catalogue codes). */
  data?: Record<string, unknown>;
}

/**
 * The filled histories start in 2020, before the samples' business dates: a hearing is recorded
 * without its date, and the assessment names no catalogue situation (so it looks up no catalogue
 * version, which a filled database does not hold); the defence at review is declined.
 */
const STATEMENT: Step = { type: 'RECORD_STATEMENT', data: { statement: '本人承认协议签订时间过早,但出于加快项目落地的考虑' } };
const ASSESSMENT: Step = {
  type: 'RECORD_ASSESSMENT',
  data: {
    factors: assessAllFactors,
    distinctions: assessAllDistinctions,
    catalogue: { toleranceSituations: [], exclusionSituations: [], note: '未发现不予容错情形' },
    riskFiling: riskFiled,
  },
};
const DEFENCE: Step = { type: 'RECORD_REVIEW_DEFENCE', data: { hearing: 'declined' } };

/** What the engine looks up for a step, as a filled database holds it: no committee, no filing registered. */
export const BENCH_WORLD: FactWorld = { units: {}, committees: {}, catalogue: DEFAULT_CATALOGUE, filings: [] };

/** The payload a template step sends. */
export const stepData = (step: Step): Record<string, unknown> => step.data ?? PROCEDURE_SAMPLES.tolerance.events[step.type][step.variant ?? 0].data;

export interface TemplatePlan {
  name: string;
  weight: number;
  driven: boolean;
  /** Index into the procedure's sample creations. */
  creation: number;
  steps: Step[];
}

/**
 * The cases a filled database holds, about nine trail entries each on average: tolerance
 * applications and ex-officio cases, most of them finished (rejected after a supplement, or
 * withdrawn), a few awaiting the committee, and 40 % in review after the findings went back and
 * forth twice — those are the ones the benchmark load drives: the reviewer sends the findings back
 * for verification, the officer resubmits them, one real event of the machine after another. All
 * sit in states without a running time limit, so no deadline falls due during a run.
 */
export const PLANS: readonly TemplatePlan[] = [
  {
    name: 'inReview',
    weight: 0.4,
    driven: true,
    creation: 0,
    steps: [
      { type: 'SUBMIT' },
      { type: 'ACCEPT' },
      STATEMENT,
      { type: 'RECORD_UNIT_OPINION' },
      ASSESSMENT,
      { type: 'SUBMIT_FINDINGS' },
      { type: 'RETURN_FOR_VERIFICATION' },
      STATEMENT,
      { type: 'SUBMIT_FINDINGS' },
      { type: 'RETURN_FOR_VERIFICATION' },
      { type: 'RECORD_UNIT_OPINION' },
      { type: 'SUBMIT_FINDINGS' },
    ],
  },
  {
    name: 'awaitingDecision',
    weight: 0.05,
    driven: false,
    creation: 0,
    steps: [
      { type: 'SUBMIT' },
      { type: 'ACCEPT' },
      STATEMENT,
      { type: 'RECORD_UNIT_OPINION' },
      ASSESSMENT,
      { type: 'SUBMIT_FINDINGS' },
      DEFENCE,
      { type: 'PASS_TO_COMMITTEE' },
    ],
  },
  {
    name: 'exOfficioAwaitingDecision',
    weight: 0.05,
    driven: false,
    creation: 2,
    steps: [
      STATEMENT,
      { type: 'RECORD_UNIT_OPINION' },
      ASSESSMENT,
      { type: 'SUBMIT_FINDINGS' },
      { type: 'RETURN_FOR_VERIFICATION' },
      STATEMENT,
      { type: 'SUBMIT_FINDINGS' },
      DEFENCE,
      { type: 'PASS_TO_COMMITTEE' },
    ],
  },
  {
    name: 'rejected',
    weight: 0.25,
    driven: false,
    creation: 0,
    steps: [
      { type: 'UPDATE_DRAFT', byCadre: true },
      { type: 'UPDATE_DRAFT', byCadre: true },
      { type: 'SUBMIT' },
      { type: 'REQUEST_SUPPLEMENT' },
      { type: 'RESUBMIT' },
      { type: 'REJECT' },
    ],
  },
  { name: 'withdrawn', weight: 0.2, driven: false, creation: 0, steps: [{ type: 'UPDATE_DRAFT', byCadre: true }, { type: 'SUBMIT' }, { type: 'WITHDRAW' }] },
  { name: 'draft', weight: 0.05, driven: false, creation: 0, steps: [{ type: 'UPDATE_DRAFT', byCadre: true }] },
];

/** The acting users of the templates: the demo staff, and a placeholder for the cadre. */
const SAMPLE_CADRE = 'applicant1';
export const BENCH_OFFICER = 'officer1';
export const BENCH_REVIEWER = 'reviewer1';
export const BENCH_AUDITOR = 'auditor1';

/** The history's first step; each later step a day after the one before (shifted per case). */
const TEMPLATE_START = Date.parse('2020-01-06T01:00:00.000Z');
export const STEP_MS = 24 * 3600 * 1000;
export const templateTime = (step: number): string => new Date(TEMPLATE_START + step * STEP_MS).toISOString();

export function caseTemplates(algorithm: HashAlgorithm): CaseTemplate[] {
  const definition = procedureRegistry().latest('tolerance')!;
  return PLANS.map((plan) => buildTemplate(definition, plan, algorithm));
}

function buildTemplate(definition: ProcedureDefinition, plan: TemplatePlan, algorithm: HashAlgorithm): CaseTemplate {
  const samples = PROCEDURE_SAMPLES[definition.id];
  const input = samples.creations[plan.creation];
  const creator = asTemplateActor(input.actor);
  const creationData = withPlaceholders(input.data);
  const times = [0, ...plan.steps.map((_, index) => index + 1)].map(templateTime);
  const placeholders: Placeholder[] = [
    { text: PLACEHOLDER.caseId, slot: SLOT.caseId },
    { text: PLACEHOLDER.prevHash, slot: SLOT.prevHash },
    { text: PLACEHOLDER.cadre, slot: SLOT.cadre },
    { text: PLACEHOLDER.unit, slot: SLOT.unit },
    { text: PLACEHOLDER.rowDigest, slot: SLOT.rowDigest },
    { text: PLACEHOLDER.caseNo, slot: SLOT.caseNo },
    ...times.map((text, index) => ({ text, slot: TIME_SLOT + index })),
  ];
  const compile = (text: string) => compileTemplate(text, placeholders);

  const started = startCase(definition, { at: times[0], actor: creator, data: creationData });
  const recorded = redactSealed(definition.creation.fields, creationData);
  const applicantId = (started.snapshot.context.parties as { applicantId?: string }).applicantId ?? null;
  // The row as the engine leaves it after each step; the fill writes no jurisdiction (its default, '').
  const rowAfter = (snapshot: StoredSnapshot, version: number, stateEnteredStep: number): RowAfterStep => ({
    snapshot,
    version,
    context: compile(JSON.stringify(snapshot.context)),
    columns: compile(
      canonicalJson(
        rowColumns({
          procedure: definition.id,
          procedureVersion: definition.version,
          cadreId: PLACEHOLDER.cadre,
          applicantId,
          unitId: PLACEHOLDER.unit,
          jurisdiction: '',
          accuserUserId: null,
          originCaseId: null,
          originRelation: null,
          createdBy: creator.id,
          createdAt: times[0],
          stateEnteredAt: times[stateEnteredStep],
        }),
      ),
    ),
  });
  const entries: EntryTemplate[] = [
    entryTemplate(
      compile,
      algorithm,
      definition,
      null,
      started.snapshot.value,
      'CREATE',
      creator,
      times[0],
      null,
      // The CREATE entry records the number the opening gave the case (src/cases/case-numbers.ts).
      { ...recorded, caseNo: PLACEHOLDER.caseNo },
      1,
      rowAfter(started.snapshot, 1, 0),
    ),
  ];
  let snapshot: StoredSnapshot = started.snapshot;
  let stateEnteredStep = 0;
  const deadlines: DeadlineTemplate[] = [];
  plan.steps.forEach((step, index) => {
    const sample = samples.events[step.type][step.variant ?? 0];
    const actor: Actor = step.byCadre ? { id: PLACEHOLDER.cadre, role: 'applicant' } : asTemplateActor(sample.actor);
    const data = withPlaceholders(stepData(step));
    const facts = resolveFacts(BENCH_WORLD, definition.events[step.type].facts, snapshot.context, data, times[index + 1]);
    const result = applyEvent(definition, snapshot, { type: step.type, actor, data, at: times[index + 1], ...(facts ? { facts } : {}) });
    if (!result.accepted || result.effects.length > 0) {
      throw new Error(`template ${plan.name}: ${step.type} in ${snapshot.value} is not a plain accepted step`);
    }
    const reason = typeof data.reason === 'string' ? data.reason : null;
    // As the engine records a step: its payload, and the facts it looked up.
    const trailData = { ...redactSealed(definition.events[step.type].fields, data), ...(facts ? { facts } : {}) };
    const enteredStep = result.snapshot.value !== snapshot.value ? index + 1 : stateEnteredStep;
    entries.push(
      entryTemplate(
        compile,
        algorithm,
        definition,
        snapshot.value,
        result.snapshot.value,
        step.type,
        actor,
        times[index + 1],
        reason,
        trailData,
        index + 2,
        rowAfter(result.snapshot, index + 2, enteredStep),
      ),
    );
    if (result.snapshot.value !== snapshot.value) {
      const spec = definition.states[snapshot.value]?.deadline;
      if (spec)
        deadlines.push({
          state: snapshot.value,
          rule: spec.rule,
          onExpiry: spec.onExpiry ?? null,
          enteredStep: stateEnteredStep,
          leftStep: index + 1,
          days: approximateDays(spec),
        });
      stateEnteredStep = index + 1;
    }
    snapshot = result.snapshot;
  });
  if (definition.states[snapshot.value]?.deadline) throw new Error(`template ${plan.name} ends in ${snapshot.value}, which has a time limit`);
  const parties = snapshot.context.parties as { cadreId: string; unitId: string; applicantId?: string };
  return {
    name: plan.name,
    weight: plan.weight,
    driven: plan.driven,
    procedure: definition.id,
    procedureVersion: definition.version,
    state: snapshot.value,
    status: snapshot.status,
    createdBy: compile(JSON.stringify(creator.id)),
    applicantId: parties.applicantId ?? null,
    context: compile(JSON.stringify(snapshot.context)),
    searchParts: searchParts(parties, recorded),
    entries,
    stateEnteredStep,
    deadlines,
  };
}

/**
 * A limit in calendar days, near enough for rows that are closed: their due dates are never read
 * again (the engine and the lists look only at a visit's open or missed deadlines), they only fill
 * the table and its indexes as a real history would. Working days count 7/5, months 30 days.
 */
function approximateDays(spec: DeadlineSpec): number {
  const perUnit: Record<TimeUnit, number> = { workingDays: 7 / 5, calendarDays: 1, months: 30 };
  return Math.ceil(spec.length * perUnit[spec.unit]);
}

function entryTemplate(
  compile: (text: string) => SlotTemplate,
  algorithm: HashAlgorithm,
  definition: ProcedureDefinition,
  fromState: string | null,
  toState: string,
  event: string,
  actor: Actor,
  at: string,
  reason: string | null,
  data: Record<string, unknown>,
  position: number,
  row: RowAfterStep,
): EntryTemplate {
  const caseRow = { state: row.snapshot.value, status: row.snapshot.status, version: row.version, digest: PLACEHOLDER.rowDigest };
  const canonicalData = canonicalJson({ ...data, [CASE_ROW_KEY]: caseRow });
  const fields: HashedEntryFields = {
    streamId: PLACEHOLDER.caseId,
    position,
    caseId: PLACEHOLDER.caseId,
    procedure: definition.id,
    procedureVersion: definition.version,
    fromState,
    event,
    toState,
    outcome: 'applied',
    refusalCode: null,
    actorId: actor.id,
    actorRole: actor.role,
    at,
    reason,
    data: JSON.parse(canonicalData),
    prevHash: PLACEHOLDER.prevHash,
    algorithm,
  };
  return {
    fromState,
    event,
    toState,
    actorId: compile(JSON.stringify(actor.id)),
    actorRole: actor.role,
    reason,
    data: compile(canonicalData),
    hashed: compile(canonicalJson(fields)),
    rowContext: row.context,
    rowColumns: row.columns,
  };
}

/** The case row after a step, as the entry of that step records it. */
interface RowAfterStep {
  snapshot: StoredSnapshot;
  version: number;
  context: SlotTemplate;
  columns: SlotTemplate;
}

/** The sample cadre becomes a per-case placeholder, as do the unit and cadre named in payloads. */
function asTemplateActor(actor: Actor): Actor {
  return actor.id === SAMPLE_CADRE ? { id: PLACEHOLDER.cadre, role: actor.role } : actor;
}

function withPlaceholders(data: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...data };
  if ('cadreId' in copy) copy.cadreId = PLACEHOLDER.cadre;
  if ('unitId' in copy) copy.unitId = PLACEHOLDER.unit;
  return copy;
}

/**
 * The texts of the engine's `search_text` (cadre, unit, then the payload's short texts), which
 * `searchText` joins and lower-cases per case exactly as the engine does when it opens a case.
 */
function searchParts(parties: { cadreId: string; unitId: string }, recorded: Record<string, unknown>): string[] {
  const texts = Object.values(recorded).filter((value): value is string => typeof value === 'string' && value !== SEALED_MARK && value.length <= 500);
  return [parties.cadreId, parties.unitId, ...texts];
}

export function searchText(parts: readonly string[], cadre: string, unit: string): string {
  return parts
    .map((part) => (part === PLACEHOLDER.cadre ? cadre : part === PLACEHOLDER.unit ? unit : part))
    .join(' ')
    .toLowerCase()
    .slice(0, 2000);
}
