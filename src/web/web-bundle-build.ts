import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { BUILT_PREFIX, etagOf, sourceDigest, type BundleFile, type WebBundle } from './web-bundle';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};
/** Worth compressing (images other than SVG and fonts are compressed already). */
const TEXT_TYPES = new Set(['.html', '.js', '.css', '.svg']);

/** A reference from a page to a file under `/assets/`: `<script src>` or `<link href>`. */
interface Reference {
  /** The attribute's whole text, replaced by its fingerprinted counterpart. */
  attribute: string;
  url: string;
  kind: 'script' | 'style' | 'file';
}

const TAG = /<(script|link)\b[^>]*>/gi;
const ATTRIBUTE = (name: string) => new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`, 'i');

/**
 * Every entry page's references to `/assets/`: module scripts and style sheets become esbuild
 * entry points (their imports follow), other files (the icon) are copied under a fingerprinted
 * name. An inline script is refused here: the content policy would block it in the browser.
 */
export function referencesOf(html: string, page: string): Reference[] {
  if (/<script\b(?![^>]*\bsrc=)[^>]*>/i.test(html))
    throw new Error(`${page}: inline <script> breaks the content policy (script-src 'self'); load a module file instead`);
  const references: Reference[] = [];
  for (const [tag, name] of html.matchAll(TAG)) {
    const attribute = ATTRIBUTE(name.toLowerCase() === 'script' ? 'src' : 'href').exec(tag);
    if (!attribute || !attribute[1].startsWith('/assets/')) continue;
    const rel = ATTRIBUTE('rel').exec(tag)?.[1].toLowerCase();
    const kind = name.toLowerCase() === 'script' ? 'script' : rel === 'stylesheet' ? 'style' : 'file';
    if (kind === 'script' && ATTRIBUTE('type').exec(tag)?.[1] !== 'module') throw new Error(`${page}: ${attribute[1]} must be loaded as type="module"`);
    references.push({ attribute: attribute[0], url: attribute[1], kind });
  }
  return references;
}

/**
 * Bundles the pages in `webDir` (`web/`): each entry page's module scripts with everything they
 * import, its style sheets, and the other files it names, all under content-hashed names below
 * `/assets/built/`, each compressed once with brotli (best quality) and gzip. The pages are
 * rewritten to name those files. A module imported from an entry is picked up by following the
 * imports; a new entry page is picked up by being a `web/*.html` file.
 */
export async function buildWebBundle(webDir: string): Promise<WebBundle> {
  const digest = sourceDigest(webDir);
  const assetsDir = join(webDir, 'assets');
  const pageNames = readdirSync(webDir)
    .filter((name) => name.endsWith('.html'))
    .sort();
  const pageSources = new Map(pageNames.map((name) => [name, readFileSync(join(webDir, name), 'utf8')]));
  const references = new Map([...pageSources].map(([name, html]) => [name, referencesOf(html, name)]));
  const all = [...references.values()].flat();
  const sourceOf = (url: string) => join(webDir, ...url.split('/').filter(Boolean));
  const entryUrls = [...new Set(all.filter((reference) => reference.kind !== 'file').map((reference) => reference.url))];

  const result = await build({
    absWorkingDir: webDir,
    entryPoints: entryUrls.map(sourceOf),
    bundle: true,
    format: 'esm',
    splitting: true,
    minify: true,
    sourcemap: 'linked',
    // Keeps Chinese text as it is (UTF-8) rather than \u escapes: smaller, and readable in the browser.
    charset: 'utf8',
    target: 'es2022',
    outbase: assetsDir,
    outdir: join(assetsDir, 'built'),
    entryNames: '[dir]/[name]-[hash]',
    chunkNames: 'chunks/[name]-[hash]',
    assetNames: 'files/[name]-[hash]',
    metafile: true,
    write: false,
    logLevel: 'silent',
  });

  const urlOfOutput = (path: string) => BUILT_PREFIX + relative(join(assetsDir, 'built'), path).split(sep).join('/');
  const fingerprinted = new Map<string, string>();
  for (const [output, meta] of Object.entries(result.metafile.outputs)) {
    if (meta.entryPoint) fingerprinted.set('/' + relative(webDir, join(webDir, meta.entryPoint)).split(sep).join('/'), urlOfOutput(join(webDir, output)));
  }
  const files: Array<{ url: string; body: Buffer }> = result.outputFiles.map((file) => ({ url: urlOfOutput(file.path), body: Buffer.from(file.contents) }));
  for (const reference of all.filter((candidate) => candidate.kind === 'file')) {
    if (fingerprinted.has(reference.url)) continue;
    const body = readFileSync(sourceOf(reference.url));
    const extension = extname(reference.url);
    const url = `${BUILT_PREFIX}files/${basename(reference.url, extension)}-${createHash('sha256').update(body).digest('base64url').slice(0, 10)}${extension}`;
    fingerprinted.set(reference.url, url);
    files.push({ url, body });
  }

  const pages = new Map<string, BundleFile>();
  for (const [name, html] of pageSources) {
    let rewritten = html;
    for (const reference of references.get(name) ?? []) {
      const url = fingerprinted.get(reference.url);
      if (!url) throw new Error(`${name}: no bundle output for ${reference.url}`);
      rewritten = rewritten.replace(reference.attribute, reference.attribute.replace(reference.url, url));
    }
    pages.set(name, await servable(name, Buffer.from(rewritten)));
  }
  const assets = new Map<string, BundleFile>();
  for (const file of files) assets.set(file.url, await servable(file.url, file.body));
  return { sourceDigest: digest, assets, pages };
}

async function servable(url: string, body: Buffer): Promise<BundleFile> {
  const extension = extname(url);
  const file: BundleFile = { url, contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream', body, etag: etagOf(body) };
  if (!TEXT_TYPES.has(extension) || body.length < 1024) return file;
  const [br, gz] = await Promise.all([
    brotli(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
    gzipped(body, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  if (br.length < body.length) file.br = br;
  if (gz.length < body.length) file.gzip = gz;
  return file;
}
