import type { BenchOptions } from '../options';
import { SqliteTarget } from '../targets/sqlite-target';
import { measureTlog } from './tlog-measure';

/** What the figures of one size hold (tlog-measure.ts). */
interface TlogColumn {
  cases: number;
  figures: {
    entries?: number;
    checkpointIssueMs?: { p50: number; p95: number; p95InSingleCommits: number };
    inclusionProofMs?: { p95: number };
    consistencyProofMs?: { p95: number };
    offlineFullVerification?: { entriesPerSecond: number; ratioToRawRate: number };
    offlineIncrementalVerification?: { entries: number; seconds: number; ratioToRawRate: number };
  };
}

/**
 * The transparency log's rows of `npm run bench` (issue 22 §5): after the table, on the same filled
 * SQLite databases (the bench's cache: a fresh copy of each, no fill of its own), checkpoint issue,
 * proof generation p95, the offline verifier's full verification as a ratio to the raw hash rate,
 * and incremental verification of the newest 10 000 entries. `BENCH_TLOG=0` leaves them out (the
 * full verification reads the whole trail once more: minutes at a million cases).
 */
export async function transparencyRows(options: BenchOptions, log: (line: string) => void): Promise<string[]> {
  if (process.env.BENCH_TLOG === '0' || !options.databases.includes('sqlite')) return [];
  // The databases the table's runs filled: never filled again here.
  const target = new SqliteTarget({ ...options, fresh: false }, log);
  const columns: TlogColumn[] = [];
  try {
    for (const cases of options.sizes) {
      const db = await target.prepare(cases);
      try {
        columns.push({ cases, figures: (await measureTlog(db, `[tlog ${cases}]`, log, { serviceVerification: false })) as TlogColumn['figures'] });
      } finally {
        await db.close();
      }
    }
  } finally {
    await target.close();
  }
  return formatTransparencyRows(columns);
}

export function formatTransparencyRows(columns: TlogColumn[]): string[] {
  const num = (value: number | undefined, digits = 0) =>
    value === undefined || !Number.isFinite(value) ? 'n/a' : value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const pct = (value: number | undefined) => (value === undefined ? 'n/a' : `${Math.round(100 * value)} %`);
  const rows: Array<[string, (f: TlogColumn['figures']) => string]> = [
    ['log leaves', (f) => num(f.entries)],
    ['checkpoint issue p50 / p95 ms', (f) => `${num(f.checkpointIssueMs?.p50, 1)} / ${num(f.checkpointIssueMs?.p95, 1)}`],
    ['  p95 in single commits', (f) => num(f.checkpointIssueMs?.p95InSingleCommits, 1)],
    ['inclusion / consistency proof p95 ms', (f) => `${num(f.inclusionProofMs?.p95, 2)} / ${num(f.consistencyProofMs?.p95, 2)}`],
    ['offline full verification entries/s', (f) => num(f.offlineFullVerification?.entriesPerSecond)],
    ['  ratio to the raw rate', (f) => pct(f.offlineFullVerification?.ratioToRawRate)],
    ['incremental, newest 10 000: s', (f) => num(f.offlineIncrementalVerification?.seconds, 3)],
    ['  hashing them alone / the run', (f) => pct(f.offlineIncrementalVerification?.ratioToRawRate)],
  ];
  const header = ['transparency log (sqlite)', ...columns.map((c) => `${c.cases.toLocaleString('en-US')} cases`)];
  const table = [header, ...rows.map(([label, cell]) => [label, ...columns.map((c) => cell(c.figures))])];
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
  const lines = table.map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
  const targets = columns.flatMap((c) => {
    const incremental = c.figures.offlineIncrementalVerification?.seconds;
    const full = c.figures.offlineFullVerification?.ratioToRawRate;
    return [
      `  ${incremental !== undefined && incremental <= 1 ? 'met   ' : 'MISSED'}  sqlite ${c.cases}: incremental verification of 10 000 new entries <= 1 s: ${num(incremental, 3)} s`,
      `  ${full !== undefined && full >= 0.7 ? 'met   ' : 'MISSED'}  sqlite ${c.cases}: full verification >= 70 % of the raw hash rate: ${pct(full)}`,
    ];
  });
  return ['', ...lines, '', 'Transparency log targets:', ...targets];
}
