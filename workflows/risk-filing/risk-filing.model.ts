import {
  businessDate,
  officeDayOf,
  unmet,
  type BaseContext,
  type EarliestDay,
  type Label,
  type ProcedureInput,
  type RegisterParams,
  type Stamp,
  type UnmetCondition,
} from '../core';
import type { LegalityReviewData, RiskAssessmentData, RiskFilingCreationData } from './risk-filing.fields';

/**
 * The filing's record (防错备案, domain.md §3.5) and the rules read from it. A registered filing is
 * evidence in a later tolerance application: verification checks it exists in the register,
 * covers the matter and predates the decision, and it then counts in the applicant's favour.
 */

const l = (zh: string, en: string): Label => ({ zh, en });

export interface FilingRecord {
  project: string;
  description: string;
  scope: string;
  plannedStartOn?: string;
  legalityReview: LegalityReviewData;
  riskAssessment: RiskAssessmentData;
  approvingBody: string;
  approvedOn?: string;
  evidence?: string[];
}

export interface RiskFilingContext extends BaseContext {
  filing: FilingRecord;
  /** Each submission: the first filing and every resubmission after a return. */
  submissions: Array<Stamp & { changes?: string }>;
  review?: Stamp & { opinion: string };
  returns: Array<Stamp & { stage: 'review' | 'registration'; reason: string; items?: string[] }>;
  registration?: Stamp & { filingNo: string; filedOn: string; registeredOn: string; note?: string };
  withdrawal?: Stamp & { deemed: boolean; reason?: string };
}

export function openingRecord(input: ProcedureInput<RiskFilingCreationData>): RiskFilingContext {
  const { data, actor, at } = input;
  const { project, description, scope, plannedStartOn, legalityReview, riskAssessment, approvingBody, approvedOn, evidence } = data;
  return {
    parties: { cadreId: data.cadreId ?? '', unitId: data.unitId ?? '', ...(actor.role === 'unit' ? { applicantId: actor.id } : {}) },
    sealed: {},
    filing: {
      project,
      description,
      scope,
      ...(plannedStartOn ? { plannedStartOn } : {}),
      legalityReview,
      riskAssessment,
      approvingBody,
      ...(approvedOn ? { approvedOn } : {}),
      ...(evidence ? { evidence } : {}),
    },
    submissions: [{ by: actor.id, at }],
    returns: [],
  };
}

const REVIEWED_ON = l('审查日期', 'Reviewed on');
const ASSESSED_ON = l('评估日期', 'Assessed on');

/** A legality review and a risk assessment took place, not ahead of time. */
export function reviewDateConditions(
  data: { legalityReview?: LegalityReviewData; riskAssessment?: RiskAssessmentData; approvedOn?: string },
  at: string,
  since?: EarliestDay,
): UnmetCondition[] {
  return [
    ...businessDate(data.legalityReview?.reviewedOn, at, 'legalityReview.reviewedOn', REVIEWED_ON, since),
    ...businessDate(data.riskAssessment?.assessedOn, at, 'riskAssessment.assessedOn', ASSESSED_ON, since),
    ...businessDate(data.approvedOn, at, 'approvedOn', l('批准日期', 'Approved on')),
  ];
}

/** A project its legality review found unlawful is not filed as it stands: it goes back for changes. */
export function legalityConditions(filing: FilingRecord): UnmetCondition[] {
  return filing.legalityReview.conclusion === 'unlawful'
    ? [
        unmet(
          'filing.unlawful',
          '合法性审查认为存在合法性问题，应退回修改，不能通过审查',
          'The legality review found problems: the filing goes back for changes, it cannot pass',
        ),
      ]
    : [];
}

/** The day the filing that is registered was submitted: the last (re)submission. */
export const filedOnOf = (context: RiskFilingContext): string => officeDayOf(context.submissions[context.submissions.length - 1].at);

/** The register entry a registration makes (the register of filings, src/registers). */
export function registerEntry(context: RiskFilingContext, filingNo: string, at: string): RegisterParams {
  return {
    register: 'riskFilings',
    op: 'add',
    entry: {
      filingNo: filingNo.trim(),
      project: context.filing.project,
      scope: context.filing.scope,
      filedOn: filedOnOf(context),
      registeredOn: officeDayOf(at),
    },
  };
}
