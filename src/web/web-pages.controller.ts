import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Public } from '../identity/public.decorator';
import { webRoot } from './web-root';

/**
 * The single page shell for every page route (`/` and `/app/...`); the browser-side router picks
 * the page. The shell is public: it holds no data, every datum comes through the API with the
 * bearer token. The security headers (the content policy the pages are built for: scripts only
 * from this service, no inline script) come with every answer from `common/security-headers`.
 */
@ApiExcludeController()
@Controller()
export class WebPagesController {
  private readonly shell = readFileSync(join(webRoot(), 'index.html'), 'utf8');

  @Public()
  @Get(['', 'app', 'app/*'])
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  page(): string {
    return this.shell;
  }
}
