import { toleranceSamples } from '../workflows/tolerance/tolerance.samples';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Staff and auditors read who acted by name (issue 23 §14): a trail read carries the account's
 * display name, the audit search's actor filter takes the name too; a party's timeline still never
 * says which official acted (§13).
 */
describe('who acted, by name', () => {
  let t: TestApp;
  let caseId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const applicant = await t.as('applicant1');
    caseId = (
      await t
        .http()
        .post('/api/cases')
        .set(applicant)
        .send({ procedure: 'tolerance', ...toleranceSamples.creations[0].data })
        .expect(201)
    ).body.id;
    await t.http().post(`/api/cases/${caseId}/events`).set(applicant).send({ type: 'SUBMIT', expectedVersion: 1 }).expect(200);
    await t
      .http()
      .post(`/api/cases/${caseId}/events`)
      .set(await t.as('officer1'))
      .send({ type: 'ACCEPT', expectedVersion: 2 })
      .expect(200);
  });
  afterAll(() => t?.close());

  it("the staff trail names the account that acted; the party's timeline names no official", async () => {
    const staff = (
      await t
        .http()
        .get(`/api/cases/${caseId}/trail`)
        .set(await t.as('officer2'))
        .expect(200)
    ).body as Array<Record<string, unknown>>;
    expect(staff.find((entry) => entry.event === 'ACCEPT')).toMatchObject({ actorId: 'officer1', actorName: '王强' });
    expect(staff.find((entry) => entry.event === 'SUBMIT')).toMatchObject({ actorId: 'applicant1', actorName: '张明' });
    const party = (
      await t
        .http()
        .get(`/api/cases/${caseId}/trail`)
        .set(await t.as('applicant1'))
        .expect(200)
    ).text;
    expect(party).not.toContain('王强');
    expect(party).not.toContain('officer1');
  });

  it('the audit search finds an official by name or by account, and by nothing else', async () => {
    const search = async (actor: string) =>
      (
        await t
          .http()
          .get(`/api/audit/entries?caseId=${caseId}&actor=${encodeURIComponent(actor)}`)
          .set(await t.as('auditor1'))
          .expect(200)
      ).body as { items: Array<Record<string, unknown>>; total: number };
    const byName = await search('王强');
    expect(byName.total).toBe(1);
    expect(byName.items[0]).toMatchObject({ event: 'ACCEPT', actorId: 'officer1', actorName: '王强' });
    expect((await search('officer1')).items.map((entry) => entry.event)).toEqual(['ACCEPT']);
    expect((await search('王')).total).toBe(0);
  });
});
