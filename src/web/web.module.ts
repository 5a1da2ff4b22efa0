import { Module } from '@nestjs/common';
import { WebPagesController } from './web-pages.controller';

/** The pages for staff, applicant cadres and auditors; assets are registered by `serveWebAssets`. */
@Module({ controllers: [WebPagesController] })
export class WebModule {}
