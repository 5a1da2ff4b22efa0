import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sourceDigest, type BundleFile, type WebBundle } from './web-bundle';
import { buildWebBundle } from './web-bundle-build';
import { webRoot } from './web-root';

/**
 * The bundle the service serves, made once per content of `web/`: `npm run build` writes it to
 * `dist/web/<digest>/`; a service (or a test) whose `web/` differs from every bundle there builds
 * it at start and leaves it there for the next start (a second or so once, then read back in
 * milliseconds). So `npm start`, the tests, and a checkout whose pages were just edited all serve
 * a bundle of the pages as they are, without a step to remember.
 */
export function bundleCacheDir(web: string = webRoot()): string {
  return join(dirname(web), 'dist', 'web');
}

interface Manifest {
  sourceDigest: string;
  files: Array<{ kind: 'asset' | 'page'; key: string; url: string; contentType: string; etag: string; br: boolean; gzip: boolean }>;
}

let current: { digest: string; bundle: Promise<WebBundle> } | undefined;

/** The bundle of `web/` as it is now: from memory, from `dist/web/`, or built. */
export function webBundle(web: string = webRoot()): Promise<WebBundle> {
  const digest = sourceDigest(web);
  if (current?.digest !== digest) {
    const kept = join(bundleCacheDir(web), digest);
    const bundle = readBundle(kept) ?? buildAndKeep(web, kept);
    current = { digest, bundle: Promise.resolve(bundle) };
    // A failed build is not remembered: the next start tries again.
    current.bundle.catch(() => (current = undefined));
  }
  return current.bundle;
}

async function buildAndKeep(web: string, kept: string): Promise<WebBundle> {
  const bundle = await buildWebBundle(web);
  try {
    // A damaged copy (an interrupted write by hand, a full disk) is replaced.
    rmSync(kept, { recursive: true, force: true });
    writeBundle(bundle, bundleCacheDir(web));
  } catch {
    // A read-only installation still serves the bundle it built, from memory.
  }
  return bundle;
}

/** Writes `<dir>/<digest>/`, whole or not at all (written aside, then renamed: parallel test workers may race). */
export function writeBundle(bundle: WebBundle, dir: string): string {
  const target = join(dir, bundle.sourceDigest);
  if (existsSync(join(target, 'manifest.json'))) return target;
  const staging = `${target}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  const manifest: Manifest = { sourceDigest: bundle.sourceDigest, files: [] };
  const entries: Array<['asset' | 'page', string, BundleFile]> = [
    ...[...bundle.assets].map(([key, file]) => ['asset', key, file] as ['asset', string, BundleFile]),
    ...[...bundle.pages].map(([key, file]) => ['page', key, file] as ['page', string, BundleFile]),
  ];
  entries.forEach(([kind, key, file], index) => {
    const base = join(staging, String(index));
    mkdirSync(staging, { recursive: true });
    writeFileSync(base, file.body);
    if (file.br) writeFileSync(`${base}.br`, file.br);
    if (file.gzip) writeFileSync(`${base}.gz`, file.gzip);
    manifest.files.push({ kind, key, url: file.url, contentType: file.contentType, etag: file.etag, br: Boolean(file.br), gzip: Boolean(file.gzip) });
  });
  writeFileSync(join(staging, 'manifest.json'), JSON.stringify(manifest, null, 1));
  try {
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(target, 'manifest.json'))) throw error;
  }
  return target;
}

/** Removes bundles of other versions of `web/` (by `npm run build`; a running service never prunes). */
export function pruneBundles(dir: string, keep: string): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) if (name !== keep) rmSync(join(dir, name), { recursive: true, force: true });
}

/** The bundle kept in `dir`, or nothing when it is missing or unreadable (then it is built again). */
function readBundle(dir: string): WebBundle | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    const bundle: WebBundle = { sourceDigest: manifest.sourceDigest, assets: new Map(), pages: new Map() };
    manifest.files.forEach((entry, index) => {
      const base = join(dir, String(index));
      const file: BundleFile = { url: entry.url, contentType: entry.contentType, etag: entry.etag, body: readFileSync(base) };
      if (entry.br) file.br = readFileSync(`${base}.br`);
      if (entry.gzip) file.gzip = readFileSync(`${base}.gz`);
      (entry.kind === 'asset' ? bundle.assets : bundle.pages).set(entry.key, file);
    });
    return bundle;
  } catch {
    return undefined;
  }
}
