import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../identity/public.decorator';
import { REVALIDATE, sendBundleFile } from './send-bundle-file';
import type { BundleFile, WebBundle } from './web-bundle';

export const WEB_BUNDLE = Symbol('WEB_BUNDLE');

/**
 * The single page shell for every page route (`/` and `/app/...`); the browser-side router picks
 * the page. The shell is public: it holds no data, every datum comes through the API with the
 * bearer token. The security headers (the content policy the pages are built for: scripts only
 * from this service, no inline script) come with every answer from `common/security-headers`.
 * The shell names this release's fingerprinted files, so it is revalidated on every load (ETag).
 *
 * Another entry page (`web/<name>.html`) is bundled by the build as it is; serving it takes a
 * route here returning `this.page('<name>.html')`.
 */
@ApiExcludeController()
@Controller()
export class WebPagesController {
  constructor(@Inject(WEB_BUNDLE) private readonly bundle: WebBundle) {}

  @Public()
  @Get(['', 'app', 'app/*'])
  shell(@Req() request: FastifyRequest, @Res() reply: FastifyReply): FastifyReply {
    return sendBundleFile(request, reply, this.page('index.html'), REVALIDATE);
  }

  private page(name: string): BundleFile {
    const page = this.bundle.pages.get(name);
    if (!page) throw new Error(`web/${name} is not in the bundle`);
    return page;
  }
}
