import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../../src/demo/demo-users';
import { startTestApp, type TestApp, type TestAppOptions } from '../../support/test-app';

/** Debian's Chromium, installed by `.ci/run` with apt-get; a browser is never downloaded. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(__dirname, '..', '..', '..', 'test-artifacts', 'screenshots');
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. The browser tests drive Debian's Chromium: ` +
        'run `apt-get install -y chromium` (the CI script .ci/run does this), or set CHROMIUM_PATH.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export interface WebApp {
  t: TestApp;
  baseUrl: string;
  close: () => Promise<void>;
}

/** The real application on an ephemeral port, as `npm start` serves it (pages and API together). */
export async function startWebApp(options: TestAppOptions = {}): Promise<WebApp> {
  const t = await startTestApp(options);
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  return { t, baseUrl: `http://127.0.0.1:${port}`, close: () => t.close() };
}

export interface ConsoleProblem {
  text: string;
  url?: string;
}

/**
 * One person at one browser: their own context (so their own sessionStorage and token), the page,
 * and every console error and uncaught exception the page produced.
 */
export class UserSession {
  readonly problems: ConsoleProblem[] = [];
  /** HTTP refusals the scenario provokes on purpose (Chromium logs each failed fetch as an error). */
  private readonly expectedStatuses = new Set<number>();

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly baseUrl: string,
  ) {
    page.on('console', (message) => {
      if (message.type() === 'error') this.problems.push({ text: message.text(), url: message.location().url });
    });
    page.on('pageerror', (error) => this.problems.push({ text: `uncaught: ${error.message}` }));
  }

  static async open(browser: Browser, baseUrl: string, viewport = DESKTOP): Promise<UserSession> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
    const page = await context.newPage();
    // Generous: CI machines are shared, and a wait that times out fails the test anyway.
    page.setDefaultTimeout(20_000);
    return new UserSession(context, page, baseUrl);
  }

  /** Logs in through the login page, as a person would. */
  static async login(browser: Browser, baseUrl: string, username: string, viewport = DESKTOP): Promise<UserSession> {
    const session = await UserSession.open(browser, baseUrl, viewport);
    await session.loginAs(username);
    return session;
  }

  async loginAs(username: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/app/login`);
    await this.page.locator('input[name="username"]').fill(username);
    await this.page.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await this.page.locator('form.login-form button[type="submit"]').click();
    await this.page.waitForURL((url) => !url.pathname.startsWith('/app/login'));
    await this.page.locator('[data-testid="user-name"]').waitFor();
  }

  expectHttpStatus(status: number): void {
    this.expectedStatuses.add(status);
  }

  /** Console errors other than the refusals the scenario asked for. */
  unexpectedProblems(): ConsoleProblem[] {
    return this.problems.filter((problem) => {
      const status = /status of (\d{3})/.exec(problem.text);
      return !(status && problem.url?.includes('/api/') && this.expectedStatuses.has(Number(status[1])));
    });
  }

  /** Saved under test-artifacts/screenshots/ (kept by CI, ignored by git). */
  async screenshot(name: string, { fullPage = true } = {}): Promise<string> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = join(SCREENSHOT_DIR, `${name}.png`);
    await this.page.screenshot({ path, fullPage });
    return path;
  }

  close(): Promise<void> {
    return this.context.close();
  }
}

/** The users of one journey through the pages: each logs in once; none may meet an unexpected problem. */
export interface UserJourney {
  as(user: string): Promise<UserSession>;
  readonly web: WebApp;
}

/** A browser and the app behind it for one describe block, closed after it; every session is checked after each test. */
export function userJourney(options: TestAppOptions = {}): UserJourney {
  let web: WebApp;
  let browser: Browser;
  const sessions: UserSession[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
    web = await startWebApp(options);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });
  afterEach(() => {
    for (const session of sessions) expect(session.unexpectedProblems()).toEqual([]);
  });
  return {
    as: async (user) => {
      const session = await UserSession.login(browser, web.baseUrl, user);
      sessions.push(session);
      return session;
    },
    get web() {
      return web;
    },
  };
}
