import { resolve } from 'node:path';
import type { HashAlgorithm } from '../src/config/app-config';
import { DATABASE_KINDS, type DatabaseKind } from './targets/bench-database';

/** What one run measures, from the environment (see docs/performance.md for every setting). */
export interface BenchOptions {
  /** The databases to run on, in this order; each gets every size. */
  databases: DatabaseKind[];
  /** Database sizes in cases; each gets its own database, ceiling and service run. */
  sizes: number[];
  /** How long each load phase drives transitions. */
  seconds: number;
  connections: number;
  /** Where filled databases are kept between runs. */
  cacheDir: string;
  /** Drive the service a second time with GROUP_COMMIT=off (one durable commit per transition) and report that too. */
  singleCommit: boolean;
  /** Run the service once more under `--cpu-prof` and summarise where its time goes. */
  profile: boolean;
  algorithm: HashAlgorithm;
  /** Refill databases even when a cached one exists. */
  fresh: boolean;
  /** Run the peer section (DBOS, Restate) after the table (BENCH_PEERS, on by default). */
  peers: boolean;
  /** The size the peer section runs at; undefined: the smallest of `sizes`. */
  peerCases?: number;
  /** Pin the service to these cores (BENCH_SERVICE_CPUS, `taskset -c` syntax); undefined: not pinned. */
  serviceCpus?: string;
}

export function benchOptions(env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const sizes = (env.BENCH_SIZES ?? '1000,100000,1000000').split(',').map((size) => positive(size.trim(), 'BENCH_SIZES'));
  const algorithm = (env.HASH_ALGORITHM ?? 'sha256').toLowerCase();
  if (algorithm !== 'sha256' && algorithm !== 'sm3') throw new Error(`HASH_ALGORITHM must be sha256 or sm3, not ${algorithm}`);
  const databases = (env.BENCH_DATABASES ?? DATABASE_KINDS.join(',')).split(',').map((name) => name.trim().toLowerCase());
  for (const name of databases)
    if (!DATABASE_KINDS.includes(name as DatabaseKind)) throw new Error(`BENCH_DATABASES names ${DATABASE_KINDS.join(' and ')}, not ${name}`);
  return {
    databases: [...new Set(databases as DatabaseKind[])],
    sizes,
    seconds: positive(env.BENCH_SECONDS ?? '10', 'BENCH_SECONDS'),
    connections: positive(env.BENCH_CONNECTIONS ?? '32', 'BENCH_CONNECTIONS'),
    cacheDir: resolve(env.BENCH_CACHE_DIR ?? '.bench-cache'),
    singleCommit: (env.BENCH_SINGLE_COMMIT ?? 'on') !== 'off',
    profile: (env.BENCH_PROFILE ?? 'on') !== 'off',
    algorithm,
    fresh: env.BENCH_FRESH === '1' || env.BENCH_FRESH === 'on',
    peers: (env.BENCH_PEERS ?? 'on') !== 'off',
    serviceCpus: env.BENCH_SERVICE_CPUS?.trim() || undefined,
    peerCases: env.BENCH_PEER_CASES === undefined ? undefined : positive(env.BENCH_PEER_CASES, 'BENCH_PEER_CASES'),
  };
}

function positive(raw: string, name: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must hold positive numbers, not ${raw}`);
  return value;
}
