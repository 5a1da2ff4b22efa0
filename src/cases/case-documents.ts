import { Controller, Get, Header, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import type { DataSource } from 'typeorm';
import { DOCUMENT_KINDS, servedOn, type DocumentKind } from '../../workflows/documents';
import { DomainError } from '../common/domain-error';
import { IssuedDocumentEntity } from '../documents/issued-document.entity';
import type { AuthUser } from '../identity/auth-user';
import { CurrentUser } from '../identity/current-user.decorator';
import { isAccuser } from './case-access.policy';
import type { CaseEntity } from './case.entity';
import { CaseViews } from './case-views';

export interface CaseDocumentView {
  id: string;
  kind: string;
  label: { zh: string; en: string };
  docNo: string;
  title: string;
  issuedAt: string;
  event: string;
  digest: string;
  size: number;
  verificationCode: string;
  templateVersion: number;
  /** Served on the caller as a party (the applicant's page shows these first). */
  servedOnYou: boolean;
}

/**
 * A case's documents as the caller may see them: staff and auditors who see the case in full get
 * every document; a party gets those served on them (the decision, the notices), never the
 * internal forms nor the notices to a signed reporter (whose existence would tell that the report
 * was signed). Anything else answers 404 like a missing case.
 */
@Injectable()
export class CaseDocuments {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly views: CaseViews,
  ) {}

  async list(user: AuthUser, caseId: string): Promise<CaseDocumentView[]> {
    const { row, level } = await this.views.visibleRow(user, caseId, this.dataSource.manager);
    const rows = await this.dataSource.getRepository(IssuedDocumentEntity).find({
      where: { caseId },
      order: { issuedAt: 'ASC', docNo: 'ASC' },
      select: {
        id: true,
        kind: true,
        docNo: true,
        title: true,
        issuedAt: true,
        event: true,
        digest: true,
        size: true,
        verificationCode: true,
        templateVersion: true,
      },
    });
    return rows
      .map((doc) => ({ doc, servedOnYou: level === 'party' && this.servedOnCaller(user, row, doc.kind) }))
      .filter(({ servedOnYou }) => level === 'full' || servedOnYou)
      .map(({ doc, servedOnYou }) => ({
        id: doc.id,
        kind: doc.kind,
        label: DOCUMENT_KINDS[doc.kind as DocumentKind]?.label ?? { zh: doc.kind, en: doc.kind },
        docNo: doc.docNo,
        title: doc.title,
        issuedAt: doc.issuedAt,
        event: doc.event,
        digest: doc.digest,
        size: doc.size,
        verificationCode: doc.verificationCode,
        templateVersion: doc.templateVersion,
        servedOnYou,
      }));
  }

  /** The PDF as issued (the stored bytes, never rendered again). */
  async pdf(user: AuthUser, caseId: string, documentId: string): Promise<{ bytes: Buffer; docNo: string; title: string }> {
    const visible = await this.list(user, caseId);
    const listed = visible.find((doc) => doc.id === documentId);
    if (!listed) throw new DomainError('DOCUMENT.NOT_FOUND', `No document ${documentId} on this case`);
    const stored = await this.dataSource.getRepository(IssuedDocumentEntity).findOneByOrFail({ id: documentId });
    return { bytes: Buffer.from(stored.pdf, 'base64'), docNo: stored.docNo, title: stored.title };
  }

  private servedOnCaller(user: AuthUser, row: CaseEntity, kind: string): boolean {
    const on = servedOn(row.procedure, kind as DocumentKind);
    return on === 'party' ? !isAccuser(user, row) : on === 'protectedPerson' ? isAccuser(user, row) : false;
  }
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/cases/:id/documents')
export class CaseDocumentsController {
  constructor(private readonly documents: CaseDocuments) {}

  @Get()
  @ApiOperation({ summary: "The case's documents (文书) the caller may see, with 文号, digest and verification code" })
  list(@CurrentUser() user: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.documents.list(user, id);
  }

  @Get(':documentId/pdf')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'The document as issued (application/pdf)' })
  async pdf(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('documentId', ParseUUIDPipe) documentId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const { bytes, docNo } = await this.documents.pdf(user, id, documentId);
    reply.header('Content-Type', 'application/pdf');
    // The 文号 as the file's name (RFC 5987 for the Chinese), an ASCII fallback for old clients.
    reply.header('Content-Disposition', `attachment; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent(`${docNo}.pdf`)}`);
    return bytes;
  }
}
