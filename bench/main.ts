import { benchOptions } from './options';
import { formatReport } from './report';
import { runBench } from './run-bench';

/** `npm run bench`: the figures of docs/performance.md, measured on this machine in one run. */
async function main(): Promise<void> {
  const options = benchOptions();
  const result = await runBench(options, (line) => console.error(line));
  console.log(formatReport(result));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
