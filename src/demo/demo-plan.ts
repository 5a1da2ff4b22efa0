import { PROCEDURE_SAMPLES } from '../../workflows';
import type { ProcedureSamples } from '../../workflows/core';

export const DEMO_SAMPLES: Record<string, ProcedureSamples> = PROCEDURE_SAMPLES;

/**
 * Which states the demo cases are left in, per procedure: a spread over the early, middle and
 * late steps so every queue and view has something to show. Follow-up procedures (correction from
 * a decision, false accusation from a clarification) also appear as children of these cases.
 */
export const DEMO_TARGET_STATES: Record<string, string[]> = {};
