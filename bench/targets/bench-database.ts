import type { HashAlgorithm } from '../../src/config/app-config';
import type { CeilingResult } from '../ceiling-entry';

export type DatabaseKind = 'sqlite' | 'postgres';
export const DATABASE_KINDS: readonly DatabaseKind[] = ['sqlite', 'postgres'];

/**
 * One size's filled database for one run, whatever the database: what the measurements need of
 * it. run-bench.ts measures through this and nothing else, so both databases get the same run.
 */
export interface BenchDatabase {
  kind: DatabaseKind;
  /** Seconds spent filling it in this run; 0 when a cached fill was reused. */
  fillSeconds: number;
  /** The service's configuration variables for this database (DB_TYPE and where it is). */
  serviceEnv: NodeJS.ProcessEnv;
  /** Whether the service's GROUP_COMMIT setting means anything here (SQLite only). */
  groupCommit: boolean;
  /** A read behind the service's back, with `?` placeholders. */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** One writer, one durable commit per minimal transition (bench/ceiling.ts). */
  singleCommitCeiling(caseIds: readonly string[], seconds: number, algorithm: HashAlgorithm): Promise<CeilingResult>;
  /** `connections` writers at once; absent where the database has one writer at a time (SQLite). */
  parallelCeiling?(caseIds: readonly string[], seconds: number, algorithm: HashAlgorithm, connections: number): Promise<CeilingResult>;
  /** Done with it: the run's copy or database is removed. */
  close(): Promise<void>;
}

/** A database server or engine for the whole run: makes the filled database of each size. */
export interface DatabaseTarget {
  kind: DatabaseKind;
  prepare(cases: number): Promise<BenchDatabase>;
  close(): Promise<void>;
}
