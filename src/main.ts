import 'reflect-metadata';
import { procedureRegistry } from '../workflows';
import { createApp } from './bootstrap';
import { loadConfig, type AppConfig } from './config/app-config';
import { InitialAdministrators } from './admin/initial-administrators.service';
import { DemoDataService } from './demo/demo-data.service';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp({ config, registry: procedureRegistry() });
  // SIGTERM/SIGINT: report not ready, stop claiming deadlines, finish in-flight requests, close the database.
  app.enableShutdownHooks();
  if (config.production) console.log('NODE_ENV=production: demo data is never loaded (its accounts share a published password)');
  if (config.demoData) await app.get(DemoDataService).loadIntoEmptyDatabase();
  else if (process.env.INITIAL_ADMIN_PASSWORD) await app.get(InitialAdministrators).createIfNoAccounts(process.env.INITIAL_ADMIN_PASSWORD);
  await app.listen({ port: config.port, host: config.host });
  console.log(`Case workflow service listening on http://${config.host}:${config.port} (database ${describeDatabase(config)})`);
  console.log(`API documentation: http://${config.host}:${config.port}/api/docs`);
}

/** Where the data is, without the password. */
function describeDatabase(config: AppConfig): string {
  if (config.dbType === 'sqlite') return config.dbPath;
  const url = new URL(config.databaseUrl!);
  if (url.password) url.password = '***';
  return `PostgreSQL ${url.toString()}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
