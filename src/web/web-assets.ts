import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { dirname, join } from 'node:path';
import { webRoot } from './web-root';

/**
 * Scripts, styles and icons under `/assets/`, straight from `web/assets` (no data in them, so no
 * token). Revalidated on every load (ETag), since file names carry no content hash.
 */
export function serveWebAssets(app: NestFastifyApplication): void {
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
