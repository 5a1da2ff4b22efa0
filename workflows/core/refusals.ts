import type { AnyStateMachine } from 'xstate';
import { payloadProblems } from './payload-check';
import type { ProcedureDefinition, ProcedureEvent } from './procedure';
import type { Actor } from './roles';
import { acceptedEventTypes, type StoredSnapshot } from './runtime';
import { isRuleGuard, isSelectorGuard, UNEXPLAINED, unmet, type GuardArgs, type UnmetCondition } from './rules';

/**
 * Why a machine refuses an event, and which events a caller could take now (issue 19 §6). Both
 * read the guards of the state's transitions for the event as xstate holds them: named guards,
 * guards with params, and `and` / `not` combinations of them (see rules.ts for rules and selectors).
 */

type GuardRef = string | { type: string; params?: unknown } | ((...args: unknown[]) => unknown) | undefined;

interface Verdict {
  /** The selectors of the branch choose it. */
  selected: boolean;
  /** The conditions its rules find unmet, with the guard that names each. */
  unmet: Array<UnmetCondition & { guard: string }>;
}

/**
 * The unmet conditions behind a refusal: the event's type in a state that does not take it, a
 * payload that does not fit its fields, or the rules of every branch the payload's selectors
 * choose. Never empty for a refused event.
 */
export function explainRefusal(definition: ProcedureDefinition, stored: StoredSnapshot, event: ProcedureEvent): UnmetCondition[] {
  return explainRefusalByGuard(definition, stored, event).map(({ guard: _guard, ...condition }) => condition);
}

/**
 * `explainRefusal`, each condition with the guard that names it (`(state)`, `(fields)` or
 * `(unexplained)` when no guard does): the tests hold every guard of every procedure to naming
 * its conditions.
 */
export function explainRefusalByGuard(
  definition: ProcedureDefinition,
  stored: StoredSnapshot,
  event: ProcedureEvent,
): Array<UnmetCondition & { guard: string }> {
  if (!acceptedEventTypes(definition, stored).includes(event.type)) {
    return [{ ...unmet('state.eventNotTaken', '案件当前所处环节不办理这一步', 'The case’s current step does not take this action'), guard: '(state)' }];
  }
  const spec = definition.events[event.type];
  const problems = payloadProblems(spec.fields, event.data);
  if (problems.length > 0) {
    return problems.map((problem) => ({
      ...unmet(
        `field.${problem.problem}`,
        `“${labelAt(spec.fields, problem.field)}”填写不符合要求`,
        `${problem.field} is not filled in as required`,
        problem.field,
      ),
      guard: '(fields)',
    }));
  }
  const args: GuardArgs<unknown, ProcedureEvent> = { context: stored.context, event };
  const found: Array<UnmetCondition & { guard: string }> = [];
  for (const transition of transitionsFor(definition.machine, stored.value, event.type)) {
    const verdict = judge(definition.machine, transition.guard, args);
    if (verdict.selected) found.push(...verdict.unmet);
  }
  const distinct = dedupe(found);
  return distinct.length > 0 ? distinct : [{ ...UNEXPLAINED, guard: '(unexplained)' }];
}

/**
 * The event types `actor` could take now with some payload: the state takes them and, on at least
 * one branch, every selector and rule that reads the case alone holds (rules and selectors on the
 * payload are taken to be satisfiable). So no 「批准延期」 while nobody asked for an extension.
 */
export function possibleEventTypes(definition: ProcedureDefinition, stored: StoredSnapshot, actor: Actor, at: string): string[] {
  return acceptedEventTypes(definition, stored).filter((type) => {
    const args: GuardArgs<unknown, ProcedureEvent> = { context: stored.context, event: { type, actor, at, data: {} } };
    return transitionsFor(definition.machine, stored.value, type).some((transition) => couldPass(definition.machine, transition.guard, args));
  });
}

function transitionsFor(machine: AnyStateMachine, state: string, type: string): Array<{ guard?: GuardRef }> {
  const node = (machine.root.states as Record<string, { transitions: Map<string, Array<{ guard?: GuardRef }>> }>)[state];
  return node?.transitions.get(type) ?? [];
}

function implementation(machine: AnyStateMachine, name: string): unknown {
  return (machine.implementations.guards as Record<string, unknown>)[name];
}

/** A guard reference as a name and its params. */
function named(guard: GuardRef): { name: string; params?: unknown } | undefined {
  if (typeof guard === 'string') return { name: guard };
  if (guard && typeof guard === 'object' && 'type' in guard) return { name: guard.type, params: guard.params };
  return undefined;
}

function combination(guard: GuardRef): { name: string; guards: GuardRef[] } | undefined {
  const combined = guard as { name?: string; guards?: GuardRef[] } | undefined;
  return typeof guard === 'function' && Array.isArray(combined?.guards) ? { name: combined.name ?? '', guards: combined.guards } : undefined;
}

function judge(machine: AnyStateMachine, guard: GuardRef, args: GuardArgs<unknown, ProcedureEvent>): Verdict {
  if (guard === undefined) return { selected: true, unmet: [] };
  const combined = combination(guard);
  if (combined?.name === 'and') {
    const parts = combined.guards.map((part) => judge(machine, part, args));
    return { selected: parts.every((part) => part.selected), unmet: parts.flatMap((part) => part.unmet) };
  }
  if (combined?.name === 'not') {
    const inner = named(combined.guards[0]);
    const impl = inner && implementation(machine, inner.name);
    if (!inner || !isSelectorGuard(impl)) throw new Error(`not() takes a selector, not ${String(inner?.name)}: make the negation a rule of its own`);
    return { selected: !impl(args, inner.params), unmet: [] };
  }
  const ref = named(guard);
  const impl = ref && implementation(machine, ref.name);
  if (ref && isRuleGuard(impl)) return { selected: true, unmet: impl.conditions(args, ref.params).map((condition) => ({ ...condition, guard: ref.name })) };
  if (ref && isSelectorGuard(impl)) return { selected: impl(args, ref.params), unmet: [] };
  throw new Error(`guard ${ref?.name ?? JSON.stringify(guard)} is neither a rule nor a selector (workflows/core/rules.ts)`);
}

function couldPass(machine: AnyStateMachine, guard: GuardRef, args: GuardArgs<unknown, ProcedureEvent>): boolean {
  if (guard === undefined) return true;
  const combined = combination(guard);
  if (combined?.name === 'and') return combined.guards.every((part) => couldPass(machine, part, args));
  if (combined?.name === 'not') {
    const inner = named(combined.guards[0]);
    const impl = inner && implementation(machine, inner.name);
    if (!inner || !isSelectorGuard(impl)) throw new Error(`not() takes a selector, not ${String(inner?.name)}`);
    return impl.reads === 'payload' || !impl(args, inner.params);
  }
  const ref = named(guard);
  const impl = ref && implementation(machine, ref.name);
  if (ref && (isRuleGuard(impl) || isSelectorGuard(impl))) return impl.reads === 'payload' || impl(args, ref.params);
  throw new Error(`guard ${ref?.name ?? JSON.stringify(guard)} is neither a rule nor a selector (workflows/core/rules.ts)`);
}

function dedupe<T extends UnmetCondition>(conditions: T[]): T[] {
  const seen = new Set<string>();
  return conditions.filter((item) => {
    const key = `${item.code}\u0000${item.field ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function labelAt(fields: ProcedureDefinition['events'][string]['fields'], path: string): string {
  const top = fields[path.split(/[.[]/)[0]];
  return top?.label.zh ?? path;
}
