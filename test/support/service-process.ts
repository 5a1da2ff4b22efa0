import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './free-port';

const ROOT = join(__dirname, '..', '..');
const START_TIMEOUT_MS = 120_000;

export interface ServiceProcess {
  name: string;
  url: string;
  pid: number;
  /** Everything the process printed so far. */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill: (signal: NodeJS.Signals) => void;
}

/**
 * The service as its own operating-system process, started from the TypeScript sources the way
 * `node dist/src/main.js` runs the build (same entry point, same configuration from the
 * environment), with demo data off. Resolves once it reports ready.
 */
export async function startServiceProcess(name: string, env: NodeJS.ProcessEnv): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', 'ts-node/register', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TS_NODE_TRANSPILE_ONLY: 'true',
      TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
      NO_COLOR: '1',
      HOST: '127.0.0.1',
      PORT: String(port),
      DEMO_DATA: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const service: ServiceProcess = {
    name,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output: () => output,
    exited,
    kill: (signal) => void child.kill(signal),
  };
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`service ${name} exited while starting:\n${output}`);
    const status = await fetch(`${service.url}/api/ready`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return service;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`service ${name} was not ready after ${START_TIMEOUT_MS} ms:\n${output}`);
}

/** Stops whatever is still running after a test, failed or not. */
export async function killAll(services: ServiceProcess[]): Promise<void> {
  for (const service of services) service.kill('SIGKILL');
  await Promise.all(services.map((service) => service.exited));
}
