import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * What the pages are served from: the entry pages (`web/*.html`, their script and style references
 * rewritten to fingerprinted names) and the fingerprinted files, each with its compressed forms
 * worked out once (`web-bundle-build.ts`). Made by `npm run build` into `dist/web/`, or in memory
 * when that is missing or older than `web/` (tests, development).
 */
export interface BundleFile {
  /** Where it is served: `/assets/built/js/main-XXXXXXXX.js`, or the page's name for a page (`index.html`). */
  url: string;
  contentType: string;
  body: Buffer;
  /** Compressed forms, present only where smaller than the body. */
  br?: Buffer;
  gzip?: Buffer;
  /** A strong validator (quoted, as sent): the body's hash. */
  etag: string;
}

export interface WebBundle {
  /** The hash of everything under `web/` the bundle was made from: a newer `web/` means a new bundle. */
  sourceDigest: string;
  /** Fingerprinted files by URL path. */
  assets: Map<string, BundleFile>;
  /** Entry pages by file name under `web/` (`index.html`). */
  pages: Map<string, BundleFile>;
}

/** Where fingerprinted files are served: their names change with their content, so they are cached for a year. */
export const BUILT_PREFIX = '/assets/built/';

/** Raised whenever the build's output format or options change, so that an older `dist/web/` counts as stale. */
const BUNDLE_FORMAT = 1;

export const etagOf = (body: Buffer): string => `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

/** The digest of every file under `web/` (path and content), with the esbuild version and the bundle format. */
export function sourceDigest(webDir: string): string {
  const hash = createHash('sha256');
  hash.update(`format ${BUNDLE_FORMAT}\0esbuild ${esbuildVersion()}\0`);
  for (const file of filesUnder(webDir)) {
    hash.update(relative(webDir, file).split(sep).join('/'));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function esbuildVersion(): string {
  return (JSON.parse(readFileSync(require.resolve('esbuild/package.json'), 'utf8')) as { version: string }).version;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : entry.isFile() ? [join(dir, entry.name)] : []));
}
