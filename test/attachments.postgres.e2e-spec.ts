import { createHash, randomBytes } from 'node:crypto';
import { FILES } from './support/attachment-files';
import { PathDriver } from './support/path-driver';
import { startTestApp, tempDbPath, type TestApp } from './support/test-app';

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/**
 * On PostgreSQL the attachments' store is the database itself (chunked rows), so two instances
 * behind one load balancer serve the same file with no shared disk.
 */
describe('attachments on PostgreSQL, two instances', () => {
  let a: TestApp;
  let b: TestApp;
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('a file uploaded through one instance and cited there is served, byte for byte, by the other', async () => {
    const dbPath = tempDbPath();
    a = await startTestApp({ dbPath });
    b = await startTestApp({ dbPath });
    const driver = new PathDriver(a);
    const caseId = await driver.drive('tolerance', driver.paths('tolerance').get('awaitingSupplement')!);
    // Over two chunks and a half, so the file is read back from several rows in order.
    const content = Buffer.concat([FILES.pdf('多实例'), randomBytes(2.5 * 1024 * 1024)]);
    const uploaded = await a
      .http()
      .post(`/api/cases/${caseId}/attachments`)
      .set(await a.as('applicant1'))
      .attach('file', content, '补正材料.pdf')
      .expect(201);
    // The event is sent to the other instance: it finds the upload and its content in the shared store.
    const sent = await b.sendEvent(caseId, 'applicant1', 'RESUBMIT', { supplement: '补正', attachments: [uploaded.body.id] });
    expect(sent.status).toBe(200);
    const fetched = await b
      .http()
      .get(`/api/cases/${caseId}/attachments/${uploaded.body.id}/content`)
      .set(await b.as('officer1'))
      .buffer(true)
      .parse((res, callback) => {
        const parts: Buffer[] = [];
        res.on('data', (chunk: Buffer) => parts.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(parts)));
      })
      .expect(200);
    expect(sha256(fetched.body as Buffer)).toBe(sha256(content));
    const trail = (
      await b
        .http()
        .get(`/api/cases/${caseId}/trail`)
        .set(await b.as('auditor1'))
        .expect(200)
    ).body as Array<Record<string, any>>;
    expect(trail.at(-1)!.data.attachments[0]).toMatchObject({ digest: sha256(content), size: content.length });
  });
});
