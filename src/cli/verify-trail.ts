import { loadConfig } from '../config/app-config';
import { verifyTrailOffline } from '../operations/verify-trail';

/**
 * `npm run verify-trail`: recomputes every chain of the configured database, as it is (no
 * migrations run), without starting the service. Exit code 1 when a chain is broken.
 */
async function main(): Promise<void> {
  const result = await verifyTrailOffline(loadConfig());
  console.log(JSON.stringify(result, null, 2));
  if (!result.ok) process.exitCode = 1;
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
