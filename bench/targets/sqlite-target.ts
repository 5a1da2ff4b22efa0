import Database from 'better-sqlite3';
import { join } from 'node:path';
import { measureCeiling } from '../ceiling';
import { copyDatabase, filledDatabase } from '../fill/database-cache';
import { removeDatabase } from '../fill/fill-database';
import type { BenchOptions } from '../options';
import type { BenchDatabase, DatabaseTarget } from './bench-database';

/** SQLite files: filled once per size and cached; every run works on a fresh copy. */
export class SqliteTarget implements DatabaseTarget {
  readonly kind = 'sqlite';

  constructor(
    private readonly options: BenchOptions,
    private readonly log: (line: string) => void,
  ) {}

  async prepare(cases: number): Promise<BenchDatabase> {
    const { cacheDir, algorithm, fresh } = this.options;
    const filled = await filledDatabase(cacheDir, cases, algorithm, fresh, this.log);
    // Every run starts from the same filled database: the run's own writes go to a copy.
    const dbPath = join(cacheDir, `run-${cases}.sqlite`);
    this.log(`[sqlite ${cases}] copying the filled database for this run`);
    copyDatabase(filled.path, dbPath);
    return {
      kind: 'sqlite',
      fillSeconds: filled.fillSeconds,
      serviceEnv: { DB_TYPE: 'sqlite', DB_PATH: dbPath },
      groupCommit: true,
      // Opened and closed around each read, so that no handle of ours is open while the service runs.
      query: async <T>(sql: string, params: unknown[] = []) => {
        const db = new Database(dbPath, { readonly: true });
        try {
          return db.prepare(sql).all(...params) as T[];
        } finally {
          db.close();
        }
      },
      singleCommitCeiling: async (caseIds, seconds, algorithm) => measureCeiling(dbPath, caseIds, seconds, algorithm),
      close: async () => removeDatabase(dbPath),
    };
  }

  async close(): Promise<void> {}
}
