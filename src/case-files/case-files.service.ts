import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource, In, MoreThan } from 'typeorm';
import { citedRecord } from '../attachments/attachment-citations';
import { attachmentRefusals } from '../attachments/attachment-refusals';
import { AttachmentEntity } from '../attachments/attachment.entity';
import { ContentStore } from '../attachments/content-store';
import { receiveUpload, type IncomingFile } from '../attachments/upload-intake';
import { CaseAccessPolicy, isAccuser, isParty, STAFF_ROLES, type CaseViewLevel } from '../cases/case-access.policy';
import { CaseChain } from '../cases/case-chain';
import { CaseEntity } from '../cases/case.entity';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import type { AuthUser } from '../identity/auth-user';
import { UserEntity } from '../identity/user.entity';
import { IdentityRevealEntity } from '../reveals/identity-reveal.entity';

/** An attachment as a caller sees it in the case's list. A protected file's name shows only under a grant. */
export interface AttachmentView {
  id: string;
  caseId: string;
  name: string | null;
  size: number;
  kind: string;
  mediaType: string;
  digest: string;
  algorithm: string;
  protected: boolean;
  uploadedBy: string | null;
  uploadedByName: string | null;
  uploadedAt: string;
  cited: boolean;
  citedBy: string | null;
  /** Whether this caller may download it now (a protected file needs a granted reveal). */
  downloadable: boolean;
}

export interface UploadOptions {
  protected: boolean;
  /** Put the upload on the case's chain now (ATTACHMENT_ADDED) rather than leave it for the next event to cite. */
  record: boolean;
}

export interface Download {
  stream: Readable;
  row: AttachmentEntity;
}

/**
 * Who may put files on a case and read them, over the attachments' store: staff of the case
 * (full view, not a party) and the case's own parties upload; staff see every file, a party the
 * files of their own submissions; a protected file (a reporter's letter) is read only under an
 * approved, unexpired reveal of the case held by the reader, and each such download is an entry on
 * the case's chain. A case the caller cannot see, and a file of another case, answer 404.
 */
@Injectable()
export class CaseFilesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: ContentStore,
    private readonly access: CaseAccessPolicy,
    private readonly chain: CaseChain,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  /** The case, or 404 as if it did not exist; and how much of it the caller sees. */
  async caseFor(user: AuthUser, caseId: string): Promise<{ row: CaseEntity; level: CaseViewLevel }> {
    const row = await this.dataSource.getRepository(CaseEntity).findOneBy({ id: caseId });
    const level = row ? this.access.viewLevel(user, row) : undefined;
    if (!row || !level) throw new DomainError('CASE.NOT_FOUND', `No case ${caseId}`);
    return { row, level };
  }

  /** Refused before a byte is read: whether the caller may upload to this case at all. */
  async assertMayUpload(user: AuthUser, caseId: string, options: UploadOptions): Promise<CaseEntity> {
    const { row, level } = await this.caseFor(user, caseId);
    const staff = level === 'full' && user.roles.some((grant) => STAFF_ROLES.includes(grant.role));
    if (!staff && !isParty(user, row)) throw attachmentRefusals.notAllowed();
    // Only staff mark a file protected; a protected party's own upload (an accuser's) always is.
    if (options.protected && !staff && !isAccuser(user, row)) throw attachmentRefusals.notAllowed();
    return row;
  }

  async upload(user: AuthUser, caseId: string, file: IncomingFile, options: UploadOptions): Promise<AttachmentView> {
    const row = await this.assertMayUpload(user, caseId, options);
    const stored = await receiveUpload(file, this.store, this.config.attachments, this.config.hashAlgorithm);
    // The content is durable in the store: only now may a row (and an entry) name it.
    const accuser = isAccuser(user, row);
    const at = this.clock.now().toISOString();
    const attachment: AttachmentEntity = {
      id: randomUUID(),
      caseId,
      ...stored,
      protected: options.protected || accuser,
      // An accuser's account is never written in the clear: the blind index stands for them.
      uploadedBy: accuser ? user.accountIndex : user.id,
      uploaderRole: accuser ? 'accuser' : isParty(user, row) ? 'party' : 'staff',
      uploadedAt: at,
      citedAt: options.record ? at : null,
      citedBy: options.record ? 'ATTACHMENT_ADDED' : null,
    };
    await this.transactions.run(async (manager) => {
      await manager.getRepository(AttachmentEntity).insert(attachment);
      if (options.record) {
        await this.chain.recordOnCase(manager, caseId, {
          actorId: user.id,
          actorRole: user.roles[0]?.role ?? 'unknown',
          event: 'ATTACHMENT_ADDED',
          outcome: 'applied',
          reason: null,
          data: { attachments: [citedRecord(attachment)] },
        });
      }
    });
    return (await this.views(user, row, [attachment]))[0];
  }

  async list(user: AuthUser, caseId: string): Promise<AttachmentView[]> {
    const { row, level } = await this.caseFor(user, caseId);
    const rows = await this.dataSource.getRepository(AttachmentEntity).find({ where: { caseId }, order: { uploadedAt: 'ASC', id: 'ASC' } });
    const visible = level === 'full' ? rows : rows.filter((attachment) => ownUpload(user, attachment));
    return this.views(user, row, visible);
  }

  /** The file's content; a protected one only under a grant, and the download on the case's chain first. */
  async download(user: AuthUser, caseId: string, attachmentId: string): Promise<Download> {
    const { row, level } = await this.caseFor(user, caseId);
    const attachment = await this.dataSource.getRepository(AttachmentEntity).findOneBy({ id: attachmentId });
    if (!attachment || attachment.caseId !== caseId || (level !== 'full' && !ownUpload(user, attachment))) throw attachmentRefusals.notFound(attachmentId);
    if (attachment.protected) {
      // Its uploader reads it back without a grant; every download of it, theirs too, is on the chain.
      if (!ownUpload(user, attachment) && !(await this.holdsGrant(user, caseId))) throw attachmentRefusals.needsGrant();
      await this.transactions.run((manager) =>
        this.chain.recordOnCase(manager, row.id, {
          actorId: user.id,
          actorRole: user.roles[0]?.role ?? 'unknown',
          event: 'ATTACHMENT_DOWNLOADED',
          outcome: 'applied',
          reason: null,
          data: { attachment: { id: attachment.id, digest: attachment.digest, algorithm: attachment.algorithm, size: attachment.size } },
        }),
      );
    }
    const stream = await this.store.read(attachment.digest);
    if (!stream) throw attachmentRefusals.citationRefused(attachment.id, 'contentMissing', attachment.protected ? undefined : attachment.name);
    return { stream, row: attachment };
  }

  /** An approved reveal of this case, asked by the caller, not yet expired (src/reveals). */
  private async holdsGrant(user: AuthUser, caseId: string): Promise<boolean> {
    const grants = await this.dataSource
      .getRepository(IdentityRevealEntity)
      .count({ where: { caseId, requestedBy: user.id, status: 'approved', expiresAt: MoreThan(this.clock.now().toISOString()) } });
    return grants > 0;
  }

  private async views(user: AuthUser, row: CaseEntity, rows: AttachmentEntity[]): Promise<AttachmentView[]> {
    const granted = rows.some((attachment) => attachment.protected) ? await this.holdsGrant(user, row.id) : false;
    const ids = [...new Set(rows.filter((attachment) => attachment.uploaderRole !== 'accuser').map((attachment) => attachment.uploadedBy))];
    const users =
      ids.length > 0 ? await this.dataSource.getRepository(UserEntity).find({ where: { id: In(ids) }, select: { id: true, displayName: true } }) : [];
    const names = new Map(users.map((entry) => [entry.id, entry.displayName]));
    return rows.map((attachment) => {
      const own = ownUpload(user, attachment);
      const readable = !attachment.protected || own || granted;
      const sealedUploader = attachment.uploaderRole === 'accuser' && !own;
      return {
        id: attachment.id,
        caseId: attachment.caseId,
        name: readable ? attachment.name : null,
        size: attachment.size,
        kind: attachment.kind,
        mediaType: attachment.mediaType,
        digest: attachment.digest,
        algorithm: attachment.algorithm,
        protected: attachment.protected,
        uploadedBy: sealedUploader ? null : own ? user.id : attachment.uploadedBy,
        uploadedByName: sealedUploader ? null : (names.get(attachment.uploadedBy) ?? (own ? user.displayName : null)),
        uploadedAt: attachment.uploadedAt,
        cited: attachment.citedAt !== null,
        citedBy: attachment.citedBy,
        downloadable: readable,
      };
    });
  }
}

/** Whether the caller uploaded this file (an accuser is known by the blind index of their account). */
function ownUpload(user: AuthUser, attachment: AttachmentEntity): boolean {
  return attachment.uploaderRole === 'accuser' ? attachment.uploadedBy === user.accountIndex : attachment.uploadedBy === user.id;
}
