import { bundleCacheDir, pruneBundles, writeBundle } from '../web/web-bundle-store';
import { buildWebBundle } from '../web/web-bundle-build';
import { webRoot } from '../web/web-root';

/**
 * `npm run build`'s second half: bundles the pages (web/) into `dist/web/<digest>/`, where the
 * service finds them at start, and removes the bundles of earlier versions of the pages.
 */
async function main(): Promise<void> {
  const started = Date.now();
  const bundle = await buildWebBundle(webRoot());
  const dir = bundleCacheDir();
  const written = writeBundle(bundle, dir);
  pruneBundles(dir, bundle.sourceDigest);
  const sizes = [...bundle.assets.values()]
    .filter((file) => !file.url.endsWith('.map'))
    .map((file) => `${file.url} ${(file.body.length / 1024).toFixed(1)} KB (brotli ${((file.br ?? file.body).length / 1024).toFixed(1)} KB)`);
  console.log(`pages bundled into ${written} in ${Date.now() - started} ms:\n  ${sizes.join('\n  ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
