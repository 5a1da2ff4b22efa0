import { PROCEDURE_SAMPLES } from '../../workflows';
import type { ProcedureSamples } from '../../workflows/core';

export const DEMO_SAMPLES: Record<string, ProcedureSamples> = PROCEDURE_SAMPLES;

/**
 * The states demo cases are left in, per procedure: early, middle and late steps, so every queue
 * and view has something to show. Reaching them also opens follow-up cases (a correction case
 * behind each tolerance decision, the false-accusation cases behind their clarification cases, the
 * appeal cases in the provincial body behind the tolerance cases appealed).
 */
export const DEMO_TARGET_STATES: Record<string, string[]> = {
  // Filings first: the registered one is the filing the demo's tolerance applications cite.
  riskFiling: ['filed', 'returned', 'reviewed', 'registered'],
  tolerance: ['submitted', 'verifying', 'inReview', 'awaitingDecision', 'awaitingReceipt', 'closed'],
  correction: ['planReview', 'rectifying', 'acceptanceCheck'],
  clarification: ['verifying', 'awaitingConsent', 'awaitingPlanApproval', 'followingUp', 'closed'],
  falseAccusation: ['investigating', 'deciding'],
  // Appeals heard as cases by the provincial body (each opened by a Jinan tolerance case's appeal).
  appeal: ['reviewing'],
};

/**
 * Procedures whose demo histories are dated like another's rather than ending a day ago: the
 * filings are moved by as many days as the latest tolerance history, so that the registered filing
 * predates the decisions the tolerance applications cite, as a filing made in advance does.
 */
export const DEMO_DATED_LIKE: Record<string, string> = { riskFiling: 'tolerance' };
