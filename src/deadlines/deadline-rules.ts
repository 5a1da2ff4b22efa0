import { readFileSync } from 'node:fs';
import type { DeadlineSpec, Duration, ProcedureRegistry, TimeUnit } from '../../workflows/core';

export type DeadlineRules = Record<string, Duration>;

/**
 * When the 三色 warning ladder (超期预警) lights a deadline: blue once `bluePercent` of its working
 * days are used, yellow `yellowWorkingDays` working days before the due date; red is the due time.
 */
export interface WarningThresholds {
  bluePercent: number;
  yellowWorkingDays: number;
}

/** A rule's own thresholds, or `false`: no ladder for that rule. */
export type WarningOverride = Partial<WarningThresholds> | false;

const UNITS: readonly TimeUnit[] = ['workingDays', 'calendarDays', 'months'];
const ENTRY_KEYS = new Set(['length', 'unit', 'warning']);

interface RulesFile {
  durations: DeadlineRules;
  warnings: Record<string, WarningOverride>;
}

/**
 * A jurisdiction's own time limits, by rule name (domain.md: numbers are defaults each jurisdiction
 * configures). Every name must be a rule some procedure declares, so a typo cannot pass silently.
 */
export function loadDeadlineRules(file: string | undefined, registry: ProcedureRegistry): DeadlineRules {
  return file ? readRulesFile(file, registry).durations : {};
}

/** The jurisdiction's warning thresholds by rule, from the same file's `warning` entries. */
export function loadWarningOverrides(file: string | undefined, registry: ProcedureRegistry): Record<string, WarningOverride> {
  return file ? readRulesFile(file, registry).warnings : {};
}

/**
 * The file: `{"<rule>": {"length": 2, "unit": "months", "warning": {"bluePercent": 60, "yellowWorkingDays": 2}}}`;
 * `length` and `unit` go together, `warning` may stand alone or be `false` (no ladder for the rule).
 */
function readRulesFile(file: string, registry: ProcedureRegistry): RulesFile {
  const specs = new Map<string, DeadlineSpec>(
    registry.all().flatMap((d) => Object.values(d.states).flatMap((s) => (s.deadline ? [[s.deadline.rule, s.deadline] as const] : []))),
  );
  const known = new Set(specs.keys());
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Partial<Duration> & { warning?: unknown }>;
  const result: RulesFile = { durations: {}, warnings: {} };
  for (const [rule, entry] of Object.entries(parsed)) {
    if (!known.has(rule)) throw new Error(`${file}: unknown deadline rule ${rule} (known: ${[...known].sort().join(', ')})`);
    const unknownKeys = Object.keys(entry ?? {}).filter((key) => !ENTRY_KEYS.has(key));
    if (unknownKeys.length > 0) throw new Error(`${file}: ${rule} has unknown keys ${unknownKeys.join(', ')} (allowed: length, unit, warning)`);
    const spec = specs.get(rule)!;
    if (entry.length !== undefined || entry.unit !== undefined || entry.warning === undefined) {
      result.durations[rule] = durationOf(file, rule, spec, entry);
    }
    if (entry.warning !== undefined) result.warnings[rule] = warningOf(file, rule, spec, entry.warning);
  }
  return result;
}

function durationOf(file: string, rule: string, spec: DeadlineSpec, duration: Partial<Duration>): Duration {
  if (!Number.isInteger(duration.length) || (duration.length ?? 0) < 1 || !UNITS.includes(duration.unit as TimeUnit)) {
    throw new Error(`${file}: ${rule} needs {"length": a whole number ≥ 1, "unit": ${UNITS.join(' | ')}}`);
  }
  // A window the procedure's own rules check (a review request within the period) is counted by
  // the machine, which has no holiday calendar: calendar days or months only.
  if (spec.countedByMachine && duration.unit === 'workingDays') {
    throw new Error(`${file}: ${rule} is checked by the procedure itself and must be in calendarDays or months, not workingDays`);
  }
  return { length: duration.length!, unit: duration.unit! };
}

function warningOf(file: string, rule: string, spec: DeadlineSpec, warning: unknown): WarningOverride {
  // The ladder supervises the body's own duties; a limit that moves the case itself on expiry
  // (silence counts as withdrawal, the window closes) is the party's, and has no ladder.
  if (spec.onExpiry) throw new Error(`${file}: ${rule} moves the case itself on expiry (${spec.onExpiry}); the warning ladder applies to staff duties only`);
  if (warning === false) return false;
  if (!warning || typeof warning !== 'object' || Array.isArray(warning)) {
    throw new Error(`${file}: ${rule}.warning must be false or {"bluePercent": 1–99, "yellowWorkingDays": 1–30}`);
  }
  const { bluePercent, yellowWorkingDays, ...rest } = warning as Record<string, unknown>;
  if (Object.keys(rest).length > 0)
    throw new Error(`${file}: ${rule}.warning has unknown keys ${Object.keys(rest).join(', ')} (allowed: bluePercent, yellowWorkingDays)`);
  if (bluePercent !== undefined && !wholeBetween(bluePercent, 1, 99))
    throw new Error(`${file}: ${rule}.warning.bluePercent must be a whole number from 1 to 99`);
  if (yellowWorkingDays !== undefined && !wholeBetween(yellowWorkingDays, 1, 30)) {
    throw new Error(`${file}: ${rule}.warning.yellowWorkingDays must be a whole number from 1 to 30`);
  }
  return {
    ...(bluePercent !== undefined ? { bluePercent: bluePercent as number } : {}),
    ...(yellowWorkingDays !== undefined ? { yellowWorkingDays: yellowWorkingDays as number } : {}),
  };
}

const wholeBetween = (value: unknown, min: number, max: number): boolean => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
