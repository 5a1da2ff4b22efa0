import { spawn, type ChildProcess } from 'node:child_process';

export interface ProgramSettings {
  /** A name for messages. */
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Text on stdout or stderr that says the program is ready; absent: ready once spawned (the caller checks). */
  readyWhen?: string | RegExp;
  startTimeoutMs?: number;
}

/**
 * A program a peer needs (a Node.js process of ours, the Restate server), started for one phase
 * and stopped at its end. Every one still running is killed when the benchmark is interrupted or
 * exits, so no peer process outlives the run.
 */
export class PeerProcess {
  private static readonly running = new Set<ChildProcess>();

  private constructor(
    private readonly child: ChildProcess,
    readonly name: string,
    private readonly output: string[],
  ) {}

  static killAll(): void {
    for (const child of PeerProcess.running) child.kill('SIGKILL');
  }

  static async start(settings: ProgramSettings): Promise<PeerProcess> {
    const child = spawn(settings.command, settings.args, { cwd: settings.cwd, env: settings.env, stdio: ['ignore', 'pipe', 'pipe'] });
    PeerProcess.running.add(child);
    child.once('exit', () => PeerProcess.running.delete(child));
    const output: string[] = [];
    const timeoutMs = settings.startTimeoutMs ?? 120_000;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${settings.name} did not start within ${timeoutMs / 1000} s:\n${output.join('')}`));
      }, timeoutMs);
      let started = false;
      const onData = (chunk: Buffer) => {
        output.push(chunk.toString());
        if (output.length > 200) output.shift();
        if (started || !settings.readyWhen) return;
        const ready = typeof settings.readyWhen === 'string' ? output.join('').includes(settings.readyWhen) : settings.readyWhen.test(output.join(''));
        if (ready) {
          started = true;
          clearTimeout(timer);
          child.removeListener('exit', onExit);
          resolve();
        }
      };
      const onExit = (code: number | null, signal: string | null) => {
        clearTimeout(timer);
        reject(new Error(`${settings.name} exited (${code ?? signal}) before it was ready:\n${output.join('')}`));
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', onExit);
      if (!settings.readyWhen) {
        child.once('spawn', () => {
          started = true;
          clearTimeout(timer);
          child.removeListener('exit', onExit);
          resolve();
        });
      }
    });
    return new PeerProcess(child, settings.name, output);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The last lines it printed, for an error message. */
  recentOutput(): string {
    return this.output.join('').slice(-4000);
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 30_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

process.once('exit', () => PeerProcess.killAll());
