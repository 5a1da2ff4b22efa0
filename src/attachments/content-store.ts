import type { Readable } from 'node:stream';

/**
 * Where attachments' content lives, addressed by its digest: written durably before `put`
 * resolves (so an event citing it can commit only after the file is safe), read as a stream.
 * Two kinds: a directory beside the SQLite file (directory-store.ts), or the PostgreSQL database
 * itself in chunks (database-store.ts), which every instance of a deployment shares.
 */
export abstract class ContentStore {
  /** A staging directory for an upload in progress (same file system as the store, for a rename). */
  abstract stagingDirectory(): string;
  /** Moves a complete, fsynced staged file into the store under its digest; idempotent. */
  abstract put(stagedPath: string, digest: string, size: number): Promise<void>;
  abstract has(digest: string): Promise<boolean>;
  /** The content, or undefined when the store has none under that digest. */
  abstract read(digest: string): Promise<Readable | undefined>;
  abstract remove(digest: string): Promise<void>;
  /** Staged files older than `before` (a crash mid-upload), removed by the sweep. */
  abstract removeStaleStaging(before: Date): Promise<number>;
}

export const isDigest = (value: string): boolean => /^[0-9a-f]{64}$/.test(value);
