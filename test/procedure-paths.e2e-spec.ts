import { PROCEDURE_DEFINITIONS } from '../workflows';
import { drivenApp, type PathDriver } from './support/path-driver';
import type { TestApp } from './support/test-app';

/**
 * Every state of every procedure, reached end to end through HTTP along the shortest path the
 * machine's graph offers: the main path and each branch, with real users, real tokens, real SQLite.
 */
describe.each(PROCEDURE_DEFINITIONS.map((definition) => [definition.id]))('%s through the API', (procedure) => {
  let t: TestApp;
  let driver: PathDriver;
  beforeAll(async () => ({ t, driver } = await drivenApp()));
  afterAll(() => t.close());

  const states = Object.keys(PROCEDURE_DEFINITIONS.find((d) => d.id === procedure)!.states);

  it.each(states.map((state) => [state]))(
    'reaches %s',
    async (state) => {
      const path = driver.paths(procedure).get(state);
      expect(path).toBeDefined();
      const caseId = await driver.drive(procedure, path!);
      const view = await driver.view(caseId);
      expect(view.state).toBe(state);
      expect(view.version).toBe(path!.steps.length + 1);
      const trail = (
        await t
          .http()
          .get(`/api/cases/${caseId}/trail`)
          .set(await t.as('auditor1'))
          .expect(200)
      ).body;
      expect(trail.filter((entry: { outcome: string }) => entry.outcome === 'applied').map((entry: { event: string }) => entry.event)).toEqual([
        'CREATE',
        ...path!.steps.map((step) => step.type),
      ]);
      // A follow-up case is reached through its origin's whole path first (an appeal: a tolerance case to its appeal).
    },
    120_000,
  );

  it('leaves a trail that verifies', async () => {
    const verify = await t
      .http()
      .get('/api/audit/verify')
      .set(await t.as('auditor1'))
      .expect(200);
    expect(verify.body).toMatchObject({ ok: true });
  });
});
