import { Module } from '@nestjs/common';
import { InterimMeController } from './interim-me.controller';
import { WebPagesController } from './web-pages.controller';

/** The pages for staff, applicant cadres and auditors; assets are registered by `serveWebAssets`. */
@Module({ controllers: [WebPagesController, InterimMeController] })
export class WebModule {}
