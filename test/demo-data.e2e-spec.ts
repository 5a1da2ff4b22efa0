import { DemoDataService } from '../src/demo/demo-data.service';
import { loadConfig } from '../src/config/app-config';
import { DEMO_TARGET_STATES } from '../src/demo/demo-plan';
import { startTestApp, tempDbPath, TestClock } from './support/test-app';

describe('demo data', () => {
  it('loads users and a dozen cases over all six procedures through the real engine, once', async () => {
    const dbPath = tempDbPath();
    const t = await startTestApp({ dbPath, demoCases: true, clock: new TestClock(new Date('2026-11-02T01:00:00.000Z')) });
    const list = await t
      .http()
      .get('/api/cases?pageSize=100')
      .set(await t.as('officer1'))
      .expect(200);
    const cases = list.body.items as Array<{ procedure: string; state: string }>;
    expect(cases.length).toBeGreaterThanOrEqual(12);
    expect(new Set(cases.map((c) => c.procedure))).toEqual(new Set(['tolerance', 'correction', 'clarification', 'falseAccusation', 'riskFiling', 'appeal']));
    for (const [procedure, states] of Object.entries(DEMO_TARGET_STATES)) {
      for (const state of states) expect(cases).toContainEqual(expect.objectContaining({ procedure, state }));
    }
    // The demo's registered filing is in the register, and the closed tolerance case found it before its decision.
    const filings = await t
      .http()
      .get('/api/registers/filings')
      .set(await t.as('officer1'))
      .expect(200);
    expect(filings.body.map((filing: { filingNo: string }) => filing.filingNo)).toEqual(['开改备〔2025〕7号']);
    const closed = (list.body.items as Array<{ id: string; procedure: string; state: string }>).find(
      (c) => c.procedure === 'tolerance' && c.state === 'closed',
    )!;
    const view = await t
      .http()
      .get(`/api/cases/${closed.id}`)
      .set(await t.as('auditor1'))
      .expect(200);
    expect(view.body.data.verification.riskFiling).toMatchObject({
      filingNo: '开改备〔2025〕7号',
      found: true,
      coversMatter: true,
      predatesDecision: true,
      inFavour: true,
    });
    expect(view.body.data.verification.findings.factorsInFavour).toContain('riskFiling');
    expect(
      (
        await t
          .http()
          .get('/api/audit/verify')
          .set(await t.as('auditor1'))
      ).body.ok,
    ).toBe(true);
    // Never loaded over existing data.
    expect(await t.app.get(DemoDataService).loadIntoEmptyDatabase()).toBe(false);
    const again = await t
      .http()
      .get('/api/cases?pageSize=100')
      .set(await t.as('officer1'))
      .expect(200);
    expect(again.body.total).toBe(list.body.total);
    await t.close();
  });

  it('can be switched off, and configuration is checked at start-up', () => {
    expect(loadConfig({ DEMO_DATA: 'off' }).demoData).toBe(false);
    expect(loadConfig({}).demoData).toBe(true);
    expect(() => loadConfig({ HASH_ALGORITHM: 'md5' })).toThrow(/sha256 or sm3/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });

  it('is never loaded in production: off by default there, and asking for it stops the start with the reason', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(64) };
    expect(loadConfig(production).demoData).toBe(false);
    expect(loadConfig({ ...production, DEMO_DATA: 'off' }).demoData).toBe(false);
    expect(() => loadConfig({ ...production, DEMO_DATA: 'on' })).toThrow(/DEMO_DATA=on is refused with NODE_ENV=production.*INITIAL_ADMIN_PASSWORD/);
    // Outside production the first start still gives a new user the demo.
    expect(loadConfig({ NODE_ENV: 'development' }).demoData).toBe(true);
  });
});
