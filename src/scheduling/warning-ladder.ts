import { localDate } from '../deadlines/due-date';
import type { WarningThresholds } from '../deadlines/deadline-rules';
import { addCalendarDays, type WorkingCalendar } from '../deadlines/working-calendar';

/**
 * The 三色 warning ladder (超期预警, domain.md §4; e.g. 奎屯, 高县, 长武): a staff duty turns blue
 * (蓝色预警) once most of its time is used, yellow (黄色预警) a few working days before it is due,
 * with a 提示函 to the responsible leader, and red (红色预警) when it is overdue, with a 督办函 to the
 * principal leader. Pure: the thresholds of one deadline on one calendar.
 */
export type WarningColour = 'blue' | 'yellow' | 'red';

export const WARNING_COLOURS: readonly WarningColour[] = ['blue', 'yellow', 'red'];

/** A row the ladder never needs to look at again (until its due date moves). */
export const NEVER = '9999-12-31T23:59:59.999Z';

export interface LadderDeadline {
  /** The instant the limit counts from. */
  countedFrom: string;
  dueAt: string;
  /** Flagged missed by the scheduler. */
  overdue: boolean;
  /** Counted Monday to Friday for a year not yet loaded (issue 14 §1). */
  provisional: boolean;
}

/** When each colour starts, China time: the start of a working day for blue and yellow, the due time for red. */
export interface LadderPoints {
  /** Null when the blue stage is too short to show (it would start with or after yellow). */
  blueAt: string | null;
  yellowAt: string;
  /** Red once this instant has passed (the end of the due day). */
  dueAt: string;
  /** Working days from the start (exclusive) to the due day (inclusive). */
  workingDays: number;
}

/**
 * - blue from the start of the working day in which `bluePercent` of the limit's working days are
 *   used (15 working days at 70 %: the 11th working day);
 * - yellow from the start of the working day `yellowWorkingDays` working days before the due day
 *   (3 before a Monday due date: the Wednesday before, over a holiday if one is in between);
 * - red after the due time (the end of the due day).
 * Working days follow the calendar (holidays, make-up days), whatever the limit's own unit.
 */
export function ladderPoints(deadline: Pick<LadderDeadline, 'countedFrom' | 'dueAt'>, thresholds: WarningThresholds, calendar: WorkingCalendar): LadderPoints {
  const startDay = localDate(deadline.countedFrom);
  const dueDay = localDate(deadline.dueAt);
  const working: string[] = [];
  for (let day = addCalendarDays(startDay, 1); day <= dueDay; day = addCalendarDays(day, 1)) {
    if (calendar.dayKind(day).working) working.push(day);
  }
  let yellowDay = dueDay;
  for (let left = thresholds.yellowWorkingDays; left > 0;) {
    yellowDay = addCalendarDays(yellowDay, -1);
    if (calendar.dayKind(yellowDay).working) left -= 1;
  }
  const blueIndex = Math.ceil((thresholds.bluePercent / 100) * working.length);
  const blueDay = blueIndex >= 1 ? working[blueIndex - 1] : undefined;
  return {
    blueAt: blueDay && blueDay < yellowDay ? startOfLocalDay(blueDay) : null,
    yellowAt: startOfLocalDay(yellowDay),
    dueAt: deadline.dueAt,
    workingDays: working.length,
  };
}

/**
 * The colour at `now`. A provisional due date is at most yellow: a legal consequence (and a 督办函)
 * is not drawn from a guessed date (issue 14 §1); once the year's calendar is loaded the date is
 * recomputed and the ladder looks again.
 */
export function colourAt(points: LadderPoints, deadline: Pick<LadderDeadline, 'overdue' | 'provisional'>, now: string): WarningColour | null {
  if (deadline.overdue || now > points.dueAt) return deadline.provisional ? 'yellow' : 'red';
  if (now >= points.yellowAt) return 'yellow';
  if (points.blueAt && now >= points.blueAt) return 'blue';
  return null;
}

/** The next instant the colour can change after `now`, or NEVER. */
export function nextChangeAt(points: LadderPoints, deadline: Pick<LadderDeadline, 'overdue' | 'provisional'>, now: string): string {
  const red = new Date(Date.parse(points.dueAt) + 1).toISOString();
  const ahead = [points.blueAt, points.yellowAt, deadline.provisional ? null : red].filter((at): at is string => at !== null && at > now);
  if (deadline.overdue) return NEVER;
  return ahead.length > 0 ? ahead.sort()[0] : NEVER;
}

/** Red above yellow above blue above none: the queue's urgency. */
export function colourRank(colour: WarningColour | null): number {
  return colour ? WARNING_COLOURS.indexOf(colour) + 1 : 0;
}

function startOfLocalDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000+08:00`)).toISOString();
}
