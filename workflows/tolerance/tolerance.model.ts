import {
  addCalendar,
  hasText,
  isValidCollectiveDecision,
  type Actor,
  type BaseContext,
  type CollectiveDecisionRecord,
  type Label,
  type OpenCaseParams,
  type ProcedureInput,
  type Stamp,
} from '../core';
import {
  DISTINCTION_KEYS,
  FACTORS,
  IMPACT_MONTHS,
  type AssessmentData,
  type CreationData,
  type Distinction,
  type Factor,
  type FactorWeight,
  type Mitigation,
  type Outcome,
  type RejectionGround,
  type ReviewResult,
  type RevocationData,
  type ServiceMethod,
  type ToleranceEvent,
} from './tolerance.fields';

/**
 * The tolerance record (domain.md §3.1): what each step leaves in the context, and the rules read
 * from it. Every entry says who (`by`) and when (`at`, the server's time).
 */

const l = (zh: string, en: string): Label => ({ zh, en });

/**
 * The applicant's windows by default (§3.1 step 7): review within 1 month of receipt, appeal within
 * 1 month of the review decision. The definition's deadlines and the guards read the same numbers;
 * a jurisdiction's own lengths reach the guards through the event (`limitInForce`).
 */
export const REVIEW_REQUEST_WINDOW = { length: 1, unit: 'months' } as const;
export const APPEAL_REQUEST_WINDOW = { length: 1, unit: 'months' } as const;

/** The effect of the final result on the cadre, as the organisation department reads it (§4). */
export const EFFECT_LABELS = {
  notAffected: l('不受影响', 'Not affected'),
  impactPeriod: l('影响期内', 'Impact period'),
  notTolerated: l('不予容错', 'Not tolerated'),
} as const;
export type ResultEffect = keyof typeof EFFECT_LABELS;

export interface ApplicationRecord {
  /** 事项经过: what happened. */
  matter?: string;
  /** 涉及的决策或项目. */
  decisionOrProject?: string;
  /** Why it fits a tolerance situation. */
  grounds?: string;
  /** Tolerance situations the applicant invokes (codes or short texts from the catalogue). */
  claimedSituations?: string[];
  evidence?: string[];
  /** When accountability proceedings started (the usual window opens then). */
  accountabilityStartedOn?: string;
  accountabilityRef?: string;
  lastEdit?: Stamp;
}

export interface SupplementRecord extends Stamp {
  items: string[];
  note?: string;
  response?: Stamp & { supplement: string; evidence?: string[] };
}

export interface FactorAssessment extends Stamp {
  weight: FactorWeight;
  note: string;
}

export interface DistinctionAssessment extends Stamp {
  side: string;
  note: string;
}

export interface ExtensionRecord extends Stamp {
  reason: string;
  /** The verification round it was asked in; it lengthens that round only. */
  round: number;
  status: 'pending' | 'approved' | 'denied';
  decision?: Stamp & { comment?: string };
}

export interface VerificationRecord {
  /** Everyone who investigated (accepted, recorded, submitted findings): barred from review. */
  investigators: string[];
  statements: Array<Stamp & { heardOn?: string; statement: string }>;
  unitOpinions: Array<Stamp & { unitName?: string; opinion: string }>;
  departmentOpinions: Array<Stamp & { department: string; opinion: string }>;
  factors: Partial<Record<Factor, FactorAssessment>>;
  distinctions: Partial<Record<Distinction, DistinctionAssessment>>;
  catalogue?: Stamp & { toleranceSituations: string[]; exclusionSituations: string[]; note?: string };
  riskFiling?: Stamp & { filed: boolean; filingRef?: string; filedOn?: string; note?: string };
  /** 1 on the first verification, +1 each time review returns the findings (退回补充核实). */
  round: number;
  extension?: ExtensionRecord;
  findings?: Stamp & { summary: string; recommendation: Outcome };
}

export interface OutcomeRecord extends Stamp {
  outcome: Outcome;
  mitigation?: Mitigation;
  impactMonths?: number;
  /** The exclusion situations the deciding body held to apply. */
  exclusionSituations: string[];
  /** Which step fixed it. */
  source: 'decision' | 'review' | 'appeal';
  /** The decision's own date (meeting date, or the appellate organ's decision date). */
  decidedOn: string;
}

export interface ReviewStageRecord {
  defences: Array<Stamp & { heardOn?: string; defence: string }>;
  returns: Array<Stamp & { reason: string }>;
  passed?: Stamp & { opinion: string; recommendation?: Outcome };
}

export type DecisionRecord = Stamp &
  CollectiveDecisionRecord & {
    outcome: Outcome;
    mitigation?: Mitigation;
    impactMonths?: number;
    reasoning: string;
  };

export interface ToleranceContext extends BaseContext {
  /** 主动容错 cases are opened by an officer and start at verification. */
  origin: 'application' | 'exOfficio';
  opened: Stamp & { role: string; exOfficioReason?: string };
  application: ApplicationRecord;
  submitted?: Stamp;
  supplement?: SupplementRecord;
  acceptance?: Stamp & { exOfficio: boolean; note?: string };
  rejection?: Stamp & { ground: RejectionGround; reason: string; duplicateOf?: string };
  verification: VerificationRecord;
  review: ReviewStageRecord;
  decision?: DecisionRecord;
  /** The outcome in force now: the decision, or what a review or appeal changed it to. */
  outcome?: OutcomeRecord;
  correctionOpened: boolean;
  service?: Stamp & { documentNo: string; servedToApplicantOn: string; servedToUnitOn: string; method: ServiceMethod };
  receipt?: Stamp & { deemed: boolean; note?: string };
  reviewRequest?: Stamp & { grounds: string; evidence?: string[] };
  reviewDecision?: Stamp & CollectiveDecisionRecord & { result: ReviewResult; reasoning: string };
  appeal?: Stamp & { appellateOrgan: string; grounds: string; evidence?: string[] };
  appealDecision?: Stamp & {
    result: ReviewResult;
    decidingOrgan: string;
    documentNo?: string;
    decidedOn: string;
    reasoning: string;
  };
  /** The cadre accepted the result without (further) review or appeal. */
  acceptedResult?: Stamp & { stage: 'review' | 'appeal'; note?: string };
  /** A review or appeal window ran out unused. */
  windowLapsed?: Stamp & { stage: 'review' | 'appeal' };
  closure?: Stamp & {
    finalOutcome: Outcome;
    effect: ResultEffect;
    impactMonths?: number;
    impactFrom?: string;
    /** The day the impact period has run: from then the cadre may be used normally. */
    impactUntil?: string;
    feedbackOn: string;
    orgDeptNotifiedOn: string;
    partyCommitteeFiledOn: string;
    note?: string;
  };
  withdrawal?: Stamp & { deemed: boolean; reason?: string };
  revocation?: Stamp & RevocationData;
}

// ---------------------------------------------------------------------------------------------
// Rules read from the record (pure; the machine's guards and actions call them).

/**
 * The cadre acts on their own case only; the unit acts only on an application it filed for the
 * cadre (which unit a user belongs to is the engine's check).
 */
export function isOwnCase(context: ToleranceContext, actor: Actor): boolean {
  if (actor.role === 'applicant') return actor.id === context.parties.cadreId;
  if (actor.role === 'unit') return context.parties.applicantId !== undefined;
  return true;
}

export const isTolerated = (outcome: Outcome | undefined): boolean => outcome === 'exemption' || outcome === 'mitigated';

/** What verification still lacks before the findings can go to review (empty: complete). */
export function missingForFindings(context: ToleranceContext): string[] {
  const { verification } = context;
  return [
    ...FACTORS.filter((factor) => verification.factors[factor] === undefined).map((factor) => `factor:${factor}`),
    ...DISTINCTION_KEYS.filter((key) => verification.distinctions[key] === undefined).map((key) => `distinction:${key}`),
    ...(verification.catalogue ? [] : ['catalogueCheck']),
    ...(verification.riskFiling ? [] : ['riskFiling']),
    ...(verification.statements.length > 0 ? [] : ['statement']),
    ...(verification.unitOpinions.length > 0 ? [] : ['unitOpinion']),
  ];
}

/** Adds the actor to the investigators (they may not review the case: separation of duties, §2). */
export function investigated(verification: VerificationRecord, actorId: string, patch: Partial<VerificationRecord> = {}): VerificationRecord {
  const investigators = verification.investigators.includes(actorId)
    ? verification.investigators
    : [...verification.investigators, actorId];
  return { ...verification, ...patch, investigators };
}

/** The outcome a decision, review or appeal would put in force. */
export interface Proposal {
  outcome: Outcome;
  mitigation?: Mitigation;
  impactMonths?: number;
  exclusionSituations: string[];
}

/** The exclusion situations the findings hit (checked against the catalogue at verification). */
const findingsExclusions = (context: ToleranceContext): string[] => context.verification.catalogue?.exclusionSituations ?? [];

/**
 * The outcome a decision, review or appeal event would put in force; undefined when the event
 * names none. An upheld review or appeal proposes the outcome already in force.
 */
export function proposalOf(context: ToleranceContext, event: ToleranceEvent): Proposal | undefined {
  if (event.type === 'DECIDE') {
    const { outcome, mitigation, impactMonths } = event.data;
    if (!outcome) return undefined;
    return { outcome, mitigation, impactMonths, exclusionSituations: findingsExclusions(context) };
  }
  if (event.type === 'DECIDE_REVIEW' || event.type === 'RECORD_APPEAL_DECISION') {
    if (event.data.result === 'upheld') return context.outcome;
    const { newOutcome, mitigation, impactMonths, exclusionSituations } = event.data;
    if (!newOutcome) return undefined;
    return {
      outcome: newOutcome,
      mitigation,
      impactMonths,
      // A review or appeal may find the exclusion situations differently; otherwise they stand.
      exclusionSituations: exclusionSituations ?? context.outcome?.exclusionSituations ?? findingsExclusions(context),
    };
  }
  return undefined;
}

export type DecisionProblem = 'vote' | 'outcome' | 'impactPeriod' | 'exclusion';

/**
 * Why a decision, review decision or appeal decision cannot stand (empty: it can):
 * - `vote`: a collective decision (集体研究) needs votes that add up and a majority (§2); the appeal
 *   is decided by the organ one level up, whose own vote is not recorded here;
 * - `outcome`: a decision names its outcome, a changed review or appeal its new one;
 * - `impactPeriod`: mitigated handling carries an impact period of 1–24 months (§3.1 step 5);
 * - `exclusion`: a decision that hits an exclusion situation cannot be an exemption (§3.1 step 5).
 */
export function decisionProblems(context: ToleranceContext, event: ToleranceEvent): DecisionProblem[] {
  const problems: DecisionProblem[] = [];
  if ((event.type === 'DECIDE' || event.type === 'DECIDE_REVIEW') && !isValidCollectiveDecision(event.data)) problems.push('vote');
  const proposal = proposalOf(context, event);
  if (!proposal) return [...problems, 'outcome'];
  if (proposal.outcome === 'mitigated') {
    const months = proposal.impactMonths;
    if (!Number.isInteger(months) || months! < IMPACT_MONTHS.min || months! > IMPACT_MONTHS.max) problems.push('impactPeriod');
  }
  if (proposal.outcome === 'exemption' && proposal.exclusionSituations.length > 0) problems.push('exclusion');
  return problems;
}

export function outcomeRecord(proposal: Proposal, who: Stamp, source: OutcomeRecord['source'], decidedOn: string): OutcomeRecord {
  const mitigated = proposal.outcome === 'mitigated';
  return {
    ...who,
    outcome: proposal.outcome,
    ...(mitigated && proposal.mitigation ? { mitigation: proposal.mitigation } : {}),
    ...(mitigated ? { impactMonths: proposal.impactMonths } : {}),
    exclusionSituations: proposal.exclusionSituations,
    source,
    decidedOn,
  };
}

export const effectOf = (outcome: Outcome): ResultEffect =>
  outcome === 'exemption' ? 'notAffected' : outcome === 'mitigated' ? 'impactPeriod' : 'notTolerated';

const DRAFT_KEYS = ['matter', 'decisionOrProject', 'grounds', 'claimedSituations', 'evidence', 'accountabilityStartedOn', 'accountabilityRef'] as const;

/** The application fields an event gives; absent ones keep their earlier value. */
export const draftFields = (data: Partial<CreationData>): Partial<ApplicationRecord> =>
  Object.fromEntries(DRAFT_KEYS.filter((key) => data[key] !== undefined).map((key) => [key, data[key]]));

/** §3.1 step 1: the application states the matter and why it fits a tolerance situation. */
export const isCompleteApplication = (application: ApplicationRecord): boolean => hasText(application.matter) && hasText(application.grounds);

/**
 * §3.1 step 8: a mitigated cadre may be used normally once the impact period has run. It counts
 * from the given date, or from the final decision's date.
 */
export function impactPeriod(outcome: OutcomeRecord, impactFrom: string | undefined) {
  if (outcome.outcome !== 'mitigated' || !outcome.impactMonths) return {};
  const from = impactFrom ?? outcome.decidedOn;
  const until = addCalendar(`${from}T00:00:00.000Z`, outcome.impactMonths, 'months').toISOString().slice(0, 10);
  return { impactMonths: outcome.impactMonths, impactFrom: from, impactUntil: until };
}

/** The record a case opens with (§3.1 step 1). */
export function openingRecord(input: ProcedureInput<CreationData>): ToleranceContext {
  const { actor, at, data } = input;
  const exOfficio = actor.role === 'officer';
  // An applicant applies for themselves; a unit or an officer names the cadre concerned.
  const cadreId = actor.role === 'applicant' ? actor.id : (data.cadreId ?? '');
  return {
    parties: {
      cadreId,
      unitId: data.unitId,
      ...(actor.role === 'unit' ? { applicantId: actor.id } : {}),
    },
    sealed: {},
    origin: exOfficio ? 'exOfficio' : 'application',
    opened: { by: actor.id, at, role: actor.role, ...(exOfficio && data.exOfficioReason ? { exOfficioReason: data.exOfficioReason } : {}) },
    application: { ...draftFields(data), lastEdit: { by: actor.id, at } },
    // 主动容错 starts at acceptance: the opening officer is its first investigator (§3.1 step 1).
    ...(exOfficio ? { acceptance: { by: actor.id, at, exOfficio: true } } : {}),
    verification: {
      investigators: exOfficio ? [actor.id] : [],
      statements: [],
      unitOpinions: [],
      departmentOpinions: [],
      factors: {},
      distinctions: {},
      round: 1,
    },
    review: { defences: [], returns: [] },
    correctionOpened: false,
  };
}

/** 综合分析研判: the sections an assessment gives replace the earlier ones of their kind. */
export function assessmentPatch(verification: VerificationRecord, who: Stamp, data: AssessmentData): Partial<VerificationRecord> {
  const { factors: givenFactors, distinctions: givenDistinctions, catalogue, riskFiling } = data;
  const factors = { ...verification.factors };
  for (const factor of FACTORS) {
    const given = givenFactors?.[factor];
    if (given) factors[factor] = { ...who, weight: given.weight, note: given.note };
  }
  const distinctions = { ...verification.distinctions };
  for (const key of DISTINCTION_KEYS) {
    const given = givenDistinctions?.[key];
    if (given) distinctions[key] = { ...who, side: given.side, note: given.note };
  }
  const patch: Partial<VerificationRecord> = { factors, distinctions };
  if (catalogue) {
    const { toleranceSituations = [], exclusionSituations = [], note } = catalogue;
    patch.catalogue = { ...who, toleranceSituations, exclusionSituations, ...(note ? { note } : {}) };
  }
  if (riskFiling) {
    const { filed, filingRef, filedOn, note } = riskFiling;
    patch.riskFiling = { ...who, filed, ...(filingRef ? { filingRef } : {}), ...(filedOn ? { filedOn } : {}), ...(note ? { note } : {}) };
  }
  return patch;
}

/** The linked correction case a tolerance decision opens (§3.1 step 9); context is already updated. */
export function correctionOpening(context: ToleranceContext): OpenCaseParams {
  const outcome = context.outcome!;
  const label = outcome.outcome === 'exemption' ? '容错免责' : `从轻/减轻处理(影响期${outcome.impactMonths}个月)`;
  const { decisionOrProject, matter } = context.application;
  const about = [decisionOrProject, matter].filter(hasText).join(':');
  return {
    procedure: 'correction',
    relation: 'correctionOf',
    // Exactly the correction procedure's creation fields (correction.definition.ts).
    data: {
      cadreId: context.parties.cadreId,
      unitId: context.parties.unitId,
      summary: `作出容错决定(${label}),立即启动纠错程序。事项:${about}`.slice(0, 2000),
    },
  };
}
