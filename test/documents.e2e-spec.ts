import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { applyEvent, sampleEvent, type ExploredPath, type SampleEvent } from '../workflows/core';
import { PROCEDURE_SAMPLES, procedureRegistry } from '../workflows';
import { DOCUMENT_KINDS, DOCUMENTS_BY_STEP, type DocumentKind } from '../workflows/documents';
import { drivenApp, type PathDriver } from './support/path-driver';
import type { TestApp } from './support/test-app';

const run = promisify(execFile);
const registry = procedureRegistry();
const scratch = mkdtempSync(join(tmpdir(), 'documents-'));

/** The PDF's text through mupdf (ESM: a child process, test/support/pdf-tools.mjs). */
async function pdfText(bytes: Buffer): Promise<{ pages: number; text: string }> {
  const file = join(scratch, `${createHash('sha256').update(bytes).digest('hex')}.pdf`);
  writeFileSync(file, bytes);
  const { stdout } = await run(process.execPath, [join(__dirname, 'support', 'pdf-tools.mjs'), 'text', file]);
  return JSON.parse(stdout) as { pages: number; text: string };
}

/** The shortest explored path after which the sample step is accepted (the machine says so, purely). */
function pathBefore(driver: PathDriver, procedure: string, type: string, sample: SampleEvent) {
  const definition = registry.latest(procedure)!;
  const candidates = [...driver.paths(procedure).values()].sort((a, b) => a.steps.length - b.steps.length);
  return candidates.find(
    (path: ExploredPath) => applyEvent(definition, path.snapshot, sampleEvent(definition, PROCEDURE_SAMPLES[procedure], path.snapshot, type, sample)).accepted,
  );
}

async function binary(t: TestApp, url: string, user: string): Promise<{ status: number; body: Buffer; headers: Record<string, string> }> {
  const response = await t
    .http()
    .get(url)
    .set(await t.as(user))
    .buffer(true)
    .parse((res, callback) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => callback(null, Buffer.concat(chunks)));
    });
  return { status: response.status, body: response.body as Buffer, headers: response.headers as Record<string, string> };
}

/**
 * Issue 20 §2: every kind of document a procedure issues, generated along its paths through the
 * API; each PDF opens and shows its 文号 and title, its digest is the one the step's trail entry
 * records, and the verification answers match for it and no match for a copy with one byte changed.
 */
describe('documents (文书) issued along the procedures’ paths', () => {
  let t: TestApp;
  let driver: PathDriver;
  const issued = new Map<DocumentKind, { caseId: string; doc: Record<string, any> }>();

  beforeAll(async () => ({ t, driver } = await drivenApp()));
  afterAll(() => t.close());

  const steps = Object.entries(DOCUMENTS_BY_STEP).flatMap(([procedure, events]) =>
    Object.keys(events).flatMap((type) => (PROCEDURE_SAMPLES[procedure].events[type] ?? []).map((_, index) => [procedure, type, index] as const)),
  );

  it.each(steps)('%s %s (sample %i) issues its document, recorded on the trail', async (procedure, type, index) => {
    const sample = PROCEDURE_SAMPLES[procedure].events[type][index];
    // A state that takes the step as the graph's shortest path leaves it, or else the part of a
    // path that takes the step before it (a review that needs the defence recorded first).
    const containing = [...driver.paths(procedure).values()].find((candidate) => candidate.steps.some((step) => step.type === type));
    const path =
      pathBefore(driver, procedure, type, sample) ??
      (containing && {
        ...containing,
        steps: containing.steps.slice(
          0,
          containing.steps.findIndex((step) => step.type === type),
        ),
      });
    expect(path).toBeDefined();
    const caseId = await driver.drive(procedure, path!);
    await driver.step(caseId, type, sample.actor, sample.data, sample.at);
    const kind = DOCUMENTS_BY_STEP[procedure][type].kind(sample.data)!;

    const documents = (
      await t
        .http()
        .get(`/api/cases/${caseId}/documents`)
        .set(await t.as('auditor1'))
        .expect(200)
    ).body as Array<Record<string, any>>;
    const doc = documents.find((candidate) => candidate.event === type && candidate.kind === kind);
    expect(doc).toBeDefined();
    expect(doc!.docNo).toMatch(/^.+纪.+〔\d{4}〕\d+号$/);

    // The trail entry of the step records the same 文号, digest and template version.
    const trail = (
      await t
        .http()
        .get(`/api/cases/${caseId}/trail`)
        .set(await t.as('auditor1'))
        .expect(200)
    ).body as Array<Record<string, any>>;
    const entry = trail.filter((e) => e.event === type && e.outcome === 'applied').at(-1)!;
    expect(entry.data.documents).toEqual([
      expect.objectContaining({ kind, docNo: doc!.docNo, digest: doc!.digest, template: { kind, version: 1 }, verificationCode: doc!.verificationCode }),
    ]);

    // The PDF as served: its digest is the trail's, it opens and reads its 文号 and title.
    const pdf = await binary(t, `/api/cases/${caseId}/documents/${doc!.id}/pdf`, 'auditor1');
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(createHash('sha256').update(pdf.body).digest('hex')).toBe(entry.data.documents[0].digest);
    const { text } = await pdfText(pdf.body);
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain(doc!.docNo);
    expect(flat).toContain(doc!.title.replace(/\s+/g, ''));
    expect(flat).toContain(doc!.verificationCode);
    issued.set(kind, { caseId, doc: { ...doc!, bytes: pdf.body } });
  });

  it('generated every kind of document the procedures’ steps issue', () => {
    const stepKinds = new Set(
      steps.map(([procedure, type, index]) => DOCUMENTS_BY_STEP[procedure][type].kind(PROCEDURE_SAMPLES[procedure].events[type][index].data)),
    );
    expect([...issued.keys()].sort()).toEqual([...stepKinds].sort());
    // Every kind but the warning ladder's letters and the vetting reply (their own specs) comes from a step.
    expect(
      Object.keys(DOCUMENT_KINDS)
        .filter((kind) => !stepKinds.has(kind as DocumentKind))
        .sort(),
    ).toEqual(['reminderLetter', 'supervisionLetter', 'vettingReply']);
  });

  it('verification: the code and the file match; one changed byte does not', async () => {
    const { doc } = issued.get('exemptionDecision')!;
    const byCode = await t
      .http()
      .get(`/api/documents/verify?code=${doc.verificationCode}`)
      .set(await t.as('applicant1'))
      .expect(200);
    expect(byCode.body).toMatchObject({ match: true, docNo: doc.docNo, title: doc.title, digest: doc.digest, issuedByRole: 'committee' });
    expect(byCode.body.issuer).toEqual(expect.any(String));

    const byFile = await t
      .http()
      .post('/api/documents/verify/file')
      .set(await t.as('applicant1'))
      .set('Content-Type', 'application/pdf')
      .send(doc.bytes)
      .expect(200);
    expect(byFile.body).toMatchObject({ match: true, docNo: doc.docNo });

    const changed = Buffer.from(doc.bytes as Buffer);
    changed[Math.floor(changed.length / 2)] ^= 0x01;
    const tampered = await t
      .http()
      .post('/api/documents/verify/file')
      .set(await t.as('applicant1'))
      .set('Content-Type', 'application/pdf')
      .send(changed)
      .expect(200);
    expect(tampered.body).toEqual({ match: false });

    await t
      .http()
      .get('/api/documents/verify?code=0000-0000-0000')
      .set(await t.as('applicant1'))
      .expect(200, { match: false });
    const malformed = await t
      .http()
      .get('/api/documents/verify?code=not-a-code')
      .set(await t.as('applicant1'))
      .expect(400);
    expect(malformed.body.details.conditions[0]).toMatchObject({ code: 'document.codeFormat', zh: expect.stringContaining('核验码') });
    await t.http().get(`/api/documents/verify?code=${doc.verificationCode}`).expect(401);
  });

  it('the applicant sees the decision served on them, not the internal 呈批表; another applicant gets 404', async () => {
    const { caseId } = issued.get('exemptionDecision')!;
    const mine = (
      await t
        .http()
        .get(`/api/cases/${caseId}/documents`)
        .set(await t.as('applicant1'))
        .expect(200)
    ).body as Array<Record<string, any>>;
    expect(mine.map((doc) => doc.kind)).toContain('exemptionDecision');
    expect(mine.map((doc) => doc.kind)).not.toContain('approvalForm');
    expect(mine.every((doc) => doc.servedOnYou)).toBe(true);
    const decision = mine.find((doc) => doc.kind === 'exemptionDecision')!;
    expect((await binary(t, `/api/cases/${caseId}/documents/${decision.id}/pdf`, 'applicant1')).status).toBe(200);
    const form = (
      await t
        .http()
        .get(`/api/cases/${caseId}/documents`)
        .set(await t.as('auditor1'))
        .expect(200)
    ).body.find((doc: { kind: string }) => doc.kind === 'approvalForm');
    expect((await binary(t, `/api/cases/${caseId}/documents/${form.id}/pdf`, 'applicant1')).status).toBe(404);
    await t
      .http()
      .get(`/api/cases/${caseId}/documents`)
      .set(await t.as('applicant2'))
      .expect(404);
  });

  it('the same inputs give the same bytes', async () => {
    const { DEFAULT_TEMPLATES } = await import('../src/documents/default-templates');
    const { composeDocument } = await import('../src/documents/document-composer');
    const { DOCUMENT_FONTS } = await import('../src/documents/document-fonts.provider');
    const fonts = t.app.get(DOCUMENT_FONTS);
    const inputs = {
      kind: 'exemptionDecision' as const,
      templateSource: DEFAULT_TEMPLATES.exemptionDecision,
      organ: '中共开发区纪律检查工作委员会',
      organShortName: '开',
      docNo: '开纪容决〔2026〕9号',
      caseNo: '开纪容〔2026〕3号',
      party: '张明',
      cadreName: '张明',
      unitName: '开发区住房和城乡建设局',
      values: { 认定理由: '符合容错情形。', 会议日期: '2026年4月20日', 处理意见: '' },
      issuedAt: '2026-04-20T02:00:00.000Z',
      verificationCode: '4821-7730-1946',
      verifyUrl: 'https://example.test/app/verify',
    };
    const first = await composeDocument(inputs, fonts);
    const second = await composeDocument(inputs, fonts);
    expect(Buffer.compare(first.pdf, second.pdf)).toBe(0);
    expect(Buffer.compare(first.pdf, (await composeDocument({ ...inputs, docNo: '开纪容决〔2026〕10号' }, fonts)).pdf)).not.toBe(0);
  });
});
