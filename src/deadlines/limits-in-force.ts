import { Inject, Injectable } from '@nestjs/common';
import { STATE_ENTRY_START, type DeadlineSpec, type Duration, type Label, type ProcedureDefinition } from '../../workflows/core';
import type { DeadlineRules } from './deadline-rules';
import { DEADLINE_RULES } from './deadline-tokens';

/** A state's time limit as it is in force here: the jurisdiction's length over the default, and where it counts from. */
export interface LimitInForce {
  rule: string;
  label: Label;
  length: number;
  unit: Duration['unit'];
  /** The procedure table's own length, and whether the jurisdiction's rules file changed it. */
  default: Duration;
  configured: boolean;
  startsAt: { label: Label; stateEntry: boolean };
  /** The case itself fixes the due date (a rectification order's dates); the length is the fallback. */
  dueDateFixedByCase: boolean;
  onExpiry?: string;
  hiddenFromParties?: boolean;
}

/**
 * The time limits in force: each rule's default from the procedure tables with the jurisdiction's
 * DEADLINE_RULES_FILE over it. The engine hands the lengths to every event (machines check windows
 * with them), and `GET /api/procedures` shows them instead of the defaults alone.
 */
@Injectable()
export class LimitsInForce {
  private readonly lengths = new WeakMap<ProcedureDefinition, Readonly<Record<string, Duration>>>();

  constructor(@Inject(DEADLINE_RULES) private readonly rules: DeadlineRules) {}

  /** The length in force of one deadline spec. */
  durationOf(spec: DeadlineSpec): Duration {
    const configured = this.rules[spec.rule];
    return configured ? { length: configured.length, unit: configured.unit } : { length: spec.length, unit: spec.unit };
  }

  /** Every rule of the procedure with its length in force, as `ProcedureEvent.limits` carries them. */
  lengthsOf(definition: ProcedureDefinition): Readonly<Record<string, Duration>> {
    let lengths = this.lengths.get(definition);
    if (!lengths) {
      const specs = Object.values(definition.states).flatMap((state) => (state.deadline ? [state.deadline] : []));
      lengths = Object.freeze(Object.fromEntries(specs.map((spec) => [spec.rule, this.durationOf(spec)])));
      this.lengths.set(definition, lengths);
    }
    return lengths;
  }

  describe(spec: DeadlineSpec): LimitInForce {
    const inForce = this.durationOf(spec);
    return {
      rule: spec.rule,
      label: spec.label,
      ...inForce,
      default: { length: spec.length, unit: spec.unit },
      configured: this.rules[spec.rule] !== undefined,
      startsAt: { label: spec.startsAt?.label ?? STATE_ENTRY_START, stateEntry: spec.startsAt?.day === undefined },
      dueDateFixedByCase: spec.dueDate !== undefined,
      ...(spec.onExpiry ? { onExpiry: spec.onExpiry } : {}),
      ...(spec.hiddenFromParties ? { hiddenFromParties: true } : {}),
    };
  }
}
