import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpClient } from '../http-client';
import { freePort, ROOT } from '../service-process';
import type { PeerAuditRecord, PeerCase } from './case-event';
import { PeerProcess } from './peer-process';

/** The Restate server binary that `@restatedev/restate-server` ships for this platform. */
export function restateServerBinary(): string | undefined {
  try {
    const packageDir = join(require.resolve(`@restatedev/restate-server-${process.platform}-${process.arch}/package.json`), '..');
    const binary = join(packageDir, 'bin', 'restate-server');
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The server's configuration: everything Restate's defaults (a single node with all roles, the
 * replicated loglet with replication 1, RocksDB with its write-ahead log fsynced: `--dump-config`
 * prints them) except where it listens and what it may send out. It listens on 127.0.0.1 only (TCP,
 * no Unix sockets), on ports picked for the run; telemetry is off.
 */
export const RESTATE_SETTINGS = {
  'listen-mode': 'tcp',
  'disable-telemetry': true,
  'log-filter': 'warn',
};

export interface RestateRun {
  /** The ingress: the load's `POST /cases/:id/events` goes straight to it. */
  baseUrl: string;
  /** The server and the SDK endpoint: every process of this implementation. */
  pids: number[];
  /** The audit records the `cases` objects hold, from the admin API's SQL over their state. */
  countRecords(): Promise<number>;
  stop(): Promise<void>;
}

export interface RestateSeed {
  record: PeerCase;
  trail: PeerAuditRecord[];
}

/**
 * Starts a Restate server on a fresh data directory and the endpoint with the `cases` object,
 * registers the endpoint, loads the filled database's cases into their objects, and returns the
 * ingress. `stop()` stops both processes and removes the data directory.
 *
 * The server asks api.github.com for its latest release at every start (server/src/build_info.rs,
 * with no setting to turn it off). The benchmark sends nothing off this machine, so the server runs
 * in a mount namespace of its own (`unshare --mount`) where /etc/hosts points that name at the
 * loopback address: the question fails at once, on 127.0.0.1.
 */
export async function startRestate(
  seeds: RestateSeed[],
  options: { tokenSecret: string; algorithm: string; connections: number },
  log: (line: string) => void,
): Promise<RestateRun> {
  const binary = restateServerBinary();
  if (!binary) throw new Error(`no Restate server binary for ${process.platform}-${process.arch} in node_modules (@restatedev/restate-server)`);
  const dir = mkdtempSync(join(tmpdir(), 'bench-restate-'));
  const processes: PeerProcess[] = [];
  // An interrupted run: PeerProcess kills the server on the way out, this removes its data.
  const removeData = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeData);
  const stop = async () => {
    for (const program of processes.reverse()) await program.stop();
    removeData();
    process.removeListener('exit', removeData);
  };
  try {
    const [ingress, admin, fabric, endpointPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const config = [
      ...Object.entries(RESTATE_SETTINGS).map(([key, value]) => `${key} = ${JSON.stringify(value)}`),
      `cluster-name = "bench"`,
      `node-name = "bench"`,
      `base-dir = ${JSON.stringify(join(dir, 'data'))}`,
      `bind-address = "127.0.0.1:${fabric}"`,
      `advertised-address = "http://127.0.0.1:${fabric}/"`,
      '',
      '[ingress]',
      `bind-address = "127.0.0.1:${ingress}"`,
      '',
      '[admin]',
      `bind-address = "127.0.0.1:${admin}"`,
    ].join('\n');
    writeFileSync(join(dir, 'restate.toml'), `${config}\n`);
    writeFileSync(join(dir, 'hosts'), `127.0.0.1 api.github.com\n::1 api.github.com\n${readFileSync('/etc/hosts', 'utf8')}`);
    log(`restate: server on 127.0.0.1:${ingress} (data in ${dir})`);
    const server = await PeerProcess.start({
      name: 'restate-server',
      command: 'unshare',
      args: [
        '--mount',
        '--propagation',
        'private',
        'sh',
        '-c',
        'mount --bind "$1" /etc/hosts && exec "$2" --config-file "$3" --no-logo',
        'restate',
        join(dir, 'hosts'),
        binary,
        join(dir, 'restate.toml'),
      ],
      env: { PATH: process.env.PATH, HOME: dir, DO_NOT_TRACK: '1' },
      cwd: dir,
      // At log level warn the server prints nothing when ready: its admin API answering is the signal.
    });
    processes.push(server);
    await waitForHealth(`http://127.0.0.1:${admin}/health`, server);
    const endpoint = await PeerProcess.start({
      name: 'restate-endpoint',
      command: process.execPath,
      args: [join(ROOT, 'dist', 'bench', 'peers', 'restate-endpoint.js')],
      env: { PATH: process.env.PATH, NODE_ENV: 'production', PORT: String(endpointPort), TOKEN_SECRET: options.tokenSecret, HASH_ALGORITHM: options.algorithm },
      cwd: ROOT,
      readyWhen: 'listening on',
    });
    processes.push(endpoint);
    await postJson(`http://127.0.0.1:${admin}/deployments`, { uri: `http://127.0.0.1:${endpointPort}` });
    const baseUrl = `http://127.0.0.1:${ingress}`;
    log(`restate: loading ${seeds.length} cases into their objects`);
    await seedCases(baseUrl, seeds, options.connections);
    const countRecords = async () => {
      const answer = await fetch(`http://127.0.0.1:${admin}/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: "SELECT count(*) AS n FROM state WHERE service_name = 'cases' AND key LIKE 'trail:%'" }),
      });
      if (!answer.ok) throw new Error(`restate admin query: ${answer.status} ${await answer.text()}`);
      return Number(((await answer.json()) as { rows: Array<{ n: number }> }).rows[0].n);
    };
    return { baseUrl, pids: [server.pid, endpoint.pid], countRecords, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function seedCases(baseUrl: string, seeds: RestateSeed[], connections: number): Promise<void> {
  const client = new HttpClient(baseUrl, connections);
  try {
    let next = 0;
    const lane = async () => {
      while (next < seeds.length) {
        const seed = seeds[next++];
        const answer = await client.send('POST', `/cases/${seed.record.id}/seed`, undefined, seed);
        if (answer.status !== 200) throw new Error(`seeding case ${seed.record.id}: ${answer.status} ${answer.body}`);
      }
    };
    await Promise.all(Array.from({ length: connections }, lane));
  } finally {
    client.close();
  }
}

async function waitForHealth(url: string, server: PeerProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const answer = await fetch(url);
      if (answer.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`restate-server not healthy within ${timeoutMs / 1000} s:\n${server.recentOutput()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function postJson(url: string, body: unknown): Promise<void> {
  const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!answer.ok) throw new Error(`POST ${url}: ${answer.status} ${await answer.text()}`);
}
