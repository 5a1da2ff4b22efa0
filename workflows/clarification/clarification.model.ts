import {
  addCalendar,
  allOf,
  compact,
  dayOf,
  hasText,
  notInFuture,
  unmet,
  type BaseContext,
  type OpenCaseParams,
  type ProcedureInput,
  type Stamp,
  type UnmetCondition,
} from '../core';
import type {
  ClarificationMethod,
  Conclusion,
  ConsequenceKind,
  CorrectionStatus,
  FollowUpForm,
  LeadData,
  NoticeMethod,
  VerificationMethod,
} from './clarification.fields';

/*
 * 澄清正名 — the clarification record (domain.md §3.3) and the rules read from it. National basis:
 * 《纪检监察机关处理检举控告工作规则》(2020) arts. 47–52 and the CCDI/NSC opinion on clarifying
 * untrue reports: whoever verified clarifies (谁核实谁澄清); clarification is required where the
 * untrue report had a bad effect, and not done where it had none.
 */

/** How a case ends; the result-notice step routes to the final state of that name. */
export type FinalOutcome = 'transferred' | 'closedWithoutClarification' | 'closedDeclined' | 'closed';
export type OutcomeReason = 'true' | 'unverifiable' | 'noHarm' | 'declined' | 'deemedDeclined' | 'clarified';

export interface ConsequenceItem {
  kind: ConsequenceKind;
  description: string;
  correction: string;
  status: CorrectionStatus;
  competentBody?: string;
}

export type LeadRecord = Stamp & Pick<LeadData, 'summary' | 'channel' | 'receivedOn' | 'signed'>;
export type NoticeRecord = Stamp & { notifiedOn: string; method: NoticeMethod; note?: string };
export type VerificationRecord = Stamp & {
  method: VerificationMethod;
  conclusion: Conclusion;
  findings: string;
  untruePoints: string[];
  truePoints: string[];
  harmful?: boolean;
  harmDescription?: string;
};
export type StartRecord = Stamp &
  ({ kind: 'proposal'; proposal: string; proposedMethod?: ClarificationMethod; proposedScope?: string } | { kind: 'application'; application: string });
export type ConsentRecord = Stamp & { answer: 'accepted' | 'declined' | 'deemedDeclined'; opinion?: string };
export type PlanRecord = Stamp & {
  method: ClarificationMethod;
  /** In-person, meeting and notice clarifications are accompanied by a written one. */
  withWrittenClarification: boolean;
  /** A meeting held as a 澄清正名大会. */
  rally: boolean;
  scope: string;
  points: string[];
  plannedOn?: string;
  notes?: string;
};
export type PlanDecisionRecord = Stamp & { opinion?: string; reason?: string };
export type ClarifiedRecord = Stamp & { clarifiedOn: string; audience: string; writtenClarification: string; notes?: string };
export type ConsequencesRecord = Stamp & { hadConsequences: boolean; items: ConsequenceItem[] };
export type FollowUpRecord = Stamp & { visitedOn: string; form: FollowUpForm; findings: string };
export type ReferralRecord = Stamp & { grounds: string; stage: string };
export type OutcomeRecord = Stamp & { result: FinalOutcome; reason: OutcomeReason };
export type IdentityAmendment = Stamp;

export interface ClarificationContext extends BaseContext {
  lead: LeadRecord;
  /** Staff who completed a missing reporter identity (the values themselves are sealed). */
  identityAmendments: IdentityAmendment[];
  acceptanceNotice?: NoticeRecord;
  verification?: VerificationRecord;
  start?: StartRecord;
  consent?: ConsentRecord;
  /** Every plan submitted, the current one last. */
  plans: PlanRecord[];
  planReturns: PlanDecisionRecord[];
  planApproval?: PlanDecisionRecord;
  clarification?: ClarifiedRecord;
  consequences?: ConsequencesRecord;
  followUp?: FollowUpRecord;
  resultNotice?: NoticeRecord;
  falseAccusationReferral?: ReferralRecord;
  outcome?: OutcomeRecord;
  /** 谁核实谁澄清's exception: the clarification handed over to another officer, with the reason. */
  handovers?: Array<Stamp & { toOfficer: string; reason: string }>;
}

/** Who may carry out the clarification: the officer who verified, and anyone it was handed over to. */
export function clarifiersOf(context: ClarificationContext): string[] {
  return [...new Set([...(context.verification ? [context.verification.by] : []), ...(context.handovers ?? []).map((handover) => handover.toOfficer)])];
}

export const isFoundUntrueConclusion = (conclusion: unknown): boolean => conclusion === 'partlyTrue' || conclusion === 'untrue';

/** The items of a text list, trimmed, as the record keeps them. */
export const textItems = (value: readonly string[] | undefined): string[] => (value ?? []).filter(hasText).map((item) => item.trim());

/**
 * A date no later than the event's day. One day of slack: `at` is UTC and the office's calendar
 * day (UTC+8) may already be the next one.
 */
export const isNotAfterToday = (date: string, at: string): boolean => date <= dayOf(addCalendar(at, 1, 'calendarDays').toISOString());

/** 部分属实 / 失实: only the points found untrue are clarified, so they must be named. */
export const namesUntruePoints = (data: { conclusion: Conclusion; untruePoints?: string[] }): boolean =>
  !isFoundUntrueConclusion(data.conclusion) || textItems(data.untruePoints).length > 0;

/** `isConsistentConsequenceRecord` as the conditions it finds unmet. */
export function consequenceConditions(data: { hadConsequences: boolean; items?: ReadonlyArray<ConsequenceItem> }): UnmetCondition[] {
  const items = data.items ?? [];
  if (!data.hadConsequences) {
    return allOf(
      items.length > 0 &&
        unmet('consequences.notExpected', '未造成处理处分或错失机会的，不填写纠正情况', 'No corrections are listed when there were no consequences', 'items'),
    );
  }
  return allOf(
    items.length === 0 &&
      unmet('consequences.missing', '不实举报已造成不良后果的，须逐项记录纠正情况', 'Each wrong consequence is listed with its correction', 'items'),
    ...items.map(
      (item, index) =>
        item.status === 'recommended' &&
        !hasText(item.competentBody) &&
        unmet(
          'consequences.competentBody',
          `第${index + 1}项已提出纠正建议的，须写明有权机关`,
          `Item ${index + 1}: a recommended correction names the competent body`,
          `items[${index}].competentBody`,
        ),
    ),
  );
}

/** A report is registered once received, never ahead of time (issue 19 §3). */
export function leadConditions(data: Partial<LeadData>, at: string): UnmetCondition[] {
  return notInFuture(data.receivedOn, at, 'receivedOn', { zh: '收到日期', en: 'Date received' });
}

/** Art. 51: each wrong consequence records the correction made, or recommended and to whom. */
export function isConsistentConsequenceRecord(data: { hadConsequences: boolean; items?: ReadonlyArray<ConsequenceItem> }): boolean {
  const items = data.items ?? [];
  if (!data.hadConsequences) return items.length === 0;
  return items.length > 0 && items.every((item) => item.status !== 'recommended' || hasText(item.competentBody));
}

/** The record a case opens with: the lead, and the reporter's identity under `sealed` only (art. 47). */
export function openingRecord(input: ProcedureInput<Partial<LeadData>>): ClarificationContext {
  const data = input.data ?? {};
  const reporterUserId = hasText(data.reporterUserId) ? data.reporterUserId : undefined;
  return {
    parties: compact({ cadreId: data.cadreId ?? '', unitId: data.unitId ?? '', accuserUserId: reporterUserId }),
    // Art. 47: the reporter's identity is kept secret; it lives here and nowhere else.
    sealed: compact({
      reporterName: hasText(data.reporterName) ? data.reporterName : undefined,
      reporterContact: hasText(data.reporterContact) ? data.reporterContact : undefined,
      reporterUserId,
    }),
    lead: {
      by: input.actor.id,
      at: input.at,
      summary: data.summary ?? '',
      channel: data.channel ?? 'other',
      receivedOn: data.receivedOn ?? dayOf(input.at),
      signed: data.signed === true,
    },
    identityAmendments: [],
    plans: [],
    planReturns: [],
  };
}

/** The linked false-accusation case (domain.md §3.4): keys agreed with that procedure. */
export function falseAccusationOpening(context: ClarificationContext): OpenCaseParams {
  return {
    procedure: 'falseAccusation',
    relation: 'falseAccusationFrom',
    data: compact({
      cadreId: context.parties.cadreId,
      unitId: context.parties.unitId,
      summary: context.lead.summary,
      conclusion: context.verification?.conclusion,
    }),
    sealed: compact({
      accuserName: context.sealed.reporterName,
      accuserContact: context.sealed.reporterContact,
      accuserUserId: context.sealed.reporterUserId,
    }),
  };
}
