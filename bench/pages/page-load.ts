import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/demo/demo-users';
import { ServiceProcess } from '../service-process';

/**
 * `npm run bench:pages`: page loads in real Chromium over an emulated intranet (Chrome DevTools
 * Protocol `Network.emulateNetworkConditions`: 20 ms round trip, 10 Mbit/s each way), cold cache
 * (a fresh browser context) and warm (the same context loading the page again). For each page:
 * requests sent (and how many of those the cache answered without the network), bytes over the
 * wire (headers included, as Chromium counts them), and the time until the page shows its content.
 *
 * Without `--url` it builds nothing itself: it starts `dist/src/main.js` (run `npm run build`
 * first; the npm script does) with the demo data on a throwaway SQLite file. With
 * `--url=http://host:port` it measures a service already running with the demo data (how the
 * figures "before" in docs/performance.md were taken from an older build).
 */

const RTT_MS = 20;
const BITS_PER_SECOND = 10_000_000;
/** PAGE_BENCH_NETWORK=loopback: no emulation, the browser and the service on one machine (where "login 2.6 s" was seen). */
const EMULATED = process.env.PAGE_BENCH_NETWORK !== 'loopback';
const ROUNDS = Number(process.env.PAGE_BENCH_ROUNDS ?? 5);
/** PAGE_BENCH_TRACE=1: every request of every load on stderr, with when it was sent and done. */
const TRACE = process.env.PAGE_BENCH_TRACE === '1';
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface Load {
  requests: number;
  fromCache: number;
  bytes: number;
  ms: number;
}

interface Scenario {
  name: string;
  /** Who is signed in before the timed load (none: the login page itself). */
  user?: string;
  /** The timed part, once cold and once warm on the same page. */
  run: (page: Page, baseUrl: string) => Promise<void>;
}

const LOGIN_READY = 'form.login-form button[type="submit"]';
const QUEUE_READY = '.queue-page table.case-table, .queue-page [data-testid="empty-list"]';
const CASE_READY = '[data-testid="case-state"]';
const AUDIT_READY = 'table.entry-table, [data-testid="empty-list"]';

async function loginThroughPage(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/app/login`);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
  await page.locator('form.login-form button[type="submit"]').click();
  await page.locator(QUEUE_READY).first().waitFor();
}

function scenarios(caseId: string): Scenario[] {
  return [
    {
      name: 'login page',
      run: async (page, baseUrl) => {
        await page.goto(`${baseUrl}/app/login`);
        await page.locator(LOGIN_READY).waitFor();
      },
    },
    {
      name: 'login → queue (officer1)',
      run: async (page, baseUrl) => {
        await page.evaluate('sessionStorage.clear()').catch(() => undefined);
        await loginThroughPage(page, baseUrl, 'officer1');
      },
    },
    {
      name: 'case page (officer1)',
      user: 'officer1',
      run: async (page, baseUrl) => {
        await page.goto(`${baseUrl}/app/cases/${caseId}`);
        await page.locator(CASE_READY).waitFor();
      },
    },
    {
      name: 'auditor page (auditor1)',
      user: 'auditor1',
      run: async (page, baseUrl) => {
        await page.goto(`${baseUrl}/app/audit`);
        await page.locator(AUDIT_READY).first().waitFor();
      },
    },
  ];
}

/** Counts what the page asks of the network while `action` runs. */
async function measured(cdp: CDPSession, action: () => Promise<void>): Promise<Load> {
  let requests = 0;
  let fromCache = 0;
  let bytes = 0;
  let started = performance.now();
  const sent = new Map<string, { url: string; at: number }>();
  const onRequest = (event: { requestId: string; request: { url: string } }) => {
    if (event.request.url.startsWith('data:')) return;
    requests += 1;
    sent.set(event.requestId, { url: event.request.url, at: performance.now() });
  };
  const onCached = () => (fromCache += 1);
  const onFinished = (event: { requestId: string; encodedDataLength: number }) => {
    bytes += event.encodedDataLength;
    const request = sent.get(event.requestId);
    if (TRACE && request)
      console.error(`  ${Math.round(request.at - started)}–${Math.round(performance.now() - started)} ms ${event.encodedDataLength} B ${request.url}`);
  };
  cdp.on('Network.requestWillBeSent', onRequest);
  cdp.on('Network.requestServedFromCache', onCached);
  cdp.on('Network.loadingFinished', onFinished);
  started = performance.now();
  await action();
  const ms = performance.now() - started;
  cdp.off('Network.requestWillBeSent', onRequest);
  cdp.off('Network.requestServedFromCache', onCached);
  cdp.off('Network.loadingFinished', onFinished);
  return { requests, fromCache, bytes, ms };
}

async function apiLogin(baseUrl: string, username: string): Promise<{ token: string; expiresIn: number; user: unknown }> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!login.ok) throw new Error(`login as ${username}: ${login.status} ${await login.text()}`);
  const { accessToken, expiresIn } = (await login.json()) as { accessToken: string; expiresIn: number };
  const me = await fetch(`${baseUrl}/api/auth/me`, { headers: { Authorization: `Bearer ${accessToken}` } });
  return { token: accessToken, expiresIn, user: await me.json() };
}

/** A signed-in tab without going through the login page (the pages keep the session in sessionStorage). */
async function signedInContext(browser: Browser, baseUrl: string, username?: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  if (username) {
    const session = await apiLogin(baseUrl, username);
    // Playwright adds this through the DevTools protocol, not as a script in the page: the content policy stays as it is.
    await context.addInitScript({
      content: `(() => {
        const stored = ${JSON.stringify(session)};
        if (sessionStorage.getItem('auth.token')) return;
        sessionStorage.setItem('auth.token', stored.token);
        sessionStorage.setItem('auth.expiresAt', String(Date.now() + stored.expiresIn * 1000));
        sessionStorage.setItem('auth.user', JSON.stringify(stored.user));
      })();`,
    });
  }
  return context;
}

async function intranetPage(context: BrowserContext): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (!EMULATED) return { page, cdp };
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: RTT_MS,
    downloadThroughput: BITS_PER_SECOND / 8,
    uploadThroughput: BITS_PER_SECOND / 8,
  });
  return { page, cdp };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

interface Row {
  scenario: string;
  cache: 'cold' | 'warm';
  loads: Load[];
}

async function measureAll(browser: Browser, baseUrl: string, caseId: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (const scenario of scenarios(caseId)) {
    const cold: Load[] = [];
    const warm: Load[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const context = await signedInContext(browser, baseUrl, scenario.user);
      try {
        const { page, cdp } = await intranetPage(context);
        cold.push(await measured(cdp, () => scenario.run(page, baseUrl)));
        warm.push(await measured(cdp, () => scenario.run(page, baseUrl)));
      } finally {
        await context.close();
      }
    }
    rows.push({ scenario: scenario.name, cache: 'cold', loads: cold }, { scenario: scenario.name, cache: 'warm', loads: warm });
  }
  return rows;
}

function report(rows: Row[], loginMs: number[]): string {
  const lines = [
    `Page loads ${EMULATED ? `over an emulated intranet (${RTT_MS} ms round trip, ${BITS_PER_SECOND / 1e6} Mbit/s)` : 'on loopback (no emulation)'}, Chromium, median of ${ROUNDS}`,
    '',
    '| page | cache | requests | answered by the cache | transferred | until shown |',
    '|---|---|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const kb = median(row.loads.map((load) => load.bytes)) / 1024;
    lines.push(
      `| ${row.scenario} | ${row.cache} | ${median(row.loads.map((load) => load.requests))} | ${median(row.loads.map((load) => load.fromCache))} | ${kb.toFixed(1)} KB | ${Math.round(median(row.loads.map((load) => load.ms)))} ms |`,
    );
  }
  lines.push('', `POST /api/auth/login on loopback (no emulation), median of ${loginMs.length}: ${Math.round(median(loginMs))} ms`);
  return lines.join('\n');
}

async function loginTimes(baseUrl: string, rounds: number): Promise<number[]> {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    await apiLogin(baseUrl, 'officer1');
    times.push(performance.now() - started);
  }
  return times;
}

async function someCaseId(baseUrl: string): Promise<string> {
  const { token } = await apiLogin(baseUrl, 'officer1');
  const answer = await fetch(`${baseUrl}/api/cases?pageSize=1`, { headers: { Authorization: `Bearer ${token}` } });
  const body = (await answer.json()) as { items: { id: string }[] };
  if (!body.items.length) throw new Error('the service has no cases: start it with the demo data (DEMO_DATA on, NODE_ENV not production)');
  return body.items[0].id;
}

async function main(): Promise<void> {
  const urlArgument = process.argv.find((argument) => argument.startsWith('--url='));
  let service: ServiceProcess | undefined;
  let baseUrl = urlArgument?.slice('--url='.length);
  if (!baseUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'page-bench-'));
    service = await ServiceProcess.start({
      database: { DB_PATH: join(dir, 'cases.sqlite') },
      // The demo accounts and cases: refused in production, so the service runs as in development.
      env: { NODE_ENV: 'development', DEMO_DATA: 'on' },
    });
    baseUrl = service.baseUrl;
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const caseId = await someCaseId(baseUrl);
    const rows = await measureAll(browser, baseUrl, caseId);
    console.log(report(rows, await loginTimes(baseUrl, ROUNDS)));
  } finally {
    await browser.close();
    await service?.stop();
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    ServiceProcess.killAll();
    process.exit(130);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  ServiceProcess.killAll();
  process.exit(1);
});
