import type { Actor, Role } from './roles';

/**
 * Helpers every procedure uses to write its record: each entry says who (`by`) and when (`at`,
 * the server's time from the event, never a clock).
 */

/** Who recorded an entry and when. */
export interface Stamp {
  by: string;
  at: string;
}

/** A stamp that also keeps the role acted in (correction and false-accusation records keep it). */
export interface RoleStamp {
  by: string;
  role: Role;
  at: string;
}

interface Stamped {
  actor: Actor;
  at: string;
}

/**
 * The stamp of an event: `{ by, at }`, or `{ by, role, at }` with `withRole`. Two shapes because
 * stored cases already hold both; each procedure keeps the one its records have always had.
 */
export function stamp(event: Stamped): Stamp;
export function stamp(event: Stamped, shape: 'withRole'): RoleStamp;
export function stamp(event: Stamped, shape?: 'withRole'): Stamp | RoleStamp {
  return shape === 'withRole' ? { by: event.actor.id, role: event.actor.role, at: event.at } : { by: event.actor.id, at: event.at };
}

/** True for a string that says something (not empty, not only blanks). */
export const hasText = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0;

/** Drops undefined values, so the record equals its stored JSON. */
export function compact<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

/**
 * Appends a record unless the very same one (same person, same instant, same content) is already
 * there: a repeated delivery of one step is one record.
 */
export function appendOnce<T>(list: readonly T[], entry: T): T[] {
  const key = JSON.stringify(entry);
  return list.some((existing) => JSON.stringify(existing) === key) ? [...list] : [...list, entry];
}

/** The UTC calendar day of an ISO instant, `YYYY-MM-DD`. */
export const dayOf = (isoInstant: string): string => isoInstant.slice(0, 10);

/** Whole calendar days from one `YYYY-MM-DD` to another. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00.000Z`) - Date.parse(`${from}T00:00:00.000Z`)) / 86_400_000);
