import { createHash } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AttachmentSweep } from '../src/attachments/attachment-sweep';
import { FILES } from './support/attachment-files';
import { PathDriver } from './support/path-driver';
import { startTestApp, tempDbPath, type TestApp } from './support/test-app';
import { testDialect } from './support/test-database';

const HOUR = 3600_000;
const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/** supertest's answer as a Buffer, whatever the content type. */
const binary = (response: unknown, callback: (error: Error | null, body: Buffer) => void) => {
  const res = response as NodeJS.ReadableStream;
  const parts: Buffer[] = [];
  res.on('data', (chunk: Buffer) => parts.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(parts)));
};

/** Every file in the attachment store's directory (SQLite), staging included. */
function storedFiles(t: TestApp): string[] {
  if (testDialect() !== 'sqlite') return [];
  const root = t.config.attachments.directory;
  const walk = (dir: string): string[] => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return [];
    }
    return entries.flatMap((name) => (name.length === 64 ? [name] : walk(join(dir, name)).length || !name.endsWith('.part') ? walk(join(dir, name)) : [name]));
  };
  return walk(root);
}

describe('attachments (材料): upload, cite in an event, download', () => {
  let t: TestApp;
  let driver: PathDriver;
  let caseId: string;
  let otherCaseId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { ATTACHMENT_MAX_MB: '1' } });
    driver = new PathDriver(t);
    caseId = await driver.drive('tolerance', driver.paths('tolerance').get('awaitingSupplement')!);
    otherCaseId = await driver.drive('tolerance', driver.paths('tolerance').get('awaitingSupplement')!);
  });
  afterAll(() => t.close());

  /**
   * A multipart body written by hand: form-data (under supertest's attach) would cut a name down to
   * its base name, and the service must see names as a client may really send them.
   */
  const upload = async (user: string, id: string, content: Buffer, name: string, query = '') => {
    const boundary = `----attachment${Math.random().toString(16).slice(2)}`;
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name.replace(/"/g, '%22')}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        'utf8',
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return t
      .http()
      .post(`/api/cases/${id}/attachments${query}`)
      .set(await t.as(user))
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
      .send(body);
  };
  const uploaded201 = async (user: string, id: string, content: Buffer, name: string, query = '') => {
    const response = await upload(user, id, content, name, query);
    expect(response.status).toBe(201);
    return response;
  };
  const list = async (user: string, id: string) =>
    (
      await t
        .http()
        .get(`/api/cases/${id}/attachments`)
        .set(await t.as(user))
        .expect(200)
    ).body as Array<Record<string, any>>;
  const download = async (user: string, id: string, attachmentId: string) =>
    t
      .http()
      .get(`/api/cases/${id}/attachments/${attachmentId}/content`)
      .set(await t.as(user))
      .buffer(true)
      .parse(binary);
  const trail = async (id: string) =>
    (
      await t
        .http()
        .get(`/api/cases/${id}/trail`)
        .set(await t.as('auditor1'))
        .expect(200)
    ).body as Array<Record<string, any>>;

  it('upload → cite in an event → the trail entry holds the digest → the download matches', async () => {
    const content = FILES.pdf('补正材料：情况说明');
    const uploaded = await uploaded201('applicant1', caseId, content, '补正材料 情况说明.pdf');
    expect(uploaded.body).toMatchObject({
      name: '补正材料 情况说明.pdf',
      size: content.length,
      kind: 'pdf',
      mediaType: 'application/pdf',
      digest: sha256(content),
      cited: false,
    });

    const sent = await t.sendEvent(caseId, 'applicant1', 'RESUBMIT', { supplement: '已按通知补正', attachments: [uploaded.body.id] });
    expect(sent.status).toBe(200);
    const entry = (await trail(caseId)).at(-1)!;
    expect(entry.event).toBe('RESUBMIT');
    expect(entry.data.attachments).toEqual([
      { id: uploaded.body.id, name: '补正材料 情况说明.pdf', digest: sha256(content), algorithm: 'sha256', size: content.length, mediaType: 'application/pdf' },
    ]);

    for (const reader of ['applicant1', 'officer1']) {
      const fetched = await download(reader, caseId, uploaded.body.id);
      expect(fetched.status).toBe(200);
      expect(fetched.headers['content-type']).toBe('application/pdf');
      expect(sha256(fetched.body as Buffer)).toBe(entry.data.attachments[0].digest);
    }
    expect((await list('officer1', caseId)).find((file) => file.id === uploaded.body.id)).toMatchObject({
      cited: true,
      citedBy: 'RESUBMIT',
      uploadedBy: 'applicant1',
    });
  });

  it("the applicant cannot fetch another case's file: 404, as if it did not exist", async () => {
    const uploaded = await uploaded201('officer1', otherCaseId, FILES.txt(), '核查记录.txt', '?record=true');
    // applicant2 is no party to the case: the case itself is not there for them.
    expect((await download('applicant2', otherCaseId, uploaded.body.id)).status).toBe(404);
    // Through a case the reader does see, a file of another case is not there either.
    expect((await download('applicant1', caseId, uploaded.body.id)).status).toBe(404);
    // A party sees the files of their own submissions, not the office's working papers.
    expect((await download('applicant1', otherCaseId, uploaded.body.id)).status).toBe(404);
    expect((await list('applicant1', otherCaseId)).map((file) => file.id)).not.toContain(uploaded.body.id);
    expect((await list('officer2', otherCaseId)).map((file) => file.id)).toContain(uploaded.body.id);
  });

  it('an event citing a file of another case, or one that does not exist, is refused naming it; nothing changes', async () => {
    const foreign = await uploaded201('applicant1', otherCaseId, FILES.png(), '现场照片.png');
    const before = await driver.view(caseId);
    const lengthBefore = (await trail(caseId)).length;
    const refusedForeign = await t.sendEvent(caseId, 'officer1', 'REQUEST_SUPPLEMENT', { items: ['补充现场照片'], attachments: [foreign.body.id] });
    expect(refusedForeign.status).toBe(422);
    expect(refusedForeign.body.details.conditions[0]).toMatchObject({ code: 'attachment.citation.otherCase', field: 'attachments' });
    expect(refusedForeign.body.details.conditions[0].zh).toContain(foreign.body.id);
    const missing = '00000000-0000-4000-8000-000000000000';
    const refusedMissing = await t.sendEvent(caseId, 'officer1', 'REQUEST_SUPPLEMENT', { items: ['补充现场照片'], attachments: [missing] });
    expect(refusedMissing.status).toBe(422);
    expect(refusedMissing.body.details.conditions[0]).toMatchObject({ code: 'attachment.citation.missing' });
    expect(refusedMissing.body.details.conditions[0].en).toContain(missing);
    const after = await driver.view(caseId);
    expect({ version: after.version, state: after.state }).toEqual({ version: before.version, state: before.state });
    // The refusals are on the record; no entry cites either file.
    const entries = (await trail(caseId)).slice(lengthBefore);
    expect(entries.map((e) => e.outcome)).toEqual(['refused', 'refused']);
    expect(entries.every((e) => e.data.attachments === undefined)).toBe(true);
    expect((await list('officer1', otherCaseId)).find((file) => file.id === foreign.body.id)).toMatchObject({ cited: false });
  });

  describe('bad input: refused with the reason in both languages, nothing kept', () => {
    const refused = async (content: Buffer, name: string, status: number, code: string) => {
      const filesBefore = storedFiles(t);
      const before = await list('officer1', caseId);
      const response = await upload('officer1', caseId, content, name);
      expect(response.status).toBe(status);
      const condition = response.body.details.conditions[0];
      expect(condition.code).toBe(code);
      expect(condition.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(condition.en).toMatch(/[a-z]/);
      expect(await list('officer1', caseId)).toEqual(before);
      expect(storedFiles(t)).toEqual(filesBefore);
      return response;
    };

    it('a file over the limit: 413', async () => {
      const response = await refused(Buffer.alloc(1024 * 1024 + 1, 0x41), 'big.txt', 413, 'attachment.tooLarge');
      expect(response.body.code).toBe('ATTACHMENT.TOO_LARGE');
    });

    it('a file of exactly the limit is taken', async () => {
      await uploaded201('officer1', caseId, Buffer.alloc(1024 * 1024, 0x41), 'exactly-1MB.txt');
    });

    it('an executable renamed .pdf: refused by its content', async () => {
      const response = await refused(FILES.executable(), '决定书.pdf', 415, 'attachment.kind');
      expect(response.body.details.detected).toBe('application/x-elf');
    });

    it('an empty file', async () => {
      await refused(Buffer.alloc(0), 'empty.pdf', 400, 'attachment.empty');
    });

    it('a name with a path separator or a control character', async () => {
      await refused(FILES.pdf(), '../../etc/passwd.pdf', 400, 'attachment.name.separator');
      await refused(FILES.pdf(), 'a\\b.pdf', 400, 'attachment.name.separator');
      await refused(FILES.pdf(), 'report\u0007.pdf', 400, 'attachment.name.control');
      await refused(FILES.pdf(), 'invoice\u202efdp.exe', 400, 'attachment.name.control');
    });

    it('a zip bomb inside a DOCX is stored as it is, never expanded', async () => {
      const bomb = FILES.docxBomb(8 * 1024 * 1024);
      expect(bomb.length).toBeLessThan(64 * 1024);
      const response = await uploaded201('officer1', caseId, bomb, '说明.docx');
      expect(response.body).toMatchObject({ kind: 'docx', size: bomb.length, digest: sha256(bomb) });
      const fetched = await download('officer1', caseId, response.body.id);
      expect(Buffer.compare(fetched.body as Buffer, bomb)).toBe(0);
    });

    it('an OFD (GB/T 33190) is recognised by its OFD.xml root', async () => {
      const response = await uploaded201('officer1', caseId, FILES.ofd(), '决定书.ofd');
      expect(response.body).toMatchObject({ kind: 'ofd', mediaType: 'application/ofd' });
    });

    it('no file part at all', async () => {
      const response = await t
        .http()
        .post(`/api/cases/${caseId}/attachments`)
        .set(await t.as('officer1'))
        .field('note', 'x');
      expect(response.status).toBe(400);
      expect(response.body.details.conditions[0].code).toBe('attachment.noFile');
    });

    it('multipart anywhere but the upload route stays refused', async () => {
      const response = await t
        .http()
        .post(`/api/cases/${caseId}/events`)
        .set(await t.as('officer1'))
        .attach('file', FILES.pdf(), 'x.pdf');
      expect(response.status).toBe(415);
    });
  });

  it('an upload no event cites is removed after a day; a cited one never', async () => {
    const cited = (await list('officer1', caseId)).find((file) => file.citedBy === 'RESUBMIT')!;
    const loose = await uploaded201('officer1', caseId, FILES.pdf('未引用'), '未引用.pdf');
    await t.app.get(AttachmentSweep).run();
    expect((await list('officer1', caseId)).map((file) => file.id)).toContain(loose.body.id);
    const saved = t.clock.now();
    t.clock.advance(25 * HOUR);
    try {
      await t.app.get(AttachmentSweep).run();
    } finally {
      t.clock.set(saved.toISOString());
    }
    const ids = (await list('officer1', caseId)).map((file) => file.id);
    expect(ids).not.toContain(loose.body.id);
    expect(ids).toContain(cited.id);
    expect((await download('officer1', caseId, loose.body.id)).status).toBe(404);
    expect((await download('officer1', caseId, cited.id)).status).toBe(200);
    if (testDialect() === 'sqlite') expect(storedFiles(t)).not.toContain(loose.body.digest);
  });
});

describe('a crash between storing a file and the event', () => {
  it('leaves no citation of a missing file: the stored upload is uncited and swept; an event citing lost content is refused', async () => {
    const dbPath = tempDbPath();
    const first = await startTestApp({ dbPath });
    const caseId = await new PathDriver(first).drive('tolerance', new PathDriver(first).paths('tolerance').get('awaitingSupplement')!);
    const content = FILES.pdf('崩溃前上传');
    const uploaded = await first
      .http()
      .post(`/api/cases/${caseId}/attachments`)
      .set(await first.as('applicant1'))
      .attach('file', content, '崩溃前上传.pdf')
      .expect(201);
    // The process goes away before the event is sent.
    await first.close();

    const second = await startTestApp({ dbPath });
    try {
      const entries = (
        await second
          .http()
          .get(`/api/cases/${caseId}/trail`)
          .set(await second.as('auditor1'))
          .expect(200)
      ).body as Array<Record<string, any>>;
      expect(JSON.stringify(entries)).not.toContain(uploaded.body.id);

      // Content lost from the store (a disk replaced, a partial restore): the event that would cite it is refused.
      if (testDialect() === 'sqlite') {
        rmSync(join(second.config.attachments.directory, uploaded.body.digest.slice(0, 2), uploaded.body.digest));
        const refused = await second.sendEvent(caseId, 'applicant1', 'RESUBMIT', { supplement: '补正', attachments: [uploaded.body.id] });
        expect(refused.status).toBe(422);
        expect(refused.body.details.conditions[0]).toMatchObject({ code: 'attachment.citation.contentMissing' });
        expect(refused.body.details.conditions[0].zh).toContain('崩溃前上传.pdf');
      }

      second.clock.set(new Date(Date.parse(uploaded.body.uploadedAt) + 25 * HOUR).toISOString());
      await second.app.get(AttachmentSweep).run();
      const after = await second.sendEvent(caseId, 'applicant1', 'RESUBMIT', { supplement: '补正', attachments: [uploaded.body.id] });
      expect(after.status).toBe(422);
      expect(after.body.details.conditions[0]).toMatchObject({ code: 'attachment.citation.missing' });
    } finally {
      await second.close();
    }
  });
});
