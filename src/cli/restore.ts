import { loadConfig } from '../config/app-config';
import { restoreDatabase } from '../operations/backup';

/** `npm run restore -- <file>`: a backup into the configured database, which must be new and empty. */
async function main(file: string | undefined): Promise<void> {
  if (!file) throw new Error('usage: npm run restore -- <backup file>');
  await restoreDatabase(loadConfig(), file);
  console.log(`restored ${file}; check it with: npm run verify-trail`);
}

main(process.argv[2]).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
