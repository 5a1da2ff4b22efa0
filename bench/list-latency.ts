import type { HttpClient } from './http-client';
import { percentile, secondsSince } from './stats';

export interface ListResult {
  query: string;
  requests: number;
  total: number;
  p95Ms: number;
}

/** A committee secretary's queue: tolerance cases awaiting the collective decision, 20 a page. */
export const LIST_FILTERS = 'procedure=tolerance&state=awaitingDecision';
const PAGE_SIZE = 20;
const MAX_PAGE = 50;

/**
 * The case list with two filters, sorted by the default (latest change first) and paged, asked
 * one request at a time for `seconds` (at least 20 requests), on pages 1 to 50 in a fixed order.
 */
export async function measureList(client: HttpClient, token: string, seconds: number): Promise<ListResult> {
  const first = await client.send('GET', `/api/cases?${LIST_FILTERS}&page=1&pageSize=${PAGE_SIZE}`, token);
  if (first.status !== 200) throw new Error(`case list: ${first.status} ${first.body}`);
  const total = (JSON.parse(first.body) as { total: number }).total;
  const pages = Math.max(1, Math.min(MAX_PAGE, Math.ceil(total / PAGE_SIZE)));
  const latencies: number[] = [];
  const start = process.hrtime.bigint();
  for (let n = 0; secondsSince(start) < seconds || latencies.length < 20; n += 1) {
    const page = 1 + ((n * 7) % pages);
    const answer = await client.send('GET', `/api/cases?${LIST_FILTERS}&page=${page}&pageSize=${PAGE_SIZE}`, token);
    if (answer.status !== 200) throw new Error(`case list page ${page}: ${answer.status} ${answer.body}`);
    latencies.push(answer.ms);
  }
  return {
    query: `GET /api/cases?${LIST_FILTERS}&page=1..${pages}&pageSize=${PAGE_SIZE}`,
    requests: latencies.length,
    total,
    p95Ms: percentile(latencies, 95),
  };
}
