import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Brackets, DataSource } from 'typeorm';
import { AuditTrailService, type VerificationResult } from '../audit/audit-trail.service';
import type { AppConfig } from '../config/app-config';
import { openAsIs } from './open-as-is';
import { backupDatabase, restoreDatabase } from './backup';
import { databaseNameOf, withDatabase } from './postgres-tools';

export interface DrillReport {
  ok: boolean;
  database: 'sqlite' | 'postgres';
  backupBytes: number;
  /** The restored copy: a file, or a database name on the same server. */
  restoredInto: string;
  verification: VerificationResult;
  streams: number;
  entries: number;
  /** Every chain in the copy is the start of the same chain in the live database. */
  matchesLive: boolean;
  problems: string[];
  durationMs: number;
}

export interface DrillOptions {
  /** An existing empty PostgreSQL database to restore into; by default a scratch one is created and dropped. */
  targetUrl?: string;
}

const PAGE = 500;
const MAX_PROBLEMS = 20;

/**
 * Backs up the live database, restores the backup into a scratch place, and checks the copy: its
 * trail verifies chain by chain, and every chain in it is the start of the same chain in the live
 * database (the trail only grows, so a faithful backup is a prefix of what runs now).
 */
export async function runRestoreDrill(config: AppConfig, options: DrillOptions = {}): Promise<DrillReport> {
  const started = Date.now();
  const workDir = mkdtempSync(join(tmpdir(), 'restore-drill-'));
  const sources: DataSource[] = [];
  let scratch: Awaited<ReturnType<typeof scratchTarget>> | undefined;
  try {
    scratch = await scratchTarget(config, workDir, options);
    const backupFile = join(workDir, config.dbType === 'postgres' ? 'backup.dump' : 'backup.sqlite');
    const backupBytes = await backupDatabase(config, backupFile);
    await restoreDatabase(scratch.config, backupFile);
    const restored = await open(scratch.config, sources);
    const live = await open(config, sources);
    const verification = await new AuditTrailService(restored).verify();
    const comparison = await compareWithLive(restored, live);
    return {
      ok: verification.ok && comparison.problems.length === 0,
      database: config.dbType,
      backupBytes,
      restoredInto: scratch.name,
      verification,
      streams: comparison.streams,
      entries: comparison.entries,
      matchesLive: comparison.problems.length === 0,
      problems: comparison.problems,
      durationMs: Date.now() - started,
    };
  } finally {
    for (const source of sources) await source.destroy();
    await scratch?.remove();
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function scratchTarget(
  config: AppConfig,
  workDir: string,
  options: DrillOptions,
): Promise<{ config: AppConfig; name: string; remove: () => Promise<void> }> {
  if (config.dbType === 'sqlite') {
    const dbPath = join(workDir, 'restored.sqlite');
    return { config: { ...config, dbPath }, name: dbPath, remove: async () => undefined };
  }
  if (options.targetUrl) {
    return { config: { ...config, databaseUrl: options.targetUrl }, name: databaseNameOf(options.targetUrl), remove: async () => undefined };
  }
  const name = `${databaseNameOf(config.databaseUrl!).slice(0, 40)}_drill_${Date.now()}`;
  await onServer(config.databaseUrl!, (client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    config: { ...config, databaseUrl: withDatabase(config.databaseUrl!, name) },
    name,
    remove: () => onServer(config.databaseUrl!, (client) => client.query(`DROP DATABASE IF EXISTS "${name}"`)).then(() => undefined),
  };
}

async function onServer<T>(databaseUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function open(config: AppConfig, sources: DataSource[]): Promise<DataSource> {
  const source = await openAsIs(config);
  sources.push(source);
  return source;
}

interface ChainHead {
  stream_id: string;
  position: number;
  hash: string;
}

/** Every chain of the copy must end on an entry the live trail has, with the same hash. */
export async function compareWithLive(restored: DataSource, live: DataSource): Promise<{ streams: number; entries: number; problems: string[] }> {
  const problems: string[] = [];
  const [{ n: entries }]: Array<{ n: number | string }> = await restored.query('SELECT COUNT(*) AS n FROM audit_entries');
  let streams = 0;
  let after = '';
  for (;;) {
    const heads = await chainHeadsAfter(restored, after);
    if (heads.length === 0) break;
    streams += heads.length;
    after = heads[heads.length - 1].stream_id;
    const found = await live
      .createQueryBuilder()
      .select(['e.stream_id AS stream_id', 'e.position AS position', 'e.hash AS hash'])
      .from('audit_entries', 'e')
      .where(
        new Brackets((where) => {
          heads.forEach((head, i) => where.orWhere(`(e.stream_id = :s${i} AND e.position = :p${i})`, { [`s${i}`]: head.stream_id, [`p${i}`]: head.position }));
        }),
      )
      .getRawMany<ChainHead>();
    const liveHash = new Map(found.map((row) => [`${row.stream_id}#${Number(row.position)}`, row.hash]));
    for (const head of heads) {
      const hash = liveHash.get(`${head.stream_id}#${Number(head.position)}`);
      if (hash === undefined) problems.push(`${head.stream_id}: entry ${head.position} of the backup is not in the live trail`);
      else if (hash !== head.hash) problems.push(`${head.stream_id}: entry ${head.position} of the backup differs from the live trail`);
    }
    if (problems.length >= MAX_PROBLEMS) break;
  }
  return { streams, entries: Number(entries), problems: problems.slice(0, MAX_PROBLEMS) };
}

/** The last entry of each chain, a page of streams at a time in stream order. */
function chainHeadsAfter(source: DataSource, after: string): Promise<ChainHead[]> {
  return source
    .createQueryBuilder()
    .select(['e.stream_id AS stream_id', 'e.position AS position', 'e.hash AS hash'])
    .from('audit_entries', 'e')
    .where('e.stream_id > :after', { after })
    .andWhere('e.position = (SELECT MAX(x.position) FROM audit_entries x WHERE x.stream_id = e.stream_id)')
    .orderBy('e.stream_id', 'ASC')
    .limit(PAGE)
    .getRawMany<ChainHead>();
}
