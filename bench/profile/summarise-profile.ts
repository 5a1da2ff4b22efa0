import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  /** Microseconds of the system's monotonic clock, the one `process.hrtime` reads. */
  startTime: number;
}

/** A stretch of the monotonic clock in microseconds (`process.hrtime.bigint() / 1000n`). */
export interface TimeWindow {
  fromUs: number;
  toUs: number;
}

export interface SelfTime {
  name: string;
  where: string;
  /** Share of all samples, in per cent. */
  percent: number;
}

export interface ProfileSummary {
  totalMs: number;
  functions: SelfTime[];
  /** Self time grouped by where the code lives: the service, each library, Node itself. */
  areas: SelfTime[];
}

/**
 * Self time per function and per area of a V8 `.cpuprofile` (as written by `node --cpu-prof`),
 * counting only the samples taken inside `window` when one is given: V8 stamps samples with the
 * same monotonic clock as `process.hrtime`, so the start-up of the process can be left out.
 */
export function summariseProfile(file: string, top = 20, window?: TimeWindow): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const total = [...selfUs.values()].reduce((sum, value) => sum + value, 0) || 1;
  const functions = new Map<string, SelfTime>();
  const areas = new Map<string, SelfTime>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    const name = frame.functionName || '(anonymous)';
    const where = frame.url ? `${shortPath(frame.url)}:${frame.lineNumber + 1}` : '';
    const key = `${name} ${where}`;
    const fn = functions.get(key) ?? { name, where, percent: 0 };
    fn.percent += (100 * us) / total;
    functions.set(key, fn);
    const area = areaOf(frame.url, name);
    const group = areas.get(area) ?? { name: area, where: '', percent: 0 };
    group.percent += (100 * us) / total;
    areas.set(area, group);
  }
  const sorted = (items: Iterable<SelfTime>) => [...items].sort((a, b) => b.percent - a.percent);
  return { totalMs: total / 1000, functions: sorted(functions.values()).slice(0, top), areas: sorted(areas.values()) };
}

function shortPath(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  return path.startsWith('/') ? relative(process.cwd(), path) : path;
}

/** `(garbage collector)`, `(program)` and `(idle)` stay as V8 names them; code goes by package or folder. */
function areaOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  // TypeORM's query() calls better-sqlite3 synchronously: its self time is SQLite running the
  // statement, the COMMIT's fsync included.
  if (name === 'query' && url.endsWith('BetterSqlite3QueryRunner.js')) return 'SQLite (statements, commits)';
  if (url.startsWith('node:')) return 'node:internal';
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = path.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const inDist = path.match(/\/dist\/(src|workflows)\/([^/]+)/);
  if (inDist) return inDist[1] === 'workflows' ? 'workflows' : `src/${inDist[2]}`;
  return shortPath(path);
}

export function formatProfile(summary: ProfileSummary, topAreas = 12): string[] {
  return [
    `  sampled ${summary.totalMs.toFixed(0)} ms; self time by area:`,
    ...summary.areas.slice(0, topAreas).map((area) => `    ${area.percent.toFixed(1).padStart(5)} %  ${area.name}`),
    '  top functions by self time:',
    ...summary.functions.map((fn) => `    ${fn.percent.toFixed(1).padStart(5)} %  ${fn.name}  ${fn.where}`),
  ];
}
