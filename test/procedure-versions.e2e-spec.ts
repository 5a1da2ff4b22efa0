import { guardKit, ProcedureRegistry, unmet, type ProcedureDefinition } from '../workflows/core';
import { procedureRegistry } from '../workflows';
import { toleranceV1 } from '../workflows/tolerance/tolerance.definition';
import { toleranceSamples } from '../workflows/tolerance/tolerance.samples';
import { startTestApp, tempDbPath } from './support/test-app';

/** A hypothetical version 2 in which applicants may no longer withdraw (a changed rule, which names itself). */
const noWithdrawal = guardKit<unknown, never>().requires(() => [
  unmet('withdraw.notInVersion2', '第2版不再允许撤回申请', 'Version 2 lets no application be withdrawn'),
]);
const toleranceV2: ProcedureDefinition = {
  ...toleranceV1,
  version: 2,
  machine: toleranceV1.machine.provide({ guards: { isApplication: noWithdrawal as never } }),
};

describe('procedure versions', () => {
  it('a case started on version 1 finishes on version 1 after version 2 ships; new cases start on version 2', async () => {
    const dbPath = tempDbPath();
    const application = toleranceSamples.creations[0].data;
    const before = await startTestApp({ dbPath });
    const old = await before
      .http()
      .post('/api/cases')
      .set(await before.as('applicant1'))
      .send({ procedure: 'tolerance', ...application })
      .expect(201);
    expect(old.body.procedureVersion).toBe(1);
    await before.close();

    const registry = new ProcedureRegistry(procedureRegistry().all()).register(toleranceV2);
    const after = await startTestApp({ dbPath, registry });
    const applicant = await after.as('applicant1');
    const fresh = await after
      .http()
      .post('/api/cases')
      .set(applicant)
      .send({ procedure: 'tolerance', ...application })
      .expect(201);
    expect(fresh.body.procedureVersion).toBe(2);

    const refused = await after
      .http()
      .post(`/api/cases/${fresh.body.id}/events`)
      .set(applicant)
      .send({ type: 'WITHDRAW', expectedVersion: 1, ...toleranceSamples.events.WITHDRAW[0].data });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CASE.GUARD_REFUSED');
    expect(refused.body.details.conditions).toEqual([
      { code: 'withdraw.notInVersion2', zh: '第2版不再允许撤回申请', en: 'Version 2 lets no application be withdrawn' },
    ]);

    const finished = await after
      .http()
      .post(`/api/cases/${old.body.id}/events`)
      .set(applicant)
      .send({ type: 'WITHDRAW', expectedVersion: 1, ...toleranceSamples.events.WITHDRAW[0].data })
      .expect(200);
    expect(finished.body).toMatchObject({ procedureVersion: 1, state: 'withdrawn', status: 'done' });
    await after.close();
  });
});
