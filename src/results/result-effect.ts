import type { Label, ProcedureDefinition } from '../../workflows/core';
import { localDate } from '../deadlines/due-date';

const l = (zh: string, en: string): Label => ({ zh, en });

/**
 * What a concluded result means for the cadre's use (选拔任用、评优评先、考核), as the
 * organisation department reads it (domain.md §3.1 step 8, §4 "results feed cadre management"):
 * - `normal`: no bearing on the cadre's use (容错免责: 不受影响; 澄清正名: treated normally; a
 *   false accusation confirmed against the cadre; correction completed);
 * - `impactPeriod`: not used for promotion, awards or a top grade until `impactUntil` (从轻/减轻处理);
 *   from that day `normal` again (可正常使用);
 * - `reference`: the organisation department weighs it by the rules that apply (不予容错 and the
 *   accountability that follows, a tolerance decision revoked, correction escalated, a report found
 *   true and transferred to the disciplinary procedure, no clarification given).
 */
export type ResultUse = 'normal' | 'impactPeriod' | 'reference';

export const USE_LABELS: Record<ResultUse, Label> = {
  normal: l('不影响使用', 'No bearing on use'),
  impactPeriod: l('影响期内', 'Within the impact period'),
  reference: l('供干部使用参考', 'For reference in the cadre’s use'),
};

/** The effect of one result, named for the register (each key has its wording below). */
export const EFFECT_LABELS = {
  notAffected: l('容错免责，不受影响', 'Exempted: not affected'),
  impactPeriod: l('从轻/减轻处理，影响期内', 'Mitigated: within the impact period'),
  impactEnded: l('从轻/减轻处理，影响期已届满，可正常使用', 'Mitigated: impact period over, may be used normally'),
  notTolerated: l('不予容错', 'Not tolerated'),
  revoked: l('容错认定已撤销', 'Tolerance decision revoked'),
  correctionCompleted: l('整改完成', 'Correction completed'),
  correctionEscalated: l('逾期未整改，已严肃处理', 'Correction overdue: handled seriously'),
  clarified: l('已澄清正名，正常使用', 'Clarified: treated normally'),
  clarificationDeclined: l('举报失实，本人不同意公开澄清', 'Report untrue; the cadre declined public clarification'),
  notClarified: l('办结，不予澄清', 'Closed without clarification'),
  transferred: l('反映问题属实，转入执纪审查', 'Report found true: transferred to the disciplinary procedure'),
  falselyAccused: l('查实系诬告陷害，不受影响', 'False accusation confirmed: not affected'),
  mistakenReport: l('属错告，不受影响', 'Mistaken report: not affected'),
  accusationUndetermined: l('无法认定诬告陷害', 'False accusation could not be determined'),
  decided: l('已作出决定', 'Decided'),
} as const satisfies Record<string, Label>;
export type ResultEffectKey = keyof typeof EFFECT_LABELS;

/** The row fields the register reads; the context is the machine's record as stored. */
export interface ResultSource {
  id: string;
  caseNo: string | null;
  procedure: string;
  state: string;
  stateEnteredAt: string;
  context: Record<string, unknown>;
}

export interface ResultEffect {
  effect: ResultEffectKey;
  use: ResultUse;
  /** The day the result was reached (decision or conclusion), China time. */
  resultOn: string;
  impactFrom?: string;
  /** The first day of normal use again. */
  impactUntil?: string;
  /** 文号 of the documents the record names (the decision, the appellate decision…). */
  documentNos: string[];
}

const EFFECT_BY_STATE: Record<string, Record<string, ResultEffectKey>> = {
  correction: { completed: 'correctionCompleted', escalationClosed: 'correctionEscalated' },
  clarification: { closed: 'clarified', closedDeclined: 'clarificationDeclined', closedWithoutClarification: 'notClarified', transferred: 'transferred' },
  falseAccusation: { closed: 'falselyAccused', closedMistaken: 'mistakenReport', closedUndetermined: 'accusationUndetermined' },
};

const USE_OF: Record<ResultEffectKey, ResultUse> = {
  notAffected: 'normal',
  impactPeriod: 'impactPeriod',
  impactEnded: 'normal',
  notTolerated: 'reference',
  revoked: 'reference',
  correctionCompleted: 'normal',
  correctionEscalated: 'reference',
  clarified: 'normal',
  clarificationDeclined: 'normal',
  notClarified: 'reference',
  transferred: 'reference',
  falselyAccused: 'normal',
  mistakenReport: 'normal',
  accusationUndetermined: 'normal',
  decided: 'reference',
};

type Rec = Record<string, unknown> | undefined;
const rec = (value: unknown): Rec => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/**
 * The effect of a concluded case on `asOf` (a China-time day). An impact period counts from its
 * first day and ends the day before `impactUntil`: on `impactUntil` the cadre may be used normally,
 * whether or not the deadline has fired yet (the register never lags the calendar).
 */
export function resultEffect(source: ResultSource, asOf: string): ResultEffect {
  const context = source.context;
  const documentNos = documentNumbers(context);
  const entered = localDate(source.stateEnteredAt);
  if (source.procedure === 'tolerance') {
    const outcome = rec(context.outcome);
    const closure = rec(context.closure);
    const resultOn = str(outcome?.decidedOn) ?? entered;
    if (source.state === 'revoked') return { effect: 'revoked', use: 'reference', resultOn: entered, documentNos };
    const finalOutcome = str(closure?.finalOutcome) ?? str(outcome?.outcome);
    if (finalOutcome === 'exemption') return { effect: 'notAffected', use: 'normal', resultOn, documentNos };
    if (finalOutcome === 'mitigated') {
      const impactFrom = str(closure?.impactFrom);
      const impactUntil = str(closure?.impactUntil);
      const ended = impactUntil !== undefined && asOf >= impactUntil;
      const effect: ResultEffectKey = impactUntil === undefined ? 'decided' : ended ? 'impactEnded' : 'impactPeriod';
      return { effect, use: USE_OF[effect], resultOn, ...(impactFrom ? { impactFrom } : {}), ...(impactUntil ? { impactUntil } : {}), documentNos };
    }
    if (finalOutcome === 'rejected' || finalOutcome === 'notTolerated') return { effect: 'notTolerated', use: 'reference', resultOn, documentNos };
    return { effect: 'decided', use: 'reference', resultOn, documentNos };
  }
  const effect = EFFECT_BY_STATE[source.procedure]?.[source.state] ?? 'decided';
  return { effect, use: USE_OF[effect], resultOn: entered, documentNos };
}

/** The 文号 the record holds: any section's `documentNo` (decision served, appellate decision…). */
function documentNumbers(context: Record<string, unknown>): string[] {
  const found = Object.values(context)
    .map((section) => str(rec(section)?.documentNo))
    .filter((value): value is string => value !== undefined);
  return [...new Set(found)];
}

/** The label of the state, or its key when an older version no longer names it. */
export function stateLabel(definition: ProcedureDefinition | undefined, state: string): Label {
  return definition?.states[state]?.label ?? { zh: state, en: state };
}

/**
 * The cadre's standing on `asOf` from all results then in force: within an impact period (until
 * the latest end), results to weigh, or usable normally.
 */
export function standingOf(effects: readonly ResultEffect[]): { use: ResultUse; until?: string } {
  const running = effects.filter((e) => e.use === 'impactPeriod' && e.impactUntil).map((e) => e.impactUntil!);
  if (running.length > 0) return { use: 'impactPeriod', until: running.sort().at(-1) };
  return { use: effects.some((e) => e.use === 'reference') ? 'reference' : 'normal' };
}
