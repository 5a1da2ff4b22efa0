import { loadConfig } from '../config/app-config';
import { rotateLogKey } from '../trail/checkpoint-keys';

/**
 * `npm run rotate-tlog-key [-- --overlap-days N]`: a new key for the transparency log's checkpoints
 * in the key file (docs/audit.md, "Keys"). The keys valid now stay valid N more days (default 30):
 * meanwhile checkpoints carry both signatures, so auditors have time to add the new public key to
 * their policy. Prints only the new public key (vkey); restart the instances to sign with it.
 */
function main(args: string[]): void {
  let overlapDays = 30;
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === '--overlap-days' && /^[0-9]{1,4}$/.test(args[i + 1] ?? '')) overlapDays = Number(args[++i]);
    else throw new Error(`usage: npm run rotate-tlog-key [-- --overlap-days N] (not understood: ${args.slice(i).join(' ')})`);
  }
  const config = loadConfig().transparency;
  if (config.signingKey) throw new Error('the log key is given by TLOG_SIGNING_KEY: rotate it there (the key file is not used)');
  const vkey = rotateLogKey(config, overlapDays);
  console.log(
    `new log key (add it to the auditors' policy as "log ${vkey}"):\n${vkey}\nthe old keys stay valid ${overlapDays} more days; restart every instance to sign with the new key`,
  );
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
