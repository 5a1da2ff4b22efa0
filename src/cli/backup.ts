import { loadConfig } from '../config/app-config';
import { backupDatabase } from '../operations/backup';

/** `npm run backup -- <file>`: a consistent copy of the configured database, taken while it runs. */
async function main(file: string | undefined): Promise<void> {
  if (!file) throw new Error('usage: npm run backup -- <backup file>');
  const bytes = await backupDatabase(loadConfig(), file);
  console.log(`backup written to ${file} (${bytes} bytes)`);
}

main(process.argv[2]).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
