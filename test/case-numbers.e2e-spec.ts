import { DataSource, MigrationExecutor } from 'typeorm';
import { anonymousLead } from '../workflows/clarification/clarification.samples';
import { toleranceSamples } from '../workflows/tolerance/tolerance.samples';
import { dataSourceOptions } from '../src/database/data-source-options';
import { startTestApp, type TestApp } from './support/test-app';
import { openRawDatabase, testDialect } from './support/test-database';

const exOfficio = toleranceSamples.creations.find((c) => c.actor.role === 'officer')!.data;
const NUMBER = /^(.+)纪(.)〔(\d{4})〕(\d+)号$/;

interface Opened {
  status: number;
  body: { id: string; caseNo: string; cadre: { id: string; name: string }; unit: { id: string; name: string } };
}

function seqOf(caseNo: string): number {
  const match = NUMBER.exec(caseNo);
  if (!match) throw new Error(`not a case number: ${caseNo}`);
  return Number(match[4]);
}

async function open(t: TestApp, body: Record<string, unknown>, as = 'officer1'): Promise<Opened> {
  const response = await t
    .http()
    .post('/api/cases')
    .set(await t.as(as))
    .send(body);
  return { status: response.status, body: response.body };
}

async function counts(t: TestApp): Promise<{ cases: number; entries: number }> {
  const db = await openRawDatabase(t.dbPath);
  try {
    const [cases] = await db.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM cases');
    const [entries] = await db.query<{ n: number | string }>("SELECT COUNT(*) AS n FROM audit_entries WHERE outcome = 'applied'");
    return { cases: Number(cases.n), entries: Number(entries.n) };
  } finally {
    await db.close();
  }
}

/**
 * Issue 18 §2: each case gets a number when it is opened, per body, year (China time) and
 * procedure (济纪容〔2026〕3号), in the opening's transaction: never reused, no gaps, no two alike
 * under concurrency (on PostgreSQL across two instances), searchable in the queue and the audit
 * filters; existing cases are numbered by the migration. Issue 18 §1: a case names a cadre of the
 * directory, and views name the cadre and the unit.
 */
describe('case numbers and the names of the directory', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('numbers each series on its own: body, year (China time), procedure', async () => {
    const first = await open(t, { procedure: 'tolerance', ...exOfficio });
    const second = await open(t, { procedure: 'tolerance', ...exOfficio });
    const clarification = await open(t, { procedure: 'clarification', ...anonymousLead.data });
    const qingdao = await open(t, { procedure: 'tolerance', ...exOfficio, cadreId: 'applicant2', unitId: 'unit-qingdao-port' });
    for (const opened of [first, second, clarification, qingdao]) expect(opened.status).toBe(201);
    // The test clock stands at 2026-03-02 (UTC and China time alike).
    expect(first.body.caseNo).toMatch(/^济纪容〔2026〕\d+号$/);
    expect(seqOf(second.body.caseNo)).toBe(seqOf(first.body.caseNo) + 1);
    expect(clarification.body.caseNo).toMatch(/^济纪澄〔2026〕\d+号$/);
    expect(qingdao.body.caseNo).toBe('青纪容〔2026〕1号');

    // 31 December 17:00 UTC is already 1 January in China: a new year's series starts at 1.
    t.clock.set('2026-12-31T17:00:00.000Z');
    try {
      const newYear = await open(t, { procedure: 'tolerance', ...exOfficio });
      expect(newYear.status).toBe(201);
      expect(newYear.body.caseNo).toBe('济纪容〔2027〕1号');
    } finally {
      t.clock.set('2026-03-02T01:00:00.000Z');
    }
  });

  it('views name the cadre and the unit; the queue finds a case by number and by the cadre’s name', async () => {
    const opened = await open(t, { procedure: 'tolerance', ...exOfficio });
    expect(opened.status).toBe(201);
    expect(opened.body.cadre).toEqual({ id: 'applicant1', name: '张明' });
    expect(opened.body.unit).toEqual({ id: 'unit-jinan-dev', name: '济南市发展和改革委员会' });
    const officer = await t.as('officer1');

    const byNumber = await t.http().get('/api/cases').query({ q: opened.body.caseNo }).set(officer).expect(200);
    expect(byNumber.body.items.map((item: { id: string }) => item.id)).toEqual([opened.body.id]);
    expect(byNumber.body.items[0]).toMatchObject({ caseNo: opened.body.caseNo, cadre: { name: '张明' }, unit: { name: '济南市发展和改革委员会' } });
    const exact = await t.http().get('/api/cases').query({ caseNo: opened.body.caseNo }).set(officer).expect(200);
    expect(exact.body.total).toBe(1);

    const byName = await t.http().get('/api/cases').query({ q: '张明', pageSize: 100 }).set(officer).expect(200);
    expect(byName.body.items.map((item: { id: string }) => item.id)).toContain(opened.body.id);
    expect(byName.body.items.every((item: { cadre: { id: string } }) => item.cadre.id === 'applicant1')).toBe(true);
    const nobody = await t.http().get('/api/cases').query({ q: '不存在的名字' }).set(officer).expect(200);
    expect(nobody.body.total).toBe(0);

    // The auditors' trail browser filters by case number too.
    const entries = await t
      .http()
      .get('/api/audit/entries')
      .query({ caseNo: opened.body.caseNo })
      .set(await t.as('auditor1'))
      .expect(200);
    expect(entries.body.total).toBeGreaterThan(0);
    expect(entries.body.items.every((entry: { caseId: string }) => entry.caseId === opened.body.id)).toBe(true);
    expect(entries.body.items.find((entry: { event: string }) => entry.event === 'CREATE').data.caseNo).toBe(opened.body.caseNo);
  });

  it('a cadre who is not in the directory is refused in both languages, nothing is written and no number is used up', async () => {
    const before = await open(t, { procedure: 'tolerance', ...exOfficio });
    const written = await counts(t);
    const refused = await open(t, { procedure: 'tolerance', ...exOfficio, cadreId: 'nobody-here' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'CASE.INVALID_PAYLOAD',
      details: {
        fields: [{ field: 'cadreId' }],
        conditions: [{ code: 'directory.unknownCadre', field: 'cadreId', zh: expect.stringContaining('干部名录'), en: expect.stringContaining('directory') }],
      },
    });
    expect(await counts(t)).toEqual(written);
    const after = await open(t, { procedure: 'tolerance', ...exOfficio });
    expect(seqOf(after.body.caseNo)).toBe(seqOf(before.body.caseNo) + 1);
  });

  it('a cadre the administrator registers (no login) can be the cadre of a case; the picker finds them by pinyin initials', async () => {
    const admin = await t.as('sysadmin1');
    await t
      .http()
      .post('/api/admin/cadres')
      .set(admin)
      .send({ id: 'cadre-wanglei', name: '王磊', position: '副主任', rank: '二级调研员', unitId: 'unit-jinan-dev', initials: 'wl' })
      .expect(201);
    // Bad input names the field, in both languages, and writes nothing.
    const unknownUnit = await t.http().post('/api/admin/cadres').set(admin).send({ id: 'cadre-x', name: '某某', unitId: 'no-such-unit' }).expect(400);
    expect(unknownUnit.body.details.conditions[0]).toMatchObject({ code: 'directory.unknownUnit', field: 'unitId', zh: expect.stringContaining('所在单位') });
    await t.http().post('/api/admin/cadres').set(admin).send({ id: 'cadre-wanglei', name: '王磊', unitId: 'unit-jinan-dev' }).expect(409);

    const picked = await t
      .http()
      .get('/api/directory/cadres')
      .query({ q: 'wl' })
      .set(await t.as('officer1'))
      .expect(200);
    expect(picked.body).toEqual([
      { id: 'cadre-wanglei', name: '王磊', position: '副主任', rank: '二级调研员', unit: { id: 'unit-jinan-dev', name: '济南市发展和改革委员会' } },
    ]);
    // Qingdao's officer picks among Qingdao's units only.
    const elsewhere = await t
      .http()
      .get('/api/directory/cadres')
      .query({ q: 'wl' })
      .set(await t.as('officer3'))
      .expect(200);
    expect(elsewhere.body).toEqual([]);

    const opened = await open(t, { procedure: 'tolerance', ...exOfficio, cadreId: 'cadre-wanglei' });
    expect(opened.status).toBe(201);
    expect(opened.body.cadre).toEqual({ id: 'cadre-wanglei', name: '王磊' });
    const found = await t
      .http()
      .get('/api/cases')
      .query({ q: '王磊' })
      .set(await t.as('officer1'))
      .expect(200);
    expect(found.body.items.map((item: { id: string }) => item.id)).toEqual([opened.body.id]);
    // The queue's search reads the directory's names as they are now: the pinyin initials find the case too.
    const byInitials = await t
      .http()
      .get('/api/cases')
      .query({ q: 'wl' })
      .set(await t.as('officer1'))
      .expect(200);
    expect(byInitials.body.items.map((item: { id: string }) => item.id)).toEqual([opened.body.id]);
  });
});

describe('the tree of bodies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  const parentOf = async (id: string) =>
    (
      (
        await t
          .http()
          .get('/api/admin/bodies')
          .set(await t.as('sysadmin1'))
          .expect(200)
      ).body as Array<{ id: string; parentId: string | null }>
    ).find((body) => body.id === id)?.parentId;

  it('adds bodies under their parent, moves them, and refuses a cycle, an unknown parent and a taken short name with the field named', async () => {
    const admin = await t.as('sysadmin1');
    await t
      .http()
      .post('/api/admin/bodies')
      .set(admin)
      .send({ id: 'jinan-lixia', name: '济南市历下区纪委监委', shortName: '历下', parentId: 'jinan' })
      .expect(201);
    expect(await parentOf('jinan-lixia')).toBe('jinan');

    const cycle = await t.http().patch('/api/admin/bodies/jinan').set(admin).send({ parentId: 'jinan-lixia' }).expect(400);
    expect(cycle.body.details.conditions[0]).toMatchObject({ code: 'directory.cycle', field: 'parentId', zh: expect.stringContaining('下级机关') });
    const self = await t.http().patch('/api/admin/bodies/jinan').set(admin).send({ parentId: 'jinan' }).expect(400);
    expect(self.body.details.conditions[0].code).toBe('directory.cycle');
    // Refused: Jinan stays under the provincial body its appeals go to.
    expect(await parentOf('jinan')).toBe('shandong');

    const unknown = await t.http().patch('/api/admin/bodies/jinan-lixia').set(admin).send({ parentId: 'no-such-body' }).expect(400);
    expect(unknown.body.details.conditions[0]).toMatchObject({ code: 'directory.unknownParent', field: 'parentId' });
    const taken = await t.http().post('/api/admin/bodies').set(admin).send({ id: 'jinan-other', name: '另一个机关', shortName: '济' }).expect(409);
    expect(taken.body.details.conditions[0]).toMatchObject({ code: 'directory.shortNameTaken', field: 'shortName' });
    expect(await parentOf('jinan-other')).toBeUndefined();

    // A move carries the body's cases with it: they name the body by its id, which stays.
    await t.http().patch('/api/admin/bodies/jinan-lixia').set(admin).send({ parentId: 'qingdao' }).expect(200);
    expect(await parentOf('jinan-lixia')).toBe('qingdao');
    await t.http().patch('/api/admin/bodies/jinan-lixia').set(admin).send({ parentId: null }).expect(200);
    expect(await parentOf('jinan-lixia')).toBeNull();
  });
});

describe('case numbers under concurrency', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
  });

  it('200 openings at once (two instances on PostgreSQL) get 200 distinct consecutive numbers', async () => {
    // All 200 at once queue on the series row: each instance holds a connection per opening waiting
    // for the lock, and the pool refuses a caller that waits for a connection longer than 10 s. On a
    // loaded two-core machine 100 openings through a pool of 10 can wait longer than that, so the
    // instances get pools of 50 here (the lock itself waits without limit).
    const env = { DB_POOL_SIZE: '50' };
    const first = await startTestApp({ env });
    apps.push(first);
    // SQLite is one instance per file; PostgreSQL deployments run several on one database.
    if (testDialect() === 'postgres') apps.push(await startTestApp({ dbPath: first.dbPath, clock: first.clock, env }));
    const headers = await Promise.all(apps.map((app) => app.as('officer1')));
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        apps[i % apps.length]
          .http()
          .post('/api/cases')
          .set(headers[i % apps.length])
          .send({ procedure: 'tolerance', ...exOfficio }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 200 }, () => 201));
    const numbers = answers.map((answer) => answer.body.caseNo as string);
    expect(new Set(numbers).size).toBe(200);
    expect(numbers.map(seqOf).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  }, 300_000);
});

describe('the migration numbers the cases that existed before it', () => {
  let t: TestApp | undefined;
  afterAll(() => t?.close());

  it('gives existing cases numbers per series in the order they were opened, and the series continue from there', async () => {
    const before = await startTestApp();
    const ids: string[] = [];
    for (const body of [exOfficio, exOfficio, anonymousLead.data]) {
      const procedure = body === anonymousLead.data ? 'clarification' : 'tolerance';
      before.clock.set(new Date(before.clock.now().getTime() + 60_000).toISOString());
      ids.push((await open(before, { procedure, ...body })).body.id);
    }
    const { dbPath, config } = before;
    await before.close();

    // The database as it was before the migration: undo it and every later one (their `down`), then
    // start the service again.
    const source = await new DataSource(dataSourceOptions(config)).initialize();
    try {
      const executor = new MigrationExecutor(source);
      for (;;) {
        const [last] = await executor.getExecutedMigrations();
        await source.undoLastMigration({ transaction: 'all' });
        if (last.name === 'DirectoryAndCaseNumbers1765700000000') break;
      }
    } finally {
      await source.destroy();
    }
    t = await startTestApp({ dbPath });
    const db = await openRawDatabase(dbPath);
    try {
      const rows = await db.query<{ id: string; case_no: string }>('SELECT id, case_no FROM cases');
      const numberOf = new Map(rows.map((row) => [row.id, row.case_no]));
      // Bodies the migration found are named by their id until the administrator names them.
      expect(ids.map((id) => numberOf.get(id))).toEqual(['jinan纪容〔2026〕1号', 'jinan纪容〔2026〕2号', 'jinan纪澄〔2026〕1号']);
    } finally {
      await db.close();
    }
    const next = await open(t, { procedure: 'tolerance', ...exOfficio });
    expect(next.status).toBe(201);
    expect(next.body.caseNo).toBe('jinan纪容〔2026〕3号');
    expect(next.body.cadre.name).toBe('张明');
  });
});
