import { readFileSync } from 'node:fs';
import type { Duration, ProcedureRegistry, TimeUnit } from '../../workflows/core';

export type DeadlineRules = Record<string, Duration>;

const UNITS: readonly TimeUnit[] = ['workingDays', 'calendarDays', 'months'];

/**
 * A jurisdiction's own time limits, by rule name (domain.md: numbers are defaults each jurisdiction
 * configures). Every name must be a rule some procedure declares, so a typo cannot pass silently.
 */
export function loadDeadlineRules(file: string | undefined, registry: ProcedureRegistry): DeadlineRules {
  if (!file) return {};
  const specs = new Map(registry.all().flatMap((d) => Object.values(d.states).flatMap((s) => (s.deadline ? [[s.deadline.rule, s.deadline] as const] : []))));
  const known = new Set(specs.keys());
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Partial<Duration>>;
  for (const [rule, duration] of Object.entries(parsed)) {
    if (!known.has(rule)) throw new Error(`${file}: unknown deadline rule ${rule} (known: ${[...known].sort().join(', ')})`);
    if (!Number.isInteger(duration.length) || (duration.length ?? 0) < 1 || !UNITS.includes(duration.unit as TimeUnit)) {
      throw new Error(`${file}: ${rule} needs {"length": a whole number ≥ 1, "unit": ${UNITS.join(' | ')}}`);
    }
    // A window the procedure's own rules check (a review request within the period) is counted by
    // the machine, which has no holiday calendar: calendar days or months only.
    if (specs.get(rule)?.countedByMachine && duration.unit === 'workingDays') {
      throw new Error(`${file}: ${rule} is checked by the procedure itself and must be in calendarDays or months, not workingDays`);
    }
  }
  return parsed as DeadlineRules;
}
