import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { condition, DomainError } from '../common/domain-error';

/** The only route that takes a PDF as its body: checking a copy on the verification page. */
export const VERIFY_UPLOAD_ROUTE = '/api/documents/verify/file';
export const PDF_TYPE = 'application/pdf';
/** A document the service issued is well under 1 MiB; 20 MiB leaves room for a re-saved copy. */
export const MAX_VERIFY_BYTES = 20 * 1024 * 1024;

/**
 * A copy to check comes as the request's body itself, typed application/pdf (a page sends the
 * chosen file as it is with fetch). Taken on the verification route only, up to MAX_VERIFY_BYTES;
 * anywhere else the type is the 415 it always was. Nothing received is stored.
 */
export function acceptPdfForVerification(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addContentTypeParser(PDF_TYPE, (request, payload, done) => {
    if ((request.url ?? '').split('?')[0] !== VERIFY_UPLOAD_ROUTE) {
      payload.resume();
      return done(Object.assign(new Error('Unsupported Media Type'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }), undefined);
    }
    const parts: Buffer[] = [];
    let size = 0;
    let refused = false;
    payload.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > MAX_VERIFY_BYTES) {
        refused = true;
        parts.length = 0;
        done(
          new DomainError('DOCUMENT.TOO_LARGE', `The file is larger than ${MAX_VERIFY_BYTES / 1024 / 1024} MiB`, {
            conditions: [
              condition(
                'document.verifyTooLarge',
                `文件超过 ${MAX_VERIFY_BYTES / 1024 / 1024} MB，不是本系统签发的文书`,
                `The file is larger than ${MAX_VERIFY_BYTES / 1024 / 1024} MiB: not a document this service issued`,
              ),
            ],
          }),
          undefined,
        );
        return;
      }
      parts.push(chunk);
    });
    payload.on('end', () => {
      if (!refused) done(null, Buffer.concat(parts));
    });
    payload.on('error', (error) => {
      if (!refused) done(error, undefined);
    });
  });
}
