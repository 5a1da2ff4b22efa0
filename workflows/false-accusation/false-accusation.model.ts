import type { Actor, BaseContext, CollectiveDecisionRecord, RoleStamp } from '../core';
import type {
  DisciplinaryLevel,
  GovernmentSanctionLevel,
  Measure,
  MeasureData,
} from './false-accusation.fields';

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
  reviewDecision?: RoleStamp &
    CollectiveDecisionRecord & { outcome: 'upheld' | 'changed'; reasoning: string; newDecision?: MeasureDecision };
  closure?: { cause: 'reviewWindowExpired' | 'reviewDecided'; at: string; by: string };
}

/** A party or government sanction names its kind (纪律处分条例 art. 8; 政务处分法 art. 7). */
export function hasLevelsFor(data: MeasureData): boolean {
  const measures = data.measures ?? [];
  const party = !measures.includes('disciplinarySanction') || data.disciplinaryLevel !== undefined;
  const government = !measures.includes('governmentSanction') || data.governmentSanctionLevel !== undefined;
  return party && government;
}

/** The measures decided, with a sanction's kind only where the measures include that sanction. */
export function measureDecision(data: MeasureData): MeasureDecision {
  const measures = data.measures ?? [];
  return {
    measures,
    disciplinaryLevel: measures.includes('disciplinarySanction') ? data.disciplinaryLevel : undefined,
    governmentSanctionLevel: measures.includes('governmentSanction') ? data.governmentSanctionLevel : undefined,
  };
}

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
