import type { ProcedureInput } from './procedure';
import type { Actor } from './roles';

export interface SampleEvent {
  actor: Actor;
  data: Record<string, unknown>;
  /** Server time to send it at; the explorer uses SAMPLE_TIME when absent. */
  at?: string;
}

/**
 * Sample inputs for one procedure: every way to open a case, and for each event type the payloads
 * to try (enough valid ones to take every guarded branch). The graph tests explore the machine
 * with them; the demo data and end-to-end tests reuse them.
 */
export interface ProcedureSamples {
  creations: ProcedureInput[];
  events: Record<string, SampleEvent[]>;
}

export const SAMPLE_TIME = '2026-03-02T02:00:00.000Z';
