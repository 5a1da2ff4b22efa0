import { drivenApp, type PathDriver } from './support/path-driver';
import type { TestApp } from './support/test-app';

/**
 * Issue 20 §2: the system administrator edits the documents' templates. A save makes a new version
 * on the admin chain; a template with an unknown placeholder or broken syntax is refused naming the
 * line, and a refused save changes nothing; documents issued before keep their version.
 */
describe('document templates', () => {
  let t: TestApp;
  let driver: PathDriver;
  beforeAll(async () => ({ t, driver } = await drivenApp()));
  afterAll(() => t.close());

  const adminChain = async () =>
    (
      await t
        .http()
        .get('/api/audit/export')
        .set(await t.as('auditadmin1'))
        .expect(200)
    ).text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.streamId === 'admin');

  const history = async (kind: string) =>
    (
      await t
        .http()
        .get(`/api/admin/document-templates/${kind}`)
        .set(await t.as('sysadmin1'))
        .expect(200)
    ).body as Array<{ version: number; source: string }>;

  /** A tolerance case just rejected: its 不予受理通知书 issued from the template in force. */
  const rejectedCase = async () => {
    const path = driver.paths('tolerance').get('rejected')!;
    const caseId = await driver.drive('tolerance', path);
    const documents = (
      await t
        .http()
        .get(`/api/cases/${caseId}/documents`)
        .set(await t.as('auditor1'))
        .expect(200)
    ).body as Array<{ kind: string; templateVersion: number; title: string }>;
    return documents.find((doc) => doc.kind === 'rejectionNotice')!;
  };

  it('lists every kind with its version in force and its placeholders, to the system administrator only', async () => {
    const list = (
      await t
        .http()
        .get('/api/admin/document-templates')
        .set(await t.as('sysadmin1'))
        .expect(200)
    ).body as Array<{ kind: string; version: number; placeholders: Record<string, string> }>;
    expect(list.map((template) => template.kind)).toContain('exemptionDecision');
    expect(list.find((template) => template.kind === 'rejectionNotice')).toMatchObject({
      version: 1,
      placeholders: expect.objectContaining({ 不予受理理由: expect.any(String), 文号: expect.any(String) }),
    });
    await t
      .http()
      .get('/api/admin/document-templates')
      .set(await t.as('officer1'))
      .expect(403);
  });

  it('refuses an unknown placeholder, an open brace and a missing body, naming each line; nothing changes', async () => {
    const before = (await adminChain()).length;
    const refused = await t
      .http()
      .put('/api/admin/document-templates/rejectionNotice')
      .set(await t.as('sysadmin1'))
      .send({ source: '【标题】不予受理通知书\n【主送】{{当事人}}同志\n【正文】\n经审查，{{申请金额}}不符合条件。\n理由：{{不予受理理由}\n特此通知。' })
      .expect(400);
    expect(refused.body.code).toBe('DOCUMENT.TEMPLATE_INVALID');
    expect(refused.body.details.faults.map((fault: { line: number }) => fault.line)).toEqual([4, 5]);
    const zh = refused.body.details.conditions.map((c: { zh: string }) => c.zh);
    expect(zh[0]).toContain('第4行');
    expect(zh[0]).toContain('{{申请金额}}');
    expect(zh[1]).toContain('第5行');
    expect(refused.body.details.conditions[1].en).toContain('line 5');

    const noBody = await t
      .http()
      .put('/api/admin/document-templates/rejectionNotice')
      .set(await t.as('sysadmin1'))
      .send({ source: '【标题】不予受理通知书\n【落款】本机关' })
      .expect(400);
    expect(noBody.body.details.conditions.map((c: { zh: string }) => c.zh)).toEqual([
      expect.stringContaining('第2行：不认识的段落标记'),
      '缺少【正文】或正文为空',
    ]);

    await t
      .http()
      .put('/api/admin/document-templates/noSuchKind')
      .set(await t.as('sysadmin1'))
      .send({ source: '【标题】x\n【正文】y' })
      .expect(404);
    await t
      .http()
      .put('/api/admin/document-templates/rejectionNotice')
      .set(await t.as('secadmin1'))
      .send({ source: '【标题】x\n【正文】y' })
      .expect(403);
    expect(await history('rejectionNotice')).toHaveLength(1);
    expect((await adminChain()).length).toBe(before);
  });

  it('saves a new version on the admin chain; new documents use it, documents issued before keep theirs', async () => {
    const old = await rejectedCase();
    expect(old.templateVersion).toBe(1);

    const source =
      '【标题】容错免责申请不予受理决定\n【主送】{{当事人}}同志\n【正文】\n你提出的申请（{{案件编号}}）不予受理。理由：{{不予受理理由}}\n特此通知。';
    const saved = await t
      .http()
      .put('/api/admin/document-templates/rejectionNotice')
      .set(await t.as('sysadmin1'))
      .send({ source, expectedVersion: 1 })
      .expect(200);
    expect(saved.body).toMatchObject({ kind: 'rejectionNotice', version: 2 });
    const entry = (await adminChain()).at(-1);
    expect(entry).toMatchObject({ event: 'DOCUMENT_TEMPLATE_SAVED', actorId: 'sysadmin1', data: { kind: 'rejectionNotice', version: 2, source } });

    // An editor who loaded version 1 cannot overwrite version 2 unseen.
    const stale = await t
      .http()
      .put('/api/admin/document-templates/rejectionNotice')
      .set(await t.as('sysadmin1'))
      .send({ source, expectedVersion: 1 })
      .expect(409);
    expect(stale.body.details.conditions[0].zh).toContain('第2版');
    expect(await history('rejectionNotice')).toHaveLength(2);

    const fresh = await rejectedCase();
    expect(fresh).toMatchObject({ templateVersion: 2, title: '容错免责申请不予受理决定' });
    expect(old.title).toBe('容错免责申请不予受理通知书');
  });

  it('a template saved while a document is being issued: the document is wholly the old version or wholly the new one', async () => {
    const path = driver.paths('tolerance').get('rejected')!;
    const last = path.steps.at(-1)!;
    expect(last.type).toBe('REJECT');
    const caseId = await driver.drive('tolerance', { ...path, steps: path.steps.slice(0, -1) });
    const before = (await history('rejectionNotice')).length;
    const titles: Record<number, string> = {};
    for (const version of await history('rejectionNotice')) titles[version.version] = /【标题】(.*)/.exec(version.source)![1];
    const source = '【标题】容错免责申请不予受理决定（修订）\n【主送】{{当事人}}同志\n【正文】\n你提出的申请（{{案件编号}}）不予受理。理由：{{不予受理理由}}';

    // The step that issues the notice and the save race each other.
    const [, saved] = await Promise.all([
      driver.step(caseId, last.type, last.sample.actor, last.sample.data, last.sample.at),
      t
        .http()
        .put('/api/admin/document-templates/rejectionNotice')
        .set(await t.as('sysadmin1'))
        .send({ source, expectedVersion: before }),
    ]);
    expect(saved.status).toBe(200);
    titles[before + 1] = '容错免责申请不予受理决定（修订）';

    const documents = (
      await t
        .http()
        .get(`/api/cases/${caseId}/documents`)
        .set(await t.as('auditor1'))
        .expect(200)
    ).body as Array<{ kind: string; templateVersion: number; title: string }>;
    const notice = documents.find((doc) => doc.kind === 'rejectionNotice')!;
    expect([before, before + 1]).toContain(notice.templateVersion);
    // The title is the one of the version the document names: never one version's text under another's number.
    expect(notice.title).toBe(titles[notice.templateVersion].replace(/\{\{[^}]+\}\}/g, (name) => name));
    expect(await history('rejectionNotice')).toHaveLength(before + 1);
  });
});
