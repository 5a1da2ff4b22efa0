import { Agent, request, type IncomingMessage } from 'node:http';

export interface HttpAnswer {
  status: number;
  body: string;
  /** Milliseconds from sending the request to the last byte of the answer. */
  ms: number;
}

/**
 * A small keep-alive HTTP/1.1 client for 127.0.0.1 only: one agent with a fixed number of
 * sockets, so "32 connections" means 32 TCP connections reused for the whole run.
 */
export class HttpClient {
  private readonly agent: Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(
    readonly baseUrl: string,
    connections: number,
  ) {
    const url = new URL(baseUrl);
    if (url.hostname !== '127.0.0.1') throw new Error(`the benchmark only talks to 127.0.0.1, not ${url.hostname}`);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  send(method: 'GET' | 'POST', path: string, token?: string, json?: unknown): Promise<HttpAnswer> {
    const body = json === undefined ? undefined : JSON.stringify(json);
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const started = process.hrtime.bigint();
    return new Promise((resolve, reject) => {
      const req = request({ host: this.host, port: this.port, method, path, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: Number(process.hrtime.bigint() - started) / 1e6 }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** A GET whose answer is consumed as it streams: `onChunk` sees each piece, nothing is kept. */
  stream(path: string, token: string, onChunk: (chunk: Buffer) => void): Promise<{ status: number; ms: number }> {
    const started = process.hrtime.bigint();
    return new Promise((resolve, reject) => {
      const req = request(
        { host: this.host, port: this.port, method: 'GET', path, headers: { authorization: `Bearer ${token}` }, agent: this.agent },
        (res: IncomingMessage) => {
          res.on('data', onChunk);
          res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  async login(username: string, password: string): Promise<string> {
    const answer = await this.send('POST', '/api/auth/login', undefined, { username, password });
    if (answer.status !== 200) throw new Error(`login as ${username}: ${answer.status} ${answer.body}`);
    return (JSON.parse(answer.body) as { accessToken: string }).accessToken;
  }

  close(): void {
    this.agent.destroy();
  }
}
