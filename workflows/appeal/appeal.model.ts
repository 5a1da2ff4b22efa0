import { compact, type BaseContext, type CollectiveDecisionRecord, type ProcedureInput, type SendToOriginParams, type Stamp } from '../core';
import type { AppealCreationData, AppealEvent } from './appeal.fields';

/**
 * The appeal case's record (申诉案件, issue 18 §3) and the decision it sends back to the lower case.
 * Who appealed is the lower case's business: the appeal names the cadre, the unit and the grounds.
 */

export interface AppealContext extends BaseContext {
  /** The lower case appealed against (the engine links the two; the pure record names its procedure). */
  origin?: { caseId: string; procedure: string };
  filed: Stamp & { grounds: string; evidence?: string[]; filedBy?: string };
  acceptance?: Stamp & { note?: string };
  reviewReport?: Stamp & { report: string; proposal: string };
  decision?: Stamp & {
    result: 'upheld' | 'changed';
    newOutcome?: string;
    reasoning: string;
    documentNo?: string;
    decidedOn: string;
    vote: CollectiveDecisionRecord;
  };
}

export function openingRecord(input: ProcedureInput<AppealCreationData>): AppealContext {
  const { data, at, actor, origin } = input;
  return {
    parties: { cadreId: data.cadreId, unitId: data.unitId },
    sealed: {},
    ...(origin ? { origin: { caseId: origin.caseId, procedure: origin.procedure } } : {}),
    filed: compact({ by: data.filedBy ?? actor.id, at, grounds: data.grounds, evidence: data.evidence, filedBy: data.filedBy }),
  };
}

/** Keys of the decision that are the committee's deliberation, not the lower case's record. */
const VOTE_KEYS = ['meetingDate', 'attendees', 'votesFor', 'votesAgainst', 'votesAbstain', 'dissent', 'documentNo'] as const;

/**
 * What the lower case receives (its RECORD_APPEAL_DECISION): the result, the outcome and findings
 * when changed, the reasons, the reference and the day the committee decided. The vote stays in the
 * appeal case (deliberation is internal).
 */
export function decisionForLowerCase(event: Extract<AppealEvent, { type: 'DECIDE_APPEAL' }>): SendToOriginParams {
  const data: Record<string, unknown> = { ...event.data };
  for (const key of VOTE_KEYS) delete data[key];
  return {
    type: 'RECORD_APPEAL_DECISION',
    data: compact({ ...data, documentNo: event.data.documentNo, decidedOn: event.data.meetingDate }),
  };
}
