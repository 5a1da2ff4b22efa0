const DAY_MS = 24 * 3600 * 1000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Moves every date and instant inside a sample payload by whole days, so demo histories are recent. */
export function shiftDates<T>(value: T, days: number): T {
  if (typeof value === 'string') {
    if (DATE.test(value)) return new Date(Date.parse(`${value}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10) as T;
    if (INSTANT.test(value)) return new Date(Date.parse(value) + days * DAY_MS).toISOString() as T;
    return value;
  }
  if (Array.isArray(value)) return (value as unknown[]).map((item) => shiftDates(item, days)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, shiftDates(item, days)])) as T;
  }
  return value;
}

/** Whole days to add to a history ending at `lastAt` so that it ends a day before `now`. */
export function daysToBringForward(lastAt: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(lastAt)) / DAY_MS) - 1;
}
