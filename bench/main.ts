import { benchOptions } from './options';
import { PeerProcess } from './peers/peer-process';
import { formatReport } from './report';
import { runBench } from './run-bench';
import { ServiceProcess } from './service-process';
import { transparencyRows } from './transparency/bench-rows';
import { formatStatisticsBench, statisticsBench } from './statistics/statistics-bench';

/** `npm run bench`: the figures of docs/performance.md, measured on this machine in one run. */
async function main(): Promise<void> {
  const options = benchOptions();
  const result = await runBench(options, (line) => console.error(line));
  console.log(formatReport(result));
  console.log((await transparencyRows(options, (line) => console.error(line))).join('\n'));
  console.log(formatStatisticsBench(await statisticsBench(options, (line) => console.error(line))));
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    ServiceProcess.killAll();
    PeerProcess.killAll();
    process.exit(130);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  ServiceProcess.killAll();
  PeerProcess.killAll();
  process.exit(1);
});
