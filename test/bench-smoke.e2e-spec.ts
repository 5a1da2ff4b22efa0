import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Keeps `npm run bench` working: a run of a few seconds on two tiny databases must finish and
 * print every row of the table with a figure for each size. Timings are never asserted here:
 * on a shared CI machine they mean nothing.
 */
describe('npm run bench (smoke)', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('prints the whole table for each size', async () => {
    const { code, stdout, stderr } = await run('npm', ['run', '--silent', 'bench'], {
      BENCH_SIZES: '200,400',
      BENCH_SECONDS: '0.5',
      BENCH_PROFILE: 'off',
      BENCH_CACHE_DIR: cacheDir,
    });
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    const rows = new Map(
      stdout
        .split('\n')
        .filter((line) => line.startsWith('| '))
        .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()))
        .map(([label, ...cells]) => [label, cells]),
    );
    expect(rows.get('cases')).toEqual(['200', '400']);
    for (const label of [
      'trail entries (filled)',
      'before / after the service ran',
      'ceiling: single-commit transitions/s',
      'transitions/s',
      'ratio to the ceiling',
      'p50 latency ms',
      'p99 latency ms',
      'failed requests',
      'peak RSS MB (start + load)',
      'group commit: transitions/s',
      'p50 / p99 latency ms',
      'case list (2 filters, paged) p95 ms',
      'cases matching the filters',
      'trail verification entries/s',
      'raw hash-with-serialisation/s',
      'ratio to the raw rate',
      'entries verified',
      'export: entries',
      'MB streamed / seconds',
      'peak RSS MB during export',
      'start-up s (spawn to listening)',
    ]) {
      const cells = rows.get(label);
      expect({ label, cells }).toEqual({ label, cells: [expect.stringMatching(/^\d/), expect.stringMatching(/^\d/)] });
    }
    expect(rows.get('failed requests')).toEqual(['0', '0']);
    expect(stdout).toMatch(/Targets:\n( {2}(met {3}|MISSED) .+\n?)+/);
  }, 180_000);
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
