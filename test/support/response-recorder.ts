import type { Server, ServerResponse } from 'node:http';

export interface RecordedResponse {
  method: string;
  url: string;
  status: number;
  authorization: string | undefined;
  body: string;
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
        body: Buffer.concat(chunks).toString('utf8'),
      });
      return end(chunk, ...rest);
    }) as typeof response.end;
  });
  return recorded;
}
