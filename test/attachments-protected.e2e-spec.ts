import { PathDriver } from './support/path-driver';
import { startTestApp, type TestApp } from './support/test-app';
import { FILES } from './support/attachment-files';

/**
 * A protected attachment (a reporter's letter in a report-lead case): its name and content are
 * read only under an approved reveal held by the reader, and every download of it is an entry on
 * the case's own chain.
 */
describe('protected attachments', () => {
  let t: TestApp;
  let caseId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const driver = new PathDriver(t);
    // A signed report that proves false: the clarification (report lead) holds the reporter's sealed identity.
    const falseAccusationId = await driver.drive('falseAccusation', driver.paths('falseAccusation').get('closed')!);
    caseId = (await driver.view(falseAccusationId)).links.origin.caseId;
  });
  afterAll(() => t.close());

  const trail = async () =>
    (
      await t
        .http()
        .get(`/api/cases/${caseId}/trail`)
        .set(await t.as('auditor1'))
        .expect(200)
    ).body as Array<Record<string, any>>;

  it('needs a granted reveal, and each download is on the case chain', async () => {
    const letter = FILES.pdf('检举信 王某某 138-0000-0000');
    const uploaded = await t
      .http()
      .post(`/api/cases/${caseId}/attachments?protected=true&record=true`)
      .set(await t.as('officer1'))
      .attach('file', letter, '王某某的检举信.pdf')
      .expect(201);
    expect(uploaded.body).toMatchObject({ protected: true, cited: true, citedBy: 'ATTACHMENT_ADDED' });

    // The entry that put it on the record names its digest, not its name (which may name its writer).
    const added = (await trail()).filter((entry) => entry.event === 'ATTACHMENT_ADDED').at(-1)!;
    expect(added.data.attachments[0]).toMatchObject({ id: uploaded.body.id, protected: true, digest: uploaded.body.digest });
    expect(JSON.stringify(added)).not.toContain('王某某');

    // Without a grant: the list hides the name, the download is refused with the reason.
    const listed = (
      await t
        .http()
        .get(`/api/cases/${caseId}/attachments`)
        .set(await t.as('officer2'))
        .expect(200)
    ).body as Array<Record<string, any>>;
    expect(listed.find((file) => file.id === uploaded.body.id)).toMatchObject({ name: null, protected: true, downloadable: false });
    const downloadsBefore = (await trail()).filter((entry) => entry.event === 'ATTACHMENT_DOWNLOADED').length;
    const refused = await t
      .http()
      .get(`/api/cases/${caseId}/attachments/${uploaded.body.id}/content`)
      .set(await t.as('officer2'));
    expect(refused.status).toBe(403);
    expect(refused.body.details.conditions[0]).toMatchObject({ code: 'attachment.needsGrant' });
    expect(refused.body.details.conditions[0].zh).toContain('查阅');

    // A reveal asked by officer2, granted by a leader.
    const asked = await t
      .http()
      .post(`/api/cases/${caseId}/reveals`)
      .set(await t.as('officer2'))
      .send({ reason: '核查检举信原件' })
      .expect(201);
    await t
      .http()
      .post(`/api/reveals/${asked.body.id}/decision`)
      .set(await t.as('leader1'))
      .send({ approve: true, validHours: 2 })
      .expect(201);

    const fetched = await t
      .http()
      .get(`/api/cases/${caseId}/attachments/${uploaded.body.id}/content`)
      .set(await t.as('officer2'))
      .buffer(true)
      .parse((res, callback) => {
        const parts: Buffer[] = [];
        res.on('data', (chunk: Buffer) => parts.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(parts)));
      })
      .expect(200);
    expect(Buffer.compare(fetched.body as Buffer, letter)).toBe(0);
    // The grant is the requester's: the leader who granted it is still refused.
    expect(
      (
        await t
          .http()
          .get(`/api/cases/${caseId}/attachments/${uploaded.body.id}/content`)
          .set(await t.as('leader1'))
      ).status,
    ).toBe(403);

    // The uploader reads it back without a grant; that download is on the chain too.
    await t
      .http()
      .get(`/api/cases/${caseId}/attachments/${uploaded.body.id}/content`)
      .set(await t.as('officer1'))
      .expect(200);
    const downloads = (await trail()).filter((entry) => entry.event === 'ATTACHMENT_DOWNLOADED');
    expect(downloads).toHaveLength(downloadsBefore + 2);
    expect(downloads.at(-2)).toMatchObject({ actorId: 'officer2' });
    expect(downloads.at(-1)).toMatchObject({ actorId: 'officer1', data: { attachment: { id: uploaded.body.id, digest: uploaded.body.digest } } });
    // The chain stays intact with the new entries on it.
    const verified = await t
      .http()
      .get('/api/audit/verify')
      .set(await t.as('auditor1'))
      .expect(200);
    expect(verified.body.ok).toBe(true);
  });

  it('only staff mark a file protected; a party may not', async () => {
    const response = await t
      .http()
      .post(`/api/cases/${caseId}/attachments?protected=true`)
      .set(await t.as('applicant1'))
      .attach('file', FILES.txt(), 'x.txt');
    expect([403, 404]).toContain(response.status);
  });
});
