import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '../src/demo/demo-users';
import { measureCeiling, type CeilingResult } from './ceiling';
import { drivenCases } from './driven-cases';
import { BENCH_AUDITOR, BENCH_OFFICER, BENCH_REVIEWER } from './fill/case-templates';
import { filledDatabase } from './fill/database-cache';
import { measureRawHashRate } from './hash-rate';
import { HttpClient } from './http-client';
import { measureList, type ListResult } from './list-latency';
import { driveTransitions, type DrivenCase, type LoadResult, type StaffTokens } from './load';
import type { BenchOptions } from './options';
import { summariseProfile, type ProfileSummary } from './profile/summarise-profile';
import { ServiceProcess } from './service-process';
import { measureExport, measureVerify, type ExportResult, type VerifyResult } from './trail-checks';

export interface LoadFigures extends LoadResult {
  /** The service's peak resident memory from start to the end of the load, in MB. */
  peakRssMb: number;
}

export interface SizeResult {
  cases: number;
  /** Trail entries in the database when the service started. */
  entries: number;
  fillSeconds: number;
  ceiling: CeilingResult;
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
  const sizes: SizeResult[] = [];
  for (const cases of options.sizes) sizes.push(await benchSize(options, cases, log));
  const result: BenchResult = { options, sizes };
  if (options.profile) {
    const largest = Math.max(...options.sizes);
    result.profile = { cases: largest, summary: await profileLoad(options, largest, log) };
  }
  return result;
}

async function benchSize(options: BenchOptions, cases: number, log: (line: string) => void): Promise<SizeResult> {
  const database = await filledDatabase(options.cacheDir, cases, options.algorithm, options.fresh, log);

  log(`[${cases}] single-commit ceiling, ${options.seconds} s`);
  const ceilingCases = drivenCases(database.path).map((item) => item.id);
  const ceiling = measureCeiling(database.path, ceilingCases, options.seconds, options.algorithm);
  log(`[${cases}] raw hash-with-serialisation rate`);
  const rawHashRate = measureRawHashRate(database.path, shortPhase(options.seconds));
  const driven = drivenCases(database.path);
  const entries = trailEntries(database.path);

  log(`[${cases}] service: start, ${options.seconds} s of transitions at ${options.connections} connections`);
  const service = await ServiceProcess.start({ dbPath: database.path, env: { HASH_ALGORITHM: options.algorithm } });
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
    const groupCommit = options.groupCommit ? await groupCommitLoad(options, database.path, driven, cases, log) : undefined;
    return { cases, entries, fillSeconds: database.fillSeconds, ceiling, rawHashRate, startSeconds: service.startSeconds, load, groupCommit, list, verify, export: exported };
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
async function profileLoad(options: BenchOptions, cases: number, log: (line: string) => void): Promise<ProfileSummary> {
  const database = await filledDatabase(options.cacheDir, cases, options.algorithm, false, log);
  const profileDir = mkdtempSync(join(tmpdir(), 'bench-profile-'));
  log(`[${cases}] profiling the service under load, ${options.seconds} s (profile in ${profileDir})`);
  const service = await ServiceProcess.start({ dbPath: database.path, env: { HASH_ALGORITHM: options.algorithm }, profileDir });
  const client = new HttpClient(service.baseUrl, options.connections);
  try {
    await driveTransitions(client, drivenCases(database.path), await staffTokens(client), options.seconds, options.connections);
  } finally {
    client.close();
    await service.stop();
  }
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no CPU profile written to ${profileDir}`);
  return summariseProfile(join(profileDir, file));
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
