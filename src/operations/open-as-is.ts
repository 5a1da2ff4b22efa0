import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/data-source-options';
import { TRAIL_ENTITIES } from '../trail/trail.module';

/**
 * A connection for checking a database exactly as it is: no migrations run, and a SQLite file
 * that is not there is an error rather than a new empty database.
 */
export async function openAsIs(config: Pick<AppConfig, 'dbType' | 'dbPath' | 'databaseUrl'>): Promise<DataSource> {
  if (config.dbType === 'sqlite' && !existsSync(config.dbPath)) throw new Error(`no SQLite database at ${config.dbPath}`);
  return new DataSource({ ...dataSourceOptions({ ...config, dbPoolSize: 2 }, TRAIL_ENTITIES), migrationsRun: false }).initialize();
}
