import {
  addCalendar,
  allOf,
  hasText,
  notInFuture,
  unmet,
  type Actor,
  type CatalogueFact,
  type EventFacts,
  type Label,
  type OpenCaseParams,
  type ProcedureInput,
  type Stamp,
  type UnmetCondition,
} from '../core';
import {
  DISTINCTION_KEYS,
  FACTOR_LABELS,
  FACTORS,
  type AssessmentData,
  type CreationData,
  type Distinction,
  type Factor,
  type Outcome,
} from './tolerance.fields';
import {
  type ApplicationRecord,
  type OutcomeRecord,
  type RiskFilingCheckRecord,
  type SituationRecord,
  type ToleranceContext,
  type VerificationRecord,
} from './tolerance.model';

const l = (zh: string, en: string): Label => ({ zh, en });

/*
 * Rules read from the record (pure; the machine's guards and actions call them). Each returns the
 * conditions it finds unmet, in both languages (workflows/core/rules.ts). The record's shape is in
 * tolerance.model.ts; the findings and the decision in tolerance.findings.ts.
 */

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

/** A distinction's short name, as a condition names it. */
export const distinctionShort = (key: Distinction): Label =>
  ({
    experience: l('“缺乏经验与明知故犯”', 'inexperience vs knowing violation'),
    prohibition: l('“探索试验与明令禁止”', 'trial vs prohibition'),
    purpose: l('“推动发展与谋取私利”', 'development vs private gain'),
  })[key];

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

/** Adds the actor to the investigators (they may not review the case: separation of duties, §2). */
export function investigated(verification: VerificationRecord, actorId: string, patch: Partial<VerificationRecord> = {}): VerificationRecord {
  const investigators = verification.investigators.includes(actorId) ? verification.investigators : [...verification.investigators, actorId];
  return { ...verification, ...patch, investigators };
}

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

/**
 * 综合分析研判 with no section at all records nothing and would still show as a step taken on the
 * record: a section counts once it names a factor or a distinction, or carries the catalogue or the
 * filing check (an empty catalogue check is a finding: no situation applies).
 */
export function assessmentGivesNothing(data: AssessmentData): boolean {
  const named = (section: object | undefined) => section !== undefined && Object.values(section).some((value) => value !== undefined);
  return !named(data.factors) && !named(data.distinctions) && data.catalogue === undefined && !named(data.riskFiling);
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
/**
 * The appeal case the filed appeal opens in the body one level up (issue 18 §3): exactly the appeal
 * procedure's creation fields (appeal.fields.ts).
 */
export function appealOpening(context: ToleranceContext, filing: { by: string; grounds: string; evidence?: string[] }): OpenCaseParams {
  return {
    procedure: 'appeal',
    relation: 'appealOf',
    body: 'parent',
    data: {
      cadreId: context.parties.cadreId,
      unitId: context.parties.unitId,
      grounds: filing.grounds,
      ...(filing.evidence ? { evidence: filing.evidence } : {}),
      filedBy: filing.by,
    },
  };
}

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
