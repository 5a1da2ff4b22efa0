import {
  after,
  allOf,
  unmet,
  type Actor,
  type BaseContext,
  type CollectiveDecisionRecord,
  type RegisterParams,
  type RoleStamp,
  type TalkRecord,
  type UnmetCondition,
} from '../core';
import type { DisciplinaryLevel, GovernmentSanctionLevel, Measure, MeasureData } from './false-accusation.fields';

/**
 * The false-accusation record (诬告陷害查处, domain.md §3.4; 《纪检监察机关处理检举控告工作规则》
 * art. 39; 刑法 art. 243) and the rules read from it. Its entries keep the role acted in.
 */

/**
 * How often the committee may send a finding of malice back for further investigation. No text
 * fixes it; two mirrors the limit on supplementary investigation in 刑事诉讼法 art. 175 and keeps
 * the case from cycling without end.
 */
export const MAX_RETURNS = 2;

/** Stands for the accuser's user id wherever a step they took is recorded outside `sealed`. */
export const SEALED_ACCUSER = 'sealed:accuser';

/** Default window for the sanctioned person's review request (domain.md §3.4 step 5 / §3.1 step 7). */
export const REVIEW_WINDOW_MONTHS = 1;

export interface MeasureDecision {
  measures: Measure[];
  disciplinaryLevel?: DisciplinaryLevel;
  governmentSanctionLevel?: GovernmentSanctionLevel;
  /** With the blacklist measure: the last day on the register (from the meeting date). */
  blacklistUntil?: string;
}

export type Conclusion =
  | (RoleStamp & { kind: 'mistaken'; reasoning: string; educationGiven: boolean; educationNote?: string })
  | (RoleStamp & { kind: 'undetermined'; reasoning: string })
  | (RoleStamp & {
      kind: 'malicious';
      establishedFacts: string;
      intentEvidence: string[];
      fabrication: string[];
      reasoning?: string;
    });

export interface FalseAccusationContext extends BaseContext {
  origin?: { caseId: string; procedure: string };
  opening: RoleStamp & { accusationSummary: string; clarificationConclusion: string };
  conclusion?: Conclusion;
  /** Findings of malice the committee sent back for further investigation. */
  returns: Array<RoleStamp & { reason: string; finding: Conclusion }>;
  decision?: RoleStamp & CollectiveDecisionRecord & MeasureDecision & { approvingBody: string; reasoning: string };
  executions: Array<RoleStamp & { measure: Measure; executedOn: string; detail: string; documentRef?: string }>;
  reviewWindow?: { openedAt: string };
  reviewRequest?: RoleStamp & { reason: string; onBehalf: boolean };
  reviewDecision?: RoleStamp & CollectiveDecisionRecord & { outcome: 'upheld' | 'changed'; reasoning: string; newDecision?: MeasureDecision };
  closure?: { cause: 'reviewWindowExpired' | 'reviewDecided'; at: string; by: string };
  /** 谈心谈话 with the falsely accused cadre. */
  talks?: TalkRecord[];
}

/**
 * A party or government sanction names its kind (纪律处分条例 art. 8; 政务处分法 art. 7); a
 * blacklisting says until when, a day after the meeting that decided it.
 */
export function measureConditions(data: MeasureData & { meetingDate?: string }): UnmetCondition[] {
  const measures = data.measures ?? [];
  return allOf(
    measures.includes('disciplinarySanction') &&
      data.disciplinaryLevel === undefined &&
      unmet('measures.disciplinaryLevel', '决定给予纪律处分的，须写明处分种类', 'A disciplinary sanction names its kind', 'disciplinaryLevel'),
    measures.includes('governmentSanction') &&
      data.governmentSanctionLevel === undefined &&
      unmet('measures.governmentLevel', '决定给予政务处分的，须写明处分种类', 'A government sanction names its kind', 'governmentSanctionLevel'),
    measures.includes('creditBlacklist') &&
      data.blacklistUntil === undefined &&
      unmet('measures.blacklistUntil', '决定纳入失信黑名单的，须写明期限', 'Listing on the credit blacklist says until when', 'blacklistUntil'),
    measures.includes('creditBlacklist') &&
      after(
        data.blacklistUntil,
        data.meetingDate,
        'blacklistUntil',
        { zh: '失信黑名单期限', en: 'Blacklisted until' },
        { zh: '会议日期', en: 'the meeting date' },
      ),
  );
}

/** The measures decided, with a sanction's kind only where the measures include that sanction. */
export function measureDecision(data: MeasureData): MeasureDecision {
  const measures = data.measures ?? [];
  return {
    measures,
    disciplinaryLevel: measures.includes('disciplinarySanction') ? data.disciplinaryLevel : undefined,
    governmentSanctionLevel: measures.includes('governmentSanction') ? data.governmentSanctionLevel : undefined,
    ...(measures.includes('creditBlacklist') ? { blacklistUntil: data.blacklistUntil } : {}),
  };
}

/** The accuser as the case's sealed part names them: the register entry refers to these keys, never to the values. */
export const SEALED_ACCUSER_KEYS = { name: 'accuserName', contact: 'accuserContact', account: 'accuserUserId' } as const;

/**
 * 失信黑名单 (Qingdao §12: 对实施诬告陷害的有关人员，纳入社会诚信体系失信“黑名单”): a decision that
 * lists the blacklist measure enters the accuser on the register, from the meeting date until the
 * day the decision sets, with the deciding body and the decision.
 */
export function blacklistEntry(
  decision: MeasureDecision & { approvingBody: string; meetingDate: string; reasoning: string },
  stage: 'decision' | 'review',
): RegisterParams {
  return {
    register: 'creditBlacklist',
    op: 'add',
    entry: {
      decidingBody: decision.approvingBody,
      decidedOn: decision.meetingDate,
      measures: decision.measures,
      from: decision.meetingDate,
      until: decision.blacklistUntil,
      stage,
    },
    sealedPerson: SEALED_ACCUSER_KEYS,
  };
}

/** A review that changes the measures takes the case's register entries off the blacklist. */
export const blacklistWithdrawal = (): RegisterParams => ({ register: 'creditBlacklist', op: 'withdraw', entry: { reason: 'reviewChanged' } });

/** Decided measures whose execution is not recorded yet. */
export function pendingMeasures(context: Pick<FalseAccusationContext, 'decision' | 'executions'>): Measure[] {
  const done = new Set(context.executions.map((execution) => execution.measure));
  return (context.decision?.measures ?? []).filter((measure) => !done.has(measure));
}

/** The sanctioned accuser (when a user) asks in person; an officer records a written request. */
export function canRequestReview(context: FalseAccusationContext, actor: Actor): boolean {
  if (actor.role === 'officer') return true;
  return actor.role === 'applicant' && context.parties.accuserUserId !== undefined && actor.id === context.parties.accuserUserId;
}
