import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { MB } from '../stats';

/**
 * CPU time and memory of an implementation, read from /proc the same way for every one.
 *
 * CPU: for every live process in the trees under the given roots (the roots and all their
 * descendants), utime + stime + cutime + cstime from /proc/<pid>/stat. The first two are the
 * process's own time in all its threads; the last two are the time of its children that have
 * exited and been waited for. Summed over a tree whose members reap their own children (a Node.js
 * service, the PostgreSQL postmaster and its backends, the Restate server), that is every second
 * of CPU any process of the tree has used since it started, including backends that came and went.
 * The difference between two readings is the CPU the implementation spent in between.
 */

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime, in clock ticks. */
  ticks: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): ppid is field 4, utime..cstime are fields 14..17.
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    return { pid, ppid: Number(fields[1]), ticks };
  } catch {
    return undefined; // gone between listing and reading
  }
}

function allProcesses(): ProcStat[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is ProcStat => stat !== undefined);
}

/** The roots and every process descended from them, as they are now. */
export function processTree(roots: readonly number[]): ProcStat[] {
  const all = allProcesses();
  const children = new Map<number, ProcStat[]>();
  for (const stat of all) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const byPid = new Map(all.map((stat) => [stat.pid, stat]));
  const found = new Map<number, ProcStat>();
  const visit = (stat: ProcStat) => {
    if (found.has(stat.pid)) return;
    found.set(stat.pid, stat);
    for (const child of children.get(stat.pid) ?? []) visit(child);
  };
  for (const root of roots) {
    const stat = byPid.get(root);
    if (stat) visit(stat);
  }
  return [...found.values()];
}

/** CPU seconds used so far by the trees under `roots` (see above). */
export function treeCpuSeconds(roots: readonly number[]): number {
  return processTree(roots).reduce((sum, stat) => sum + stat.ticks, 0) / TICKS_PER_SECOND;
}

/** The peak resident memory (VmHWM) of each of `pids`, added up, in MB. */
export function peakRssMb(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    if (!match) throw new Error(`no VmHWM in /proc/${pid}/status`);
    total += (Number(match[1]) * 1024) / MB;
  }
  return total;
}
