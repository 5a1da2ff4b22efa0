import type { LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import request from 'supertest';
import { procedureRegistry } from '../../workflows';
import type { ProcedureRegistry } from '../../workflows/core';
import { createApp } from '../../src/bootstrap';
import { loadConfig, type AppConfig } from '../../src/config/app-config';
import { DemoDataService } from '../../src/demo/demo-data.service';
import { DEMO_BODIES, DEMO_CADRES, DEMO_PASSWORD, DEMO_UNITS, DEMO_USERS } from '../../src/demo/demo-users';
import { DirectoryService } from '../../src/org/directory.service';
import { UnitsService } from '../../src/org/units.service';
import { UsersService } from '../../src/identity/users.service';
import { Clock } from '../../src/common/clock';
import { CommitteesService } from '../../src/rules/committees.service';
import { SAMPLE_WORLD } from '../../workflows/sample-world';
import { databaseEnv } from './test-database';

process.env.NODE_ENV = 'test';

/** A clock the test moves by hand: deadlines and windows are tested without waiting. */
export class TestClock extends Clock {
  constructor(private currentTime = new Date('2026-03-02T01:00:00.000Z')) {
    super();
  }
  protected current(): Date {
    return this.currentTime;
  }
  set(iso: string): void {
    this.currentTime = new Date(iso);
  }
  advance(ms: number): void {
    this.currentTime = new Date(this.currentTime.getTime() + ms);
  }
}

const INTERIM_PASSWORD = 'Interim-Passw0rd!';

export interface TestApp {
  app: NestFastifyApplication;
  http: () => ReturnType<typeof request>;
  clock: TestClock;
  config: AppConfig;
  /** Names the app's database: `openRawDatabase(dbPath)` reaches it directly, `startTestApp({dbPath})` restarts on it. */
  dbPath: string;
  /** A bearer header for a demo user. */
  as: (userId: string) => Promise<{ Authorization: string }>;
  /** Sends an event as `userId` at the case's current version (read as auditor1): the answer, whatever its status. */
  sendEvent: (caseId: string, userId: string, type: string, data?: Record<string, unknown>) => Promise<request.Response>;
  /**
   * The first login of an account an administrator created or reset (`given` its password then):
   * its holder changes the password through the API, as they must, and ends with `password`
   * (the demo password by default), so `as(userId)` works for it.
   */
  ownPassword: (userId: string, given: string, password?: string) => Promise<void>;
  close: () => Promise<void>;
}

export interface TestAppOptions {
  dbPath?: string;
  registry?: ProcedureRegistry;
  /** Load the full demo data set (users and cases); by default only the demo users. */
  demoCases?: boolean;
  /** false: start with no accounts at all (a fresh deployment). */
  seedUsers?: boolean;
  /** With the demo users, the demo's cadres of their units in the directory: the forms' cadre pickers pick from it. */
  demoCadres?: boolean;
  env?: NodeJS.ProcessEnv;
  clock?: TestClock;
  /** Keeps what the service logs (by default a test app logs nothing). */
  logger?: LoggerService;
}

/** The key file of sealed identities a test's database goes with: every service on it must share it. */
export function sealedKeyFileFor(dbPath: string): string {
  return join(dirname(dbPath), 'sealed-keys.json');
}

export function tempDbPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'case-workflow-')), 'cases.sqlite');
}

/**
 * The real application on a real database, exactly as `npm start` builds it: a SQLite file, or in
 * the PostgreSQL suite a database of its own on the suite's server.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dbPath = options.dbPath ?? tempDbPath();
  const config = loadConfig({
    ...(await databaseEnv(dbPath)),
    JWT_SECRET: 'test-secret',
    DEADLINE_POLL_MS: '0',
    // Tests move the clock by months and send bursts; the tests of expiry and limits set their own.
    TOKEN_TTL_SECONDS: String(5 * 365 * 24 * 3600),
    RATE_LIMIT: 'off',
    // The sealed-identity keys beside the test's database, so that a restart on it finds them again.
    SEALED_KEY_FILE: sealedKeyFileFor(dbPath),
    // The transparency log's keys beside it too; its timers off: tests sequence and issue checkpoints when they ask.
    TLOG_KEY_FILE: join(dirname(dbPath), 'transparency-keys.json'),
    TLOG_SEQUENCE_INTERVAL_MS: '0',
    TLOG_CHECKPOINT_INTERVAL_MS: '0',
    ...options.env,
  });
  const clock = options.clock ?? new TestClock();
  const app = await createApp({ config, registry: options.registry ?? procedureRegistry(), clock, logger: options.logger });
  if (options.demoCases) {
    await app.get(DemoDataService).loadIntoEmptyDatabase();
  } else if (options.seedUsers !== false && (await app.get(UsersService).count()) === 0) {
    for (const body of DEMO_BODIES) await app.get(DirectoryService).createBody(body, clock.now().toISOString());
    for (const unit of DEMO_UNITS) await app.get(UnitsService).create(unit, clock.now().toISOString());
    for (const user of DEMO_USERS) await app.get(UsersService).create(user, clock.now().toISOString());
    if (options.demoCadres) {
      const units = new Set(DEMO_UNITS.map((unit) => unit.id));
      for (const cadre of DEMO_CADRES.filter((candidate) => units.has(candidate.unitId))) {
        await app.get(DirectoryService).createCadre(cadre, clock.now().toISOString());
      }
    }
    // The committees collective decisions are checked against (as the demo sets them up).
    await app.get(CommitteesService).seed(SAMPLE_WORLD.committees);
  }
  const http = () => request(app.getHttpServer());
  const tokens = new Map<string, string>();
  const as = async (userId: string) => {
    if (!tokens.has(userId)) {
      const response = await http().post('/api/auth/login').send({ username: userId, password: DEMO_PASSWORD }).expect(200);
      tokens.set(userId, response.body.accessToken);
    }
    return { Authorization: `Bearer ${tokens.get(userId)}` };
  };
  const sendEvent = async (caseId: string, userId: string, type: string, data: Record<string, unknown> = {}) => {
    const { version } = (
      await http()
        .get(`/api/cases/${caseId}`)
        .set(await as('auditor1'))
        .expect(200)
    ).body as { version: number };
    return http()
      .post(`/api/cases/${caseId}/events`)
      .set(await as(userId))
      .send({ type, expectedVersion: version, ...data });
  };
  const ownPassword = async (userId: string, given: string, password = DEMO_PASSWORD) => {
    // A new password may not be the one it replaces: through an interim one when they are equal.
    const steps = given === password ? [given, INTERIM_PASSWORD, password] : [given, password];
    for (let step = 1; step < steps.length; step += 1) {
      const login = await http()
        .post('/api/auth/login')
        .send({ username: userId, password: steps[step - 1] })
        .expect(200);
      await http()
        .post('/api/auth/password')
        .set('Authorization', `Bearer ${login.body.accessToken}`)
        .send({ currentPassword: steps[step - 1], newPassword: steps[step] })
        .expect(204);
    }
    tokens.delete(userId);
  };
  return { app, http, clock, config, dbPath, as, sendEvent, ownPassword, close: () => app.close() };
}
