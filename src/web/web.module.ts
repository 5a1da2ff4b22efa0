import { Module } from '@nestjs/common';
import { WEB_BUNDLE, WebPagesController } from './web-pages.controller';
import { webBundle } from './web-bundle-store';

/** The pages for staff, applicant cadres and auditors; assets are registered by `serveWebAssets`. */
@Module({ controllers: [WebPagesController], providers: [{ provide: WEB_BUNDLE, useFactory: () => webBundle() }] })
export class WebModule {}
