import { officeDayOf } from '../../workflows/core/time';
import { addCalendarDays, isoDateToUtcMs, type WorkingCalendar } from '../deadlines/working-calendar';
import type { ChainEntry } from './timeliness';

/**
 * One stay of a case in one step (state), read from its chain (统计口径: docs/statistics.md,
 * "Processing time"): it began with the applied entry that brought the case into the state and
 * ended with the applied entry that took it out (an entry whose fromState is the state and whose
 * toState differs).
 */
export interface StepInstance {
  state: string;
  startPosition: number;
  startAt: string;
  endPosition: number;
  endAt: string;
  /** The event that left the step. */
  event: string;
  /** Calendar days from the China-time day it began to the day it ended (same day: 0). */
  days: number;
  /** Working days after the day it began up to and including the day it ended (working calendar). */
  workingDays: number;
  /** The step's deadline (last WARNING_CHANGED naming the state within the stay) had passed when it was left. */
  overdue: boolean;
}

/** The days of a stay from `startAt` to `endAt`, in calendar days and in working days (China time). */
export function stayDays(startAt: string, endAt: string, calendar: WorkingCalendar): { days: number; workingDays: number } {
  const first = officeDayOf(startAt);
  const last = officeDayOf(endAt);
  const days = Math.round((isoDateToUtcMs(last) - isoDateToUtcMs(first)) / 86_400_000);
  let workingDays = 0;
  for (let day = addCalendarDays(first, 1); day <= last; day = addCalendarDays(day, 1)) if (calendar.dayKind(day).working) workingDays += 1;
  return { days, workingDays };
}

const changesState = (entry: ChainEntry) => entry.toState !== null && entry.fromState !== entry.toState;

/** Every stay in a step that the chain shows left (a stay not yet left is not a figure). */
export function stepInstances(chain: readonly ChainEntry[], calendar: WorkingCalendar): StepInstance[] {
  const found: StepInstance[] = [];
  let entered: ChainEntry | undefined;
  for (const [index, entry] of chain.entries()) {
    if (!changesState(entry)) continue;
    if (entered && entry.fromState === entered.toState) {
      const state = entered.toState!;
      const stay = chain.slice(chain.indexOf(entered) + 1, index);
      // The deadline as the supervision recorded it last during the stay (a moved date replaces the earlier one).
      const warning = [...stay]
        .reverse()
        .find((candidate) => candidate.event === 'WARNING_CHANGED' && (candidate.data.deadline as { state?: unknown } | undefined)?.state === state);
      const dueAt = (warning?.data.deadline as { dueAt?: unknown } | undefined)?.dueAt;
      found.push({
        state,
        startPosition: entered.position,
        startAt: entered.at,
        endPosition: entry.position,
        endAt: entry.at,
        event: entry.event,
        ...stayDays(entered.at, entry.at, calendar),
        overdue: typeof dueAt === 'string' && Date.parse(dueAt) < Date.parse(entry.at),
      });
    }
    entered = entry;
  }
  return found;
}

/** A case's whole run: from its opening (the chain's first entry) to the first entry that brought it into a settled state. */
export interface ProcedureRun {
  startAt: string;
  endAt: string;
  endPosition: number;
  days: number;
  workingDays: number;
}

export function procedureRun(chain: readonly ChainEntry[], settled: (state: string) => boolean, calendar: WorkingCalendar): ProcedureRun | undefined {
  const opening = chain[0];
  const closing = chain.find((entry) => changesState(entry) && settled(entry.toState!));
  if (!opening || !closing) return undefined;
  return { startAt: opening.at, endAt: closing.at, endPosition: closing.position, ...stayDays(opening.at, closing.at, calendar) };
}

/** The nearest-rank percentile (p in (0, 1]): the ⌈p·n⌉-th smallest value; a value that occurred. Null for no values. */
export function nearestRank(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1];
}
