import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchOptions } from '../bench/options';

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
  ['service CPU ms per transition', ALL],
  ['CPU share: service / load generator', ALL],
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

/** The peer table's rows: each implementation and its storage, and which database it needs. */
const PEER_ROWS: Array<[string, string, Database]> = [
  ['ours (npm start)', 'SQLite', 'sqlite'],
  ['Restate', 'Restate (RocksDB)', 'sqlite'],
  ['ours (npm start)', 'PostgreSQL', 'postgres'],
  ['DBOS Transact', 'PostgreSQL', 'postgres'],
];

/** The markdown tables of the output, in order: each a list of rows of trimmed cells. */
function tables(stdout: string): string[][][] {
  const found: string[][][] = [];
  let current: string[][] | undefined;
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('|')) {
      current = undefined;
      continue;
    }
    if (!current) found.push((current = []));
    current.push(
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  }
  return found;
}

/**
 * Keeps `npm run bench` working: a run of a few seconds on two tiny databases must finish and
 * print every row of the table with a figure for each database and size it applies to, then the
 * peer section: the service, Restate and DBOS Transact driven by the same load, each with every
 * figure, no failed request and one audit record per answered transition. On PostgreSQL too
 * (and DBOS, which needs it), unless SKIP_POSTGRES_TESTS=1 leaves PostgreSQL out of the test run.
 * Timings are never asserted here: on a shared CI machine they mean nothing.
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
    const [main, peers, ratios] = tables(stdout);
    const [header, , ...table] = main;
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

    // The peer section, at the smallest size.
    expect(stdout).toContain('Peers: the same unit of work (POST /cases/:id/events with a bearer token) on 200 filled cases');
    const [peerHeader, , ...peerRows] = peers;
    expect(peerHeader).toEqual([
      'implementation',
      'storage',
      'transitions/s',
      'p50 ms',
      'p99 ms',
      'CPU ms/transition',
      'peak RSS MB',
      'failed requests',
      'audit records added',
      'WAL KB/transition',
    ]);
    expect(peerRows.map(([name, storage]) => [name, storage])).toEqual(PEER_ROWS.map(([name, storage]) => [name, storage]));
    peerRows.forEach(([name, storage, ...figures], row) => {
      const measured = databases.includes(PEER_ROWS[row][2]);
      // The write-ahead log is PostgreSQL's: n/a on the others.
      const expected = figures.map((_, column) =>
        measured && (column < figures.length - 1 || PEER_ROWS[row][2] === 'postgres') ? expect.stringMatching(/^\d/) : 'n/a',
      );
      expect({ name, storage, figures }).toEqual({ name, storage, figures: expected });
      if (measured) expect({ name, storage, failed: figures[5] }).toEqual({ name, storage, failed: '0' });
    });
    // Every answered transition left exactly one audit record in each implementation's store.
    expect(stdout).not.toMatch(/audit records added for/);
    const pairs = databases.map((database) => (database === 'sqlite' ? 'ours on SQLite / Restate' : 'ours on PostgreSQL / DBOS Transact'));
    expect(ratios.slice(2).map(([label]) => label)).toEqual(pairs);
    ratios.slice(2).forEach(([label, ...cells]) => expect({ label, cells }).toEqual({ label, cells: cells.map(() => expect.stringMatching(/^\d.*x$/)) }));
    expect(stdout).toMatch(/Peer targets:\n( {2}(met {3}|MISSED) .+\n?)+/);

    // The transparency log's rows (bench/transparency/bench-rows.ts), on SQLite's sizes: every figure measured.
    for (const label of [
      'checkpoint issue p50 / p95 ms',
      'inclusion / consistency proof p95 ms',
      'offline full verification entries/s',
      'incremental, newest 10 000: s',
    ]) {
      expect(stdout).toMatch(new RegExp(`^${label.replace(/[/]/g, '\\/')} +\\d[\\d.,]*( \\/ [\\d.,]+)? +\\d[\\d.,]*( \\/ [\\d.,]+)?$`, 'm'));
    }
    expect(stdout).toMatch(/Transparency log targets:\n( {2}(met {3}|MISSED) .+\n?){4}/);
  }, 600_000);

  it('BENCH_PEERS=off leaves the peer section out; BENCH_PEER_CASES sets its size', () => {
    expect(benchOptions({}).peers).toBe(true);
    expect(benchOptions({ BENCH_PEERS: 'off' }).peers).toBe(false);
    expect(benchOptions({}).peerCases).toBeUndefined();
    expect(benchOptions({ BENCH_PEER_CASES: '5000' }).peerCases).toBe(5000);
    expect(() => benchOptions({ BENCH_PEER_CASES: 'many' })).toThrow('BENCH_PEER_CASES must hold positive numbers, not many');
  });
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
