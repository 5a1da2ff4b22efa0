import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { assertHashImplementation } from './trail/chain-hash';
import { AppModule, type AppOptions } from './app.module';
import { answerNotModified } from './common/revalidation';
import { frameworkErrorHandler, guardRequestInput } from './common/request-edge';
import { applySecurityHeaders, securityHeaders } from './common/security-headers';
import { validationRefusal } from './common/validation-refusal';
import { acceptAttachmentUploads } from './case-files/multipart';
import { acceptSpreadsheetUploads } from './directory-import/upload-parser';
import { acceptPdfForVerification } from './documents/pdf-upload-parser';
import { describeProcedurePayloads } from './procedures/openapi-payloads';
import { compressAnswers, serveWebAssets } from './web/web-assets';
import { webBundle } from './web/web-bundle-store';

/** Bounded request bodies: the largest legitimate payload (a long statement) is far below this. */
const BODY_LIMIT_BYTES = 256 * 1024;

/** Builds the application exactly as the service runs it; tests call this too. */
export async function createApp(options: AppOptions): Promise<NestFastifyApplication> {
  assertHashImplementation(options.config.hashAlgorithm);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.with(options),
    new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: options.config.trustProxy, frameworkErrors: frameworkErrorHandler(securityHeaders) }),
    { logger: options.logger ?? (process.env.NODE_ENV === 'test' ? false : ['error', 'warn', 'log']) },
  );
  await applySecurityHeaders(app, options.config);
  await compressAnswers(app);
  answerNotModified(app);
  guardRequestInput(app, BODY_LIMIT_BYTES);
  acceptSpreadsheetUploads(app);
  await acceptAttachmentUploads(app, options.config);
  acceptPdfForVerification(app);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, exceptionFactory: validationRefusal }));
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('容错纠错 · 澄清正名 case workflow API')
      .setDescription('Tolerance, correction, clarification and false-accusation procedures with a verifiable audit trail')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  describeProcedurePayloads(document, options.registry);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  serveWebAssets(app, await webBundle());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
