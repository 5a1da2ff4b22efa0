import {
  addCalendar,
  allOf,
  businessDate,
  collectiveDecisionConditions,
  hasText,
  notInFuture,
  unmet,
  type Actor,
  type BaseContext,
  type CatalogueEntry,
  type CatalogueFact,
  type CatalogueKind,
  type CollectiveDecisionRecord,
  type EventFacts,
  type Label,
  type OpenCaseParams,
  type ProcedureInput,
  type Stamp,
  type TalkRecord,
  type UnmetCondition,
} from '../core';
import {
  DISTINCTION_KEYS,
  DISTINCTIONS,
  FACTOR_LABELS,
  FACTORS,
  IMPACT_MONTHS,
  OUTCOME_LABELS,
  VIOLATION_SIDES,
  type AssessmentData,
  type CreationData,
  type DefenceHearing,
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
  /** When the decision in question was made (a risk-prevention filing must predate it). */
  decisionOn?: string;
  /** The risk-prevention filing (防错备案) the application cites. */
  riskFilingNo?: string;
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

/** A situation as selected from the catalogue: its code, its wording and basis then, and a description. */
export interface SituationRecord {
  code: string;
  wording: Label;
  legalBasis: string;
  description?: string;
}

/** Cases recorded before the catalogues (issue 19) hold the situations as plain texts. */
type StoredSituation = SituationRecord | string;

export interface CatalogueCheckRecord extends Stamp {
  /** The catalogue version the case is assessed under; later assessments keep it. */
  jurisdiction?: string;
  version?: number;
  toleranceSituations: StoredSituation[];
  exclusionSituations: StoredSituation[];
  note?: string;
}

/** The register entry a cited filing was checked against (防错备案). */
export interface FilingCheck {
  caseId: string;
  unitId: string;
  project: string;
  scope: string;
  filedOn: string;
  registeredOn: string;
}

/**
 * The check of the risk-prevention filing the application cites (domain.md §3.5): found in the
 * register, covering the matter, filed no later than the decision in question. When all three
 * hold it counts in the applicant's favour.
 */
export interface RiskFilingCheckRecord extends Stamp {
  /** A filing number was cited (by the application or the officer). */
  cited: boolean;
  filingNo?: string;
  /** The register holds it (registered that day or before). */
  found: boolean;
  filing?: FilingCheck;
  decisionOn?: string;
  coversMatter?: boolean;
  predatesDecision?: boolean;
  inFavour: boolean;
  note?: string;
}

export interface VerificationRecord {
  /** Everyone who investigated (accepted, recorded, submitted findings): barred from review. */
  investigators: string[];
  statements: Array<Stamp & { heardOn?: string; statement: string }>;
  unitOpinions: Array<Stamp & { unitName?: string; opinion: string }>;
  departmentOpinions: Array<Stamp & { department: string; opinion: string }>;
  factors: Partial<Record<Factor, FactorAssessment>>;
  distinctions: Partial<Record<Distinction, DistinctionAssessment>>;
  catalogue?: CatalogueCheckRecord;
  riskFiling?: RiskFilingCheckRecord | (Stamp & { filed: boolean; filingRef?: string; filedOn?: string; note?: string });
  /** 1 on the first verification, +1 each time review returns the findings (退回补充核实). */
  round: number;
  extension?: ExtensionRecord;
  findings?: Stamp & { summary: string; recommendation: Outcome; factorsInFavour?: string[] };
}

export interface OutcomeRecord extends Stamp {
  outcome: Outcome;
  mitigation?: Mitigation;
  impactMonths?: number;
  /** The exclusion situations the deciding body held to apply. */
  exclusionSituations: StoredSituation[];
  /** The distinctions held to fall on the violation side (none for a tolerance outcome). */
  violationSides?: Distinction[];
  /** Which step fixed it. */
  source: 'decision' | 'review' | 'appeal';
  /** The decision's own date (meeting date, or the appellate organ's decision date). */
  decidedOn: string;
}

/** 审理助辩 (research report §三(二)4): what the review recorded of the cadre's defence, per round. */
export interface DefenceHearingRecord extends Stamp {
  hearing: DefenceHearing;
  defence?: string;
  heardOn?: string;
  /** The verification round whose findings were under review. */
  round?: number;
}

export interface ReviewStageRecord {
  /** The cadre's own written defence at review. */
  submissions?: Array<Stamp & { defence: string; evidence?: string[]; round: number }>;
  defences: DefenceHearingRecord[];
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
  /** 谈心谈话 with the cadre after a mitigated decision. */
  talks?: TalkRecord[];
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
// Rules read from the record (pure; the machine's guards and actions call them). Each returns the
// conditions it finds unmet, in both languages (workflows/core/rules.ts).

/**
 * The cadre acts on their own case only; the unit acts only on an application it filed for the
 * cadre (which unit a user belongs to is the engine's check).
 */
export function isOwnCase(context: ToleranceContext, actor: Actor): boolean {
  if (actor.role === 'applicant') return actor.id === context.parties.cadreId;
  if (actor.role === 'unit') return context.parties.applicantId !== undefined;
  return true;
}

export function ownCaseConditions(context: ToleranceContext, actor: Actor): UnmetCondition[] {
  if (isOwnCase(context, actor)) return [];
  return actor.role === 'unit'
    ? [
        unmet(
          'party.notFilingUnit',
          '本案不是由所在单位代为申请的，单位不能代为办理这一步',
          'The unit did not file this application, so it cannot take this step',
        ),
      ]
    : [unmet('party.notOwnCase', '只能办理本人作为当事干部的案件', 'Only the cadre concerned may take this step')];
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

const MISSING_LABELS: Record<string, Label> = {
  catalogueCheck: l('比对容错情形和不予容错情形目录', 'the catalogue check'),
  riskFiling: l('核对防错备案', 'the risk-prevention filing check'),
  statement: l('当事干部陈述申辩', 'the cadre’s statement and defence'),
  unitOpinion: l('所在单位意见', 'the unit’s opinion'),
};

/** `missingForFindings` as conditions: 「尚缺：所在单位意见」. */
export function findingsConditions(context: ToleranceContext): UnmetCondition[] {
  return missingForFindings(context).map((missing) => {
    const [kind, key] = missing.split(':');
    const label =
      kind === 'factor'
        ? l(`“${FACTOR_LABELS[key as Factor].zh}”的分析研判`, `the assessment of ${FACTOR_LABELS[key as Factor].en}`)
        : kind === 'distinction'
          ? l(`“三个区分开来”中${distinctionShort(key as Distinction).zh}的认定`, `the distinction ${distinctionShort(key as Distinction).en}`)
          : MISSING_LABELS[kind];
    return unmet(`missing.${missing.replace(':', '.')}`, `尚缺：${label.zh}`, `Missing: ${label.en}`);
  });
}

const distinctionShort = (key: Distinction): Label =>
  ({
    experience: l('“缺乏经验与明知故犯”', 'inexperience vs knowing violation'),
    prohibition: l('“探索试验与明令禁止”', 'trial vs prohibition'),
    purpose: l('“推动发展与谋取私利”', 'development vs private gain'),
  })[key];

/** Adds the actor to the investigators (they may not review the case: separation of duties, §2). */
export function investigated(verification: VerificationRecord, actorId: string, patch: Partial<VerificationRecord> = {}): VerificationRecord {
  const investigators = verification.investigators.includes(actorId) ? verification.investigators : [...verification.investigators, actorId];
  return { ...verification, ...patch, investigators };
}

/** What the findings hold against tolerance: the exclusion situations and the distinctions' sides. */
export interface Findings {
  exclusionSituations: StoredSituation[];
  sides: Partial<Record<Distinction, string>>;
}

/** The outcome a decision, review or appeal would put in force, and the findings it rests on. */
export interface Proposal {
  outcome: Outcome;
  mitigation?: Mitigation;
  impactMonths?: number;
  findings: Findings;
}

/** The findings verification made, before any review or appeal. */
function verifiedFindings(context: ToleranceContext): Findings {
  const sides = Object.fromEntries(
    DISTINCTION_KEYS.flatMap((key) => (context.verification.distinctions[key] ? [[key, context.verification.distinctions[key].side]] : [])),
  );
  return { exclusionSituations: context.verification.catalogue?.exclusionSituations ?? [], sides };
}

/** The findings in force: those of the outcome in force (a review or appeal may have changed them), else verification's. */
function findingsInForce(context: ToleranceContext): Findings {
  const verified = verifiedFindings(context);
  const outcome = context.outcome;
  if (!outcome) return verified;
  if (!outcome.violationSides) return { exclusionSituations: outcome.exclusionSituations, sides: verified.sides };
  const violated = new Set(outcome.violationSides);
  const sides = Object.fromEntries(
    DISTINCTION_KEYS.flatMap((key) => {
      if (violated.has(key)) return [[key, VIOLATION_SIDES[key]]];
      // The decision in force found this distinction on the tolerable side, whatever verification said.
      if (verified.sides[key] === VIOLATION_SIDES[key]) return [[key, Object.keys(DISTINCTIONS[key].values)[0]]];
      return verified.sides[key] ? [[key, verified.sides[key]]] : [];
    }),
  );
  return { exclusionSituations: outcome.exclusionSituations, sides };
}

/** Situations as selected, resolved against the catalogue facts the engine handed over. */
export function situationRecords(
  selected: ReadonlyArray<{ code: string; description?: string }> | undefined,
  catalogue: CatalogueFact | undefined,
): SituationRecord[] {
  return (selected ?? []).map(({ code, description }) => {
    const entry = catalogue?.entries.find((candidate) => candidate.code === code.trim());
    return {
      code: code.trim(),
      wording: entry?.wording ?? l(code, code),
      legalBasis: entry?.legalBasis ?? '',
      ...(hasText(description) ? { description: description.trim() } : {}),
    };
  });
}

const KIND_LABELS: Record<CatalogueKind, Label> = { tolerance: l('容错情形', 'tolerance situation'), exclusion: l('不予容错情形', 'exclusion situation') };

/**
 * Situations selected from the catalogue (issue 19 §1): each code is one of the catalogue's
 * situations of that kind, named once; the "other" entry carries a description.
 */
export function situationConditions(
  selected: ReadonlyArray<{ code: string; description?: string }> | undefined,
  kind: CatalogueKind,
  catalogue: CatalogueFact | undefined,
  field: string,
): UnmetCondition[] {
  const found: UnmetCondition[] = [];
  const codes = (selected ?? []).map((item) => item.code.trim());
  for (const [index, item] of (selected ?? []).entries()) {
    const entry: CatalogueEntry | undefined = catalogue?.entries.find((candidate) => candidate.code === item.code.trim() && candidate.kind === kind);
    const version = catalogue ? `（第${catalogue.version}版）` : '';
    if (!entry) {
      found.push(
        unmet(
          'catalogue.unknownCode',
          `“${item.code}”不是本辖区${KIND_LABELS[kind].zh}目录${version}中的情形`,
          `“${item.code}” is not a ${KIND_LABELS[kind].en} of this jurisdiction’s catalogue${catalogue ? ` (version ${catalogue.version})` : ''}`,
          `${field}[${index}].code`,
        ),
      );
    } else if (entry.describe && !hasText(item.description)) {
      found.push(
        unmet(
          'catalogue.describeOther',
          `选择“${entry.wording.zh}”须具体说明情形`,
          `Selecting “${entry.wording.en}” needs a description`,
          `${field}[${index}].description`,
        ),
      );
    }
  }
  if (new Set(codes).size !== codes.length)
    found.push(unmet('catalogue.duplicate', `${KIND_LABELS[kind].zh}中有重复选择的情形`, `A ${KIND_LABELS[kind].en} is selected twice`, field));
  return found;
}

const codeOf = (situation: StoredSituation): string => (typeof situation === 'string' ? situation : situation.code);
const wordingOf = (situation: StoredSituation): string => (typeof situation === 'string' ? situation : `${situation.code} ${situation.wording.zh}`);

/**
 * The outcome a decision, review or appeal event would put in force; undefined when the event
 * names none. An upheld review or appeal proposes the outcome already in force; a changed one may
 * restate the exclusion situations and the distinctions (the findings), which otherwise stand.
 */
export function proposalOf(context: ToleranceContext, event: ToleranceEvent): Proposal | undefined {
  if (event.type === 'DECIDE') {
    const { outcome, mitigation, impactMonths } = event.data;
    return { outcome, mitigation, impactMonths, findings: verifiedFindings(context) };
  }
  if (event.type === 'DECIDE_REVIEW' || event.type === 'RECORD_APPEAL_DECISION') {
    const inForce = findingsInForce(context);
    if (event.data.result === 'upheld') {
      return (
        context.outcome && {
          outcome: context.outcome.outcome,
          mitigation: context.outcome.mitigation,
          impactMonths: context.outcome.impactMonths,
          findings: inForce,
        }
      );
    }
    const { newOutcome, mitigation, impactMonths, exclusionSituations, distinctions } = event.data;
    if (!newOutcome) return undefined;
    const findings: Findings = {
      exclusionSituations: exclusionSituations ? situationRecords(exclusionSituations, event.facts?.catalogue) : inForce.exclusionSituations,
      sides: { ...inForce.sides, ...(distinctions ?? {}) },
    };
    return { outcome: newOutcome, mitigation, impactMonths, findings };
  }
  return undefined;
}

/**
 * Findings bind the decision (issue 19 §1): an exclusion situation rules out every tolerance
 * outcome, exemption and mitigation alike, and so does any of the three distinctions found on the
 * violation side (明知故犯, 明令禁止后仍为之, 为谋取私利).
 */
export function findingsBindConditions(proposal: Proposal, field: string): UnmetCondition[] {
  if (!isTolerated(proposal.outcome)) return [];
  const found: UnmetCondition[] = [];
  const chosen = OUTCOME_LABELS[proposal.outcome];
  if (proposal.findings.exclusionSituations.length > 0) {
    const named = proposal.findings.exclusionSituations.map(wordingOf).join('；');
    found.push(
      unmet(
        'findings.exclusion',
        `认定存在不予容错情形（${named}），不得作出“${chosen.zh}”`,
        `An exclusion situation was found (${proposal.findings.exclusionSituations.map(codeOf).join(', ')}): no ${chosen.en}`,
        field,
      ),
    );
  }
  for (const key of DISTINCTION_KEYS) {
    const side = proposal.findings.sides[key];
    if (side !== VIOLATION_SIDES[key]) continue;
    const sideLabel = (DISTINCTIONS[key].values as Record<string, Label>)[side];
    found.push(
      unmet(
        `findings.violationSide.${key}`,
        `“三个区分开来”认定属于“${sideLabel.zh}”，不得作出“${chosen.zh}”`,
        `The distinction finds ${sideLabel.en}: no ${chosen.en}`,
        field,
      ),
    );
  }
  return found;
}

/**
 * Why a decision, review decision or appeal decision cannot stand (empty: it can): the collective
 * decision itself (the committee's members, quorum, vote and dissent, the meeting date); a
 * changed review or appeal names its new outcome; mitigation carries an impact period of 1–24
 * months (§3.1 step 5); the findings bind the outcome.
 */
export function decisionConditions(context: ToleranceContext, event: ToleranceEvent): UnmetCondition[] {
  const found: UnmetCondition[] = [];
  if (event.type === 'DECIDE') {
    found.push(
      ...collectiveDecisionConditions(event.data, event.facts, {
        at: event.at,
        since: { since: context.review.passed?.at, what: l('提请集体研究', 'the case was passed to the committee') },
      }),
    );
  }
  if (event.type === 'DECIDE_REVIEW') {
    found.push(
      ...collectiveDecisionConditions(event.data, event.facts, {
        at: event.at,
        since: { since: context.reviewRequest?.at, what: l('申请复核', 'the review was requested') },
      }),
    );
  }
  if (event.type === 'RECORD_APPEAL_DECISION') {
    found.push(
      ...businessDate(event.data.decidedOn, event.at, 'decidedOn', l('决定日期', 'Decided on'), {
        since: context.appeal?.at,
        what: l('提出申诉', 'the appeal was filed'),
      }),
    );
  }
  if ((event.type === 'DECIDE_REVIEW' || event.type === 'RECORD_APPEAL_DECISION') && event.data.result === 'changed') {
    found.push(...situationConditions(event.data.exclusionSituations, 'exclusion', event.facts?.catalogue, 'exclusionSituations'));
  }
  const proposal = proposalOf(context, event);
  const outcomeField = event.type === 'DECIDE' ? 'outcome' : 'newOutcome';
  if (!proposal) {
    return [...found, unmet('decision.newOutcome', '变更原决定时须写明变更后的认定结果', 'A changed decision names the new outcome', 'newOutcome')];
  }
  if (proposal.outcome === 'mitigated') {
    const months = proposal.impactMonths;
    if (!Number.isInteger(months) || months! < IMPACT_MONTHS.min || months! > IMPACT_MONTHS.max) {
      found.push(
        unmet(
          'decision.impactPeriod',
          `从轻/减轻处理须写明${IMPACT_MONTHS.min}至${IMPACT_MONTHS.max}个月的影响期`,
          `Mitigated handling needs an impact period of ${IMPACT_MONTHS.min}–${IMPACT_MONTHS.max} months`,
          'impactMonths',
        ),
      );
    }
  }
  found.push(...findingsBindConditions(proposal, outcomeField));
  return found;
}

export function outcomeRecord(proposal: Proposal, who: Stamp, source: OutcomeRecord['source'], decidedOn: string): OutcomeRecord {
  const mitigated = proposal.outcome === 'mitigated';
  const violationSides = DISTINCTION_KEYS.filter((key) => proposal.findings.sides[key] === VIOLATION_SIDES[key]);
  return {
    ...who,
    outcome: proposal.outcome,
    ...(mitigated && proposal.mitigation ? { mitigation: proposal.mitigation } : {}),
    ...(mitigated ? { impactMonths: proposal.impactMonths } : {}),
    exclusionSituations: proposal.findings.exclusionSituations,
    violationSides,
    source,
    decidedOn,
  };
}

export const effectOf = (outcome: Outcome): ResultEffect =>
  outcome === 'exemption' ? 'notAffected' : outcome === 'mitigated' ? 'impactPeriod' : 'notTolerated';

const DRAFT_KEYS = [
  'matter',
  'decisionOrProject',
  'grounds',
  'claimedSituations',
  'evidence',
  'accountabilityStartedOn',
  'accountabilityRef',
  'decisionOn',
  'riskFilingNo',
] as const;

/** The application fields an event gives; absent ones keep their earlier value. */
export const draftFields = (data: Partial<CreationData>): Partial<ApplicationRecord> =>
  Object.fromEntries(DRAFT_KEYS.filter((key) => data[key] !== undefined).map((key) => [key, data[key]]));

/** §3.1 step 1: the application states the matter and why it fits a tolerance situation. */
export const isCompleteApplication = (application: ApplicationRecord): boolean => hasText(application.matter) && hasText(application.grounds);

export function applicationConditions(application: ApplicationRecord): UnmetCondition[] {
  return allOf(
    !hasText(application.matter) && unmet('missing.matter', '尚缺：事项经过', 'Missing: what happened', 'matter'),
    !hasText(application.grounds) && unmet('missing.grounds', '尚缺：符合容错情形的理由', 'Missing: why it fits a tolerance situation', 'grounds'),
  );
}

/** The application's own dates have come (a proceeding or a decision in the future is no ground). */
export function applicationDateConditions(data: Partial<CreationData>, at: string): UnmetCondition[] {
  return [
    ...notInFuture(data.accountabilityStartedOn, at, 'accountabilityStartedOn', l('问责程序启动日期', 'Accountability proceedings started on')),
    ...notInFuture(data.decisionOn, at, 'decisionOn', l('所涉决策作出（项目启动）日期', 'Decision made on')),
  ];
}

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
    review: { submissions: [], defences: [], returns: [] },
    correctionOpened: false,
  };
}

/** The risk-prevention filing the assessment checks: the officer's number, else the application's. */
export const citedFilingNo = (context: ToleranceContext, data: AssessmentData): string | undefined =>
  data.riskFiling ? (data.riskFiling.filingNo ?? context.application.riskFilingNo) : undefined;

/** What the check of a cited filing needs from the officer: whether it covers the matter, and the decision's date. */
export function riskFilingConditions(context: ToleranceContext, data: AssessmentData, facts: EventFacts | undefined, at: string): UnmetCondition[] {
  const given = data.riskFiling;
  if (!given) return [];
  const found: UnmetCondition[] = [...notInFuture(given.decisionOn, at, 'riskFiling.decisionOn', l('所涉决策作出日期', 'Decision made on'))];
  if (facts?.filing) {
    if (given.coversMatter === undefined) {
      found.push(
        unmet(
          'riskFiling.coversMatter',
          `请认定备案“${facts.filing.project}”是否涵盖所涉事项`,
          `Say whether the filing “${facts.filing.project}” covers the matter`,
          'riskFiling.coversMatter',
        ),
      );
    }
    if (!(given.decisionOn ?? context.application.decisionOn)) {
      found.push(
        unmet(
          'riskFiling.decisionOn',
          '请填写所涉决策的作出日期，以核对备案是否在决策之前',
          'Give the date of the decision in question, to check that the filing preceded it',
          'riskFiling.decisionOn',
        ),
      );
    }
  }
  return found;
}

/** The record of the check (domain.md §3.5): in the applicant's favour when found, covering and prior. */
export function riskFilingCheck(
  context: ToleranceContext,
  data: NonNullable<AssessmentData['riskFiling']>,
  facts: EventFacts | undefined,
  who: Stamp,
): RiskFilingCheckRecord {
  const filingNo = data.filingNo ?? context.application.riskFilingNo;
  const note = data.note ? { note: data.note } : {};
  if (!filingNo) return { ...who, cited: false, found: false, inFavour: false, ...note };
  const filing = facts?.filing ?? null;
  if (!filing) return { ...who, cited: true, filingNo, found: false, inFavour: false, ...note };
  const decisionOn = data.decisionOn ?? context.application.decisionOn;
  const predatesDecision = decisionOn ? filing.filedOn <= decisionOn : undefined;
  const { caseId, unitId, project, scope, filedOn, registeredOn } = filing;
  return {
    ...who,
    cited: true,
    filingNo,
    found: true,
    filing: { caseId, unitId, project, scope, filedOn, registeredOn },
    ...(decisionOn ? { decisionOn } : {}),
    ...(data.coversMatter !== undefined ? { coversMatter: data.coversMatter } : {}),
    ...(predatesDecision !== undefined ? { predatesDecision } : {}),
    inFavour: data.coversMatter === true && predatesDecision === true,
    ...note,
  };
}

/** 综合分析研判: the sections an assessment gives replace the earlier ones of their kind. */
export function assessmentPatch(context: ToleranceContext, who: Stamp, data: AssessmentData, facts: EventFacts | undefined): Partial<VerificationRecord> {
  const { verification } = context;
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
    const { toleranceSituations, exclusionSituations, note } = catalogue;
    patch.catalogue = {
      ...who,
      ...(facts?.catalogue ? { jurisdiction: facts.catalogue.jurisdiction, version: facts.catalogue.version } : {}),
      toleranceSituations: situationRecords(toleranceSituations, facts?.catalogue),
      exclusionSituations: situationRecords(exclusionSituations, facts?.catalogue),
      ...(note ? { note } : {}),
    };
  }
  if (riskFiling) patch.riskFiling = riskFilingCheck(context, riskFiling, facts, who);
  return patch;
}

/** The codes an assessment or a changed review names, and the catalogue version the case is held to. */
export function cataloguedCodes(context: ToleranceContext, data: Record<string, unknown>): { codes: string[]; version?: number } {
  const assessed = (data as AssessmentData).catalogue;
  const lists = [assessed?.toleranceSituations, assessed?.exclusionSituations, (data as { exclusionSituations?: Array<{ code: string }> }).exclusionSituations];
  const codes = lists.flatMap((list) => (Array.isArray(list) ? list.map((item) => String(item.code).trim()) : []));
  return { codes: [...new Set(codes)], version: context.verification.catalogue?.version };
}

/**
 * The factors in the applicant's favour the findings carry (§3.1 step 3): the factors weighed
 * favourable, and a registered filing that covers the matter and predates the decision.
 */
export function factorsInFavour(verification: VerificationRecord): string[] {
  const favourable: string[] = FACTORS.filter((factor) => verification.factors[factor]?.weight === 'favourable');
  const filing = verification.riskFiling;
  if (filing && 'inFavour' in filing && filing.inFavour) favourable.push('riskFiling');
  return favourable;
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
