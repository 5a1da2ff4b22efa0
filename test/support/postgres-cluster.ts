import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

/**
 * A throwaway PostgreSQL cluster for the test run: initdb into a temporary directory and a server
 * on a free loopback port, stopped and deleted afterwards. PostgreSQL refuses to run as root, so
 * under root (CI) the cluster belongs to the `postgres` system user the Debian package creates.
 */
export interface ThrowawayCluster {
  adminUrl: string;
  binDir: string;
  stop: () => void;
}

/** Where the server binaries are: Debian's versioned directory (newest first), else `pg_config --bindir`. */
export function findPostgresBinDir(): string | undefined {
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((name) => existsSync(join(debian, name, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return join(debian, versions[0], 'bin');
  }
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const dir = pgConfig.status === 0 ? pgConfig.stdout.trim() : '';
  return dir && existsSync(join(dir, 'initdb')) ? dir : undefined;
}

export interface ClusterOptions {
  /**
   * Keep PostgreSQL's durability settings (fsync, full-page writes, synchronous commit on), as a
   * production server has them: for measurements. Tests leave them off for speed.
   */
  durable?: boolean;
  /** More server settings (`name: value`), after the defaults so they win: the benchmark's memory. */
  settings?: Record<string, string>;
}

export async function startThrowawayCluster(binDir: string, options: ClusterOptions = {}): Promise<ThrowawayCluster> {
  const root = mkdtempSync(join(tmpdir(), 'case-workflow-pg-'));
  const dataDir = join(root, 'data');
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? postgresUser() : undefined;
  if (owner) chownSync(root, owner.uid, owner.gid);
  const run = (command: string, args: string[]) => {
    const [file, argv] = owner ? ['runuser', ['-u', 'postgres', '--', join(binDir, command), ...args]] : [join(binDir, command), args];
    return execFileSync(file, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  };
  const initdb = (locale: string) => run('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', locale, '--no-sync']);
  try {
    initdb('--locale=C.UTF-8');
  } catch {
    // Systems without the C.UTF-8 locale: byte order, UTF-8 still.
    rmSync(dataDir, { recursive: true, force: true });
    try {
      initdb('--no-locale');
    } catch (error) {
      throw new Error(`initdb failed: ${(error as { stderr?: string }).stderr ?? error}`);
    }
  }
  const port = await freePort();
  // Durability is off by default because this cluster is deleted after the run. synchronous_commit
  // is off too, so that a test reading it back sees the service's own session setting.
  const serverOptions = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-c unix_socket_directories=${root}`,
    '-c max_connections=300',
    '-c shared_buffers=64MB',
    ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
    ...Object.entries(options.settings ?? {}).map(([name, value]) => `-c ${name}=${value}`),
  ].join(' ');
  const logFile = join(root, 'server.log');
  try {
    run('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', serverOptions, '-w', '-t', '60', 'start']);
  } catch (error) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    throw new Error(`PostgreSQL did not start: ${(error as { stderr?: string }).stderr ?? error}\n${log}`);
  }
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };
  return { adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`, binDir, stop };
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  if (!line) throw new Error('Running as root, but there is no postgres system user to own the test cluster (apt-get install postgresql creates it)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}
