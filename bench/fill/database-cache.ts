import { createHash } from 'node:crypto';
import { constants, copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HashAlgorithm } from '../../src/config/app-config';
import { MIGRATIONS } from '../../src/database/migrations';
import { caseTemplates } from './case-templates';
import { fillDatabase, removeDatabase } from './fill-database';

export interface CachedDatabase {
  path: string;
  /** Seconds spent filling it in this run; 0 when a cached one was reused. */
  fillSeconds: number;
}

/**
 * A filled database per size, kept between runs: filling a million cases takes minutes, reusing
 * one takes a copy. The name carries a fingerprint of the schema and the case templates, so a
 * new migration or a changed machine sample gets a fresh fill. A run never writes to the cached
 * file: it works on a copy, so every run starts from the same database.
 */
export async function filledDatabase(
  cacheDir: string,
  cases: number,
  algorithm: HashAlgorithm,
  fresh: boolean,
  log: (line: string) => void,
): Promise<CachedDatabase> {
  mkdirSync(cacheDir, { recursive: true });
  const path = join(cacheDir, `cases-${cases}-${algorithm}-${fingerprint(algorithm)}.sqlite`);
  if (existsSync(path) && !fresh) return { path, fillSeconds: 0 };
  log(`filling ${cases} cases into ${path}`);
  const summary = await fillDatabase({ path, cases, algorithm, now: new Date(), log });
  log(`  ${summary.entries} trail entries in ${summary.seconds.toFixed(1)} s`);
  return { path, fillSeconds: summary.seconds };
}

/** A copy to run on (a clone where the file system can, a plain copy elsewhere). */
export function copyDatabase(from: string, to: string): void {
  removeDatabase(to);
  copyFileSync(from, to, constants.COPYFILE_FICLONE);
}

function fingerprint(algorithm: HashAlgorithm): string {
  const templates = caseTemplates(algorithm).map((template) => [
    template.name,
    template.weight,
    template.entries.map((entry) => entry.hashed.parts),
    template.deadlines,
  ]);
  const migrations = MIGRATIONS.map((migration) => migration.name);
  return createHash('sha256')
    .update(JSON.stringify([templates, migrations]))
    .digest('hex')
    .slice(0, 10);
}
