import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomInt, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DOCUMENT_KINDS, DOCUMENT_PARTY_PSEUDONYM, documentOfStep, type DocumentKind } from '../../workflows/documents';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { caseNumberYear } from '../config/case-number-format';
import { DirectoryService } from '../org/directory.service';
import { nextInSeries } from '../org/number-series';
import { UnitsService } from '../org/units.service';
import { sha256Hex, type DocumentInputs } from './document-composer';
import { DocumentTemplates } from './document-templates.service';
import { IssuedDocumentEntity } from './issued-document.entity';
import { RenderThread } from './render-thread';
import { preparedFor, renderedOrDefer } from './renders-outside';

/** What the issuing step's trail entry records of each document (`data.documents`). */
export interface IssuedDocumentRecord {
  kind: DocumentKind;
  docNo: string;
  title: string;
  template: { kind: DocumentKind; version: number };
  digest: string;
  size: number;
  verificationCode: string;
}

/** The case a document is about, as the engine holds it. */
export interface DocumentCase {
  id: string;
  procedure: string;
  jurisdiction: string;
  caseNo: string | null;
  cadreId: string;
  unitId: string;
}

/**
 * Issues the documents of a step inside the step's transaction: the 文号 from the body's series
 * (the case numbers' allocator, so a rolled-back step takes its number back), the template in
 * force, the PDF stored with its digest, and the record the step's trail entry keeps.
 *
 * The PDF is not rendered here when it can be helped (0.2–2 s of CPU on this machine, docs/
 * performance.md "Documents"): under `withRendersOutside` the first run of the change stops with
 * the exact inputs it worked out and is rolled back, the PDF is rendered on the rendering thread
 * with them, and the next run uses those bytes only if it works out exactly the same inputs
 * (renders-outside.ts). The issue time and the verification code are the first run's; the 文号,
 * the template and everything else printed are worked out again inside, so the PDF always carries
 * the number this transaction allocated and the template in force when it committed.
 */
@Injectable()
export class DocumentIssuer {
  private readonly logger = new Logger(DocumentIssuer.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly renderThread: RenderThread,
    private readonly templates: DocumentTemplates,
    private readonly directory: DirectoryService,
    private readonly units: UnitsService,
  ) {}

  /** The documents `event` issues on this case (none for most steps). */
  async issueForStep(
    manager: EntityManager,
    row: DocumentCase,
    event: string,
    data: Record<string, unknown>,
    context: Record<string, unknown>,
    actorRole: string,
    at: string,
  ): Promise<IssuedDocumentRecord[]> {
    const issued = documentOfStep(row.procedure, event, data, context);
    if (!issued) return [];
    return [await this.issue(manager, row, event, issued.kind, issued.values, actorRole, at)];
  }

  async issue(
    manager: EntityManager,
    row: DocumentCase,
    event: string,
    kind: DocumentKind,
    values: Record<string, string>,
    actorRole: string,
    at: string,
  ): Promise<IssuedDocumentRecord> {
    const spec = DOCUMENT_KINDS[kind];
    const template = await this.templates.inForce(manager, kind);
    const body = await this.directory.body(row.jurisdiction, manager);
    const organShortName = body?.shortName ?? row.jurisdiction;
    const year = caseNumberYear(at);
    const seq = await nextInSeries(manager, row.jurisdiction, year, `doc:${spec.series}`);
    const docNo = `${organShortName}纪${spec.series}〔${year}〕${seq}号`;
    const cadreName = (await this.directory.cadre(row.cadreId, manager))?.name ?? '';
    const unitName = (await this.units.find(row.unitId, manager))?.name ?? '';
    // One document per kind, step and case: what a rendering prepared outside is found by.
    const key = `${row.id} ${event} ${kind}`;
    const prepared = preparedFor(key)?.inputs;
    const verificationCode = prepared?.verificationCode ?? newVerificationCode();
    const inputs: DocumentInputs = {
      kind,
      templateSource: template.source,
      organ: body?.name ?? row.jurisdiction,
      organShortName,
      docNo,
      caseNo: row.caseNo ?? '',
      party: DOCUMENT_PARTY_PSEUDONYM[row.procedure] ?? cadreName,
      cadreName,
      unitName,
      values,
      // When it was drawn up: the run that first worked it out, fractions of a second before this one.
      issuedAt: prepared?.issuedAt ?? at,
      verificationCode,
      verifyUrl: this.config.documents.verifyUrl,
    };
    const started = performance.now();
    const { pdf, title } = renderedOrDefer(key, inputs, template.version) ?? (await this.renderThread.render(inputs));
    this.logger.debug(`${kind} ${docNo} ready in ${(performance.now() - started).toFixed(0)} ms inside the transaction`);
    const issuedAt = inputs.issuedAt;
    const digest = sha256Hex(pdf);
    await manager.getRepository(IssuedDocumentEntity).insert({
      id: randomUUID(),
      caseId: row.id,
      event,
      kind,
      docNo,
      title: title.slice(0, 200),
      templateVersion: template.version,
      verificationCode,
      digest,
      size: pdf.length,
      servedOnParty: spec.servedOnParty,
      issuedAt,
      issuedByRole: actorRole,
      pdf: pdf.toString('base64'),
    });
    return { kind, docNo, title, template: { kind, version: template.version }, digest, size: pdf.length, verificationCode };
  }
}

/**
 * Twelve random digits (about 40 bits), printed as 1234-5678-9012: digits only, so a code is read
 * aloud, typed on a phone's keypad and shown on a Chinese page without Latin letters; unique by index.
 */
export function newVerificationCode(): string {
  const digits = randomInt(0, 1_000_000).toString().padStart(6, '0') + randomInt(0, 1_000_000).toString().padStart(6, '0');
  return `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8)}`;
}
