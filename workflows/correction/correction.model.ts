import { unmet, type Actor, type BaseContext, type CollectiveDecisionRecord, type RoleStamp, type TalkRecord, type UnmetCondition } from '../core';
import type { CheckResult, Consequence, ResponsibleParty } from './correction.fields';

/**
 * The correction record (纠错, domain.md §3.2; Qingdao implementing opinions §11: 明确纠错事项及要求,
 * 责令限期整改,督促深刻分析原因,健全体制机制,堵塞漏洞 … 对不能按期完成纠错整改任务的,予以严肃处理),
 * and the rules read from it. Its entries keep the role acted in (`RoleStamp`).
 */

export interface CorrectionItem {
  no: number;
  requirement: string;
  responsible: ResponsibleParty;
  dueDate: string;
  /** True when the order gave no date and the 3-month default was applied. */
  dueDateDefaulted: boolean;
}

export interface PlanRecord extends RoleStamp {
  content: string;
  measures: string[];
  review?: { approved: boolean; reason?: string; by: string; at: string };
}

export interface ProgressReport extends RoleStamp {
  progress: string;
  evidence: string[];
}

export interface ExtensionRecord {
  reason: string;
  previousDueDate: string;
  newDueDate: string;
  /** Calendar days the approved extension adds to the latest item deadline. */
  days: number;
  requestedBy: string;
  requestedAt: string;
  decision?: { approved: boolean; reason?: string; by: string; at: string };
}

export interface CompletionReport extends RoleStamp {
  summary: string;
  evidence: string[];
}

export interface ItemResult {
  itemNo: number;
  result: CheckResult;
  note?: string;
}

export interface CheckRound extends RoleStamp {
  round: number;
  results: ItemResult[];
  summary?: string;
}

export type EscalationCause = 'planOverdue' | 'rectificationOverdue' | 'failedRecheck';

export interface CorrectionContext extends BaseContext {
  origin?: { caseId: string; procedure: string };
  opening: RoleStamp & { source: 'tolerance' | 'ownMotion'; summary: string };
  order?: RoleStamp & { items: CorrectionItem[]; basis?: string };
  plans: PlanRecord[];
  progressReports: ProgressReport[];
  extension?: ExtensionRecord;
  completionReports: CompletionReport[];
  checks: CheckRound[];
  /** The one re-do allowed after a failed acceptance check (返工整改). */
  redo?: RoleStamp & { itemNos: number[]; dueDate: string };
  completion?: RoleStamp & { rootCauseAnalysis: string; mechanismImprovements: string[]; summary?: string };
  escalation?: { cause: EscalationCause; at: string; by: string };
  consequence?: RoleStamp & CollectiveDecisionRecord & { consequences: Consequence[]; reasoning: string; toleranceRevoked: boolean };
  /** 谈心谈话 with the cadre while the correction runs. */
  talks?: TalkRecord[];
}

/** The latest item deadline: the rectification period ends when the last item is due. */
export function latestItemDueDate(context: Pick<CorrectionContext, 'order'>): string | undefined {
  const dates = (context.order?.items ?? []).map((item) => item.dueDate).sort();
  return dates[dates.length - 1];
}

/** The rectification deadline in force: the latest item date, or the extended date once approved. */
export function currentDueDate(context: Pick<CorrectionContext, 'order' | 'extension'>): string | undefined {
  return context.extension?.decision?.approved ? context.extension.newDueDate : latestItemDueDate(context);
}

/** Items not yet passed in an acceptance check: those the next check must rule on. */
export function openItemNos(context: Pick<CorrectionContext, 'order' | 'checks'>): number[] {
  const passed = new Set(context.checks.flatMap((round) => round.results.filter((r) => r.result === 'passed').map((r) => r.itemNo)));
  return (context.order?.items ?? []).map((item) => item.no).filter((no) => !passed.has(no));
}

/** The cadre (as applicant) or the unit, when an item of the order is theirs. */
export function isResponsibleActor(context: CorrectionContext, actor: Actor): boolean {
  const items = context.order?.items ?? [];
  if (actor.role === 'applicant') {
    return actor.id === context.parties.cadreId && items.some((item) => item.responsible !== 'unit');
  }
  if (actor.role === 'unit') return items.some((item) => item.responsible !== 'cadre');
  return false;
}

/**
 * §3.2 step 4: a check rules on every open item exactly once, and a failed item says why.
 */
export function isCompleteCheck(context: CorrectionContext, results: ReadonlyArray<{ itemNo: number; result: CheckResult; note?: string }>): boolean {
  const open = openItemNos(context);
  const ruled = results.map((r) => r.itemNo);
  const explained = results.every((r) => r.result === 'passed' || (r.note !== undefined && r.note.trim().length > 0));
  return explained && ruled.length === open.length && new Set(ruled).size === open.length && open.every((no) => ruled.includes(no));
}

/** `isCompleteCheck` as the conditions it finds unmet, item by item. */
export function checkConditions(context: CorrectionContext, results: ReadonlyArray<{ itemNo: number; result: CheckResult; note?: string }>): UnmetCondition[] {
  const open = openItemNos(context);
  const ruled = results.map((r) => r.itemNo);
  const found: UnmetCondition[] = [];
  const missing = open.filter((no) => !ruled.includes(no));
  if (missing.length > 0) {
    found.push(
      unmet(
        'check.missingItems',
        `验收须对每一项待验收事项作出结论，尚缺第${missing.join('、')}项`,
        `Rule on every item under check: item(s) ${missing.join(', ')} missing`,
        'results',
      ),
    );
  }
  const strangers = [...new Set(ruled.filter((no) => !open.includes(no)))];
  if (strangers.length > 0) {
    found.push(
      unmet('check.unknownItems', `第${strangers.join('、')}项不是待验收的整改事项`, `Item(s) ${strangers.join(', ')} are not under check`, 'results'),
    );
  }
  if (new Set(ruled).size !== ruled.length) found.push(unmet('check.duplicate', '同一事项的验收结论填写了两次', 'An item is ruled on twice', 'results'));
  results.forEach((r, index) => {
    if (r.result === 'failed' && !(r.note !== undefined && r.note.trim().length > 0)) {
      found.push(unmet('check.failedNote', `第${r.itemNo}项未通过，须写明原因`, `Item ${r.itemNo} failed: say why`, `results[${index}].note`));
    }
  });
  return found;
}
