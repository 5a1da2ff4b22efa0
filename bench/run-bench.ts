import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '../src/demo/demo-users';
import { measureCeiling, type CeilingResult } from './ceiling';
import { drivenCases } from './driven-cases';
import { BENCH_AUDITOR, BENCH_OFFICER, BENCH_REVIEWER } from './fill/case-templates';
import { copyDatabase, filledDatabase } from './fill/database-cache';
import { removeDatabase } from './fill/fill-database';
import { measureRawHashRate } from './hash-rate';
import { HttpClient } from './http-client';
import { measureList, type ListResult } from './list-latency';
import { driveTransitions, type DrivenCase, type LoadResult, type StaffTokens } from './load';
import type { BenchOptions } from './options';
import { summariseProfile, type ProfileSummary, type TimeWindow } from './profile/summarise-profile';
import { ServiceProcess } from './service-process';
import { measureExport, measureVerify, type ExportResult, type VerifyResult } from './trail-checks';

export interface LoadFigures extends LoadResult {
  /** The service's peak resident memory from start to the end of the load, in MB. */
  peakRssMb: number;
}

export interface SizeResult {
  cases: number;
  /** Trail entries of the filled database, before the run added any. */
  entries: number;
  fillSeconds: number;
  /** The mean of the ceiling measured before and after the service ran: the disk drifts. */
  ceiling: CeilingResult;
  ceilingBefore: CeilingResult;
  ceilingAfter: CeilingResult;
  rawHashRate: number;
  startSeconds: number;
  load: LoadFigures;
  groupCommit?: LoadFigures;
  list: ListResult;
  verify: VerifyResult;
  export: ExportResult;
}

export interface BenchResult {
  options: BenchOptions;
  sizes: SizeResult[];
  profile?: { cases: number; summary: ProfileSummary };
}

/** Phases shorter than the load: enough samples for a stable rate without stretching the run. */
const shortPhase = (seconds: number) => Math.min(seconds, 3);

export async function runBench(options: BenchOptions, log: (line: string) => void): Promise<BenchResult> {
  const result: BenchResult = { options, sizes: [] };
  const largest = Math.max(...options.sizes);
  for (const cases of options.sizes) {
    const profiled = options.profile && cases === largest;
    result.sizes.push(await benchSize(options, cases, log, profiled ? (summary) => (result.profile = { cases, summary }) : undefined));
  }
  return result;
}

async function benchSize(
  options: BenchOptions,
  cases: number,
  log: (line: string) => void,
  onProfile?: (summary: ProfileSummary) => void,
): Promise<SizeResult> {
  const filled = await filledDatabase(options.cacheDir, cases, options.algorithm, options.fresh, log);
  // Every run starts from the same filled database: the run's own writes go to a copy.
  const dbPath = join(options.cacheDir, `run-${cases}.sqlite`);
  log(`[${cases}] copying the filled database for this run`);
  copyDatabase(filled.path, dbPath);
  try {
    const entries = trailEntries(dbPath);
    const ceilingCases = drivenCases(dbPath).map((item) => item.id);
    const ceilingSeconds = options.seconds / 2;
    log(`[${cases}] single-commit ceiling, ${ceilingSeconds} s`);
    const ceilingBefore = measureCeiling(dbPath, ceilingCases, ceilingSeconds, options.algorithm);
    log(`[${cases}] raw hash-with-serialisation rate`);
    const rawHashRate = measureRawHashRate(dbPath, shortPhase(options.seconds));
    const driven = drivenCases(dbPath);
    const measured = await measureService(options, dbPath, driven, cases, log);
    const groupCommit = options.groupCommit ? await groupCommitLoad(options, dbPath, driven, cases, log) : undefined;
    if (onProfile) onProfile(await profileLoad(options, dbPath, driven, cases, log));
    log(`[${cases}] single-commit ceiling again, ${ceilingSeconds} s`);
    const ceilingAfter = measureCeiling(dbPath, ceilingCases, ceilingSeconds, options.algorithm);
    const ceiling = {
      transactions: ceilingBefore.transactions + ceilingAfter.transactions,
      transactionsPerSecond: (ceilingBefore.transactionsPerSecond + ceilingAfter.transactionsPerSecond) / 2,
    };
    return { cases, entries, fillSeconds: filled.fillSeconds, ceiling, ceilingBefore, ceilingAfter, rawHashRate, ...measured, groupCommit };
  } finally {
    removeDatabase(dbPath);
  }
}

/** The service as `npm start` runs it: start-up, load, list, verification, export. */
async function measureService(
  options: BenchOptions,
  dbPath: string,
  driven: DrivenCase[],
  cases: number,
  log: (line: string) => void,
): Promise<Pick<SizeResult, 'startSeconds' | 'load' | 'list' | 'verify' | 'export'>> {
  log(`[${cases}] service: start, ${options.seconds} s of transitions at ${options.connections} connections`);
  const service = await ServiceProcess.start({ dbPath, env: { HASH_ALGORITHM: options.algorithm } });
  const client = new HttpClient(service.baseUrl, options.connections);
  try {
    const tokens = await staffTokens(client);
    const load = { ...(await driveTransitions(client, driven, tokens, options.seconds, options.connections)), peakRssMb: service.peakRss() };
    log(`[${cases}] case list`);
    const list = await measureList(client, tokens.officer, shortPhase(options.seconds));
    const auditor = await client.login(BENCH_AUDITOR, DEMO_PASSWORD);
    log(`[${cases}] trail verification`);
    const verify = await measureVerify(client, auditor);
    log(`[${cases}] trail export`);
    const exported = await measureExport(client, auditor, service);
    return { startSeconds: service.startSeconds, load, list, verify, export: exported };
  } finally {
    client.close();
    await service.stop();
  }
}

async function groupCommitLoad(options: BenchOptions, dbPath: string, driven: DrivenCase[], cases: number, log: (line: string) => void): Promise<LoadFigures> {
  log(`[${cases}] service with GROUP_COMMIT=on: ${options.seconds} s of transitions`);
  const service = await ServiceProcess.start({ dbPath, env: { HASH_ALGORITHM: options.algorithm, GROUP_COMMIT: 'on' } });
  const client = new HttpClient(service.baseUrl, options.connections);
  try {
    const tokens = await staffTokens(client);
    return { ...(await driveTransitions(client, driven, tokens, options.seconds, options.connections)), peakRssMb: service.peakRss() };
  } finally {
    client.close();
    await service.stop();
  }
}

/** The same load once more, on a service started under `--cpu-prof`. */
async function profileLoad(options: BenchOptions, dbPath: string, driven: DrivenCase[], cases: number, log: (line: string) => void): Promise<ProfileSummary> {
  const profileDir = mkdtempSync(join(tmpdir(), 'bench-profile-'));
  log(`[${cases}] profiling the service under load, ${options.seconds} s (profile in ${profileDir})`);
  const service = await ServiceProcess.start({ dbPath, env: { HASH_ALGORITHM: options.algorithm }, profileDir });
  const client = new HttpClient(service.baseUrl, options.connections);
  const now = () => Number(process.hrtime.bigint() / 1000n);
  let window: TimeWindow;
  try {
    const tokens = await staffTokens(client);
    const fromUs = now();
    await driveTransitions(client, driven, tokens, options.seconds, options.connections);
    window = { fromUs, toUs: now() };
  } finally {
    client.close();
    await service.stop();
  }
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no CPU profile written to ${profileDir}`);
  // Only the load: start-up and shutdown are not the hot path.
  return summariseProfile(join(profileDir, file), 25, window);
}

/** One login per user for the whole run: login has lockout and rate limits. */
async function staffTokens(client: HttpClient): Promise<StaffTokens> {
  return { officer: await client.login(BENCH_OFFICER, DEMO_PASSWORD), reviewer: await client.login(BENCH_REVIEWER, DEMO_PASSWORD) };
}

/** Entries are never deleted, so the highest id is their number. */
function trailEntries(dbPath: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare('SELECT max(id) AS entries FROM audit_entries').get() as { entries: number }).entries;
  } finally {
    db.close();
  }
}
