import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Issue 23 §21: the pages come as a few fingerprinted, precompressed files cached for a year; the
 * page shell is revalidated; API answers are compressed; the content policy is unchanged.
 * Requests go through Fastify's injector, which (unlike supertest) hands back the bytes as sent.
 */
describe('delivery of the pages and API answers', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    token = (await t.as('auditor1')).Authorization;
  });
  afterAll(() => t.close());

  const get = (app: NestFastifyApplication, url: string, headers: Record<string, string> = {}) =>
    app.getHttpAdapter().getInstance().inject({ method: 'GET', url, headers });

  const decoded = (response: { rawPayload: Buffer; headers: Record<string, unknown> }): Buffer => {
    const encoding = response.headers['content-encoding'];
    if (encoding === 'br') return brotliDecompressSync(response.rawPayload);
    if (encoding === 'gzip') return gunzipSync(response.rawPayload);
    expect(encoding).toBeUndefined();
    return response.rawPayload;
  };

  /** Every `/assets/` file the shell names (script src, link href). */
  async function shellReferences(): Promise<string[]> {
    const shell = await get(t.app, '/app/login');
    return [...shell.body.matchAll(/\b(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]);
  }

  it('the shell names only fingerprinted files, has no inline script, and keeps the content policy', async () => {
    const shell = await get(t.app, '/app/queue');
    expect(shell.statusCode).toBe(200);
    expect(shell.headers['content-type']).toBe('text/html; charset=utf-8');
    const references = await shellReferences();
    expect(references.length).toBeGreaterThanOrEqual(3);
    for (const url of references) expect(url).toMatch(/^\/assets\/built\/[\w/]+-[A-Za-z0-9_-]{8,}\.(js|css|svg)$/);
    expect(references.some((url) => url.endsWith('.js'))).toBe(true);
    expect(references.some((url) => url.endsWith('.css'))).toBe(true);
    // Every script loads from a file: none carries code in the page.
    for (const [tag] of shell.body.matchAll(/<script\b[^>]*>/g)) expect(tag).toMatch(/\bsrc="\/assets\/built\//);
    expect(shell.body).not.toMatch(/<script\b[^>]*>\s*[^<\s]/);
    expect(shell.body).not.toMatch(/\son[a-z]+=/i);
    const policy = String(shell.headers['content-security-policy']);
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("script-src-attr 'none'");
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('the shell is revalidated: no-cache with an ETag, and 304 when the browser holds it', async () => {
    const shell = await get(t.app, '/app/login');
    expect(shell.headers['cache-control']).toBe('no-cache');
    const etag = String(shell.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get(t.app, '/app/login', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    const stale = await get(t.app, '/app/login', { 'if-none-match': '"something-else"' });
    expect(stale.statusCode).toBe(200);
    expect(stale.body).toBe(shell.body);
  });

  it('fingerprinted files are immutable for a year, sent as brotli or gzip as accepted, identical once decoded', async () => {
    for (const url of await shellReferences()) {
      const plain = await get(t.app, url, { 'accept-encoding': 'identity' });
      expect(plain.statusCode).toBe(200);
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toMatch(/accept-encoding/i);
      // The icon is too small to gain from compression; the script and style sheet are not.
      if (plain.rawPayload.length < 1024) continue;
      const br = await get(t.app, url, { 'accept-encoding': 'gzip, deflate, br' });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
      expect(decoded(br).equals(plain.rawPayload)).toBe(true);
      const gzip = await get(t.app, url, { 'accept-encoding': 'gzip' });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(decoded(gzip).equals(plain.rawPayload)).toBe(true);
      // A refusal with q=0 is honoured.
      const noBrotli = await get(t.app, url, { 'accept-encoding': 'br;q=0, gzip;q=0.5' });
      expect(noBrotli.headers['content-encoding']).toBe('gzip');
    }
  });

  it('the script bundle carries the page modules (the router and the pages), not imports of the unbundled files', async () => {
    const script = (await shellReferences()).find((url) => url.endsWith('.js'))!;
    const text = (await get(t.app, script, { 'accept-encoding': 'identity' })).body;
    expect(text).not.toMatch(/from\s*"\/assets\/js\//);
    expect(text).not.toMatch(/import\s*"\.\//);
    // Texts of the login page and the case page travel in the one file.
    expect(text).toContain('登录');
    expect(text).toContain('/app/cases/');
  });

  it('an unknown fingerprinted name is a 404', async () => {
    expect((await get(t.app, '/assets/built/js/main-AAAAAAAA.js')).statusCode).toBe(404);
  });

  it('API answers above 1 KB are compressed as accepted and decode to the same JSON; small ones are not', async () => {
    const plain = await get(t.app, '/api/procedures', { authorization: token });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(1024);
    for (const encoding of ['br', 'gzip']) {
      const compressed = await get(t.app, '/api/procedures', { authorization: token, 'accept-encoding': encoding });
      expect(compressed.statusCode).toBe(200);
      expect(compressed.headers['content-encoding']).toBe(encoding);
      expect(compressed.headers['content-type']).toMatch(/^application\/json/);
      expect(compressed.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
      expect(JSON.parse(decoded(compressed).toString('utf8'))).toEqual(JSON.parse(plain.body));
    }
    const small = await get(t.app, '/api/health', { 'accept-encoding': 'br, gzip' });
    expect(small.statusCode).toBe(200);
    expect(small.rawPayload.length).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('the procedure tables are revalidated (ETag, 304 without the body); answers about cases are not kept', async () => {
    for (const url of ['/api/procedures', '/api/procedures/tolerance/1']) {
      const first = await get(t.app, url, { authorization: token, 'accept-encoding': 'br' });
      expect(first.statusCode).toBe(200);
      expect(first.headers['cache-control']).toBe('private, no-cache');
      const etag = String(first.headers.etag);
      expect(etag).toMatch(/^"[\w-]+"$/);
      const again = await get(t.app, url, { authorization: token, 'accept-encoding': 'br', 'if-none-match': etag });
      expect(again.statusCode).toBe(304);
      expect(again.rawPayload.length).toBe(0);
      expect(again.headers['content-encoding']).toBeUndefined();
      // Still behind the token: no answer, fresh or not, without it.
      expect((await get(t.app, url, { 'if-none-match': etag })).statusCode).toBe(401);
    }
    const cases = await get(t.app, '/api/cases', { authorization: token });
    expect(cases.statusCode).toBe(200);
    expect(cases.headers.etag).toBeUndefined();
  });

  it('a refusal keeps its JSON body and status whatever the encoding', async () => {
    const refused = await get(t.app, '/api/cases/not-a-uuid', { authorization: token, 'accept-encoding': 'br, gzip' });
    expect(refused.statusCode).toBe(400);
    const body = JSON.parse(decoded(refused).toString('utf8')) as { code: string; messageZh?: string };
    expect(body.code).toBeTruthy();
  });

  it('the streamed trail export still streams line by line, compressed when asked', async () => {
    const plain = await get(t.app, '/api/audit/export', { authorization: token });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const compressed = await get(t.app, '/api/audit/export', { authorization: token, 'accept-encoding': 'br, gzip' });
    expect(compressed.statusCode).toBe(200);
    const lines = decoded(compressed).toString('utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    // The export is put on the record first and is its own last line: two exports, two records.
    expect(lines.length).toBeGreaterThanOrEqual(plain.body.trim().split('\n').length);
  });
});
