import type { Server, ServerResponse } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

export interface RecordedResponse {
  method: string;
  url: string;
  status: number;
  authorization: string | undefined;
  body: string;
}

/**
 * What the client reads: answers are compressed on the way out (brotli or gzip above 1 KB), and a
 * scan of the compressed bytes would find nothing, leaks included.
 */
function decoded(body: Buffer, encoding: unknown): Buffer {
  if (encoding === 'br') return brotliDecompressSync(body);
  if (encoding === 'gzip') return gunzipSync(body);
  return body;
}

/**
 * Keeps a copy of every answer the service sends, whoever asked, so a test can search all of them
 * (a sealed identity must appear in none but the approved read).
 */
export function recordResponses(server: Server): RecordedResponse[] {
  const recorded: RecordedResponse[] = [];
  server.prependListener('request', (request, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    const write = response.write.bind(response) as (...args: unknown[]) => boolean;
    const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
    const keep = (chunk: unknown) => {
      if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') chunks.push(Buffer.from(chunk as string));
    };
    response.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk);
      return write(chunk, ...rest);
    }) as typeof response.write;
    response.end = ((chunk?: unknown, ...rest: unknown[]) => {
      keep(chunk);
      recorded.push({
        method: request.method ?? '',
        url: request.url ?? '',
        status: response.statusCode,
        authorization: request.headers.authorization,
        body: decoded(Buffer.concat(chunks), response.getHeader('content-encoding')).toString('utf8'),
      });
      return end(chunk, ...rest);
    }) as typeof response.end;
  });
  return recorded;
}
