import { dirname, join, resolve } from 'node:path';

/** The kinds of file an attachment may be, judged by content (src/attachments/file-kinds.ts). */
export const ATTACHMENT_KINDS = ['pdf', 'jpeg', 'png', 'ofd', 'docx', 'xlsx', 'txt'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** Attachments (材料, issue 20 §1): how large, which kinds, where the files live. */
export interface AttachmentsConfig {
  /** ATTACHMENT_MAX_MB (default 50): a larger file is refused with 413 and nothing is kept. */
  maxBytes: number;
  /** ATTACHMENT_TYPES (default all of ATTACHMENT_KINDS), comma-separated. */
  allowedKinds: AttachmentKind[];
  /**
   * ATTACHMENT_DIR: the content-addressed directory of files on SQLite (default `attachments/`
   * beside the database file). On PostgreSQL the files are kept in the database itself.
   */
  directory: string;
  /** Hours an upload that no event cites is kept before the scheduler removes it (ATTACHMENT_UNCITED_HOURS, default 24). */
  uncitedHours: number;
}

export function attachmentsConfig(env: NodeJS.ProcessEnv, sqlitePath: string | undefined): AttachmentsConfig {
  const megabytes = Number(env.ATTACHMENT_MAX_MB ?? '50');
  if (!Number.isFinite(megabytes) || megabytes <= 0 || megabytes > 1024)
    throw new Error(`ATTACHMENT_MAX_MB must be a number of megabytes from 1 to 1024, not ${env.ATTACHMENT_MAX_MB}`);
  const kinds = (env.ATTACHMENT_TYPES ?? ATTACHMENT_KINDS.join(','))
    .split(',')
    .map((kind) => kind.trim().toLowerCase())
    .filter((kind) => kind.length > 0);
  const unknown = kinds.filter((kind) => !(ATTACHMENT_KINDS as readonly string[]).includes(kind));
  if (unknown.length > 0 || kinds.length === 0)
    throw new Error(`ATTACHMENT_TYPES must list some of ${ATTACHMENT_KINDS.join(', ')}, not ${env.ATTACHMENT_TYPES}`);
  const hours = Number(env.ATTACHMENT_UNCITED_HOURS ?? '24');
  if (!Number.isInteger(hours) || hours < 1)
    throw new Error(`ATTACHMENT_UNCITED_HOURS must be a whole number of hours, at least 1, not ${env.ATTACHMENT_UNCITED_HOURS}`);
  return {
    maxBytes: Math.round(megabytes * 1024 * 1024),
    allowedKinds: kinds as AttachmentKind[],
    directory: env.ATTACHMENT_DIR ? resolve(env.ATTACHMENT_DIR) : join(sqlitePath ? dirname(sqlitePath) : resolve('data'), 'attachments'),
    uncitedHours: hours,
  };
}
