import { loadConfig } from '../config/app-config';
import { runRestoreDrill } from '../operations/restore-drill';

/**
 * `npm run restore-drill`: backup → restore into a scratch copy → verify the copy's trail and
 * that it is a faithful prefix of the live trail. Prints the report; exit code 1 on any problem.
 * DRILL_DATABASE_URL names an existing empty PostgreSQL database to restore into, for roles that
 * may not create databases.
 */
async function main(): Promise<void> {
  const report = await runRestoreDrill(loadConfig(), { targetUrl: process.env.DRILL_DATABASE_URL || undefined });
  console.log(JSON.stringify(report, null, 2));
  if (!report.ok) process.exitCode = 1;
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
