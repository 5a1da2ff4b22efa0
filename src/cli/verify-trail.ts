import { AuditTrailService } from '../audit/audit-trail.service';
import { loadConfig } from '../config/app-config';
import { openAsIs } from '../operations/open-as-is';

/**
 * `npm run verify-trail`: recomputes every chain of the configured database, as it is (no
 * migrations run), without starting the service. Exit code 1 when a chain is broken.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const dataSource = await openAsIs(config);
  try {
    const result = await new AuditTrailService(dataSource, config).verify();
    console.log(JSON.stringify(result, null, 2));
    if (!result.ok) process.exitCode = 1;
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
