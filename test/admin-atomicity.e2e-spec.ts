import { DEMO_PASSWORD } from '../src/demo/demo-users';
import { openRawDatabase, type RawDatabase } from './support/test-database';
import { startTestApp, type TestApp } from './support/test-app';

const STRONG = 'Str0ng-enough-pass';

/**
 * Issue 17: an administrator's change and its entry on the `admin` chain commit together or not at
 * all. The database itself refuses the entry here (a trigger added behind the service's back, as a
 * full disk or a lost connection would at that moment): the change it records must not remain.
 */
describe("an administrator's change and its admin-chain entry are one transaction", () => {
  let t: TestApp;
  let db: RawDatabase;
  beforeAll(async () => {
    t = await startTestApp();
    db = await openRawDatabase(t.dbPath);
  });
  afterAll(async () => {
    await db.close();
    await t.close();
  });

  /** Makes the insert of the entry recording `event` fail, runs `work`, and lifts the failure again. */
  async function withEntryFailing<T>(event: string, work: () => Promise<T>): Promise<T> {
    if (db.dialect === 'sqlite') {
      await db.exec(`CREATE TRIGGER inject_failure BEFORE INSERT ON audit_entries WHEN NEW.stream_id = 'admin' AND NEW.event = '${event}'
        BEGIN SELECT RAISE(ABORT, 'injected failure between the change and its entry'); END`);
    } else {
      await db.exec(`CREATE OR REPLACE FUNCTION inject_failure() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'injected failure between the change and its entry'; END $$ LANGUAGE plpgsql`);
      await db.exec(`CREATE TRIGGER inject_failure BEFORE INSERT ON audit_entries FOR EACH ROW
        WHEN (NEW.stream_id = 'admin' AND NEW.event = '${event}') EXECUTE FUNCTION inject_failure()`);
    }
    try {
      return await work();
    } finally {
      await db.exec(db.dialect === 'sqlite' ? 'DROP TRIGGER inject_failure' : 'DROP TRIGGER inject_failure ON audit_entries');
    }
  }

  const entries = async (event: string) =>
    Number((await db.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM audit_entries WHERE stream_id = 'admin' AND event = ?`, [event]))[0].n);
  const user = async (id: string) =>
    (
      await t
        .http()
        .get('/api/admin/users')
        .set(await t.as('sysadmin1'))
        .expect(200)
    ).body.find((u: { id: string }) => u.id === id);
  const login = (username: string, password: string) => t.http().post('/api/auth/login').send({ username, password });

  it('a role change whose entry cannot be written leaves the grants as they were', async () => {
    const before = (await user('applicant1')).roles;
    const change = { roles: [{ role: 'officer', scope: 'jinan' }] };
    await withEntryFailing('ROLES_CHANGED', async () => {
      await t
        .http()
        .put('/api/admin/users/applicant1/roles')
        .set(await t.as('secadmin1'))
        .send(change)
        .expect(500);
    });
    expect((await user('applicant1')).roles).toEqual(before);
    expect(await entries('ROLES_CHANGED')).toBe(0);
    // Nothing else is in the way: the same change, with its entry, goes through.
    await t
      .http()
      .put('/api/admin/users/applicant1/roles')
      .set(await t.as('secadmin1'))
      .send(change)
      .expect(200);
    expect((await user('applicant1')).roles).toEqual(change.roles);
    expect(await entries('ROLES_CHANGED')).toBe(1);
  });

  it('a unit whose entry cannot be written is not created', async () => {
    const unit = { id: 'unit-yantai-port', name: '烟台港务局', jurisdiction: 'yantai' };
    await withEntryFailing('UNIT_CREATED', async () => {
      await t
        .http()
        .post('/api/admin/units')
        .set(await t.as('sysadmin1'))
        .send(unit)
        .expect(500);
    });
    const units = (
      await t
        .http()
        .get('/api/admin/units')
        .set(await t.as('sysadmin1'))
        .expect(200)
    ).body as Array<{ id: string }>;
    expect(units.map((u) => u.id)).not.toContain(unit.id);
    expect(await entries('UNIT_CREATED')).toBe(0);
    await t
      .http()
      .post('/api/admin/units')
      .set(await t.as('sysadmin1'))
      .send(unit)
      .expect(201);
    expect(await entries('UNIT_CREATED')).toBe(1);
  });

  it('an account is not created, edited, disabled or given a new password without its entry', async () => {
    const sys = await t.as('sysadmin1');
    await withEntryFailing('USER_CREATED', async () => {
      await t.http().post('/api/admin/users').set(sys).send({ id: 'officer9', displayName: '新承办人', password: STRONG }).expect(500);
    });
    expect(await user('officer9')).toBeUndefined();
    expect(await entries('USER_CREATED')).toBe(0);

    const officer = await user('officer1');
    await withEntryFailing('USER_UPDATED', async () => {
      await t.http().patch('/api/admin/users/officer1').set(sys).send({ displayName: '改名' }).expect(500);
      await t.http().patch('/api/admin/users/officer1').set(sys).send({ active: false }).expect(500);
    });
    expect(await user('officer1')).toEqual(officer);
    // Its sessions were not ended either: the token still works.
    await t
      .http()
      .get('/api/cases')
      .set(await t.as('officer1'))
      .expect(200);

    await withEntryFailing('PASSWORD_RESET', async () => {
      await t.http().post('/api/admin/users/officer2/password').set(sys).send({ password: STRONG }).expect(500);
    });
    await login('officer2', DEMO_PASSWORD).expect(200);
    await login('officer2', STRONG).expect(401);
    expect(await entries('USER_UPDATED')).toBe(0);
    expect(await entries('PASSWORD_RESET')).toBe(0);
  });

  it('leaves a trail that verifies', async () => {
    const verification = await t
      .http()
      .get('/api/audit/verify')
      .set(await t.as('auditadmin1'))
      .expect(200);
    expect(verification.body.ok).toBe(true);
  });
});
