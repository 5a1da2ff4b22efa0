import { writeFileSync } from 'node:fs';
import { reportZh, verifyExport, type VerifyExportOptions } from '../operations/verify-export';
import { verifyReceipt, receiptReportZh } from '../operations/verify-receipt';

/**
 * `npm run verify-export -- export.ndjson --checkpoints checkpoints.json --policy policy.txt
 *    [--previous last.checkpoint] [--consistency proof.json] [--state state.json] [--json result.json]`
 * `npm run verify-export -- --receipt receipt.tlog-proof --policy policy.txt [--json result.json]`
 *
 * Runs with no service and no database. Prints the report in Chinese, writes the JSON result to
 * `--json` (or prints it after the report with `--json -`), exits 0 when everything verifies, 1 when
 * something does not, 2 on a usage error.
 */
const USAGE =
  '用法：npm run verify-export -- <导出文件.ndjson> --checkpoints <检查点文件>... --policy <信任策略文件> [--previous <上次检查点>] [--consistency <一致性证明.json>] [--state <状态文件>] [--json <结果文件>|-]\n      npm run verify-export -- --receipt <回执.tlog-proof> --policy <信任策略文件> [--json <结果文件>|-]';

async function main(argv: string[]): Promise<number> {
  const options: Partial<VerifyExportOptions> & { checkpointFiles: string[]; json?: string; receipt?: string } = { checkpointFiles: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--checkpoints') {
      while (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) options.checkpointFiles.push(argv[++i]);
    } else if (arg === '--policy') options.policyFile = value();
    else if (arg === '--previous') options.previousFile = value();
    else if (arg === '--consistency') options.consistencyFile = value();
    else if (arg === '--state') options.stateFile = value();
    else if (arg === '--json') options.json = value();
    else if (arg === '--receipt') options.receipt = value();
    else if (!arg.startsWith('--') && !options.exportFile) options.exportFile = arg;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!options.policyFile || (!options.receipt && !options.exportFile)) throw new Error('missing arguments');
  const [result, report] = options.receipt
    ? await verifyReceipt(options.receipt, options.policyFile).then((r) => [r, receiptReportZh(r)] as const)
    : await verifyExport(options as VerifyExportOptions).then((r) => [r, reportZh(r)] as const);
  process.stdout.write(`${report}\n`);
  const json = JSON.stringify(result, null, 2);
  if (options.json === '-') process.stdout.write(`${json}\n`);
  else if (options.json) writeFileSync(options.json, `${json}\n`);
  return result.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exitCode = 2;
  },
);
