import { DataSource } from 'typeorm';
import { correctionSamples } from '../workflows/correction/correction.samples';
import { drivenApp, type PathDriver } from './support/path-driver';
import type { TestApp } from './support/test-app';
import { testDialect } from './support/test-database';

describe('follow-up cases in the same transaction', () => {
  let t: TestApp;
  let driver: PathDriver;
  beforeAll(async () => ({ t, driver } = await drivenApp()));
  afterAll(() => t.close());

  it('stores durably: SQLite with WAL and synchronous=FULL, PostgreSQL sessions with synchronous_commit on', async () => {
    const dataSource = t.app.get(DataSource);
    if (testDialect() === 'postgres') {
      // The test server's default is off: what is read back is the service's own session setting.
      expect(await dataSource.query('SHOW synchronous_commit')).toEqual([{ synchronous_commit: 'on' }]);
      return;
    }
    expect(await dataSource.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    expect(await dataSource.query('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]);
  });

  it('a tolerance decision opens its linked correction case; the committee revoking it after escalation revokes the tolerance decision', async () => {
    const toleranceId = await driver.drive('tolerance', driver.paths('tolerance').get('closed')!);
    const tolerance = await driver.view(toleranceId);
    const link = tolerance.links.children.find((child: { procedure: string }) => child.procedure === 'correction');
    const correction = await driver.view(link.caseId);
    // Each link names the linked case by its number, as the pages show it.
    expect(link).toMatchObject({ relation: 'correctionOf', state: 'ordering', caseNo: correction.caseNo });
    expect(tolerance.caseNo).toEqual(expect.any(String));
    expect(correction.links.origin).toEqual({
      caseId: toleranceId,
      caseNo: tolerance.caseNo,
      procedure: 'tolerance',
      relation: 'correctionOf',
      state: 'closed',
    });
    const decisionEntry = (
      await t
        .http()
        .get(`/api/cases/${toleranceId}/trail`)
        .set(await t.as('auditor1'))
    ).body.find((entry: { data: { links?: unknown[] } }) => entry.data.links);
    expect(decisionEntry.data.links).toEqual([
      { opened: link.caseId, procedure: 'correction', relation: 'correctionOf', caseNo: expect.stringMatching(/纪纠〔2026〕\d+号$/) },
    ]);

    // Drive the linked correction case to escalation (the plan deadline passes) and let the committee decide.
    const toOverdue = driver.paths('correction').get('overdue')!;
    for (const step of toOverdue.steps) await driver.step(link.caseId, step.type, step.sample.actor, step.sample.data, step.sample.at);
    expect((await driver.view(link.caseId)).state).toBe('overdue');
    const revoke = correctionSamples.events.DECIDE_CONSEQUENCE.find((sample) => (sample.data.consequences as string[]).includes('revokeTolerance'))!;
    await driver.step(link.caseId, 'DECIDE_CONSEQUENCE', revoke.actor, revoke.data, revoke.at);

    expect((await driver.view(link.caseId)).state).toBe('escalationClosed');
    const revoked = await driver.view(toleranceId);
    expect(revoked).toMatchObject({ state: 'revoked', status: 'done' });
    const last = (
      await t
        .http()
        .get(`/api/cases/${toleranceId}/trail`)
        .set(await t.as('auditor1'))
    ).body.at(-1);
    expect(last).toMatchObject({ event: 'DECISION_REVOKED', actorId: 'system', fromState: 'closed', toState: 'revoked' });
    expect(last.data.fromCaseId).toBe(link.caseId);
    expect(
      (
        await t
          .http()
          .get('/api/audit/verify')
          .set(await t.as('auditor1'))
      ).body.ok,
    ).toBe(true);
  });

  it('a revocation the origin cannot take refuses the whole decision and changes neither case', async () => {
    // A correction case opened by an officer on its own has no tolerance decision to revoke.
    const own = driver.paths('correction').get('overdue')!;
    expect(correctionSamples.creations[own.creation].actor.role).toBe('officer');
    const id = await driver.drive('correction', own);
    const before = await driver.view(id);
    const revoke = correctionSamples.events.DECIDE_CONSEQUENCE.find((sample) => (sample.data.consequences as string[]).includes('revokeTolerance'))!;
    await expect(driver.step(id, 'DECIDE_CONSEQUENCE', revoke.actor, revoke.data, revoke.at)).rejects.toThrow(/409/);
    expect(await driver.view(id)).toMatchObject({ state: 'overdue', version: before.version });
  });
});
