import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditEntryEntity } from '../trail/audit-entry.entity';
import type { AuditEntriesQuery } from './audit-entries.query';
import { TrailPresenter } from '../sealed/trail-presenter';
import { SealedBox } from '../sealed/sealed-box';

export interface AuditEntriesPage {
  items: Record<string, unknown>[];
  total: number;
  page: number;
  pageSize: number;
}

/** Reads the trail across cases for oversight; the trail itself stays append-and-read only. */
@Injectable()
export class AuditSearchService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly presenter: TrailPresenter,
    private readonly box: SealedBox,
  ) {}

  async search(filters: AuditEntriesQuery): Promise<AuditEntriesPage> {
    const page = filters.page ?? 1;
    const pageSize = filters.pageSize ?? 50;
    const query = this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('e');
    if (filters.caseId) query.andWhere('e.caseId = :caseId', { caseId: filters.caseId });
    if (filters.caseNo) query.andWhere('e.caseId IN (SELECT c.id FROM cases c WHERE c.case_no = :caseNo)', { caseNo: filters.caseNo.trim() });
    if (filters.stream) query.andWhere('e.streamId = :stream', { stream: filters.stream });
    if (filters.actor) {
      // 操作人 by the account or by the name people know it by (issue 23 §14).
      const actors = await this.presenter.accountsNamed(filters.actor);
      query.andWhere('e.actorId IN (:...actors)', { actors });
      // An entry a protected person wrote before sealing at rest still holds their account; it is
      // shown under the pseudonym, so a search by that account (or its name) must not find it either.
      query.andWhere('NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = e.case_id AND c.accuser_user_id IN (:...actorIndexes))', {
        actorIndexes: actors.map((actor) => this.box.blind(actor)),
      });
    }
    if (filters.role) query.andWhere('e.actorRole = :role', { role: filters.role });
    if (filters.event) query.andWhere('e.event = :event', { event: filters.event });
    if (filters.procedure) query.andWhere('e.procedure = :procedure', { procedure: filters.procedure });
    // `at` is ISO 8601 UTC with milliseconds, so instants compare as text once normalised alike.
    if (filters.from) query.andWhere('e.at >= :from', { from: new Date(filters.from).toISOString() });
    if (filters.to) query.andWhere('e.at < :to', { to: new Date(filters.to).toISOString() });
    if (filters.refused) query.andWhere("e.outcome = 'refused'");
    const direction = filters.order === 'asc' ? 'ASC' : 'DESC';
    query.orderBy('e.at', direction).addOrderBy('e.id', direction);
    const [rows, total] = await query
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: await this.presenter.named(await this.presenter.present(rows)), total, page, pageSize };
  }
}
