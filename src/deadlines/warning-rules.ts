import { Inject, Injectable } from '@nestjs/common';
import type { DeadlineSpec, ProcedureRegistry } from '../../workflows/core';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { loadWarningOverrides, type WarningThresholds } from './deadline-rules';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';

/**
 * Which deadlines the 三色 warning ladder watches, and with what thresholds: every staff duty (a
 * limit without an expiry event: the body's own work, which its leaders supervise), with the
 * jurisdiction's thresholds (WARNING_BLUE_PERCENT, WARNING_YELLOW_WORKING_DAYS) or a rule's own
 * from DEADLINE_RULES_FILE, which may also switch a rule off. A limit that moves the case itself
 * on expiry is the party's (a supplement, a consent, a review window) and has none.
 */
@Injectable()
export class WarningRules {
  private readonly byRule = new Map<string, WarningThresholds | null>();

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(PROCEDURE_REGISTRY) registry: ProcedureRegistry) {
    const overrides = loadWarningOverrides(config.deadlineRulesFile, registry);
    for (const spec of registry.all().flatMap((d) => Object.values(d.states).flatMap((s) => (s.deadline ? [s.deadline] : [])))) {
      const override = overrides[spec.rule];
      this.byRule.set(spec.rule, isStaffDuty(spec) && override !== false ? { ...config.warningLadder, ...override } : null);
    }
  }

  /** The thresholds of a rule, or null when the ladder does not watch it. */
  thresholdsOf(rule: string): WarningThresholds | null {
    return this.byRule.get(rule) ?? null;
  }
}

const isStaffDuty = (spec: DeadlineSpec): boolean => !spec.onExpiry;
