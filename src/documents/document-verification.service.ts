import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Like, type DataSource } from 'typeorm';
import { DOCUMENT_KINDS, type DocumentKind } from '../../workflows/documents';
import { condition, DomainError } from '../common/domain-error';
import { runSql } from '../database/sql';
import { DirectoryService } from '../org/directory.service';
import { AuditEntryEntity } from '../trail/audit-entry.entity';
import { sha256Hex } from './document-composer';
import type { IssuedDocumentRecord } from './document-issuer';
import { IssuedDocumentEntity } from './issued-document.entity';

/** The answer of the verification page: what was issued, by whom and when, or no match. */
export type Verification =
  | { match: false }
  | {
      match: true;
      docNo: string;
      title: string;
      kind: { id: string; zh: string; en: string };
      issuer: string;
      issuedAt: string;
      /** The step that issued it, by its role (who by name is on the case's trail, for those who see it). */
      issuedByRole: string;
      digest: string;
      verificationCode: string;
    };

/** The one kind issued outside a case: `caseId` holds the vetting inquiry's id. */
const STANDALONE_KIND = 'vettingReply';
/** The chain the vetting replies are on (src/results RESULTS_STREAM; the documents sit below results). */
const RESULTS_CHAIN = 'results';

const CODE = /^\d{4}[- ]?\d{4}[- ]?\d{4}$/;

/**
 * Checks a printed or forwarded copy against the trail: by its verification code, or by the PDF's
 * own bytes (their SHA-256). A match needs all three to agree: the stored document, the bytes or
 * code presented, and the document's record in the issuing step's trail entry (an altered row in
 * `issued_documents` does not verify). Any other answer is "no match", one changed byte included.
 */
@Injectable()
export class DocumentVerification {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly directory: DirectoryService,
  ) {}

  async byCode(code: unknown): Promise<Verification> {
    const normal = typeof code === 'string' ? code.trim() : '';
    if (!CODE.test(normal)) {
      throw new DomainError('DOCUMENT.VERIFY_INVALID', 'A verification code is twelve digits (1234-5678-9012)', {
        conditions: [
          condition('document.codeFormat', '核验码为12位数字，格式如“4821-7730-1946”', 'A verification code is twelve digits, like 4821-7730-1946', 'code'),
        ],
      });
    }
    const digits = normal.replace(/\D/g, '');
    const withDash = `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8)}`;
    const row = await this.dataSource.getRepository(IssuedDocumentEntity).findOneBy({ verificationCode: withDash });
    return row ? this.answer(row, row.digest) : { match: false };
  }

  async byBytes(bytes: Buffer): Promise<Verification> {
    const digest = sha256Hex(bytes);
    const row = await this.dataSource.getRepository(IssuedDocumentEntity).findOneBy({ digest });
    return row ? this.answer(row, digest) : { match: false };
  }

  private async answer(row: IssuedDocumentEntity, digest: string): Promise<Verification> {
    if (row.digest !== digest || !(await this.onTrail(row))) return { match: false };
    const { rows } = await runSql(
      this.dataSource.manager,
      row.kind === STANDALONE_KIND ? 'SELECT "jurisdiction" FROM "vetting_inquiries" WHERE "id" = ?' : 'SELECT "jurisdiction" FROM "cases" WHERE "id" = ?',
      [row.caseId],
    );
    const jurisdiction = (rows[0]?.jurisdiction as string | undefined) ?? '';
    const organ = (await this.directory.body(jurisdiction))?.name ?? jurisdiction;
    const label = DOCUMENT_KINDS[row.kind as DocumentKind]?.label ?? { zh: row.kind, en: row.kind };
    return {
      match: true,
      docNo: row.docNo,
      title: row.title,
      kind: { id: row.kind, ...label },
      issuer: organ,
      issuedAt: row.issuedAt,
      issuedByRole: row.issuedByRole,
      digest: row.digest,
      verificationCode: row.verificationCode,
    };
  }

  /** Whether the issuing step's trail entry records this document with this digest. */
  private async onTrail(row: IssuedDocumentEntity): Promise<boolean> {
    // A vetting reply is on the `results` chain (no case holds it); its entry names the digest.
    const where =
      row.kind === STANDALONE_KIND
        ? { streamId: RESULTS_CHAIN, event: row.event, outcome: 'applied' as const, data: Like(`%${row.digest}%`) }
        : { streamId: row.caseId, event: row.event, outcome: 'applied' as const };
    const entries = await this.dataSource.getRepository(AuditEntryEntity).find({ where, select: { data: true } });
    return entries.some((entry) => {
      const documents = (JSON.parse(entry.data) as { documents?: IssuedDocumentRecord[] }).documents ?? [];
      return documents.some((doc) => doc.digest === row.digest && doc.docNo === row.docNo && doc.verificationCode === row.verificationCode);
    });
  }
}
