import { startTestApp, type TestApp } from './support/test-app';
import { openRawDatabase, testDialect } from './support/test-database';

describe('health and readiness', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('liveness answers without a token and without the database', async () => {
    expect((await t.http().get('/api/health').expect(200)).body).toEqual({ status: 'ok' });
  });

  it('readiness answers without a token when the database answers and no migration is pending', async () => {
    expect((await t.http().get('/api/ready').expect(200)).body).toEqual({ status: 'ready', database: testDialect() });
  });

  it('readiness says 503 while a migration is pending', async () => {
    const db = await openRawDatabase(t.dbPath);
    const [last] = await db.query<{ id: number; timestamp: string; name: string }>('SELECT id, timestamp, name FROM migrations ORDER BY id DESC LIMIT 1');
    await db.query('DELETE FROM migrations WHERE id = ?', [last.id]);
    try {
      const refused = await t.http().get('/api/ready').expect(503);
      expect(refused.body).toMatchObject({ code: 'SERVICE.NOT_READY', details: { migrationsPending: true } });
    } finally {
      await db.query('INSERT INTO migrations (id, timestamp, name) VALUES (?, ?, ?)', [last.id, last.timestamp, last.name]);
      await db.close();
    }
    await t.http().get('/api/ready').expect(200);
  });
});
