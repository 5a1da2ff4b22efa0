import {
  businessDate,
  collectiveDecisionConditions,
  hasText,
  unmet,
  type CatalogueEntry,
  type CatalogueFact,
  type CatalogueKind,
  type Label,
  type Stamp,
  type UnmetCondition,
} from '../core';
import {
  DISTINCTION_KEYS,
  DISTINCTIONS,
  IMPACT_MONTHS,
  OUTCOME_LABELS,
  VIOLATION_SIDES,
  type Distinction,
  type Mitigation,
  type Outcome,
  type ToleranceEvent,
} from './tolerance.fields';
import { type OutcomeRecord, type ResultEffect, type StoredSituation, type ToleranceContext } from './tolerance.model';
import { isTolerated, situationRecords } from './tolerance.rules';

/*
 * The findings and the decision (§3.1 steps 4–6, issue 19): situations resolved against the
 * catalogue, the proposal a decision, review or appeal would put in force, the findings binding it,
 * and the decision's own conditions. Pure; the machine's guards and actions call them.
 */

const l = (zh: string, en: string): Label => ({ zh, en });

/** What the findings hold against tolerance: the exclusion situations and the distinctions' sides. */
export interface Findings {
  exclusionSituations: StoredSituation[];
  sides: Partial<Record<Distinction, string>>;
}

/** The outcome a decision, review or appeal would put in force, and the findings it rests on. */
export interface Proposal {
  outcome: Outcome;
  mitigation?: Mitigation;
  impactMonths?: number;
  findings: Findings;
}

/** The findings verification made, before any review or appeal. */
function verifiedFindings(context: ToleranceContext): Findings {
  const sides = Object.fromEntries(
    DISTINCTION_KEYS.flatMap((key) => (context.verification.distinctions[key] ? [[key, context.verification.distinctions[key].side]] : [])),
  );
  return { exclusionSituations: context.verification.catalogue?.exclusionSituations ?? [], sides };
}

/** The findings in force: those of the outcome in force (a review or appeal may have changed them), else verification's. */
function findingsInForce(context: ToleranceContext): Findings {
  const verified = verifiedFindings(context);
  const outcome = context.outcome;
  if (!outcome) return verified;
  if (!outcome.violationSides) return { exclusionSituations: outcome.exclusionSituations, sides: verified.sides };
  const violated = new Set(outcome.violationSides);
  const sides = Object.fromEntries(
    DISTINCTION_KEYS.flatMap((key) => {
      if (violated.has(key)) return [[key, VIOLATION_SIDES[key]]];
      // The decision in force found this distinction on the tolerable side, whatever verification said.
      if (verified.sides[key] === VIOLATION_SIDES[key]) return [[key, Object.keys(DISTINCTIONS[key].values)[0]]];
      return verified.sides[key] ? [[key, verified.sides[key]]] : [];
    }),
  );
  return { exclusionSituations: outcome.exclusionSituations, sides };
}

const KIND_LABELS: Record<CatalogueKind, Label> = { tolerance: l('容错情形', 'tolerance situation'), exclusion: l('不予容错情形', 'exclusion situation') };

/**
 * Situations selected from the catalogue (issue 19 §1): each code is one of the catalogue's
 * situations of that kind, named once; the "other" entry carries a description.
 */
export function situationConditions(
  selected: ReadonlyArray<{ code: string; description?: string }> | undefined,
  kind: CatalogueKind,
  catalogue: CatalogueFact | undefined,
  field: string,
): UnmetCondition[] {
  const found: UnmetCondition[] = [];
  const codes = (selected ?? []).map((item) => item.code.trim());
  for (const [index, item] of (selected ?? []).entries()) {
    const entry: CatalogueEntry | undefined = catalogue?.entries.find((candidate) => candidate.code === item.code.trim() && candidate.kind === kind);
    const version = catalogue ? `（第${catalogue.version}版）` : '';
    if (!entry) {
      found.push(
        unmet(
          'catalogue.unknownCode',
          `“${item.code}”不是本辖区${KIND_LABELS[kind].zh}目录${version}中的情形`,
          `“${item.code}” is not a ${KIND_LABELS[kind].en} of this jurisdiction’s catalogue${catalogue ? ` (version ${catalogue.version})` : ''}`,
          `${field}[${index}].code`,
        ),
      );
    } else if (entry.describe && !hasText(item.description)) {
      found.push(
        unmet(
          'catalogue.describeOther',
          `选择“${entry.wording.zh}”须具体说明情形`,
          `Selecting “${entry.wording.en}” needs a description`,
          `${field}[${index}].description`,
        ),
      );
    }
  }
  if (new Set(codes).size !== codes.length)
    found.push(unmet('catalogue.duplicate', `${KIND_LABELS[kind].zh}中有重复选择的情形`, `A ${KIND_LABELS[kind].en} is selected twice`, field));
  return found;
}

const codeOf = (situation: StoredSituation): string => (typeof situation === 'string' ? situation : situation.code);
const wordingOf = (situation: StoredSituation): string => (typeof situation === 'string' ? situation : `${situation.code} ${situation.wording.zh}`);

/**
 * The outcome a decision, review or appeal event would put in force; undefined when the event
 * names none. An upheld review or appeal proposes the outcome already in force; a changed one may
 * restate the exclusion situations and the distinctions (the findings), which otherwise stand.
 */
export function proposalOf(context: ToleranceContext, event: ToleranceEvent): Proposal | undefined {
  if (event.type === 'DECIDE') {
    const { outcome, mitigation, impactMonths } = event.data;
    return { outcome, mitigation, impactMonths, findings: verifiedFindings(context) };
  }
  if (event.type === 'DECIDE_REVIEW' || event.type === 'RECORD_APPEAL_DECISION') {
    const inForce = findingsInForce(context);
    if (event.data.result === 'upheld') {
      return (
        context.outcome && {
          outcome: context.outcome.outcome,
          mitigation: context.outcome.mitigation,
          impactMonths: context.outcome.impactMonths,
          findings: inForce,
        }
      );
    }
    const { newOutcome, mitigation, impactMonths, exclusionSituations, distinctions } = event.data;
    if (!newOutcome) return undefined;
    const findings: Findings = {
      exclusionSituations: exclusionSituations ? situationRecords(exclusionSituations, event.facts?.catalogue) : inForce.exclusionSituations,
      sides: { ...inForce.sides, ...(distinctions ?? {}) },
    };
    return { outcome: newOutcome, mitigation, impactMonths, findings };
  }
  return undefined;
}

/**
 * Findings bind the decision (issue 19 §1): an exclusion situation rules out every tolerance
 * outcome, exemption and mitigation alike, and so does any of the three distinctions found on the
 * violation side (明知故犯, 明令禁止后仍为之, 为谋取私利).
 */
export function findingsBindConditions(proposal: Proposal, field: string): UnmetCondition[] {
  if (!isTolerated(proposal.outcome)) return [];
  const found: UnmetCondition[] = [];
  const chosen = OUTCOME_LABELS[proposal.outcome];
  if (proposal.findings.exclusionSituations.length > 0) {
    const named = proposal.findings.exclusionSituations.map(wordingOf).join('；');
    found.push(
      unmet(
        'findings.exclusion',
        `认定存在不予容错情形（${named}），不得作出“${chosen.zh}”`,
        `An exclusion situation was found (${proposal.findings.exclusionSituations.map(codeOf).join(', ')}): no ${chosen.en}`,
        field,
      ),
    );
  }
  for (const key of DISTINCTION_KEYS) {
    const side = proposal.findings.sides[key];
    if (side !== VIOLATION_SIDES[key]) continue;
    const sideLabel = (DISTINCTIONS[key].values as Record<string, Label>)[side];
    found.push(
      unmet(
        `findings.violationSide.${key}`,
        `“三个区分开来”认定属于“${sideLabel.zh}”，不得作出“${chosen.zh}”`,
        `The distinction finds ${sideLabel.en}: no ${chosen.en}`,
        field,
      ),
    );
  }
  return found;
}

/**
 * Why a decision, review decision or appeal decision cannot stand (empty: it can): the collective
 * decision itself (the committee's members, quorum, vote and dissent, the meeting date); a
 * changed review or appeal names its new outcome; mitigation carries an impact period of 1–24
 * months (§3.1 step 5); the findings bind the outcome.
 */
export function decisionConditions(context: ToleranceContext, event: ToleranceEvent): UnmetCondition[] {
  const found: UnmetCondition[] = [];
  if (event.type === 'DECIDE') {
    found.push(
      ...collectiveDecisionConditions(event.data, event.facts, {
        at: event.at,
        since: { since: context.review.passed?.at, what: l('提请集体研究', 'the case was passed to the committee') },
      }),
    );
  }
  if (event.type === 'DECIDE_REVIEW') {
    found.push(
      ...collectiveDecisionConditions(event.data, event.facts, {
        at: event.at,
        since: { since: context.reviewRequest?.at, what: l('申请复核', 'the review was requested') },
      }),
    );
  }
  if (event.type === 'RECORD_APPEAL_DECISION') {
    found.push(
      ...businessDate(event.data.decidedOn, event.at, 'decidedOn', l('决定日期', 'Decided on'), {
        since: context.appeal?.at,
        what: l('提出申诉', 'the appeal was filed'),
      }),
    );
  }
  if ((event.type === 'DECIDE_REVIEW' || event.type === 'RECORD_APPEAL_DECISION') && event.data.result === 'changed') {
    found.push(...situationConditions(event.data.exclusionSituations, 'exclusion', event.facts?.catalogue, 'exclusionSituations'));
  }
  const proposal = proposalOf(context, event);
  const outcomeField = event.type === 'DECIDE' ? 'outcome' : 'newOutcome';
  if (!proposal) {
    return [...found, unmet('decision.newOutcome', '变更原决定时须写明变更后的认定结果', 'A changed decision names the new outcome', 'newOutcome')];
  }
  if (proposal.outcome === 'mitigated') {
    const months = proposal.impactMonths;
    if (!Number.isInteger(months) || months! < IMPACT_MONTHS.min || months! > IMPACT_MONTHS.max) {
      found.push(
        unmet(
          'decision.impactPeriod',
          `从轻/减轻处理须写明${IMPACT_MONTHS.min}至${IMPACT_MONTHS.max}个月的影响期`,
          `Mitigated handling needs an impact period of ${IMPACT_MONTHS.min}–${IMPACT_MONTHS.max} months`,
          'impactMonths',
        ),
      );
    }
  }
  found.push(...findingsBindConditions(proposal, outcomeField));
  return found;
}

export function outcomeRecord(proposal: Proposal, who: Stamp, source: OutcomeRecord['source'], decidedOn: string): OutcomeRecord {
  const mitigated = proposal.outcome === 'mitigated';
  const violationSides = DISTINCTION_KEYS.filter((key) => proposal.findings.sides[key] === VIOLATION_SIDES[key]);
  return {
    ...who,
    outcome: proposal.outcome,
    ...(mitigated && proposal.mitigation ? { mitigation: proposal.mitigation } : {}),
    ...(mitigated ? { impactMonths: proposal.impactMonths } : {}),
    exclusionSituations: proposal.findings.exclusionSituations,
    violationSides,
    source,
    decidedOn,
  };
}

export const effectOf = (outcome: Outcome): ResultEffect =>
  outcome === 'exemption' ? 'notAffected' : outcome === 'mitigated' ? 'impactPeriod' : 'notTolerated';
