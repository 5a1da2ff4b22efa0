import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { MB, secondsSince } from './stats';

export interface ServiceSettings {
  /** The database's configuration variables (DB_TYPE, DB_PATH or DATABASE_URL). */
  database: NodeJS.ProcessEnv;
  /** Extra environment, e.g. GROUP_COMMIT=on. */
  env?: NodeJS.ProcessEnv;
  /** Write a CPU profile into this folder when the service stops. */
  profileDir?: string;
  /** Pin the service to these cores (`taskset -c`), e.g. `0` or `0,1` (BENCH_SERVICE_CPUS). */
  cpus?: string;
}

export const ROOT = join(__dirname, '..');
const START_SCRIPT = /^node((?: --[\w-]+(?:=\S+)?)*) dist\/src\/main\.js$/;
const START_TIMEOUT_MS = 180_000;
/** USER_HZ: /proc reports CPU time in these ticks (100 on every Linux this runs on). */
const CLOCK_TICKS = 100;

/**
 * The production build as `npm start` runs it (its Node flags too) as a child process on
 * 127.0.0.1, with the settings of `npm start` minus demo data. Rate limits are switched off
 * (`RATE_LIMIT=off`): thirty-two connections from one address are the point of the exercise.
 */
/** The same keys for every service this bench run starts, so a restart on the same database reads what it sealed. */
const BENCH_SEALED_KEYS = { SEALED_KEY: randomBytes(32).toString('base64'), SEALED_INDEX_KEY: randomBytes(32).toString('base64') };

export class ServiceProcess {
  /** Services started and not yet stopped: an interrupted benchmark stops them on its way out. */
  private static readonly running = new Set<ChildProcess>();

  private constructor(
    private readonly child: ChildProcess,
    readonly baseUrl: string,
    /** Seconds from spawning the process to the service listening. */
    readonly startSeconds: number,
  ) {}

  static killAll(): void {
    for (const child of ServiceProcess.running) child.kill('SIGKILL');
  }

  static async start(settings: ServiceSettings): Promise<ServiceProcess> {
    const port = await freePort();
    const execArgv = settings.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.profileDir}`, '-r', join(__dirname, 'profile', 'exit-on-sigterm.js')] : [];
    const started = process.hrtime.bigint();
    const args = [...execArgv, ...startCommandArgs()];
    const child = spawn(settings.cpus ? 'taskset' : process.execPath, settings.cpus ? ['-c', settings.cpus, process.execPath, ...args] : args, {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        DEMO_DATA: 'off',
        JWT_SECRET: randomBytes(32).toString('hex'),
        // Production refuses to start without the key of sealed identities: one per bench run.
        ...BENCH_SEALED_KEYS,
        RATE_LIMIT: 'off',
        ...settings.database,
        ...settings.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    ServiceProcess.running.add(child);
    child.once('exit', () => ServiceProcess.running.delete(child));
    const output: string[] = [];
    const listening = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`service did not start within ${START_TIMEOUT_MS / 1000} s:\n${output.join('')}`)), START_TIMEOUT_MS);
      const onData = (chunk: Buffer) => {
        output.push(chunk.toString());
        if (output.length > 200) output.shift();
        if (chunk.toString().includes('listening on')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`service exited with ${code} before listening:\n${output.join('')}`));
      });
    });
    await listening;
    const startSeconds = secondsSince(started);
    // Keep draining its output so the child never blocks on a full pipe.
    child.stdout!.removeAllListeners('data');
    child.stdout!.resume();
    child.stderr!.resume();
    return new ServiceProcess(child, `http://127.0.0.1:${port}`, startSeconds);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** CPU seconds the process has used so far (user + system, from /proc/<pid>/stat). */
  cpuSeconds(): number {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${this.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  }

  /** Resident memory now, in MB. */
  rss(): number {
    return this.statusField('VmRSS');
  }

  /** The process's peak resident memory so far, in MB. */
  peakRss(): number {
    return this.statusField('VmHWM');
  }

  /** Samples the resident memory every `ms` until `stop()`; returns the highest seen, in MB. */
  sampleRss(ms = 50): { stop: () => number } {
    let peak = this.rss();
    const timer = setInterval(() => {
      try {
        peak = Math.max(peak, this.rss());
      } catch {
        // The process is gone: the last sample stands.
      }
    }, ms);
    return {
      stop: () => {
        clearInterval(timer);
        return peak;
      },
    };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }

  private statusField(name: string): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const match = status.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'));
    if (!match) throw new Error(`no ${name} in /proc/${this.pid}/status`);
    return (Number(match[1]) * 1024) / MB;
  }
}

/** `npm start`'s own command line, read from package.json: the service is measured as it is run. */
function startCommandArgs(): string[] {
  const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const match = START_SCRIPT.exec(script);
  if (!match) throw new Error(`npm start is not "node [--flags] dist/src/main.js": ${script}`);
  return [...match[1].split(' ').filter((flag) => flag.length > 0), join('dist', 'src', 'main.js')];
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
