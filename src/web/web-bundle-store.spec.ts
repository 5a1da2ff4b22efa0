import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Store from './web-bundle-store';

/** A project folder of its own: `web/` with one page, the cache going to its `dist/web/`. */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'web-store-'));
  mkdirSync(join(root, 'web', 'assets', 'js'), { recursive: true });
  writeFileSync(join(root, 'web', 'index.html'), '<html><head><script type="module" src="/assets/js/main.js"></script></head></html>');
  writeFileSync(join(root, 'web', 'assets', 'js', 'main.js'), `console.log(${JSON.stringify('x'.repeat(2000))});`);
  return join(root, 'web');
}

/** The store as a fresh process sees it (nothing in memory). */
const freshStore = (): typeof Store => {
  let store: typeof Store | undefined;
  jest.isolateModules(() => {
    store = jest.requireActual<typeof Store>('./web-bundle-store');
  });
  return store!;
};

describe('the bundle kept between starts', () => {
  it('is built once, kept in dist/web/<digest>/, read back by the next start, rebuilt when web/ changes or the copy is damaged', async () => {
    const web = project();
    const built = await freshStore().webBundle(web);
    const dir = join(web, '..', 'dist', 'web', built.sourceDigest);
    expect(existsSync(join(dir, 'manifest.json'))).toBe(true);

    const readBack = await freshStore().webBundle(web);
    expect([...readBack.assets.keys()]).toEqual([...built.assets.keys()]);
    const script = [...built.assets.values()].find((file) => file.url.endsWith('.js'))!;
    expect(script.br).toBeDefined();
    expect(readBack.assets.get(script.url)!.body.equals(script.body)).toBe(true);
    expect(readBack.assets.get(script.url)!.br!.equals(script.br!)).toBe(true);
    expect(readBack.pages.get('index.html')!.body.equals(built.pages.get('index.html')!.body)).toBe(true);

    // A damaged copy is built again rather than served or fatal.
    rmSync(dir, { recursive: true });
    mkdirSync(dir);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ sourceDigest: built.sourceDigest, files: [{ kind: 'asset', key: 'x', url: 'x' }] }));
    const rebuilt = await freshStore().webBundle(web);
    expect(rebuilt.assets.get(script.url)!.body.equals(script.body)).toBe(true);
    const repaired = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: unknown[] };
    expect(repaired.files.length).toBe(built.assets.size + built.pages.size);
    expect((await freshStore().webBundle(web)).assets.get(script.url)!.br!.equals(script.br!)).toBe(true);

    writeFileSync(join(web, 'assets', 'js', 'main.js'), "console.log('changed');");
    const changed = await freshStore().webBundle(web);
    expect(changed.sourceDigest).not.toBe(built.sourceDigest);
    expect(changed.assets.has(script.url)).toBe(false);
    expect(existsSync(join(web, '..', 'dist', 'web', changed.sourceDigest, 'manifest.json'))).toBe(true);
  });
});
