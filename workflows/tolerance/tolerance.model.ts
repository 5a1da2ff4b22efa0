import type { BaseContext, CollectiveDecisionRecord, Label, ProcedureEvent } from '../core';

/**
 * The vocabulary of the tolerance procedure (domain.md §3.1): the six factors, the three
 * distinctions, the outcomes, and the record each step leaves in the context. The machine, the
 * definition's field specs and the samples all read these lists, so a value has one spelling.
 */

const l = (zh: string, en: string): Label => ({ zh, en });

/** The six factors weighed when judging a mistake (Qingdao §10). */
export const FACTOR_LABELS = {
  motiveAttitude: l('动机态度', 'Motive and attitude'),
  objectiveConditions: l('客观条件', 'Objective conditions'),
  procedureMethod: l('程序方法', 'Procedure and method'),
  natureDegree: l('性质程度', 'Nature and degree'),
  consequencesImpact: l('后果影响', 'Consequences and impact'),
  lossRecovery: l('挽回损失', 'Recovery of losses'),
} as const;
export type Factor = keyof typeof FACTOR_LABELS;
export const FACTORS = Object.keys(FACTOR_LABELS) as Factor[];

/** How a factor weighs in the judgement. */
export const FACTOR_WEIGHT_LABELS = {
  favourable: l('有利于容错', 'Favours tolerance'),
  neutral: l('无明显影响', 'Neutral'),
  unfavourable: l('不利于容错', 'Weighs against tolerance'),
} as const;
export type FactorWeight = keyof typeof FACTOR_WEIGHT_LABELS;

/**
 * The three distinctions (三个区分开来). Each is assessed by saying on which side of the line the
 * conduct falls: the first value is the tolerable side, the second the violation.
 */
export const DISTINCTIONS = {
  experience: {
    label: l('把干部在推进改革中因缺乏经验、先行先试出现的失误错误,同明知故犯的违纪违法行为区分开来', 'Inexperience in reform vs knowing violation'),
    values: {
      exploratoryMistake: l('缺乏经验、先行先试出现的失误错误', 'Mistake through inexperience or pioneering'),
      knowingViolation: l('明知故犯的违纪违法行为', 'Knowing violation'),
    },
  },
  prohibition: {
    label: l('把上级尚无明确限制的探索性试验中的失误错误,同上级明令禁止后依然我行我素的违纪违法行为区分开来', 'Unforbidden trial vs defying a prohibition'),
    values: {
      unforbiddenTrial: l('上级尚无明确限制的探索性试验中的失误错误', 'Error in a trial not expressly forbidden'),
      defiedProhibition: l('上级明令禁止后依然我行我素的违纪违法行为', 'Violation after an express prohibition'),
    },
  },
  purpose: {
    label: l('把为推动发展的无意过失,同为谋取私利的违纪违法行为区分开来', 'Unintended error for development vs private gain'),
    values: {
      developmentError: l('为推动发展的无意过失', 'Unintended error made to promote development'),
      privateGain: l('为谋取私利的违纪违法行为', 'Violation for personal or private gain'),
    },
  },
} as const;
export type Distinction = keyof typeof DISTINCTIONS;
export const DISTINCTION_KEYS = Object.keys(DISTINCTIONS) as Distinction[];

export const OUTCOME_LABELS = {
  exemption: l('容错免责', 'Exemption (tolerated)'),
  mitigated: l('从轻/减轻处理', 'Lighter or mitigated handling'),
  notTolerated: l('不予容错', 'Not tolerated'),
} as const;
export type Outcome = keyof typeof OUTCOME_LABELS;

export const MITIGATION_LABELS = {
  lighter: l('从轻处理', 'Lighter handling'),
  reduced: l('减轻处理', 'Reduced handling'),
} as const;
export type Mitigation = keyof typeof MITIGATION_LABELS;

/** 不予受理 grounds (domain.md §3.1 step 2). */
export const REJECTION_GROUND_LABELS = {
  outOfScope: l('不属于容错受理范围', 'Outside the scope of tolerance'),
  exclusionEvident: l('明显属于不予容错情形', 'Obviously an exclusion situation'),
  duplicate: l('重复申请', 'Duplicate application'),
} as const;
export type RejectionGround = keyof typeof REJECTION_GROUND_LABELS;

export const REVIEW_RESULT_LABELS = {
  upheld: l('维持原决定', 'Upheld'),
  changed: l('变更原决定', 'Changed'),
} as const;
export type ReviewResult = keyof typeof REVIEW_RESULT_LABELS;

/** The effect of the final result on the cadre, as the organisation department reads it (§4). */
export const EFFECT_LABELS = {
  notAffected: l('不受影响', 'Not affected'),
  impactPeriod: l('影响期内', 'Impact period'),
  notTolerated: l('不予容错', 'Not tolerated'),
} as const;
export type ResultEffect = keyof typeof EFFECT_LABELS;

export const SERVICE_METHOD_LABELS = {
  inPerson: l('直接送达', 'In person'),
  post: l('邮寄送达', 'By post'),
  viaUnit: l('通过所在单位送达', 'Through the unit'),
  electronic: l('电子送达', 'Electronically'),
} as const;
export type ServiceMethod = keyof typeof SERVICE_METHOD_LABELS;

/** Impact period bounds in months (影响期), for mitigated handling. */
export const IMPACT_MONTHS = { min: 1, max: 24 } as const;

// ---------------------------------------------------------------------------------------------
// The record in the context. Every entry says who (`by`) and when (`at`, the server's time).

export interface Stamp {
  by: string;
  at: string;
}

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

/**
 * What a linked correction case sends when its committee revokes the tolerance decision
 * (correction.machine.ts `revocationParams`; the engine adds the correction case's id).
 */
export interface RevocationData {
  reason?: string;
  decidedAt?: string;
  decidedBy?: string;
  meetingDate?: string;
  consequences?: string[];
  correction?: { procedure?: string; cause?: string };
  correctionCaseId?: string;
}

// ---------------------------------------------------------------------------------------------
// Event payloads (shaped by the definition's field specs).

export interface CreationData {
  cadreId?: string;
  unitId: string;
  matter?: string;
  decisionOrProject?: string;
  grounds?: string;
  claimedSituations?: string[];
  evidence?: string[];
  accountabilityStartedOn?: string;
  accountabilityRef?: string;
  exOfficioReason?: string;
}

type DraftData = Omit<CreationData, 'cadreId' | 'unitId' | 'exOfficioReason'>;
type OutcomeData = {
  outcome?: Outcome;
  mitigation?: Mitigation;
  impactMonths?: number;
};
type ReviewChangeData = {
  result: ReviewResult;
  newOutcome?: Outcome;
  mitigation?: Mitigation;
  impactMonths?: number;
  /** Exclusion situations the review or appeal holds to apply; absent: the findings' list stands. */
  exclusionSituations?: string[];
  reasoning: string;
};

/** 综合分析研判 (§3.1 step 3): any of its sections, sent together or one at a time. */
export interface AssessmentData {
  factors?: Partial<Record<Factor, { weight: FactorWeight; note: string }>>;
  distinctions?: Partial<Record<Distinction, { side: string; note: string }>>;
  /** Hits in the configured catalogues, as codes or short texts. */
  catalogue?: { toleranceSituations?: string[]; exclusionSituations?: string[]; note?: string };
  /** 防错备案: whether the project was filed in advance (counts in the applicant's favour). */
  riskFiling?: { filed: boolean; filingRef?: string; filedOn?: string; note?: string };
}

type E<T extends string, D = Record<string, never>> = ProcedureEvent<T, D>;

export type ToleranceEvent =
  | E<'UPDATE_DRAFT', DraftData>
  | E<'SUBMIT', DraftData>
  | E<'WITHDRAW', { reason?: string }>
  | E<'ACCEPT', { note?: string }>
  | E<'REJECT', { ground: RejectionGround; reason: string; duplicateOf?: string }>
  | E<'REQUEST_SUPPLEMENT', { items: string[]; note?: string }>
  | E<'RESUBMIT', { supplement: string; evidence?: string[] }>
  | E<'SUPPLEMENT_EXPIRED'>
  | E<'RECORD_STATEMENT', { statement: string; heardOn?: string }>
  | E<'RECORD_UNIT_OPINION', { opinion: string; unitName?: string }>
  | E<'RECORD_DEPARTMENT_OPINION', { department: string; opinion: string }>
  | E<'RECORD_ASSESSMENT', AssessmentData>
  | E<'REQUEST_EXTENSION', { reason: string }>
  | E<'APPROVE_EXTENSION', { comment?: string }>
  | E<'DENY_EXTENSION', { comment?: string }>
  | E<'SUBMIT_FINDINGS', { summary: string; recommendation: Outcome }>
  | E<'RECORD_REVIEW_DEFENCE', { defence: string; heardOn?: string }>
  | E<'PASS_TO_COMMITTEE', { opinion: string; recommendation?: Outcome }>
  | E<'RETURN_FOR_VERIFICATION', { reason: string }>
  | E<'DECIDE', OutcomeData & Partial<CollectiveDecisionRecord> & { reasoning: string }>
  | E<'SERVE_DECISION', { documentNo: string; servedToApplicantOn: string; servedToUnitOn: string; method: ServiceMethod }>
  | E<'ACKNOWLEDGE_RECEIPT', { note?: string }>
  | E<'RECEIPT_DEEMED'>
  | E<'REQUEST_REVIEW', { grounds: string; evidence?: string[] }>
  | E<'ACCEPT_RESULT', { note?: string }>
  | E<'REVIEW_WINDOW_EXPIRED'>
  | E<'DECIDE_REVIEW', ReviewChangeData & Partial<CollectiveDecisionRecord>>
  | E<'FILE_APPEAL', { appellateOrgan: string; grounds: string; evidence?: string[] }>
  | E<'APPEAL_WINDOW_EXPIRED'>
  | E<'RECORD_APPEAL_DECISION', ReviewChangeData & { decidingOrgan: string; documentNo?: string; decidedOn: string }>
  | E<'CLOSE', { feedbackOn: string; orgDeptNotifiedOn: string; partyCommitteeFiledOn: string; impactFrom?: string; note?: string }>
  | E<'DECISION_REVOKED', RevocationData>;

export type ToleranceEventType = ToleranceEvent['type'];
