import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Database = 'sqlite' | 'postgres';
const ALL = ['sqlite', 'postgres'] as const;

/**
 * Every row of the table in order, and which databases it has a figure for: the others print
 * `n/a` (the run with one commit per transition is SQLite's, where commits are shared by default;
 * only PostgreSQL commits from several connections at once).
 */
const ROWS: Array<[string, readonly Database[]]> = [
  ['cases', ALL],
  ['trail entries (filled)', ALL],
  ['fill s (0: cached)', ALL],
  ['ceiling: single-commit transitions/s', ALL],
  ['before / after the service ran', ALL],
  ['ceiling: 32 connections transitions/s', ['postgres']],
  ['before / after, 32 connections', ['postgres']],
  ['transitions/s', ALL],
  ['ratio to the ceiling', ALL],
  ['p50 latency ms', ALL],
  ['p99 latency ms', ALL],
  ['failed requests', ALL],
  ['peak RSS MB (start + load)', ALL],
  ['one commit each: transitions/s', ['sqlite']],
  ['ratio to the ceiling', ['sqlite']],
  ['p50 / p99 latency ms', ['sqlite']],
  ['failed requests', ['sqlite']],
  ['peak RSS MB (start + load)', ['sqlite']],
  ['case list (2 filters, paged) p95 ms', ALL],
  ['cases matching the filters', ALL],
  ['trail verification entries/s', ALL],
  ['raw hash-with-serialisation/s', ALL],
  ['ratio to the raw rate', ALL],
  ['entries verified', ALL],
  ['export: entries', ALL],
  ['MB streamed / seconds', ALL],
  ['peak RSS MB during export', ALL],
  ['start-up s (spawn to listening)', ALL],
];

/**
 * Keeps `npm run bench` working: a run of a few seconds on two tiny databases must finish and
 * print every row of the table with a figure for each database and size it applies to. On
 * PostgreSQL too, unless SKIP_POSTGRES_TESTS=1 leaves PostgreSQL out of the test run. Timings are
 * never asserted here: on a shared CI machine they mean nothing.
 */
describe('npm run bench (smoke)', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  const databases: Database[] = process.env.SKIP_POSTGRES_TESTS === '1' ? ['sqlite'] : ['sqlite', 'postgres'];
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it(`prints the whole table for each size on ${databases.join(' and ')}`, async () => {
    const { code, stdout, stderr } = await run('npm', ['run', '--silent', 'bench'], {
      BENCH_DATABASES: databases.join(','),
      BENCH_SIZES: '200,400',
      BENCH_SECONDS: '0.5',
      BENCH_PROFILE: 'off',
      BENCH_CACHE_DIR: cacheDir,
    });
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    const [header, , ...table] = stdout
      .split('\n')
      .filter((line) => line.startsWith('|'))
      .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
    const columns = databases.flatMap((database) => [200, 400].map((cases) => ({ database, cases })));
    expect(header).toEqual(['database', ...columns.map((column) => column.database)]);
    expect(table.map(([label]) => label)).toEqual(ROWS.map(([label]) => label));
    table.forEach(([label, ...cells], row) => {
      const expected = columns.map(({ database, cases }) =>
        label === 'cases' ? String(cases) : ROWS[row][1].includes(database) ? expect.stringMatching(/^\d/) : 'n/a',
      );
      expect({ label, cells }).toEqual({ label, cells: expected });
      if (label === 'failed requests') expect(cells.filter((cell) => cell !== 'n/a').every((cell) => cell === '0')).toBe(true);
    });
    expect(stdout).toMatch(/Targets:\n( {2}(met {3}|MISSED) .+\n?)+/);
  }, 300_000);
});

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: join(__dirname, '..'), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
