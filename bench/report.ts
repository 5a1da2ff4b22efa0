import { cpus, totalmem } from 'node:os';
import { formatProfile } from './profile/summarise-profile';
import type { BenchResult, SizeResult } from './run-bench';

const int = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a');
const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const pct = (value: number) => (Number.isFinite(value) ? `${(100 * value).toFixed(0)} %` : 'n/a');

interface Row {
  label: string;
  cell: (size: SizeResult) => string;
}

/** The figures the issue asks for, one column per database size. */
function rows(result: BenchResult): Row[] {
  const list: Row[] = [
    { label: 'trail entries (filled)', cell: (s) => int(s.entries) },
    { label: 'ceiling: single-commit transitions/s', cell: (s) => int(s.ceiling.transactionsPerSecond) },
    { label: '  before / after the service ran', cell: (s) => `${int(s.ceilingBefore.transactionsPerSecond)} / ${int(s.ceilingAfter.transactionsPerSecond)}` },
    { label: 'transitions/s', cell: (s) => int(s.load.transitionsPerSecond) },
    { label: '  ratio to the ceiling', cell: (s) => pct(s.load.transitionsPerSecond / s.ceiling.transactionsPerSecond) },
    { label: '  p50 latency ms', cell: (s) => fixed(s.load.p50Ms) },
    { label: '  p99 latency ms', cell: (s) => fixed(s.load.p99Ms) },
    { label: '  failed requests', cell: (s) => int(failures(s.load.failures)) },
    { label: '  peak RSS MB (start + load)', cell: (s) => int(s.load.peakRssMb) },
  ];
  if (result.options.groupCommit) {
    list.push(
      { label: 'group commit: transitions/s', cell: (s) => (s.groupCommit ? int(s.groupCommit.transitionsPerSecond) : '-') },
      { label: '  ratio to the ceiling', cell: (s) => (s.groupCommit ? pct(s.groupCommit.transitionsPerSecond / s.ceiling.transactionsPerSecond) : '-') },
      { label: '  p50 / p99 latency ms', cell: (s) => (s.groupCommit ? `${fixed(s.groupCommit.p50Ms)} / ${fixed(s.groupCommit.p99Ms)}` : '-') },
      { label: '  failed requests', cell: (s) => (s.groupCommit ? int(failures(s.groupCommit.failures)) : '-') },
      { label: '  peak RSS MB (start + load)', cell: (s) => (s.groupCommit ? int(s.groupCommit.peakRssMb) : '-') },
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

export function formatTable(result: BenchResult): string[] {
  const header = ['cases', ...result.sizes.map((s) => int(s.cases))];
  const body = rows(result).map((row) => [row.label, ...result.sizes.map(row.cell)]);
  const widths = header.map((_, column) => Math.max(...[header, ...body].map((line) => line[column].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, column) => (column === 0 ? ':' : '') + '-'.repeat(w + 1) + (column === 0 ? '' : ':')).join('|')}|`, ...body.map(line)];
}

interface Verdict {
  target: string;
  figure: string;
  met: boolean;
}

/** Each target of the issue against this run's figures. */
export function verdicts(result: BenchResult): Verdict[] {
  const sizes = result.sizes;
  const smallest = sizes.reduce((a, b) => (b.cases < a.cases ? b : a));
  const largest = sizes.reduce((a, b) => (b.cases > a.cases ? b : a));
  const list: Verdict[] = [];
  for (const s of sizes) {
    const ratio = s.load.transitionsPerSecond / s.ceiling.transactionsPerSecond;
    list.push({ target: `${int(s.cases)}: transitions/s >= 50 % of the ceiling`, figure: pct(ratio), met: ratio >= 0.5 });
    list.push({ target: `${int(s.cases)}: p99 <= 25 ms at ${result.options.connections} connections`, figure: `${fixed(s.load.p99Ms)} ms`, met: s.load.p99Ms <= 25 });
    list.push({ target: `${int(s.cases)}: peak RSS <= 250 MB under load`, figure: `${int(s.load.peakRssMb)} MB`, met: s.load.peakRssMb <= 250 });
    const verify = s.verify.entriesPerSecond / s.rawHashRate;
    list.push({ target: `${int(s.cases)}: verification >= 50 % of the raw hash rate`, figure: pct(verify), met: verify >= 0.5 });
    if (s.groupCommit) {
      const group = s.groupCommit.transitionsPerSecond / s.ceiling.transactionsPerSecond;
      list.push({ target: `${int(s.cases)}: group commit past 100 % of the ceiling`, figure: `${pct(group)}, p99 ${fixed(s.groupCommit.p99Ms)} ms`, met: group > 1 });
    }
  }
  if (sizes.length > 1) {
    const scale = largest.load.transitionsPerSecond / smallest.load.transitionsPerSecond;
    list.push({ target: `transitions/s at ${int(largest.cases)} >= 80 % of the figure at ${int(smallest.cases)}`, figure: pct(scale), met: scale >= 0.8 });
    const second = [...sizes].sort((a, b) => b.cases - a.cases)[1];
    const memory = largest.export.peakRssMb / second.export.peakRssMb;
    list.push({ target: `export memory flat: ${int(largest.cases)} <= 1.2x ${int(second.cases)}`, figure: `${fixed(memory, 2)}x`, met: memory <= 1.2 });
  }
  list.push({ target: `case list p95 <= 30 ms at ${int(largest.cases)}`, figure: `${fixed(largest.list.p95Ms)} ms`, met: largest.list.p95Ms <= 30 });
  list.push({ target: `start-up on the ${int(largest.cases)}-case database <= 2 s`, figure: `${fixed(largest.startSeconds, 2)} s`, met: largest.startSeconds <= 2 });
  return list;
}

export function formatReport(result: BenchResult): string {
  const { options } = result;
  const cpu = cpus();
  const lines = [
    '',
    `Benchmark: ${cpu.length} x ${cpu[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${options.algorithm}`,
    `load: ${options.seconds} s per phase, ${options.connections} connections; list: ${result.sizes[0]?.list.query ?? ''}`,
    '',
    ...formatTable(result),
    '',
    'Targets:',
    ...verdicts(result).map((v) => `  ${v.met ? 'met   ' : 'MISSED'}  ${v.target}: ${v.figure}`),
  ];
  const failed = result.sizes.flatMap((s) => [s.load, s.groupCommit].filter(Boolean).flatMap((load) => Object.entries(load!.failures)));
  if (failed.length > 0) lines.push('', `Failed requests: ${failed.map(([key, n]) => `${key} x${n}`).join(', ')}`);
  if (result.profile) lines.push('', `Profile of the service under load at ${int(result.profile.cases)} cases:`, ...formatProfile(result.profile.summary));
  return lines.join('\n');
}
