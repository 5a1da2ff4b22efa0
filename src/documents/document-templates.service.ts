import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DOCUMENT_KIND_IDS, DOCUMENT_KINDS, type DocumentKind } from '../../workflows/documents';
import { Clock } from '../common/clock';
import { condition, DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import type { AuthUser } from '../identity/auth-user';
import { ADMIN_STREAM, TrailWriter } from '../trail/trail-writer';
import { DEFAULT_TEMPLATES } from './default-templates';
import { allowedNames } from './document-composer';
import { DocumentTemplateEntity } from './document-template.entity';
import { COMMON_VALUES, parseTemplate } from './template-syntax';

export interface TemplateInForce {
  kind: DocumentKind;
  version: number;
  source: string;
}

const MAX_TEMPLATE_CHARS = 20_000;

/**
 * The templates in force and their history. Version 1 of each kind is the shipped wording; the
 * system administrator saves new versions (checked first: a fault is refused naming its line), each
 * on the admin chain in the same transaction. A document records the version it was filled from,
 * read in the issuing transaction, so a save while a document is generated gives that document
 * either the old version or the new one, never a mixture.
 */
@Injectable()
export class DocumentTemplates {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly writer: TrailWriter,
    private readonly clock: Clock,
  ) {}

  async inForce(manager: EntityManager, kind: DocumentKind): Promise<TemplateInForce> {
    const latest = await manager.getRepository(DocumentTemplateEntity).findOne({ where: { kind }, order: { version: 'DESC' } });
    return latest ? { kind, version: latest.version, source: latest.source } : { kind, version: 1, source: DEFAULT_TEMPLATES[kind] };
  }

  /** Every kind with its version in force and what its placeholders mean, for the administrator's page. */
  async list(manager: EntityManager): Promise<Array<TemplateInForce & { label: { zh: string; en: string }; placeholders: Record<string, string> }>> {
    return Promise.all(
      DOCUMENT_KIND_IDS.map(async (kind) => ({
        ...(await this.inForce(manager, kind)),
        label: DOCUMENT_KINDS[kind].label,
        placeholders: { ...COMMON_VALUES, ...Object.fromEntries(Object.entries(DOCUMENT_KINDS[kind].values).map(([name, label]) => [name, label.zh])) },
      })),
    );
  }

  async history(manager: EntityManager, kind: string): Promise<TemplateInForce[]> {
    const known = knownKind(kind);
    const rows = await manager.getRepository(DocumentTemplateEntity).find({ where: { kind: known }, order: { version: 'ASC' } });
    return [{ kind: known, version: 1, source: DEFAULT_TEMPLATES[known] }, ...rows.map((row) => ({ kind: known, version: row.version, source: row.source }))];
  }

  /** Saves a new version; `expectedVersion` (the one the editor loaded) guards against a lost update. */
  async save(admin: AuthUser, kind: string, source: unknown, expectedVersion: unknown): Promise<TemplateInForce> {
    const known = knownKind(kind);
    if (typeof source !== 'string' || source.trim() === '' || source.length > MAX_TEMPLATE_CHARS) {
      throw new DomainError('DOCUMENT.TEMPLATE_INVALID', `source must be the template's text, at most ${MAX_TEMPLATE_CHARS} characters`, {
        conditions: [
          condition(
            'document.templateText',
            `模板内容不能为空，且不超过${MAX_TEMPLATE_CHARS}字`,
            `The template text is required, at most ${MAX_TEMPLATE_CHARS} characters`,
            'source',
          ),
        ],
      });
    }
    const parsed = parseTemplate(source, allowedNames(known));
    if (!parsed.template) {
      throw new DomainError('DOCUMENT.TEMPLATE_INVALID', `The template is refused: ${parsed.faults.map((f) => f.message).join('; ')}`, {
        faults: parsed.faults,
        conditions: parsed.faults.map((fault) => condition('document.templateLine', fault.messageZh, fault.message, 'source')),
      });
    }
    return this.transactions.run(async (manager) => {
      const current = await this.inForce(manager, known);
      if (expectedVersion !== undefined && expectedVersion !== current.version) {
        throw changed(current.version);
      }
      const version = current.version + 1;
      const at = this.clock.now().toISOString();
      // Two saves of the same version at once (PostgreSQL, two instances): the primary key lets one
      // in; the other is told, like a stale editor, instead of failing with a driver error.
      try {
        await manager.getRepository(DocumentTemplateEntity).insert({ kind: known, version, source, createdAt: at, createdBy: admin.id });
      } catch {
        throw changed(version);
      }
      await this.writer.record(manager, ADMIN_STREAM, {
        event: 'DOCUMENT_TEMPLATE_SAVED',
        actorId: admin.id,
        actorRole: 'sysAdmin',
        outcome: 'applied',
        data: { kind: known, version, source },
      });
      return { kind: known, version, source };
    });
  }
}

function changed(version: number): DomainError {
  return new DomainError('DOCUMENT.TEMPLATE_CHANGED', `The template is at version ${version} now`, {
    version,
    conditions: [
      condition(
        'document.templateChanged',
        `模板已被修改为第${version}版，请重新载入后再保存`,
        `The template changed to version ${version} since you loaded it: reload and save again`,
      ),
    ],
  });
}

function knownKind(kind: string): DocumentKind {
  if (!(DOCUMENT_KIND_IDS as string[]).includes(kind)) {
    throw new DomainError('DOCUMENT.NOT_FOUND', `No document kind ${kind.slice(0, 40)}`, {
      conditions: [condition('document.unknownKind', '没有这种文书', 'There is no such kind of document')],
    });
  }
  return kind as DocumentKind;
}
