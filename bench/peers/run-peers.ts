import { randomBytes } from 'node:crypto';
import { DEMO_PASSWORD } from '../../src/demo/demo-users';
import { drivenCases } from '../driven-cases';
import { BENCH_OFFICER, BENCH_REVIEWER } from '../fill/case-templates';
import { HttpClient } from '../http-client';
import { driveTransitions, NEXT_EVENT, type DrivenCase, type LoadResult, type StaffTokens } from '../load';
import type { BenchOptions } from '../options';
import { ServiceProcess } from '../service-process';
import type { BenchDatabase } from '../targets/bench-database';
import { PostgresTarget } from '../targets/postgres-target';
import { SqliteTarget } from '../targets/sqlite-target';
import { peerTokenKey, signPeerToken, type PeerAuditRecord, type PeerCase } from './case-event';
import { checkpoint, postmasterPid, prepareDbosTables, startDbos } from './dbos-peer';
import { peakRssMb, treeCpuSeconds } from './process-tree';
import { RESTATE_SETTINGS, restateServerBinary, startRestate, type RestateSeed } from './restate-peer';

/** The figures of one implementation under the load. */
export interface PeerFigures extends LoadResult {
  /** CPU seconds of all its processes over the load (bench/peers/process-tree.ts). */
  cpuSeconds: number;
  /** Those seconds per answered transition, in ms. */
  cpuMsPerTransition: number;
  /** The same seconds by process tree (the service, PostgreSQL, the Restate server, its endpoint…). */
  cpuSplit: Array<{ name: string; seconds: number }>;
  /** Peak resident memory of its own processes, PostgreSQL's left out (see docs/performance.md), in MB. */
  peakRssMb: number;
  /** Audit records in its store after the load minus before: one per answered transition, or something is wrong. */
  recordsAdded: number;
  /** PostgreSQL's write-ahead log written during the load per answered transition, in bytes (PostgreSQL only). */
  walBytesPerTransition?: number;
}

/** Counts the audit records an implementation holds, read from its own store. */
type RecordCounter = () => Promise<number>;

/** A process whose tree is part of an implementation, named for the CPU split. */
interface NamedProcess {
  name: string;
  pid: number;
}

export type PeerId = 'ours-sqlite' | 'restate' | 'ours-postgres' | 'dbos';

export interface PeerRow {
  id: PeerId;
  name: string;
  storage: string;
  figures?: PeerFigures;
  /** Why there are no figures (not installed, no PostgreSQL, BENCH_DATABASES). */
  skipped?: string;
}

export interface PeerSection {
  cases: number;
  rows: PeerRow[];
}

/** Each peer against the deployment of ours on the same kind of storage. */
export const PEER_PAIRS: ReadonlyArray<{ ours: PeerId; peer: PeerId }> = [
  { ours: 'ours-sqlite', peer: 'restate' },
  { ours: 'ours-postgres', peer: 'dbos' },
];

const NAMES: Record<PeerId, { name: string; storage: string }> = {
  'ours-sqlite': { name: 'ours (npm start)', storage: 'SQLite' },
  restate: { name: 'Restate', storage: 'Restate (RocksDB)' },
  'ours-postgres': { name: 'ours (npm start)', storage: 'PostgreSQL' },
  dbos: { name: 'DBOS Transact', storage: 'PostgreSQL' },
};

/**
 * The peer section of `npm run bench`: the same unit of work on the service and on each peer,
 * driven one after another by the same load (bench/load.ts) on the same filled cases, SQLite and
 * Restate first, then PostgreSQL and DBOS on one durable throwaway cluster.
 */
export async function runPeers(options: BenchOptions, log: (line: string) => void): Promise<PeerSection> {
  const cases = options.peerCases ?? Math.min(...options.sizes);
  const secret = randomBytes(32).toString('hex');
  const key = peerTokenKey(secret);
  const peerTokens: StaffTokens = {
    officer: signPeerToken(key, { id: BENCH_OFFICER, role: 'officer' }),
    reviewer: signPeerToken(key, { id: BENCH_REVIEWER, role: 'reviewer' }),
  };
  const peerOptions = { tokenSecret: secret, algorithm: options.algorithm, connections: options.connections };
  const rows: PeerRow[] = [];
  const row = (id: PeerId, figures?: PeerFigures, skipped?: string): PeerRow => ({ id, ...NAMES[id], figures, skipped });
  const tag = `[peers ${cases}]`;

  if (options.databases.includes('sqlite')) {
    const db = await new SqliteTarget(options, log).prepare(cases);
    try {
      // Read before anything runs: every implementation starts from the same cases.
      const driven = await drivenCases(db);
      const seeds = await restateSeeds(db);
      log(`${tag} ours on SQLite: ${options.seconds} s of transitions`);
      rows.push(row('ours-sqlite', await measureOurs(options, db, driven, [], countEntries(db, 'audit_entries'))));
      if (!restateServerBinary()) {
        rows.push(row('restate', undefined, `no restate-server binary for ${process.platform}-${process.arch} (npm package @restatedev/restate-server)`));
      } else {
        const restate = await startPeer('Restate', () => startRestate(seeds, peerOptions, log), log);
        if (typeof restate === 'string') {
          rows.push(row('restate', undefined, restate));
        } else {
          try {
            log(`${tag} Restate: ${options.seconds} s of transitions`);
            const [server, endpoint] = restate.pids;
            const processes = [
              { name: 'Restate server', pid: server },
              { name: 'SDK endpoint', pid: endpoint },
            ];
            rows.push(row('restate', await measure(options, restate.baseUrl, '', peerTokens, processes, restate.pids, driven, restate.countRecords)));
          } finally {
            await restate.stop();
          }
        }
      }
    } finally {
      await db.close();
    }
  } else {
    rows.push(
      row('ours-sqlite', undefined, 'BENCH_DATABASES leaves SQLite out'),
      row('restate', undefined, 'compared with ours on SQLite, which BENCH_DATABASES leaves out'),
    );
  }

  const target = options.databases.includes('postgres') ? await PostgresTarget.start(options, log) : undefined;
  if (!target) {
    const why = options.databases.includes('postgres') ? 'no PostgreSQL server binaries on this machine' : 'BENCH_DATABASES leaves PostgreSQL out';
    rows.push(row('ours-postgres', undefined, why), row('dbos', undefined, why));
    return { cases, rows };
  }
  try {
    const db = await target.prepare(cases);
    try {
      const url = String(db.serviceEnv.DATABASE_URL);
      await prepareDbosTables(url);
      const driven = await drivenCases(db);
      const postgres = { name: 'PostgreSQL', pid: await postmasterPid(url) };
      await checkpoint(url);
      log(`${tag} ours on PostgreSQL: ${options.seconds} s of transitions`);
      const wal = walPosition(db);
      rows.push(row('ours-postgres', await measureOurs(options, db, driven, [postgres], countEntries(db, 'audit_entries'), wal)));
      const adminUrl = new URL(url);
      adminUrl.pathname = '/postgres';
      const dbos = await startPeer('DBOS', () => startDbos(adminUrl.toString(), url, peerOptions, log), log);
      if (typeof dbos === 'string') {
        rows.push(row('dbos', undefined, dbos));
      } else {
        try {
          await checkpoint(url);
          log(`${tag} DBOS: ${options.seconds} s of transitions`);
          const processes = [{ name: 'DBOS application', pid: dbos.pids[0] }, postgres];
          rows.push(
            row('dbos', await measure(options, dbos.baseUrl, '', peerTokens, processes, dbos.pids, driven, countEntries(db, 'dbos_peer.audit_entries'), wal)),
          );
        } finally {
          await dbos.stop();
        }
      }
    } finally {
      await db.close();
    }
  } finally {
    await target.close();
  }
  return { cases, rows };
}

/**
 * A peer that cannot start here is reported as skipped with the reason (its error's first line;
 * the whole error on the log) instead of ending the run: the rest of the comparison still stands.
 */
async function startPeer<T>(name: string, start: () => Promise<T>, log: (line: string) => void): Promise<T | string> {
  try {
    return await start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`${name} could not be started: ${message}`);
    return `could not be started: ${message.split('\n')[0]}`;
  }
}

/** The service as `npm start` runs it, with real logins; `extraRoots`: the PostgreSQL postmaster. */
async function measureOurs(
  options: BenchOptions,
  db: BenchDatabase,
  driven: DrivenCase[],
  extraRoots: NamedProcess[],
  countRecords: RecordCounter,
  wal?: WalPosition,
): Promise<PeerFigures> {
  const service = await ServiceProcess.start({ database: db.serviceEnv, env: { HASH_ALGORITHM: options.algorithm } });
  try {
    const login = new HttpClient(service.baseUrl, 1);
    const tokens = { officer: await login.login(BENCH_OFFICER, DEMO_PASSWORD), reviewer: await login.login(BENCH_REVIEWER, DEMO_PASSWORD) };
    login.close();
    return await measure(
      options,
      service.baseUrl,
      '/api',
      tokens,
      [{ name: 'service', pid: service.pid }, ...extraRoots],
      [service.pid],
      driven,
      countRecords,
      wal,
    );
  } finally {
    await service.stop();
  }
}

/** The load on one implementation, with its CPU over the load and its peak memory. */
async function measure(
  options: BenchOptions,
  baseUrl: string,
  pathPrefix: string,
  tokens: StaffTokens,
  cpuRoots: NamedProcess[],
  memoryPids: number[],
  driven: DrivenCase[],
  countRecords: RecordCounter,
  wal?: WalPosition,
): Promise<PeerFigures> {
  const client = new HttpClient(baseUrl, options.connections);
  try {
    await refusesStaleVersion(client, pathPrefix, tokens, driven[0]);
    const recordsBefore = await countRecords();
    const walBefore = wal ? await wal() : undefined;
    const cpuBefore = cpuRoots.map((root) => treeCpuSeconds([root.pid]));
    // A copy: each implementation starts from the cases as the filled database holds them.
    const load = await driveTransitions(
      client,
      driven.map((item) => ({ ...item })),
      tokens,
      options.seconds,
      options.connections,
      pathPrefix,
    );
    const cpuSplit = cpuRoots.map((root, index) => ({ name: root.name, seconds: treeCpuSeconds([root.pid]) - cpuBefore[index] }));
    const cpuSeconds = cpuSplit.reduce((sum, part) => sum + part.seconds, 0);
    const walAfter = wal ? await wal() : undefined;
    const peak = peakRssMb(memoryPids);
    const recordsAdded = (await countRecords()) - recordsBefore;
    const walBytesPerTransition = walBefore !== undefined && walAfter !== undefined ? (walAfter - walBefore) / load.transitions : undefined;
    return { ...load, cpuSeconds, cpuMsPerTransition: (1000 * cpuSeconds) / load.transitions, cpuSplit, peakRssMb: peak, recordsAdded, walBytesPerTransition };
  } finally {
    client.close();
  }
}

/**
 * Before the load: a request with a version other than the case's must be refused with 409, or
 * the implementation does not do the unit of work and the run stops here.
 */
async function refusesStaleVersion(client: HttpClient, pathPrefix: string, tokens: StaffTokens, item: DrivenCase): Promise<void> {
  const step = NEXT_EVENT[item.state];
  const body = { type: step.type, expectedVersion: item.version - 1, ...step.data };
  const answer = await client.send('POST', `${pathPrefix}/cases/${item.id}/events`, tokens[step.as], body);
  if (answer.status !== 409) throw new Error(`${client.baseUrl}: a stale version was answered ${answer.status}, not 409: ${answer.body}`);
}

/** Where PostgreSQL's write-ahead log stands, in bytes: the cluster's, all databases together. */
type WalPosition = () => Promise<number>;

function walPosition(db: BenchDatabase): WalPosition {
  return async () => Number((await db.query<{ bytes: string }>("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0') AS bytes"))[0].bytes);
}

/** The audit records of a table, read behind the implementation's back. */
function countEntries(db: BenchDatabase, table: string): RecordCounter {
  return async () => Number((await db.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${table}`))[0].n);
}

interface CaseRow {
  id: string;
  procedure: string;
  procedure_version: number;
  state: string;
  status: 'active' | 'done';
  context: string;
  version: number;
  trail_head: string;
  trail_length: number;
}

interface EntryRow {
  stream_id: string;
  position: number;
  case_id: string | null;
  procedure: string | null;
  procedure_version: number | null;
  from_state: string | null;
  event: string;
  to_state: string | null;
  outcome: 'applied' | 'refused';
  refusal_code: string | null;
  actor_id: string;
  actor_role: string;
  at: string;
  reason: string | null;
  data: string;
  prev_hash: string;
  hash: string;
  algorithm: 'sha256' | 'sm3';
}

/** Every case of the filled database with its trail, as Restate's objects will hold them. */
async function restateSeeds(db: BenchDatabase): Promise<RestateSeed[]> {
  const caseRows = await db.query<CaseRow>(
    'SELECT id, procedure, procedure_version, state, status, context, version, trail_head, trail_length FROM cases ORDER BY id',
  );
  const entryRows = await db.query<EntryRow>(
    'SELECT stream_id, position, case_id, procedure, procedure_version, from_state, event, to_state, outcome, refusal_code, actor_id, actor_role, at, reason, data, prev_hash, hash, algorithm FROM audit_entries WHERE case_id = stream_id ORDER BY stream_id, position',
  );
  const trails = new Map<string, PeerAuditRecord[]>();
  for (const entry of entryRows) {
    const record: PeerAuditRecord = {
      streamId: entry.stream_id,
      position: entry.position,
      caseId: entry.case_id,
      procedure: entry.procedure,
      procedureVersion: entry.procedure_version,
      fromState: entry.from_state,
      event: entry.event,
      toState: entry.to_state,
      outcome: entry.outcome,
      refusalCode: entry.refusal_code,
      actorId: entry.actor_id,
      actorRole: entry.actor_role,
      at: entry.at,
      reason: entry.reason,
      data: JSON.parse(entry.data) as unknown,
      prevHash: entry.prev_hash,
      algorithm: entry.algorithm,
      hash: entry.hash,
    };
    const trail = trails.get(entry.stream_id);
    if (trail) trail.push(record);
    else trails.set(entry.stream_id, [record]);
  }
  return caseRows.map((item) => {
    const record: PeerCase = {
      id: item.id,
      procedure: item.procedure,
      procedureVersion: item.procedure_version,
      version: item.version,
      snapshot: { value: item.state, status: item.status, context: JSON.parse(item.context) as Record<string, unknown> },
      trailHead: item.trail_head,
      trailLength: item.trail_length,
    };
    return { record, trail: trails.get(item.id) ?? [] };
  });
}

/** How each peer was configured, for the report. */
export const PEER_SETTINGS = {
  restate: `Restate server defaults (single node, replicated loglet with replication 1, RocksDB WAL fsynced) plus ${Object.entries(RESTATE_SETTINGS)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ')}; the ingress answers POST /cases/:id/events itself (object "cases", handler "events")`,
  dbos: 'DBOS defaults (system database on the same cluster, pool of 10; Postgres.js datasource, pool of 10): one workflow per request with one datasource transaction step; the durable PostgreSQL cluster of the main table',
};
