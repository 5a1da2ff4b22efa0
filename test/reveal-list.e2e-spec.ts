import { signedLead } from '../workflows/clarification/clarification.samples';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * A leader's list of requests to read a sealed identity that wait for a decision (the page 待批身份查阅):
 * only the cases the caller sees in full, each with its case number, and nothing sealed in it.
 */
describe('GET /api/reveals: the requests waiting for a decision', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('lists a waiting request to the leader with its case number, not to staff of another jurisdiction, and drops it once decided', async () => {
    const officer = await t.as('officer1');
    const created = await t
      .http()
      .post('/api/cases')
      .set(officer)
      .send({ procedure: 'clarification', ...signedLead.data })
      .expect(201);
    const caseId = created.body.id as string;
    const asked = await t.http().post(`/api/cases/${caseId}/reveals`).set(officer).send({ reason: '核实补充材料来源' }).expect(201);

    const listed = await t
      .http()
      .get('/api/reveals')
      .set(await t.as('leader1'))
      .expect(200);
    const mine = listed.body.find((item: { id: string }) => item.id === asked.body.id);
    expect(mine).toMatchObject({
      caseId,
      caseNo: created.body.caseNo,
      procedure: 'clarification',
      status: 'pending',
      requestedBy: 'officer1',
      reason: '核实补充材料来源',
    });
    for (const secret of ['王某某', '138-0000-0000', 'applicant2']) expect(JSON.stringify(listed.body)).not.toContain(secret);

    // officer3 sees Qingdao only: a Jinan case's request is not theirs to see.
    const elsewhere = await t
      .http()
      .get('/api/reveals')
      .set(await t.as('officer3'))
      .expect(200);
    expect(elsewhere.body.map((item: { id: string }) => item.id)).not.toContain(asked.body.id);

    const refused = await t
      .http()
      .get('/api/reveals')
      .set(await t.as('auditor1'))
      .expect(403);
    expect(refused.body.details.conditions[0]).toMatchObject({ zh: '只有承办人和领导可以查看查阅申请' });

    await t
      .http()
      .post(`/api/reveals/${asked.body.id}/decision`)
      .set(await t.as('leader1'))
      .send({ approve: false })
      .expect(201);
    const after = await t
      .http()
      .get('/api/reveals')
      .set(await t.as('leader1'))
      .expect(200);
    expect(after.body.map((item: { id: string }) => item.id)).not.toContain(asked.body.id);
  });
});
