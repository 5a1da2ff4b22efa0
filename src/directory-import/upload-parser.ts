import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { condition, DomainError } from '../common/domain-error';
import { CSV_TYPE, MAX_FILE_BYTES, XLSX_TYPE } from './import-format';

/** The only routes that take a spreadsheet as their body: the directory's import and the backlog of cases'. */
export const IMPORT_ROUTES = ['/api/admin/directory-import', '/api/backlog-import'];

/**
 * A spreadsheet comes as the request's body itself, typed `.xlsx` or `text/csv` (no multipart:
 * no further dependency, and a page sends a chosen file as it is with fetch). Taken on the import
 * routes only, up to MAX_FILE_BYTES (the API's JSON bodies keep their 256 KiB); anywhere else the
 * type is the 415 it always was.
 */
export function acceptSpreadsheetUploads(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addContentTypeParser([XLSX_TYPE, CSV_TYPE], (request, payload, done) => {
    if (!IMPORT_ROUTES.some((route) => (request.url ?? '').startsWith(route))) {
      payload.resume();
      return done(Object.assign(new Error('Unsupported Media Type'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }), undefined);
    }
    const parts: Buffer[] = [];
    let size = 0;
    let refused = false;
    payload.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > MAX_FILE_BYTES) {
        refused = true;
        parts.length = 0;
        // The rest is read and dropped, so the client gets the answer rather than a reset connection.
        done(
          new DomainError('IMPORT.TOO_LARGE', `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB`, {
            conditions: [
              condition(
                'import.tooLarge',
                `文件超过 ${MAX_FILE_BYTES / 1024 / 1024} MB 的上限，未作任何处理：请分成几个文件导入`,
                `The file is larger than the ${MAX_FILE_BYTES / 1024 / 1024} MiB limit; nothing was done. Split it into several files`,
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
