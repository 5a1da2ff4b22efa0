import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/**
 * The embedded database: one SQLite file in WAL mode with `synchronous=FULL`, so a transition the
 * service acknowledged survives a power cut. The schema comes only from migrations.
 */
export function sqliteOptions(dbPath: string): DataSourceOptions {
  mkdirSync(dirname(dbPath), { recursive: true });
  return {
    type: 'better-sqlite3',
    database: dbPath,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    synchronize: false,
    enableWAL: true,
    prepareDatabase: (db: { pragma: (sql: string) => unknown }) => {
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
    },
  };
}
