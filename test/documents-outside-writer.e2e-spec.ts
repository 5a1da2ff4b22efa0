import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DocumentInputs } from '../src/documents/document-composer';
import { RenderThread, type RenderedDocument } from '../src/documents/render-thread';
import { drivenApp, type PathDriver } from './support/path-driver';
import type { TestApp } from './support/test-app';

const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'documents-outside-'));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The PDF's text through mupdf (ESM: a child process, test/support/pdf-tools.mjs). */
async function pdfText(bytes: Buffer): Promise<string> {
  const file = join(scratch, `${sha256(bytes)}.pdf`);
  writeFileSync(file, bytes);
  const { stdout } = await run(process.execPath, [join(__dirname, 'support', 'pdf-tools.mjs'), 'text', file]);
  return (JSON.parse(stdout) as { text: string }).text.replace(/\s+/g, '');
}

/**
 * Issue 24: a document is rendered outside the transaction of the step that issues it (on the
 * rendering thread, src/documents/renders-outside.ts), so the single writer is free meanwhile, and
 * still carries exactly the 文号 its step's transaction allocated.
 */
describe('documents rendered outside the writer’s transaction', () => {
  let t: TestApp;
  let driver: PathDriver;

  beforeAll(async () => ({ t, driver } = await drivenApp()));
  afterAll(() => t.close());

  async function documentOf(caseId: string): Promise<Record<string, any>> {
    const documents = (
      await t
        .http()
        .get(`/api/cases/${caseId}/documents`)
        .set(await t.as('auditor1'))
        .expect(200)
    ).body as Array<Record<string, any>>;
    expect(documents).toHaveLength(1);
    return documents[0];
  }

  async function pdfOf(caseId: string, id: string): Promise<Buffer> {
    const response = await t
      .http()
      .get(`/api/cases/${caseId}/documents/${id}/pdf`)
      .set(await t.as('auditor1'))
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      })
      .expect(200);
    return response.body as Buffer;
  }

  async function stepEntry(caseId: string, type: string): Promise<Record<string, any>> {
    const trail = (
      await t
        .http()
        .get(`/api/cases/${caseId}/trail`)
        .set(await t.as('auditor1'))
        .expect(200)
    ).body as Array<Record<string, any>>;
    return trail.filter((entry) => entry.event === type && entry.outcome === 'applied').at(-1)!;
  }

  it('another step takes the writer, and the predicted 文号, while a document renders; the document is rendered again with its own number', async () => {
    const path = driver.paths('tolerance').get('rejected')!;
    const last = path.steps.at(-1)!;
    expect(last.type).toBe('REJECT');
    const held = await driver.drive('tolerance', { ...path, steps: path.steps.slice(0, -1) });
    const other = await driver.drive('tolerance', { ...path, steps: path.steps.slice(0, -1) });

    // The first rendering waits until the test lets it go; every rendering is kept with its inputs.
    const thread = t.app.get(RenderThread);
    const real = thread.render.bind(thread);
    const requested: DocumentInputs[] = [];
    const renders: Array<{ inputs: DocumentInputs; rendered: RenderedDocument }> = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const firstStarted = new Promise<void>((resolve) => (started = resolve));
    const spy = jest.spyOn(thread, 'render').mockImplementation(async (inputs) => {
      requested.push(inputs);
      if (requested.length === 1) {
        started();
        await gate;
      }
      const rendered = await real(inputs);
      renders.push({ inputs, rendered });
      return rendered;
    });
    try {
      const heldStep = driver.step(held, last.type, last.sample.actor, last.sample.data, last.sample.at);
      await firstStarted;
      // With the rendering inside the transaction this step would wait behind it (and the test time out).
      await driver.step(other, last.type, last.sample.actor, last.sample.data, last.sample.at);
      release();
      await heldStep;
    } finally {
      spy.mockRestore();
    }

    const heldDoc = await documentOf(held);
    const otherDoc = await documentOf(other);
    expect(heldDoc.docNo).not.toBe(otherDoc.docNo);
    // The held step's first run predicted the number the other step then took: rendered again.
    expect(requested).toHaveLength(3);
    expect(requested[0].docNo).toBe(otherDoc.docNo);
    expect(requested[0].verificationCode).toBe(heldDoc.verificationCode);
    expect(requested[2].docNo).toBe(heldDoc.docNo);
    expect(requested[2].verificationCode).toBe(heldDoc.verificationCode);

    // What is stored and served is the rendering with the step's own number, and the trail records its digest.
    const bytes = await pdfOf(held, heldDoc.id);
    const entry = await stepEntry(held, last.type);
    expect(entry.data.documents).toEqual([expect.objectContaining({ docNo: heldDoc.docNo, digest: sha256(bytes) })]);
    const own = renders.find((render) => render.inputs === requested[2])!;
    expect(sha256(own.rendered.pdf)).toBe(sha256(bytes));
    const text = await pdfText(bytes);
    expect(text).toContain(heldDoc.docNo);
    expect(text).not.toContain(otherDoc.docNo);
    expect(await pdfText(await pdfOf(other, otherDoc.id))).toContain(otherDoc.docNo);
    // Two cases driven, three renderings (the first starts the thread), two PDFs read: at a load average of 24 that passed 30 s.
  }, 120_000);
});
