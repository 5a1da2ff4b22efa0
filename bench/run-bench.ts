import { mkdtempSync, readdirSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '../src/demo/demo-users';
import type { CeilingResult } from './ceiling-entry';
import { drivenCases } from './driven-cases';
import { BENCH_AUDITOR, BENCH_OFFICER, BENCH_REVIEWER } from './fill/case-templates';
import { measureRawHashRate } from './hash-rate';
import { HttpClient } from './http-client';
import { measureList, type ListResult } from './list-latency';
import { driveTransitions, type DrivenCase, type LoadResult, type StaffTokens } from './load';
import type { BenchOptions } from './options';
import { summariseProfile, type ProfileSummary, type TimeWindow } from './profile/summarise-profile';
import { runPeers, type PeerSection } from './peers/run-peers';
import { ServiceProcess } from './service-process';
import type { BenchDatabase, DatabaseKind, DatabaseTarget } from './targets/bench-database';
import { PostgresTarget } from './targets/postgres-target';
import { SqliteTarget } from './targets/sqlite-target';
import { measureExport, measureVerify, type ExportResult, type VerifyResult } from './trail-checks';

export interface LoadFigures extends LoadResult {
  /** The service's peak resident memory from start to the end of the load, in MB. */
  peakRssMb: number;
  /** The service's CPU time per answered transition over the load, in ms (all its threads). */
  serviceCpuMsPerTransition: number;
  /** The share of the machine's cores the load generator (this process) used during the load. */
  generatorCpuShare: number;
  /** The share of the machine's cores the service used during the load. */
  serviceCpuShare: number;
}

/** The load, with what it cost the service and the generator in CPU time. */
async function measuredLoad(service: ServiceProcess, drive: () => Promise<LoadResult>): Promise<LoadFigures> {
  const wall = process.hrtime.bigint();
  const generator = process.cpuUsage();
  const serviceBefore = service.cpuSeconds();
  const load = await drive();
  const seconds = Number(process.hrtime.bigint() - wall) / 1e9;
  const used = process.cpuUsage(generator);
  const serviceSeconds = service.cpuSeconds() - serviceBefore;
  const cores = cpus().length;
  return {
    ...load,
    peakRssMb: service.peakRss(),
    serviceCpuMsPerTransition: (1000 * serviceSeconds) / load.transitions,
    generatorCpuShare: (used.user + used.system) / 1e6 / seconds / cores,
    serviceCpuShare: serviceSeconds / seconds / cores,
  };
}

/** A ceiling measured before and after the service ran (the disk drifts), and their mean. */
export interface CeilingFigures {
  mean: CeilingResult;
  before: CeilingResult;
  after: CeilingResult;
}

/** One column of the table: one database at one size. */
export interface RunResult {
  database: DatabaseKind;
  cases: number;
  /** Trail entries of the filled database, before the run added any. */
  entries: number;
  fillSeconds: number;
  /** One writer, one durable commit per transition. */
  ceiling: CeilingFigures;
  /** As many writers at once as the load has connections, where the database commits in parallel (PostgreSQL). */
  parallelCeiling?: CeilingFigures;
  rawHashRate: number;
  startSeconds: number;
  load: LoadFigures;
  /** The same load on a service with GROUP_COMMIT=off (SQLite; the default shares commits). */
  singleCommit?: LoadFigures;
  list: ListResult;
  verify: VerifyResult;
  export: ExportResult;
}

export interface BenchResult {
  options: BenchOptions;
  runs: RunResult[];
  /** The PostgreSQL server the run used, if any. */
  postgresVersion?: string;
  /** Where the service's time went at the largest size, per database (BENCH_PROFILE). */
  profiles: Array<{ database: DatabaseKind; cases: number; summary: ProfileSummary }>;
  /** The same unit of work on the service and on DBOS and Restate (BENCH_PEERS). */
  peers?: PeerSection;
}

/**
 * The ceiling a run's transitions are compared with: the most this database can commit with the
 * concurrency the load has. SQLite has one writer, so its single-commit rate; PostgreSQL commits
 * in parallel, so the rate at as many connections as the load.
 */
export const ratioCeiling = (run: RunResult): CeilingResult => (run.parallelCeiling ?? run.ceiling).mean;

/** Phases shorter than the load: enough samples for a stable rate without stretching the run. */
const shortPhase = (seconds: number) => Math.min(seconds, 3);

export async function runBench(options: BenchOptions, log: (line: string) => void): Promise<BenchResult> {
  const result: BenchResult = { options, runs: [], profiles: [] };
  const largest = Math.max(...options.sizes);
  for (const kind of options.databases) {
    const target = kind === 'sqlite' ? new SqliteTarget(options, log) : await PostgresTarget.start(options, log);
    if (!target) continue;
    if (target instanceof PostgresTarget) result.postgresVersion = target.version;
    try {
      for (const cases of options.sizes) {
        const profiled = options.profile && cases === largest;
        const onProfile = profiled ? (summary: ProfileSummary) => void result.profiles.push({ database: kind, cases, summary }) : undefined;
        result.runs.push(await benchSize(options, target, cases, log, onProfile));
      }
    } finally {
      await target.close();
    }
  }
  if (options.peers) {
    const started = process.hrtime.bigint();
    result.peers = await runPeers(options, log);
    log(`peers: done in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
  }
  return result;
}

async function benchSize(
  options: BenchOptions,
  target: DatabaseTarget,
  cases: number,
  log: (line: string) => void,
  onProfile?: (summary: ProfileSummary) => void,
): Promise<RunResult> {
  const db = await target.prepare(cases);
  const tag = `[${db.kind} ${cases}]`;
  try {
    // Entries are never deleted, so the highest id is their number.
    const entries = (await db.query<{ entries: number }>('SELECT max(id) AS entries FROM audit_entries'))[0].entries;
    const ceilingCases = (await drivenCases(db)).map((item) => item.id);
    const ceilingSeconds = options.seconds / 2;
    const ceilings = async (when: string) => {
      log(`${tag} single-commit ceiling${when}, ${ceilingSeconds} s`);
      const single = await db.singleCommitCeiling(ceilingCases, ceilingSeconds, options.algorithm);
      if (!db.parallelCeiling) return { single };
      log(`${tag} ceiling at ${options.connections} connections${when}, ${ceilingSeconds} s`);
      return { single, parallel: await db.parallelCeiling(ceilingCases, ceilingSeconds, options.algorithm, options.connections) };
    };
    const before = await ceilings('');
    log(`${tag} raw hash-with-serialisation rate`);
    const rawHashRate = await measureRawHashRate(db, shortPhase(options.seconds));
    const driven = await drivenCases(db);
    const measured = await measureService(options, db, driven, tag, log);
    const singleCommit = options.singleCommit && db.groupCommit ? await singleCommitLoad(options, db, driven, tag, log) : undefined;
    if (onProfile) onProfile(await profileLoad(options, db, driven, tag, log));
    const after = await ceilings(' again');
    return {
      database: db.kind,
      cases,
      entries,
      fillSeconds: db.fillSeconds,
      ceiling: ceilingFigures(before.single, after.single),
      parallelCeiling: before.parallel && after.parallel ? ceilingFigures(before.parallel, after.parallel) : undefined,
      rawHashRate,
      ...measured,
      singleCommit,
    };
  } finally {
    await db.close();
  }
}

function ceilingFigures(before: CeilingResult, after: CeilingResult): CeilingFigures {
  const mean = {
    transactions: before.transactions + after.transactions,
    transactionsPerSecond: (before.transactionsPerSecond + after.transactionsPerSecond) / 2,
  };
  return { mean, before, after };
}

/** The service as `npm start` runs it: start-up, load, list, verification, export. */
async function measureService(
  options: BenchOptions,
  db: BenchDatabase,
  driven: DrivenCase[],
  tag: string,
  log: (line: string) => void,
): Promise<Pick<RunResult, 'startSeconds' | 'load' | 'list' | 'verify' | 'export'>> {
  log(`${tag} service: start, ${options.seconds} s of transitions at ${options.connections} connections`);
  const service = await ServiceProcess.start({ database: db.serviceEnv, env: { HASH_ALGORITHM: options.algorithm }, cpus: options.serviceCpus });
  const client = new HttpClient(service.baseUrl, options.connections);
  try {
    const tokens = await staffTokens(client);
    const load = await measuredLoad(service, () => driveTransitions(client, driven, tokens, options.seconds, options.connections));
    log(`${tag} case list`);
    const list = await measureList(client, tokens.officer, shortPhase(options.seconds));
    const auditor = await client.login(BENCH_AUDITOR, DEMO_PASSWORD);
    log(`${tag} trail verification`);
    const verify = await measureVerify(client, auditor);
    log(`${tag} trail export`);
    const exported = await measureExport(client, auditor, service);
    return { startSeconds: service.startSeconds, load, list, verify, export: exported };
  } finally {
    client.close();
    await service.stop();
  }
}

async function singleCommitLoad(
  options: BenchOptions,
  db: BenchDatabase,
  driven: DrivenCase[],
  tag: string,
  log: (line: string) => void,
): Promise<LoadFigures> {
  log(`${tag} service with GROUP_COMMIT=off: ${options.seconds} s of transitions`);
  const service = await ServiceProcess.start({
    database: db.serviceEnv,
    env: { HASH_ALGORITHM: options.algorithm, GROUP_COMMIT: 'off' },
    cpus: options.serviceCpus,
  });
  const client = new HttpClient(service.baseUrl, options.connections);
  try {
    const tokens = await staffTokens(client);
    return await measuredLoad(service, () => driveTransitions(client, driven, tokens, options.seconds, options.connections));
  } finally {
    client.close();
    await service.stop();
  }
}

/** The same load once more, on a service started under `--cpu-prof`. */
async function profileLoad(options: BenchOptions, db: BenchDatabase, driven: DrivenCase[], tag: string, log: (line: string) => void): Promise<ProfileSummary> {
  const profileDir = mkdtempSync(join(tmpdir(), 'bench-profile-'));
  log(`${tag} profiling the service under load, ${options.seconds} s (profile in ${profileDir})`);
  const service = await ServiceProcess.start({ database: db.serviceEnv, env: { HASH_ALGORITHM: options.algorithm }, profileDir });
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
