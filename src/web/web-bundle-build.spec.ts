import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseEncoding } from './send-bundle-file';
import { buildWebBundle, referencesOf } from './web-bundle-build';
import { sourceDigest } from './web-bundle';

/** A `web/` folder of its own: entry pages and modules as a test lays them out. */
function webFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'web-bundle-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const page = (script: string) =>
  `<!doctype html><html><head><link rel="stylesheet" href="/assets/app.css" /><script type="module" src="${script}"></script></head><body></body></html>`;

describe('the pages bundle', () => {
  it('follows every import from an entry page and bundles a new entry page without being told', async () => {
    const web = webFolder({
      'index.html': page('/assets/js/main.js'),
      'register.html': page('/assets/js/register.js'),
      'assets/app.css': 'body { color: black; }',
      'assets/js/main.js': "import { added } from './pages/added-page.js';\nconsole.log(added());",
      'assets/js/pages/added-page.js': "export const added = () => 'a page module added by someone else';",
      'assets/js/register.js': "import { added } from './pages/added-page.js';\nconsole.log('register', added());",
    });
    const bundle = await buildWebBundle(web);
    expect([...bundle.pages.keys()]).toEqual(['index.html', 'register.html']);
    for (const [name, entry] of [
      ['index.html', 'main'],
      ['register.html', 'register'],
    ]) {
      const html = bundle.pages.get(name)!.body.toString();
      const script = /src="([^"]+)"/.exec(html)![1];
      expect(script).toMatch(new RegExp(`^/assets/built/js/${entry}-[A-Z0-9]{8}\\.js$`));
      expect(html).toMatch(/href="\/assets\/built\/app-[A-Z0-9]{8}\.css"/);
      // The imported module is in the bundle (directly, or in a chunk the entry imports).
      const files = [...bundle.assets.values()].filter((file) => file.url.endsWith('.js')).map((file) => file.body.toString());
      expect(files.join('\n')).toContain('a page module added by someone else');
      expect(bundle.assets.get(script)).toBeDefined();
    }
  });

  it('names files by their content: a changed module, a new name and a new source digest', async () => {
    const files = { 'index.html': page('/assets/js/main.js'), 'assets/app.css': 'body{}', 'assets/js/main.js': "console.log('one');" };
    const first = await buildWebBundle(webFolder(files));
    const second = await buildWebBundle(webFolder({ ...files, 'assets/js/main.js': "console.log('two');" }));
    const scriptOf = (bundle: typeof first) => /src="([^"]+)"/.exec(bundle.pages.get('index.html')!.body.toString())![1];
    expect(scriptOf(first)).not.toBe(scriptOf(second));
    expect(first.sourceDigest).not.toBe(second.sourceDigest);
    expect(sourceDigest(webFolder(files))).toBe(first.sourceDigest);
  });

  it('refuses an inline script and a classic script (the content policy would block the first)', () => {
    expect(() => referencesOf('<html><script>alert(1)</script></html>', 'x.html')).toThrow(/inline <script>/);
    expect(() => referencesOf('<html><script src="/assets/js/a.js"></script></html>', 'x.html')).toThrow(/type="module"/);
  });
});

describe('the encoding sent', () => {
  const both = { br: Buffer.from('b'), gzip: Buffer.from('g') };
  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['*', 'br'],
    ['*;q=0', 'identity'],
    ['identity', 'identity'],
    [undefined, 'identity'],
  ])('Accept-Encoding %s: %s', (header, expected) => {
    expect(chooseEncoding(header, both)).toBe(expected);
  });
  it('identity when the file has no compressed form', () => {
    expect(chooseEncoding('br, gzip', {})).toBe('identity');
  });
});
