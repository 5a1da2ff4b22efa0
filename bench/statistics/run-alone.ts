/** `ts-node bench/statistics/run-alone.ts`: the statistics section on its own, on the cached fill (BENCH_SIZES / BENCH_STATS_CASES). */
import { benchOptions } from '../options';
import { formatStatisticsBench, statisticsBench } from '../statistics/statistics-bench';
statisticsBench(benchOptions(), (line) => console.error(line)).then(
  (r) => console.log(formatStatisticsBench(r)),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
