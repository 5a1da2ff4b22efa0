import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { ContentStore, isDigest } from './content-store';

/**
 * Attachments as files beside the SQLite database: `<dir>/ab/<digest>`. A file enters by rename
 * from `<dir>/.staging/` after its content was fsynced, and the directory is fsynced after the
 * rename, so a crash leaves either no file or the whole file, never a part under a digest.
 * The same directory is what `npm run backup` copies next to the database (docs/operations.md).
 */
export class DirectoryStore extends ContentStore {
  constructor(private readonly directory: string) {
    super();
  }

  stagingDirectory(): string {
    return join(this.directory, '.staging');
  }

  async put(stagedPath: string, digest: string): Promise<void> {
    const target = this.pathOf(digest);
    if (await exists(target)) {
      await unlink(stagedPath);
      return;
    }
    await mkdir(join(this.directory, digest.slice(0, 2)), { recursive: true });
    await rename(stagedPath, target);
    await syncDirectory(join(this.directory, digest.slice(0, 2)));
  }

  async has(digest: string): Promise<boolean> {
    return isDigest(digest) && exists(this.pathOf(digest));
  }

  async read(digest: string): Promise<Readable | undefined> {
    if (!(await this.has(digest))) return undefined;
    return createReadStream(this.pathOf(digest));
  }

  async remove(digest: string): Promise<void> {
    if (isDigest(digest)) await rm(this.pathOf(digest), { force: true });
  }

  async removeStaleStaging(before: Date): Promise<number> {
    const staging = this.stagingDirectory();
    const names = await readdir(staging).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const path = join(staging, name);
      const info = await stat(path).catch(() => undefined);
      if (info && info.mtime < before) {
        await rm(path, { force: true });
        removed += 1;
      }
    }
    return removed;
  }

  private pathOf(digest: string): string {
    if (!isDigest(digest)) throw new Error(`not a digest: ${digest.slice(0, 80)}`);
    return join(this.directory, digest.slice(0, 2), digest);
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** A rename is durable once its directory is synced. */
async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
