import type { Actor } from './roles';

/**
 * Guards that say why (issue 19 §6). A refusal names each unmet condition with a stable code and a
 * text in both languages; the service returns them as `details.conditions` of a 409
 * `CASE.GUARD_REFUSED`, and the case page lists them next to the form. An event is offered to a
 * caller only when its state takes it and its guards can pass with some payload.
 *
 * Every guard of a machine is made with a `guardKit` and is one of two kinds:
 * - a **rule**: a condition the step requires. Its check returns the unmet conditions (empty: met);
 *   xstate sees the yes/no wrapper. A rule reads either the case (its record, the caller, the
 *   time) or the payload, never both, so that `possibleEventTypes` can tell what a caller may try.
 * - a **selector**: routes a step the rules admit to one of several targets (true report →
 *   transferred, untrue → clarification). It names no condition: a payload that no branch admits
 *   is explained by the rules of the branches its selectors choose, so selectors on one event
 *   partition its payloads (a test holds every refusal to at least one named condition).
 */

/** One condition a step requires that is not met: stable `code`, text in Chinese and English, the field concerned. */
export interface UnmetCondition {
  code: string;
  zh: string;
  en: string;
  field?: string;
}

export const unmet = (code: string, zh: string, en: string, field?: string): UnmetCondition =>
  field === undefined ? { code, zh, en } : { code, zh, en, field };

/** What a guard is shown: the record and the event. */
export interface GuardArgs<C, E> {
  context: C;
  event: E;
}

/** Whether a guard reads only the case (its record, the caller, the time) or the payload too. */
export type GuardReads = 'case' | 'payload';

export interface RuleGuard<C = any, E = any, P = any> {
  (args: GuardArgs<C, E>, params: P): boolean;
  guardKind: 'rule';
  reads: GuardReads;
  conditions: (args: GuardArgs<C, E>, params: P) => UnmetCondition[];
}

export interface SelectorGuard<C = any, E = any, P = any> {
  (args: GuardArgs<C, E>, params: P): boolean;
  guardKind: 'selector';
  reads: GuardReads;
}

function makeRule<C, E, P>(check: (args: GuardArgs<C, E>, params: P) => UnmetCondition[], reads: GuardReads): RuleGuard<C, E, P> {
  const guard = (args: GuardArgs<C, E>, params: P) => check(args, params).length === 0;
  return Object.assign(guard, { guardKind: 'rule' as const, reads, conditions: check });
}

function makeSelector<C, E, P>(test: (args: GuardArgs<C, E>, params: P) => boolean, reads: GuardReads): SelectorGuard<C, E, P> {
  const guard = (args: GuardArgs<C, E>, params: P) => test(args, params);
  return Object.assign(guard, { guardKind: 'selector' as const, reads });
}

/**
 * The guard constructors of one machine, typed by its context and event union:
 * `requires` and `checks` make rules (on the case / on the payload), `when` and `whenPayload`
 * make selectors (by the case / by the payload).
 */
export function guardKit<C, E extends { type: string; actor: Actor; at: string }>() {
  return {
    requires: <P = undefined>(check: (args: GuardArgs<C, E>, params: P) => UnmetCondition[]) => makeRule(check, 'case'),
    checks: <P = undefined>(check: (args: GuardArgs<C, E>, params: P) => UnmetCondition[]) => makeRule(check, 'payload'),
    when: <P = undefined>(test: (args: GuardArgs<C, E>, params: P) => boolean) => makeSelector(test, 'case'),
    whenPayload: <P = undefined>(test: (args: GuardArgs<C, E>, params: P) => boolean) => makeSelector(test, 'payload'),
  };
}

/** The conditions of a list of checks, in order: a rule made of several conditions. */
export const allOf = (...parts: Array<UnmetCondition[] | UnmetCondition | false | undefined | null>): UnmetCondition[] =>
  parts.flatMap((part) => (!part ? [] : Array.isArray(part) ? part : [part]));

export const isRuleGuard = (guard: unknown): guard is RuleGuard => typeof guard === 'function' && (guard as Partial<RuleGuard>).guardKind === 'rule';

export const isSelectorGuard = (guard: unknown): guard is SelectorGuard =>
  typeof guard === 'function' && (guard as Partial<SelectorGuard>).guardKind === 'selector';

/** Named when no rule could be found for a refusal (a test holds that it never happens). */
export const UNEXPLAINED = unmet('rule.unexplained', '不符合本环节的办理条件', 'The procedure’s rules do not admit this step');
