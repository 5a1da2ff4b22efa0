import type { HttpClient } from './http-client';
import type { ServiceProcess } from './service-process';

export interface VerifyResult {
  ok: boolean;
  checked: number;
  seconds: number;
  entriesPerSecond: number;
}

export interface ExportResult {
  entries: number;
  megabytes: number;
  seconds: number;
  /** Highest resident memory of the service while it streamed the export, in MB. */
  peakRssMb: number;
}

/** `GET /api/audit/verify`: every chain recomputed by the service, timed end to end. */
export async function measureVerify(client: HttpClient, auditorToken: string): Promise<VerifyResult> {
  const answer = await client.send('GET', '/api/audit/verify', auditorToken);
  if (answer.status !== 200) throw new Error(`verify: ${answer.status} ${answer.body}`);
  const result = JSON.parse(answer.body) as { ok: boolean; checked: number; firstBrokenEntry?: unknown };
  if (!result.ok) throw new Error(`verify found a broken trail: ${answer.body}`);
  const seconds = answer.ms / 1000;
  return { ok: result.ok, checked: result.checked, seconds, entriesPerSecond: result.checked / seconds };
}

/** `GET /api/audit/export` read to the end as it streams, counting lines, while the service's memory is sampled. */
export async function measureExport(client: HttpClient, auditorToken: string, service: ServiceProcess): Promise<ExportResult> {
  let entries = 0;
  let bytes = 0;
  const sampler = service.sampleRss();
  const answer = await client.stream('/api/audit/export', auditorToken, (chunk) => {
    bytes += chunk.length;
    for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) entries += 1;
  });
  const peakRssMb = sampler.stop();
  if (answer.status !== 200) throw new Error(`export: ${answer.status}`);
  return { entries, megabytes: bytes / (1024 * 1024), seconds: answer.ms / 1000, peakRssMb };
}
