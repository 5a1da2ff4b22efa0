import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { procedureRegistry } from '../workflows';
import { toleranceSamples } from '../workflows/tolerance/tolerance.samples';
import { createApp } from '../src/bootstrap';
import { trainingClockSetting } from '../src/config/training-clock-setting';
import { loadConfig } from '../src/config/app-config';
import { DEMO_PASSWORD, DEMO_UNITS, DEMO_USERS } from '../src/demo/demo-users';
import { UnitsService } from '../src/org/units.service';
import { Clock } from '../src/common/clock';
import { UsersService } from '../src/identity/users.service';
import { killAll, startServiceProcess, type ServiceProcess } from './support/service-process';
import { sealedKeyFileFor, tempDbPath } from './support/test-app';
import { databaseEnv } from './support/test-database';

const DAY = 24 * 3600_000;

/**
 * Issue 14 §5: a training instance starts with a moved clock (CLOCK_OFFSET or CLOCK_START), says
 * 「培训环境」 in `GET /api/health` (and so on every page), and the setting is refused in production.
 */
describe('the training clock setting', () => {
  const now = Date.parse('2026-11-10T01:00:00.000Z');

  it('reads an offset in days, hours and minutes, either way', () => {
    expect(trainingClockSetting({ CLOCK_OFFSET: '+40d' }, now)).toEqual({ setting: 'CLOCK_OFFSET=+40d', offsetMs: 40 * DAY });
    expect(trainingClockSetting({ CLOCK_OFFSET: '-3d' }, now)).toEqual({ setting: 'CLOCK_OFFSET=-3d', offsetMs: -3 * DAY });
    expect(trainingClockSetting({ CLOCK_OFFSET: '+1d12h30m' }, now)?.offsetMs).toBe(DAY + 12 * 3600_000 + 30 * 60_000);
    expect(trainingClockSetting({}, now)).toBeUndefined();
  });

  it('reads a start instant with its zone: the clock starts there and runs on', () => {
    expect(trainingClockSetting({ CLOCK_START: '2026-12-20T09:00:00+08:00' }, now)).toEqual({
      setting: 'CLOCK_START=2026-12-20T09:00:00+08:00',
      offsetMs: Date.parse('2026-12-20T01:00:00.000Z') - now,
    });
  });

  it('refuses it in production, both at once, and what it cannot read, naming the variable', () => {
    expect(() => trainingClockSetting({ CLOCK_OFFSET: '+40d', NODE_ENV: 'production' })).toThrow(/CLOCK_OFFSET .*refused when NODE_ENV=production/);
    expect(() => trainingClockSetting({ CLOCK_START: '2026-12-20T09:00:00+08:00', NODE_ENV: 'production' })).toThrow(
      /CLOCK_START .*refused when NODE_ENV=production/,
    );
    expect(() => trainingClockSetting({ CLOCK_OFFSET: '+40d', CLOCK_START: '2026-12-20T09:00:00+08:00' })).toThrow(/not both/);
    expect(() => trainingClockSetting({ CLOCK_OFFSET: '40 days' })).toThrow(/CLOCK_OFFSET must look like \+40d/);
    expect(() => trainingClockSetting({ CLOCK_START: '2026-12-20 09:00' })).toThrow(/CLOCK_START must be an ISO 8601 instant with its zone/);
  });
});

describe('a training instance', () => {
  let app: NestFastifyApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    const dbPath = tempDbPath();
    const config = loadConfig({
      ...(await databaseEnv(dbPath)),
      JWT_SECRET: 'test-secret',
      DEADLINE_POLL_MS: '0',
      RATE_LIMIT: 'off',
      SEALED_KEY_FILE: sealedKeyFileFor(dbPath),
      CLOCK_OFFSET: '+40d',
    });
    // No test clock: the service builds its clock from the configuration, as `npm start` does.
    app = await createApp({ config, registry: procedureRegistry() });
    const at = new Date().toISOString();
    for (const unit of DEMO_UNITS) await app.get(UnitsService).create(unit, at);
    for (const user of DEMO_USERS) await app.get(UsersService).create(user, at);
  });
  afterAll(() => app?.close());

  it('runs 40 days ahead and says 「培训环境」 in the health answer, without a token', async () => {
    const before = Date.now();
    const health = (await http().get('/api/health').expect(200)).body;
    expect(health).toMatchObject({ status: 'ok', training: { zh: '培训环境', en: 'Training instance', clock: 'CLOCK_OFFSET=+40d' } });
    const shifted = Date.parse(health.training.now) - before;
    expect(shifted).toBeGreaterThanOrEqual(40 * DAY);
    expect(shifted).toBeLessThan(40 * DAY + 60_000);
    expect(app.get(Clock).now().getTime() - Date.now()).toBeGreaterThan(40 * DAY - 60_000);
  });

  it('records steps at the moved time', async () => {
    const login = await http().post('/api/auth/login').send({ username: 'applicant1', password: DEMO_PASSWORD }).expect(200);
    const created = await http()
      .post('/api/cases')
      .set('Authorization', `Bearer ${login.body.accessToken}`)
      .send({ procedure: 'tolerance', ...toleranceSamples.creations[0].data })
      .expect(201);
    expect(Date.parse(created.body.createdAt) - Date.now()).toBeGreaterThan(40 * DAY - 60_000);
  });
});

describe('a production start with a moved clock', () => {
  const services: ServiceProcess[] = [];
  afterAll(() => killAll(services));

  it('is refused with the reason', async () => {
    const dbPath = tempDbPath();
    const started = startServiceProcess('production-training', {
      ...(await databaseEnv(dbPath)),
      NODE_ENV: 'production',
      CLOCK_OFFSET: '+40d',
      SEALED_KEY_FILE: sealedKeyFileFor(dbPath),
    }).then((service) => services.push(service));
    await expect(started).rejects.toThrow(/CLOCK_OFFSET moves the clock of a training instance and is refused when NODE_ENV=production/);
  }, 150_000);
});
