import { PROCEDURE_SAMPLES } from '../workflows';
import type { HttpClient } from './http-client';
import { percentile, secondsSince } from './stats';

/** A case the load drives, as the client last saw it. */
export interface DrivenCase {
  id: string;
  state: string;
  version: number;
}

export interface StaffTokens {
  officer: string;
  reviewer: string;
}

export interface LoadResult {
  transitions: number;
  transitionsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers other than 200, by status and code: each one is a failure of the run. */
  failures: Record<string, number>;
}

const tolerance = PROCEDURE_SAMPLES.tolerance.events;

/**
 * The real events that move a case in review back and forth (domain.md §3.1 steps 3-4): the
 * reviewer returns the findings for further verification, the officer resubmits them. Payloads
 * are the machine's own samples.
 */
export const NEXT_EVENT: Record<string, { type: string; as: keyof StaffTokens; data: Record<string, unknown> }> = {
  inReview: { type: 'RETURN_FOR_VERIFICATION', as: 'reviewer', data: tolerance.RETURN_FOR_VERIFICATION[0].data },
  verifying: { type: 'SUBMIT_FINDINGS', as: 'officer', data: tolerance.SUBMIT_FINDINGS[0].data },
};
export const DRIVEN_STATES = Object.keys(NEXT_EVENT);

/**
 * `connections` lanes, each with its own share of the cases, send one valid transition after
 * another for `seconds`: every request moves a case no other request in flight touches, with the
 * version the client last saw. Stops issuing at the deadline and waits for the answers in flight.
 * `pathPrefix`: where `/cases/:id/events` is mounted (`/api` on the service, nothing on the peers).
 */
export async function driveTransitions(
  client: HttpClient,
  cases: DrivenCase[],
  tokens: StaffTokens,
  seconds: number,
  connections: number,
  pathPrefix = '/api',
): Promise<LoadResult> {
  if (cases.length < connections) throw new Error(`need at least ${connections} cases to drive, have ${cases.length}`);
  // A multiple of the lanes, so that lane i only ever takes cases i, i + connections, ...
  const usable = cases.length - (cases.length % connections);
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  const start = process.hrtime.bigint();
  const lane = async (index: number) => {
    for (let next = index; secondsSince(start) < seconds; next += connections) {
      const item = cases[next % usable];
      const step = NEXT_EVENT[item.state];
      const answer = await client.send('POST', `${pathPrefix}/cases/${item.id}/events`, tokens[step.as], {
        type: step.type,
        expectedVersion: item.version,
        ...step.data,
      });
      const body = safeJson(answer.body);
      if (answer.status === 200) {
        latencies.push(answer.ms);
        item.state = body.state as string;
        item.version = body.version as number;
        continue;
      }
      const key = `${answer.status} ${String(body.code ?? '')}`.trim();
      failures[key] = (failures[key] ?? 0) + 1;
      const details = body.details as { state?: string; currentVersion?: number } | undefined;
      if (details?.state && details.currentVersion !== undefined && NEXT_EVENT[details.state]) {
        item.state = details.state;
        item.version = details.currentVersion;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, index) => lane(index)));
  const elapsed = secondsSince(start);
  return {
    transitions: latencies.length,
    transitionsPerSecond: latencies.length / elapsed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    failures,
  };
}

function safeJson(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}
