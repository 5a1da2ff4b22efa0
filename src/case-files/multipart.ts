import multipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../config/app-config';
import { UPLOAD_ROUTE } from './case-files.controller';

/**
 * Multipart bodies (streamed by @fastify/multipart: a file goes to the store chunk by chunk, never
 * whole into memory) on the upload route only: one file, its size limit one byte above the
 * configured one so the intake sees the excess and answers 413; the client's file name as sent
 * (`preservePath`: busboy would otherwise cut it to its base name silently, and a name with a path
 * separator is refused instead, file-names.ts). Anywhere else a multipart body is
 * the 415 it always was.
 */
export async function acceptAttachmentUploads(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(multipart, {
    limits: { fileSize: config.attachments.maxBytes + 1, files: 1, fields: 5, parts: 6, fieldSize: 1024 },
    throwFileSizeLimit: false,
    preservePath: true,
  } as Parameters<typeof multipart>[1]);
  fastify.addHook('preValidation', async (request) => {
    if (request.isMultipart() && !(request.method === 'POST' && UPLOAD_ROUTE.test(request.url ?? ''))) {
      throw Object.assign(new Error('Unsupported Media Type'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' });
    }
  });
}
