import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { HashAlgorithm } from '../config/app-config';
import type { AttachmentKind } from '../config/attachments-config';

/**
 * One file uploaded to a case: its content is in the store under its digest, shared by every row
 * with the same digest; the row says whose case, who uploaded it, its display name and whether an
 * event cites it yet (an uncited upload is removed after a day, a cited one never).
 */
@Entity('attachments')
export class AttachmentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'case_id', type: 'varchar', length: 36 })
  caseId: string;

  /** Hex digest of the content under `algorithm` (the trail's: SHA-256 or SM3). */
  @Column({ type: 'varchar', length: 64 })
  digest: string;

  @Column({ type: 'varchar', length: 10 })
  algorithm: HashAlgorithm;

  @Column({ type: 'integer' })
  size: number;

  /** The kind judged from the content (never from the name or the client's Content-Type). */
  @Column({ type: 'varchar', length: 10 })
  kind: AttachmentKind;

  @Column({ name: 'media_type', type: 'varchar', length: 100 })
  mediaType: string;

  /** The name the uploader's file had, cleaned: for display only, never a path. */
  @Column({ type: 'varchar', length: 255 })
  name: string;

  /** A reporter's letter and the like: read only under a granted reveal, each download on the case's chain. */
  @Column({ type: 'boolean', default: false })
  protected: boolean;

  @Column({ name: 'uploaded_by', type: 'varchar', length: 64 })
  uploadedBy: string;

  /** Whether the uploader is a party to the case (a party sees the files of their own submissions). */
  @Column({ name: 'uploader_role', type: 'varchar', length: 20 })
  uploaderRole: string;

  @Column({ name: 'uploaded_at', type: 'varchar', length: 30 })
  uploadedAt: string;

  /** When the first trail entry naming this file was written; NULL while no event cites it. */
  @Column({ name: 'cited_at', type: 'varchar', length: 30, nullable: true })
  citedAt: string | null;

  /** The event of that entry (an event of the procedure, or ATTACHMENT_ADDED). */
  @Column({ name: 'cited_by', type: 'varchar', length: 60, nullable: true })
  citedBy: string | null;
}

/** A file's content in the database (PostgreSQL store): complete once its row here is committed. */
@Entity('attachment_contents')
export class AttachmentContentEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  digest: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'integer' })
  chunks: number;

  @Column({ name: 'stored_at', type: 'varchar', length: 30 })
  storedAt: string;
}
