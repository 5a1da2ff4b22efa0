import { loadConfig } from '../config/app-config';
import { rotateSealedKey } from '../operations/rotate-sealed-key';

/**
 * `npm run rotate-sealed-key [-- --reencrypt-only]`: a new key for sealed identities and every
 * sealed value re-encrypted under it (docs/operations.md, "The key of sealed identities").
 * Without a key file yet, creates one. Prints the report; exit code 1 when values were left.
 */
async function main(args: string[]): Promise<void> {
  const unknown = args.filter((arg) => arg !== '--reencrypt-only');
  if (unknown.length > 0) throw new Error(`usage: npm run rotate-sealed-key [-- --reencrypt-only] (unknown: ${unknown.join(' ')})`);
  const report = await rotateSealedKey(loadConfig(), { reencryptOnly: args.includes('--reencrypt-only') });
  console.log(JSON.stringify(report, null, 2));
  if (report.left.cases + report.left.actors > 0) {
    console.error('some values are still under an older key: restart the service, then run npm run rotate-sealed-key -- --reencrypt-only');
    process.exitCode = 1;
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
