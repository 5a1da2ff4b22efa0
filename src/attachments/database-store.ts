import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { ContentStore, isDigest } from './content-store';

const CHUNK_BYTES = 1024 * 1024;

/**
 * Attachments inside PostgreSQL, so several instances behind one load balancer serve the same file
 * with no shared disk and no new server: the content in 1 MiB rows of `attachment_chunks`, and a
 * row of `attachment_contents` written in the same transaction, so a file is there whole or not
 * at all. The commit (synchronous_commit=on) is the durable write. It goes into the database's
 * own backups (pg_dump), and into `npm run backup`.
 */
export class DatabaseStore extends ContentStore {
  private readonly staging = join(tmpdir(), 'case-workflow-attachments');

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  stagingDirectory(): string {
    return this.staging;
  }

  async put(stagedPath: string, digest: string, size: number): Promise<void> {
    try {
      if (await this.has(digest)) return;
      const file = await open(stagedPath, 'r');
      try {
        await this.dataSource.transaction(async (manager) => {
          const buffer = Buffer.alloc(CHUNK_BYTES);
          let seq = 0;
          for (;;) {
            const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, null);
            if (bytesRead === 0) break;
            await manager.query('INSERT INTO attachment_chunks (digest, seq, data) VALUES ($1, $2, $3)', [
              digest,
              seq,
              Buffer.from(buffer.subarray(0, bytesRead)),
            ]);
            seq += 1;
          }
          await manager.query('INSERT INTO attachment_contents (digest, size, chunks, stored_at) VALUES ($1, $2, $3, $4)', [
            digest,
            size,
            seq,
            new Date().toISOString(),
          ]);
        });
      } catch (error) {
        // Another instance stored the same content at the same time: it is there, whole.
        if (!(await this.has(digest))) throw error;
      } finally {
        await file.close();
      }
    } finally {
      await rm(stagedPath, { force: true });
    }
  }

  async has(digest: string): Promise<boolean> {
    if (!isDigest(digest)) return false;
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM attachment_contents WHERE digest = $1', [digest]);
    return rows.length > 0;
  }

  async read(digest: string): Promise<Readable | undefined> {
    if (!isDigest(digest)) return undefined;
    const rows: Array<{ chunks: number }> = await this.dataSource.query('SELECT chunks FROM attachment_contents WHERE digest = $1', [digest]);
    if (rows.length === 0) return undefined;
    const dataSource = this.dataSource;
    const chunks = Number(rows[0].chunks);
    // One chunk in memory at a time: a 50 MB file is read as fifty small queries.
    async function* content(): AsyncGenerator<Buffer> {
      for (let seq = 0; seq < chunks; seq += 1) {
        const [row]: Array<{ data: Buffer }> = await dataSource.query('SELECT data FROM attachment_chunks WHERE digest = $1 AND seq = $2', [digest, seq]);
        if (!row) throw new Error(`attachment ${digest} lacks chunk ${seq}`);
        yield row.data;
      }
    }
    return Readable.from(content());
  }

  async remove(digest: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM attachment_contents WHERE digest = $1', [digest]);
      await manager.query('DELETE FROM attachment_chunks WHERE digest = $1', [digest]);
    });
  }

  async removeStaleStaging(before: Date): Promise<number> {
    await mkdir(this.staging, { recursive: true });
    let removed = 0;
    for (const name of await readdir(this.staging)) {
      const info = await stat(join(this.staging, name)).catch(() => undefined);
      if (info && info.mtime < before) {
        await rm(join(this.staging, name), { force: true });
        removed += 1;
      }
    }
    return removed;
  }
}
