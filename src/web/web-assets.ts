import compress from '@fastify/compress';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { dirname, join } from 'node:path';
import { IMMUTABLE, sendBundleFile } from './send-bundle-file';
import { BUILT_PREFIX, type WebBundle } from './web-bundle';
import { webRoot } from './web-root';

/** Smaller answers gain less from compression than it costs (and fit in one packet or two anyway). */
const COMPRESS_THRESHOLD_BYTES = 1024;

/**
 * Compression of whatever is not precompressed: the API's JSON answers (case lists, views,
 * trails: 5–10 times smaller), CSV exports, and the unbundled files below. Brotli at quality 4
 * (the plugin's default: about gzip's CPU for a smaller result) or gzip, whichever the browser
 * accepts; answers that already say how they are encoded (the bundle's files) are left alone.
 * Requests are not decompressed: the API takes plain JSON, as before.
 */
export async function compressAnswers(app: NestFastifyApplication): Promise<void> {
  await app.register(compress, { global: true, globalDecompression: false, encodings: ['br', 'gzip'], threshold: COMPRESS_THRESHOLD_BYTES });
}

/**
 * The pages' files. The bundle (`web-bundle-build.ts`) under `/assets/built/`: content-hashed
 * names, so cached for a year without asking again, and sent precompressed. The unbundled
 * modules stay readable under `/assets/` (revalidated on every load: source maps point at them,
 * and tests import a module on its own); the pages never load them.
 */
export function serveWebAssets(app: NestFastifyApplication, bundle: WebBundle): void {
  app
    .getHttpAdapter()
    .getInstance()
    .get(`${BUILT_PREFIX}*`, (request, reply) => {
      const file = bundle.assets.get(request.url.split('?')[0]);
      if (!file) return reply.callNotFound();
      return sendBundleFile(request, reply, file, IMMUTABLE);
    });
  app.useStaticAssets({
    root: join(webRoot(), 'assets'),
    prefix: '/assets/',
    // Swagger's page registers @fastify/static as well; only one registration may decorate reply.
    decorateReply: false,
    cacheControl: true,
    maxAge: 0,
    index: false,
    list: false,
    dotfiles: 'deny',
  });
  // ECharts for the statistics page's charts, served from the installed package (no CDN: the
  // service runs without internet, and the pages' content policy allows only this origin's scripts).
  // Loaded by the statistics page alone, by a fixed name: revalidated, compressed on the fly.
  app.useStaticAssets({
    root: join(dirname(require.resolve('echarts/package.json')), 'dist'),
    prefix: '/assets/vendor/echarts/',
    decorateReply: false,
    cacheControl: true,
    maxAge: 0,
    index: false,
    list: false,
    dotfiles: 'deny',
    allowedPath: (pathName: string) => pathName === '/echarts.esm.min.js',
  });
}
