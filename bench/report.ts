import { cpus, totalmem } from 'node:os';
import { formatPeerReport } from './peers/peer-report';
import { formatProfile } from './profile/summarise-profile';
import { ratioCeiling, type BenchResult, type CeilingFigures, type LoadFigures, type RunResult } from './run-bench';
import { BENCH_POSTGRES_SETTINGS } from './targets/postgres-target';

const NA = 'n/a';
const int = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : NA);
const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : NA);
const pct = (value: number) => (Number.isFinite(value) ? `${(100 * value).toFixed(0)} %` : NA);
/** A figure that only some databases have: `n/a` in the columns of the others. */
const when = <T>(value: T | undefined, format: (value: T) => string) => (value === undefined ? NA : format(value));

interface Row {
  label: string;
  cell: (run: RunResult) => string;
}

const beforeAfter = (c: CeilingFigures) => `${int(c.before.transactionsPerSecond)} / ${int(c.after.transactionsPerSecond)}`;

/** The figures the issue asks for, one column per database and size. */
function rows(result: BenchResult): Row[] {
  const { connections } = result.options;
  const ratio = (load: LoadFigures, run: RunResult) => pct(load.transitionsPerSecond / ratioCeiling(run).transactionsPerSecond);
  const list: Row[] = [
    { label: 'trail entries (filled)', cell: (s) => int(s.entries) },
    { label: 'fill s (0: cached)', cell: (s) => fixed(s.fillSeconds) },
    { label: 'ceiling: single-commit transitions/s', cell: (s) => int(s.ceiling.mean.transactionsPerSecond) },
    { label: '  before / after the service ran', cell: (s) => beforeAfter(s.ceiling) },
    { label: `ceiling: ${connections} connections transitions/s`, cell: (s) => when(s.parallelCeiling, (c) => int(c.mean.transactionsPerSecond)) },
    { label: `  before / after, ${connections} connections`, cell: (s) => when(s.parallelCeiling, beforeAfter) },
    { label: 'transitions/s', cell: (s) => int(s.load.transitionsPerSecond) },
    { label: '  ratio to the ceiling', cell: (s) => ratio(s.load, s) },
    { label: '  p50 latency ms', cell: (s) => fixed(s.load.p50Ms) },
    { label: '  p99 latency ms', cell: (s) => fixed(s.load.p99Ms) },
    { label: '  failed requests', cell: (s) => int(failures(s.load.failures)) },
    { label: '  peak RSS MB (start + load)', cell: (s) => int(s.load.peakRssMb) },
    { label: '  service CPU ms per transition', cell: (s) => fixed(s.load.serviceCpuMsPerTransition, 2) },
    { label: '  CPU share: service / load generator', cell: (s) => `${pct(s.load.serviceCpuShare)} / ${pct(s.load.generatorCpuShare)}` },
  ];
  if (result.options.singleCommit) {
    list.push(
      { label: 'one commit each: transitions/s', cell: (s) => when(s.singleCommit, (g) => int(g.transitionsPerSecond)) },
      { label: '  ratio to the ceiling', cell: (s) => when(s.singleCommit, (g) => ratio(g, s)) },
      { label: '  p50 / p99 latency ms', cell: (s) => when(s.singleCommit, (g) => `${fixed(g.p50Ms)} / ${fixed(g.p99Ms)}`) },
      { label: '  failed requests', cell: (s) => when(s.singleCommit, (g) => int(failures(g.failures))) },
      { label: '  peak RSS MB (start + load)', cell: (s) => when(s.singleCommit, (g) => int(g.peakRssMb)) },
    );
  }
  list.push(
    { label: 'case list (2 filters, paged) p95 ms', cell: (s) => fixed(s.list.p95Ms) },
    { label: '  cases matching the filters', cell: (s) => int(s.list.total) },
    { label: 'trail verification entries/s', cell: (s) => int(s.verify.entriesPerSecond) },
    { label: '  raw hash-with-serialisation/s', cell: (s) => int(s.rawHashRate) },
    { label: '  ratio to the raw rate', cell: (s) => pct(s.verify.entriesPerSecond / s.rawHashRate) },
    { label: '  entries verified', cell: (s) => int(s.verify.checked) },
    { label: 'export: entries', cell: (s) => int(s.export.entries) },
    { label: '  MB streamed / seconds', cell: (s) => `${int(s.export.megabytes)} / ${fixed(s.export.seconds)}` },
    { label: '  peak RSS MB during export', cell: (s) => int(s.export.peakRssMb) },
    { label: 'start-up s (spawn to listening)', cell: (s) => fixed(s.startSeconds, 2) },
  );
  return list;
}

const failures = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);

/** A markdown table: a header row naming each column's database, then its size, then the figures. */
export function formatTable(result: BenchResult): string[] {
  const header = ['database', ...result.runs.map((s) => s.database)];
  const body = [['cases', ...result.runs.map((s) => int(s.cases))], ...rows(result).map((row) => [row.label, ...result.runs.map(row.cell)])];
  const widths = header.map((_, column) => Math.max(...[header, ...body].map((line) => line[column].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w, column) => (column === 0 ? ':' : '') + '-'.repeat(w + 1) + (column === 0 ? '' : ':')).join('|')}|`,
    ...body.map(line),
  ];
}

interface Verdict {
  target: string;
  figure: string;
  met: boolean;
}

/** Each target of the issue against this run's figures, for each database on its own sizes. */
export function verdicts(result: BenchResult): Verdict[] {
  const list: Verdict[] = [];
  for (const database of new Set(result.runs.map((s) => s.database))) {
    const runs = result.runs.filter((s) => s.database === database);
    const name = (cases: number) => `${database} ${int(cases)}`;
    const smallest = runs.reduce((a, b) => (b.cases < a.cases ? b : a));
    const largest = runs.reduce((a, b) => (b.cases > a.cases ? b : a));
    for (const s of runs) {
      const ratio = s.load.transitionsPerSecond / ratioCeiling(s).transactionsPerSecond;
      list.push({ target: `${name(s.cases)}: transitions/s >= 50 % of the ceiling`, figure: pct(ratio), met: ratio >= 0.5 });
      list.push({
        target: `${name(s.cases)}: p99 <= 25 ms at ${result.options.connections} connections`,
        figure: `${fixed(s.load.p99Ms)} ms`,
        met: s.load.p99Ms <= 25,
      });
      list.push({ target: `${name(s.cases)}: peak RSS <= 250 MB under load`, figure: `${int(s.load.peakRssMb)} MB`, met: s.load.peakRssMb <= 250 });
      const verify = s.verify.entriesPerSecond / s.rawHashRate;
      list.push({ target: `${name(s.cases)}: verification >= 50 % of the raw hash rate`, figure: pct(verify), met: verify >= 0.5 });
      // SQLite's service shares commits by default (GROUP_COMMIT=on): its main figure is the group-commit one.
      if (s.database === 'sqlite') {
        list.push({
          target: `${name(s.cases)}: group commit past 100 % of the ceiling`,
          figure: `${pct(ratio)}, p99 ${fixed(s.load.p99Ms)} ms`,
          met: ratio > 1,
        });
      }
    }
    if (runs.length > 1) {
      const scale = largest.load.transitionsPerSecond / smallest.load.transitionsPerSecond;
      list.push({
        target: `${database}: transitions/s at ${int(largest.cases)} >= 80 % of the figure at ${int(smallest.cases)}`,
        figure: pct(scale),
        met: scale >= 0.8,
      });
      const second = [...runs].sort((a, b) => b.cases - a.cases)[1];
      const memory = largest.export.peakRssMb / second.export.peakRssMb;
      list.push({
        target: `${database}: export memory flat: ${int(largest.cases)} <= 1.2x ${int(second.cases)}`,
        figure: `${fixed(memory, 2)}x`,
        met: memory <= 1.2,
      });
    }
    list.push({
      target: `${database}: case list p95 <= 30 ms at ${int(largest.cases)}`,
      figure: `${fixed(largest.list.p95Ms)} ms`,
      met: largest.list.p95Ms <= 30,
    });
    list.push({
      target: `${database}: start-up on the ${int(largest.cases)}-case database <= 2 s`,
      figure: `${fixed(largest.startSeconds, 2)} s`,
      met: largest.startSeconds <= 2,
    });
  }
  return list;
}

export function formatReport(result: BenchResult): string {
  const { options } = result;
  const cpu = cpus();
  const postgres = result.runs.some((s) => s.database === 'postgres');
  const lines = [
    '',
    `Benchmark: ${cpu.length} x ${cpu[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${options.algorithm}`,
    `load: ${options.seconds} s per phase, ${options.connections} connections; list: ${result.runs[0]?.list.query ?? ''}`,
    ...(options.serviceCpus ? [`service pinned to cores ${options.serviceCpus} (taskset -c)`] : []),
    ...(postgres
      ? [
          `postgres: ${result.postgresVersion ?? ''}, a durable throwaway cluster (fsync, full-page writes, synchronous_commit on), ${Object.entries(
            BENCH_POSTGRES_SETTINGS,
          )
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}`,
          `ratio to the ceiling: sqlite's single-commit ceiling (one writer); postgres's ceiling at ${options.connections} connections (it commits in parallel)`,
        ]
      : []),
    '',
    ...formatTable(result),
    '',
    'Targets:',
    ...verdicts(result).map((v) => `  ${v.met ? 'met   ' : 'MISSED'}  ${v.target}: ${v.figure}`),
  ];
  const failed = result.runs.flatMap((s) =>
    [s.load, s.singleCommit].filter(Boolean).flatMap((load) => Object.entries(load!.failures).map(([key, n]) => [`${s.database} ${key}`, n])),
  );
  if (failed.length > 0) lines.push('', `Failed requests: ${failed.map(([key, n]) => `${key} x${n}`).join(', ')}`);
  for (const profile of result.profiles)
    lines.push('', `Profile of the service under load at ${int(profile.cases)} cases on ${profile.database}:`, ...formatProfile(profile.summary));
  if (result.peers) lines.push(...formatPeerReport(result.peers, options.connections, options.seconds));
  return lines.join('\n');
}
