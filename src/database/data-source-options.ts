import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { MIGRATIONS } from './migrations';

/**
 * Entity classes, registered by the modules that own them: the service loads every module's
 * (`autoLoadEntities`), an offline command names the few it reads (src/trail `TRAIL_ENTITIES`).
 */
export type Entities = NonNullable<DataSourceOptions['entities']>;

/** The database `DB_TYPE` names: the same migrations on either. */
export function dataSourceOptions(config: Pick<AppConfig, 'dbType' | 'dbPath' | 'databaseUrl' | 'dbPoolSize'>, entities: Entities = []): DataSourceOptions {
  return config.dbType === 'postgres' ? postgresOptions(config.databaseUrl!, config.dbPoolSize, entities) : sqliteOptions(config.dbPath, entities);
}

/**
 * The embedded database: one SQLite file in WAL mode with `synchronous=FULL`, so a transition the
 * service acknowledged survives a power cut. The schema comes only from migrations, which
 * `openDataSource` runs.
 */
export function sqliteOptions(dbPath: string, entities: Entities = []): DataSourceOptions {
  mkdirSync(dirname(dbPath), { recursive: true });
  return {
    type: 'better-sqlite3',
    database: dbPath,
    entities,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    enableWAL: true,
    prepareDatabase: (db: { pragma: (sql: string) => unknown }) => {
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
    },
  };
}

/**
 * One PostgreSQL database shared by every instance, through a pool per instance. Each session
 * asks for `synchronous_commit=on` so that an acknowledged transition is on disk (and, with
 * synchronous replication configured, on the standby) whatever the server's default; an
 * `options` parameter in the URL takes precedence.
 */
export function postgresOptions(url: string, poolSize: number, entities: Entities = []): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    poolSize,
    applicationName: 'case-workflow',
    connectTimeoutMS: 10_000,
    extra: { options: '-c synchronous_commit=on' },
  };
}
