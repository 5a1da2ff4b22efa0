import { PathDriver } from './support/path-driver';
import { startTestApp, type TestApp } from './support/test-app';

const HOUR = 3600_000;

interface Entry {
  event: string;
  actorId: string;
  actorRole: string;
  outcome: string;
  data: Record<string, any>;
}

/**
 * Reads on the record (issue 15; 检举控告工作规则 art. 52): exports, trail searches by auditors and
 * the audit administrator, and full case files read outside one's own queue are entries on the
 * `audit-reads` chain, which the audit administrator reads; repeats within the hour add nothing.
 */
describe('reads on the record', () => {
  let t: TestApp;
  let driver: PathDriver;
  let verifying: string;
  let inReview: string;

  beforeAll(async () => {
    t = await startTestApp();
    driver = new PathDriver(t);
    verifying = await driver.drive('tolerance', driver.paths('tolerance').get('verifying')!);
    inReview = await driver.drive('tolerance', driver.paths('tolerance').get('inReview')!);
  });
  afterAll(() => t.close());

  /** The audit-reads chain as the audit administrator reads it (their own searches are recorded too). */
  const reads = async (): Promise<Entry[]> =>
    (
      await t
        .http()
        .get('/api/audit/entries?stream=audit-reads&pageSize=200&order=asc')
        .set(await t.as('auditadmin1'))
        .expect(200)
    ).body.items;
  const caseReads = async (caseId: string) => (await reads()).filter((entry) => entry.event === 'CASE_FILE_READ' && entry.data.caseId === caseId);

  it("a case file read outside one's own queue is recorded once an hour per reader; one's own work is not", async () => {
    // The case officer's queue: it is the officer's turn. The reviewer has no business with it yet.
    await t
      .http()
      .get(`/api/cases/${verifying}`)
      .set(await t.as('officer2'))
      .expect(200);
    await t
      .http()
      .get(`/api/cases/${verifying}/trail`)
      .set(await t.as('officer2'))
      .expect(200);
    await t
      .http()
      .get(`/api/cases/${verifying}`)
      .set(await t.as('reviewer1'))
      .expect(200);
    await t
      .http()
      .get(`/api/cases/${verifying}/trail`)
      .set(await t.as('reviewer1'))
      .expect(200);
    await t
      .http()
      .get(`/api/cases/${verifying}`)
      .set(await t.as('reviewer1'))
      .expect(200);
    // The cadre reads their own case as a party: nothing to record.
    await t
      .http()
      .get(`/api/cases/${verifying}`)
      .set(await t.as('applicant1'))
      .expect(200);
    let recorded = await caseReads(verifying);
    expect(recorded.map((entry) => [entry.actorId, entry.actorRole, entry.outcome, entry.data.read])).toEqual([['reviewer1', 'reviewer', 'read', 'case']]);
    expect(recorded[0].data).toMatchObject({ procedure: 'tolerance', state: 'verifying' });
    t.clock.advance(HOUR + 1000);
    await t
      .http()
      .get(`/api/cases/${verifying}/trail`)
      .set(await t.as('reviewer1'))
      .expect(200);
    recorded = await caseReads(verifying);
    expect(recorded.map((entry) => [entry.actorId, entry.data.read])).toEqual([
      ['reviewer1', 'case'],
      ['reviewer1', 'trail'],
    ]);
  });

  it('whoever acted on a case reads it as their own work later; auditors are always on the record', async () => {
    // The officer who verified it took steps on it; the review is now the reviewer's turn.
    await t
      .http()
      .get(`/api/cases/${inReview}`)
      .set(await t.as('officer1'))
      .expect(200);
    await t
      .http()
      .get(`/api/cases/${inReview}`)
      .set(await t.as('reviewer1'))
      .expect(200);
    await t
      .http()
      .get(`/api/cases/${inReview}`)
      .set(await t.as('committee1'))
      .expect(200);
    await t
      .http()
      .get(`/api/cases/${inReview}/trail`)
      .set(await t.as('auditor1'))
      .expect(200);
    // (The path driver itself reads as auditor1, so the auditor has entries from then too.)
    const recorded = new Set((await caseReads(inReview)).map((entry) => `${entry.actorId} ${entry.actorRole}`));
    expect([...recorded].sort()).toEqual(['auditor1 auditor', 'committee1 committee']);
  });

  it('a list is not a way round it: list items carry a summary of the record, not the record', async () => {
    const full = await driver.view(inReview);
    const listed = (
      await t
        .http()
        .get('/api/cases?procedure=tolerance&state=inReview')
        .set(await t.as('committee1'))
        .expect(200)
    ).body.items[0];
    expect(listed.id).toBe(inReview);
    expect(Object.keys(full.data).length).toBeGreaterThan(4);
    expect(Object.keys(listed.data).every((key) => ['parties', 'outcome'].includes(key) || typeof listed.data[key] === 'string')).toBe(true);
    expect(Object.keys(listed.data).length).toBeLessThanOrEqual(3);
    expect(listed.data.parties).toEqual(full.data.parties);
  });

  it('searches are recorded with their filter and how many entries matched, once per filter and hour; exports every time', async () => {
    const auditor = await t.as('auditor1');
    const first = await t.http().get(`/api/audit/entries?caseId=${inReview}&pageSize=2`).set(auditor).expect(200);
    await t.http().get(`/api/audit/entries?caseId=${inReview}&pageSize=2&page=2`).set(auditor).expect(200);
    await t.http().get(`/api/audit/entries?caseId=${inReview}&refused=true`).set(auditor).expect(200);
    const exported = await t.http().get('/api/audit/export').set(auditor).expect(200);
    await t
      .http()
      .get('/api/audit/export')
      .set(await t.as('auditadmin1'))
      .expect(200);
    const lines = exported.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.at(-1)).toMatchObject({
      streamId: 'audit-reads',
      event: 'TRAIL_EXPORTED',
      actorId: 'auditor1',
      data: { entries: lines.length - 1, format: 'ndjson' },
    });
    const recorded = (await reads()).filter((entry) => entry.actorId === 'auditor1' && entry.event !== 'CASE_FILE_READ');
    expect(recorded.map((entry) => [entry.event, entry.data.filter ?? null, entry.data.matched ?? null])).toEqual([
      ['TRAIL_SEARCHED', { caseId: inReview }, first.body.total],
      ['TRAIL_SEARCHED', { caseId: inReview, refused: true }, 0],
      ['TRAIL_EXPORTED', null, null],
    ]);
    const byAdministrator = (await reads()).filter((entry) => entry.actorId === 'auditadmin1').map((entry) => entry.event);
    expect(byAdministrator).toEqual(expect.arrayContaining(['TRAIL_EXPORTED', 'TRAIL_SEARCHED']));
    // Staff cannot read the chain of reads; the trail still verifies with it.
    await t
      .http()
      .get('/api/audit/entries?stream=audit-reads')
      .set(await t.as('officer1'))
      .expect(403);
    expect((await t.http().get('/api/audit/verify').set(auditor).expect(200)).body.ok).toBe(true);
  });
});
