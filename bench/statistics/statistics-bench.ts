import { chromium } from 'playwright-core';
import { INDICATORS } from '../../workflows/indicators';
import { DEMO_PASSWORD } from '../../src/demo/demo-users';
import { BENCH_AUDITOR } from '../fill/case-templates';
import { HttpClient } from '../http-client';
import type { BenchOptions } from '../options';
import { ServiceProcess } from '../service-process';
import { SqliteTarget } from '../targets/sqlite-target';

/**
 * The statistics section of `npm run bench` (issue 21, Performance): on the filled SQLite database
 * of the largest size (`BENCH_STATS_CASES` to choose another; `BENCH_STATS=off` skips it), with the
 * whole body's reader (the bench auditor):
 * - each indicator over the year the fill holds most decisions in, one at a time
 *   (`GET /api/stats?period=YYYY&indicator=…`), the best of three, against the 1 s goal;
 * - the statistics page's first paint in Chromium (signed in, then `/app/stats?period=YYYY`
 *   until the first table and the chart's canvas are there), against the 2 s goal;
 * - the case-list export as .xlsx of every case the auditor sees: seconds, rows, and the
 *   service's resident memory before and at its peak while it streamed.
 */
export interface StatisticsBench {
  cases: number;
  year: string;
  indicators: Array<{ id: string; total: number; ms: number }>;
  allIndicatorsMs: number;
  firstPaintMs: number;
  export: { rows: number; megabytes: number; seconds: number; rssBeforeMb: number; peakRssMb: number };
}

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROUNDS = 3;

export async function statisticsBench(options: BenchOptions, log: (line: string) => void): Promise<StatisticsBench | undefined> {
  if (process.env.BENCH_STATS === 'off') return undefined;
  const cases = Number(process.env.BENCH_STATS_CASES ?? Math.max(...options.sizes));
  const target = new SqliteTarget(options, log);
  const db = await target.prepare(cases);
  const tag = `[statistics ${cases}]`;
  try {
    // The fill spreads its cases over years: the one with the most entries of counted events is the honest "year for the whole body".
    const events = [...new Set(INDICATORS.flatMap((spec) => spec.events))];
    const [busiest] = await db.query<{ year: string }>(
      `SELECT substr(at, 1, 4) AS year, count(*) AS n FROM audit_entries WHERE event IN (${events.map((event) => `'${event}'`).join(', ')})
        GROUP BY substr(at, 1, 4) ORDER BY n DESC LIMIT 1`,
    );
    const year = busiest?.year ?? '2026';
    log(`${tag} service start`);
    const service = await ServiceProcess.start({ database: db.serviceEnv, env: { HASH_ALGORITHM: options.algorithm } });
    const client = new HttpClient(service.baseUrl, 2);
    try {
      const token = await client.login(BENCH_AUDITOR, DEMO_PASSWORD);
      const timed = async (path: string) => {
        let best = Infinity;
        let body = '';
        for (let round = 0; round < ROUNDS; round++) {
          const started = process.hrtime.bigint();
          const answer = await client.send('GET', path, token);
          best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e6);
          if (answer.status !== 200) throw new Error(`${path}: ${answer.status}`);
          body = answer.body;
        }
        return { ms: best, body };
      };
      const indicators: StatisticsBench['indicators'] = [];
      for (const spec of INDICATORS) {
        log(`${tag} ${spec.id} over ${year}`);
        const { ms, body } = await timed(`/api/stats?period=${year}&indicator=${encodeURIComponent(spec.id)}`);
        indicators.push({ id: spec.id, total: JSON.parse(body).indicators[0]?.total ?? NaN, ms });
      }
      log(`${tag} every indicator in one answer`);
      const allIndicatorsMs = (await timed(`/api/stats?period=${year}`)).ms;
      log(`${tag} statistics page first paint`);
      const firstPaintMs = await firstPaint(service.baseUrl, year);
      log(`${tag} case-list export (.xlsx)`);
      const exported = await exportCases(client, token, service);
      return { cases, year, indicators, allIndicatorsMs, firstPaintMs, export: exported };
    } finally {
      client.close();
      await service.stop();
    }
  } finally {
    await db.close();
    await target.close();
  }
}

/** The best of three loads of the statistics page, signed in, until its first table and chart show. */
async function firstPaint(baseUrl: string, year: string): Promise<number> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(`${baseUrl}/app/login`);
    await page.locator('input[name="username"]').fill(BENCH_AUDITOR);
    await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await page.locator('form.login-form button[type="submit"]').click();
    await page.waitForURL((url) => !url.pathname.endsWith('/login'));
    let best = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      await page.goto('about:blank');
      const started = performance.now();
      await page.goto(`${baseUrl}/app/stats?period=${year}`);
      await page.locator('table.stats-table').first().waitFor({ timeout: 120_000 });
      await page.locator('[data-testid="stats-chart"] canvas').first().waitFor({ timeout: 120_000 });
      best = Math.min(best, performance.now() - started);
    }
    return best;
  } finally {
    await browser.close();
  }
}

async function exportCases(client: HttpClient, token: string, service: ServiceProcess): Promise<StatisticsBench['export']> {
  const rssBeforeMb = service.rss();
  const sampler = service.sampleRss();
  let bytes = 0;
  const chunks: Buffer[] = [];
  const answer = await client.stream('/api/exports/cases?format=xlsx', token, (chunk) => {
    bytes += chunk.length;
    chunks.push(chunk);
  });
  const peakRssMb = sampler.stop();
  if (answer.status !== 200) throw new Error(`case-list export: ${answer.status}`);
  const rows = await sheetRows(Buffer.concat(chunks));
  return { rows, megabytes: bytes / (1024 * 1024), seconds: answer.ms / 1000, rssBeforeMb, peakRssMb };
}

/** The rows of the workbook's first sheet after its header, read as a stream (the file is checked, not trusted). */
async function sheetRows(file: Buffer): Promise<number> {
  const ExcelJS = await import('exceljs');
  const { Readable } = await import('node:stream');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([file]), {});
  let rows = 0;
  for await (const sheet of reader) {
    for await (const _row of sheet) rows++;
    break;
  }
  return rows - 1;
}

export function formatStatisticsBench(result: StatisticsBench | undefined): string {
  if (!result) return '';
  const lines = [
    '',
    `Statistics (SQLite, ${result.cases.toLocaleString('en-US')} cases, period ${result.year}, whole body; best of ${ROUNDS})`,
    '| indicator | figure | ms | of the 1 s goal |',
    '|---|---:|---:|---:|',
    ...result.indicators.map((row) => `| ${row.id} | ${row.total} | ${row.ms.toFixed(0)} | ${((100 * row.ms) / 1000).toFixed(0)} % |`),
    `| (all in one answer) | | ${result.allIndicatorsMs.toFixed(0)} | ${((100 * result.allIndicatorsMs) / 1000).toFixed(0)} % |`,
    `statistics page first paint: ${result.firstPaintMs.toFixed(0)} ms (${((100 * result.firstPaintMs) / 2000).toFixed(0)} % of the 2 s goal)`,
    `case-list .xlsx export: ${result.export.rows.toLocaleString('en-US')} rows, ${result.export.megabytes.toFixed(1)} MB in ${result.export.seconds.toFixed(1)} s; ` +
      `service RSS ${result.export.rssBeforeMb.toFixed(0)} MB before, peak ${result.export.peakRssMb.toFixed(0)} MB while streaming`,
  ];
  return lines.join('\n');
}
