import { type BaseContext, type CollectiveDecisionRecord, type Label, type Stamp, type TalkRecord } from '../core';
import {
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
export type StoredSituation = SituationRecord | string;

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
  /**
   * `heardAsCase`: the appeal opened its own case in the parent body (issue 18 §3), whose committee's
   * decision alone is recorded here. Appeals filed before kept the organ as typed (`appellateOrgan`).
   */
  appeal?: Stamp & { appellateOrgan?: string; heardAsCase?: true; grounds: string; evidence?: string[] };
  appealDecision?: Stamp & {
    result: ReviewResult;
    /** Free text on decisions recorded before appeals were cases (the parent body is now the case's `appealBody`). */
    decidingOrgan?: string;
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
    /** When the impact period's limit ran out and the system recorded it (IMPACT_PERIOD_ENDED). */
    impactEndedAt?: string;
    feedbackOn: string;
    orgDeptNotifiedOn: string;
    partyCommitteeFiledOn: string;
    note?: string;
  };
  withdrawal?: Stamp & { deemed: boolean; reason?: string };
  revocation?: Stamp & RevocationData;
}
