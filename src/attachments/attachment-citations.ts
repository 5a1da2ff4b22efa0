import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { attachmentRefusals } from './attachment-refusals';
import { AttachmentEntity } from './attachment.entity';
import { ContentStore } from './content-store';

/**
 * What a trail entry records of each file it cites: enough to prove which file was before the
 * decision-maker. A protected file is recorded without its name, which may name its writer.
 */
export type CitedFile = Record<string, unknown>;

export function citedRecord(attachment: AttachmentEntity): CitedFile {
  return {
    id: attachment.id,
    ...(attachment.protected ? { protected: true } : { name: attachment.name }),
    digest: attachment.digest,
    algorithm: attachment.algorithm,
    size: attachment.size,
    mediaType: attachment.mediaType,
  };
}

const MAX_CITED = 50;

/**
 * An event's citations of uploads, checked and marked in the event's own transaction: each must be
 * an upload to this very case whose content is in the store (else a refusal naming the file, and
 * the rollback changes nothing). The rows are marked cited, so the sweep of uncited uploads never
 * takes a file a trail entry names (on PostgreSQL the rows are locked until the commit, so a sweep
 * running at the same moment waits and then sees them cited).
 */
@Injectable()
export class AttachmentCitations {
  constructor(private readonly store: ContentStore) {}

  /** Throws unless `value` is absent or a list of ids; the ids, deduplicated, in their order. */
  static idsOf(value: unknown): string[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || value.length > MAX_CITED || value.some((id) => typeof id !== 'string' || id.length === 0 || id.length > 64)) {
      throw attachmentRefusals.citationsInvalid();
    }
    return [...new Set(value as string[])];
  }

  async cite(manager: EntityManager, caseId: string, ids: string[], event: string, at: string): Promise<CitedFile[]> {
    if (ids.length === 0) return [];
    const query = manager
      .getRepository(AttachmentEntity)
      .createQueryBuilder('a')
      .where({ id: In(ids) });
    if (manager.connection.options.type === 'postgres') query.setLock('pessimistic_write');
    const rows = new Map((await query.getMany()).map((row) => [row.id, row]));
    const cited: CitedFile[] = [];
    for (const id of ids) {
      const row = rows.get(id);
      if (!row) throw attachmentRefusals.citationRefused(id, 'missing');
      if (row.caseId !== caseId) throw attachmentRefusals.citationRefused(id, 'otherCase');
      if (!(await this.store.has(row.digest))) throw attachmentRefusals.citationRefused(id, 'contentMissing', row.protected ? undefined : row.name);
      cited.push(citedRecord(row));
    }
    await manager
      .createQueryBuilder()
      .update(AttachmentEntity)
      .set({ citedAt: at, citedBy: event })
      .where({ id: In(ids) })
      .andWhere('cited_at IS NULL')
      .execute();
    return cited;
  }
}
