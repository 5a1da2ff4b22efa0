import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, SelectQueryBuilder } from 'typeorm';
import type { ProcedureDefinition, ProcedureRegistry } from '../../workflows/core';
import { AttachmentCitations } from '../attachments/attachment-citations';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { DeadlineEntity } from '../deadlines/deadline.entity';
import { DeadlineStore } from '../deadlines/deadline-store.service';
import type { AuthUser } from '../identity/auth-user';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import { SealedActors } from '../sealed/sealed-actors';
import { TrailPresenter } from '../sealed/trail-presenter';
import { AuditEntryEntity } from '../trail/audit-entry.entity';
import { CaseAccessPolicy } from './case-access.policy';
import { CaseEngine } from './case-engine.service';
import { CaseListFilters } from './case-list-filters';
import { CaseReads } from './case-reads';
import { caseView, deadlineView, type CaseView } from './case-view';
import { CaseViews, visibleDeadlines } from './case-views';
import { CaseEntity } from './case.entity';
import { assertIdempotencyKey } from './idempotency-key';
import type { ListCasesQuery } from './list-cases.query';
import { partyTimeline } from './party-timeline';
import { rolesPlayed } from './separation-of-duties';
import { WarningQueries } from './warning-queries';
import { checkListFilters } from '../org/filter-references';

/** Where a keyset page of the case list ends: the last case's opening time and id. */
export interface ListCursor {
  createdAt: string;
  id: string;
}

export interface CasePage {
  items: CaseView[];
  total: number;
  page: number;
  pageSize: number;
}

/** Reads cases as the caller may see them, and hands changes to the engine. */
@Injectable()
export class CasesService {
  private readonly listFilters: CaseListFilters;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PROCEDURE_REGISTRY) private readonly registry: ProcedureRegistry,
    private readonly engine: CaseEngine,
    private readonly views: CaseViews,
    private readonly access: CaseAccessPolicy,
    private readonly deadlines: DeadlineStore,
    private readonly clock: Clock,
    private readonly presenter: TrailPresenter,
    private readonly actors: SealedActors,
    private readonly reads: CaseReads,
    private readonly warnings: WarningQueries,
  ) {
    this.listFilters = new CaseListFilters(registry);
  }

  /** The new case as the creator sees it (201), or the first answer to a retried Idempotency-Key. */
  async create(user: AuthUser, body: Record<string, unknown>, idempotencyKey?: string): Promise<unknown> {
    const { procedure, ...payload } = body;
    if (typeof procedure !== 'string') throw new DomainError('REQUEST.INVALID', 'procedure is required');
    assertIdempotencyKey(idempotencyKey);
    return (await this.engine.create(user, { procedure, payload, idempotencyKey })).body;
  }

  /** The case as the change left it (200), or the first answer to a retried Idempotency-Key. */
  async sendEvent(user: AuthUser, caseId: string, body: Record<string, unknown>, idempotencyKey?: string): Promise<unknown> {
    const { type, expectedVersion, attachments, ...payload } = body;
    if (typeof type !== 'string' || type.length === 0 || type.length > 60) throw new DomainError('REQUEST.INVALID', 'type is required');
    if (!Number.isInteger(expectedVersion)) {
      throw new DomainError('REQUEST.INVALID', 'expectedVersion (the version you loaded) is required');
    }
    assertIdempotencyKey(idempotencyKey);
    const cited = AttachmentCitations.idsOf(attachments);
    const request = { type, expectedVersion: expectedVersion as number, payload, idempotencyKey, ...(cited.length > 0 ? { attachments: cited } : {}) };
    return (await this.engine.apply(user, caseId, request)).body;
  }

  /** The case as the caller may see it; a full case file read outside one's own queue is on the record. */
  async view(user: AuthUser, caseId: string): Promise<CaseView> {
    const row = await this.dataSource.getRepository(CaseEntity).findOneBy({ id: caseId });
    if (!row) throw new DomainError('CASE.NOT_FOUND', `No case ${caseId}`);
    const view = await this.views.render(user, row, this.dataSource.manager);
    if (view.view === 'full') await this.reads.recordCaseRead(user, row, 'case');
    return view;
  }

  async list(user: AuthUser, filters: ListCasesQuery): Promise<CasePage> {
    const page = filters.page ?? 1;
    const pageSize = filters.pageSize ?? 20;
    // Unknown or out-of-scope ids are refused (400 naming the field) before any list query runs.
    await checkListFilters(this.dataSource.manager, user, filters);
    const query = this.filtered(user, filters);
    if (filters.sort === 'urgency') this.warnings.orderByUrgency(query, user, filters.order === 'asc' ? 'ASC' : 'DESC');
    else query.orderBy(filters.sort === 'createdAt' ? 'c.createdAt' : 'c.updatedAt', filters.order === 'asc' ? 'ASC' : 'DESC');
    query.addOrderBy('c.id', 'ASC');
    const [rows, total] = await query
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: await this.listViews(user, rows), total, page, pageSize };
  }

  /** How many cases the list finds under these filters. */
  async count(user: AuthUser, filters: ListCasesQuery): Promise<number> {
    await checkListFilters(this.dataSource.manager, user, filters);
    return this.filtered(user, filters).getCount();
  }

  /**
   * The same list in the order the cases were opened, `size` at a time after `after` (the last
   * case of the page before): keyset paging, so each page costs the same however far into a long
   * list it is (offset paging re-reads every row before the page). For exports.
   */
  async listAfter(user: AuthUser, filters: ListCasesQuery, after: ListCursor | null, size: number): Promise<{ items: CaseView[]; next: ListCursor | null }> {
    // The filters' ids are checked once, on the first page.
    if (!after) await checkListFilters(this.dataSource.manager, user, filters);
    const query = this.filtered(user, filters);
    if (after) query.andWhere('(c.createdAt > :afterAt OR (c.createdAt = :afterAt AND c.id > :afterId))', { afterAt: after.createdAt, afterId: after.id });
    const rows = await query.orderBy('c.createdAt', 'ASC').addOrderBy('c.id', 'ASC').take(size).getMany();
    const last = rows[rows.length - 1];
    return { items: await this.listViews(user, rows), next: rows.length < size || !last ? null : { createdAt: last.createdAt, id: last.id } };
  }

  /** The cases the caller sees that match the list's filters (no order, no page). */
  private filtered(user: AuthUser, filters: ListCasesQuery): SelectQueryBuilder<CaseEntity> {
    this.listFilters.check(filters);
    const query = this.dataSource.getRepository(CaseEntity).createQueryBuilder('c');
    this.access.restrictToVisible(query, user);
    if (filters.procedure) query.andWhere('c.procedure = :procedure', { procedure: filters.procedure });
    if (filters.state) query.andWhere('c.state = :state', { state: filters.state });
    if (filters.status) this.listFilters.whereStatus(query, filters.status);
    this.listFilters.whereDates(query, filters);
    if (filters.cadre) query.andWhere('c.cadreId = :cadre', { cadre: filters.cadre });
    if (filters.unit) query.andWhere('c.unitId = :unit', { unit: filters.unit });
    if (filters.q) query.andWhere(SEARCH_CLAUSE, { q: `%${escapeLike(filters.q.trim().toLowerCase())}%` });
    if (filters.caseNo) query.andWhere('c.caseNo = :caseNo', { caseNo: filters.caseNo.trim() });
    if (filters.turn) this.whereTurn(query, filters.turn);
    if (filters.dueWithinDays !== undefined || filters.overdue) this.whereDeadline(query, filters);
    // The warning ladder's colour and the urgency order (src/scheduling): staff and auditors only.
    if (filters.warning) this.warnings.whereColour(query, user, filters.warning);
    return query;
  }

  /** The list's rows as the caller may see them, each with its running deadlines and names. */
  private async listViews(user: AuthUser, rows: CaseEntity[]): Promise<CaseView[]> {
    const played = await rolesPlayed(
      this.dataSource.manager,
      rows.map((row) => row.id),
      user,
    );
    const partyRows = rows.filter((row) => this.access.viewLevel(user, row) === 'party');
    const times = await this.views.partyTimesOf(user, partyRows, this.dataSource.manager);
    // The queue shows each case's running deadline (due date, days left, provisional or not).
    const deadlines = await this.deadlines.currentOfMany(this.dataSource.manager, rows);
    const names = await this.views.namesOf(rows, this.dataSource.manager);
    const now = this.clock.now();
    return rows.map((row) => {
      const definition = this.registry.find(row.procedure, row.procedureVersion)!;
      const level = this.access.viewLevel(user, row)!;
      const view = caseView(user, row, definition, {
        level,
        played: played.get(row.id),
        times: times.get(row.id),
        deadlines: visibleDeadlines(level, definition, deadlines.get(row.id) ?? []).map((d) => deadlineView(d, definition, now, level)),
        machine: this.views.machineOf(row),
        names: names.get(row.id),
      });
      return { ...view, data: listSummaryOf(view.data, definition) };
    });
  }

  /**
   * Staff and auditors get every entry with its hashes, the protected person's steps under the
   * case's pseudonym; a party gets their timeline (party-timeline.ts).
   */
  async trailOf(user: AuthUser, caseId: string): Promise<unknown[]> {
    const { row, level } = await this.views.visibleRow(user, caseId, this.dataSource.manager);
    const entries = await this.dataSource.getRepository(AuditEntryEntity).find({ where: { streamId: caseId }, order: { position: 'ASC' } });
    if (level === 'full') {
      await this.reads.recordCaseRead(user, row, 'trail');
      const person = this.actors.protectedPersonOf(row);
      return this.presenter.named(entries.map((entry) => this.presenter.presentOne(entry, person)));
    }
    return partyTimeline(user, entries, this.views.partyContext(user, row));
  }

  /** States where it is this role's turn, across every registered procedure version. */
  private whereTurn(query: SelectQueryBuilder<CaseEntity>, role: string): void {
    const pairs = this.registry.all().flatMap((definition) =>
      Object.entries(definition.states)
        .filter(([, spec]) => spec.turn.includes(role as never))
        .map(([state]) => ({ procedure: definition.id, state })),
    );
    query.andWhere(
      new Brackets((where) => {
        where.where('1 = 0');
        pairs.forEach((pair, index) =>
          where.orWhere(`(c.procedure = :turnProcedure${index} AND c.state = :turnState${index})`, {
            [`turnProcedure${index}`]: pair.procedure,
            [`turnState${index}`]: pair.state,
          }),
        );
      }),
    );
  }

  /** Cases with a running deadline due within N days, or one already passed (missed or not yet fired). */
  private whereDeadline(query: SelectQueryBuilder<CaseEntity>, filters: ListCasesQuery): void {
    const now = this.clock.now();
    const sub = query
      .subQuery()
      .select('1')
      .from(DeadlineEntity, 'd')
      // This visit's deadlines only: one missed before the case left the state and came back no longer counts.
      .where('d.caseId = c.id AND d.state = c.state AND d.createdAt >= c.stateEnteredAt');
    if (filters.overdue) {
      sub.andWhere("(d.status = 'overdue' OR (d.status = 'open' AND d.dueAt < :deadlineNow))");
    } else {
      sub.andWhere("d.status = 'open' AND d.dueAt <= :deadlineLimit");
    }
    query.andWhere(`EXISTS ${sub.getQuery()}`, {
      deadlineNow: now.toISOString(),
      deadlineLimit: new Date(now.getTime() + (filters.dueWithinDays ?? 0) * 24 * 3600 * 1000).toISOString(),
    });
  }
}

/**
 * What a list item carries of the record: who the case concerns, what it is about (the first long
 * text of its opening, as the queue shows it) and its result. The whole record is read by opening
 * the case, which is on the record when it is not the reader's own work (AuditReads); a list must
 * not be a way round that.
 */
function listSummaryOf(data: Record<string, unknown>, definition: ProcedureDefinition): Record<string, unknown> {
  const key = Object.entries(definition.creation.fields).find(([, spec]) => spec.kind === 'text' && spec.maxLength > 200 && !spec.sealed)?.[0];
  const summary = key ? findKey(data, key, 2) : undefined;
  return {
    parties: data.parties,
    ...(key && typeof summary === 'string' ? { [key]: summary } : {}),
    ...(data.outcome !== undefined ? { outcome: data.outcome } : {}),
  };
}

function findKey(value: unknown, key: string, depth: number): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  if (key in value) return (value as Record<string, unknown>)[key];
  if (depth === 0) return undefined;
  for (const inner of Object.values(value)) {
    const found = findKey(inner, key, depth - 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The queue's free text: the opening's texts, the case number, and the names the directory has now
 * for the cadre (their name and pinyin initials, or their login's display name) and the unit.
 */
const SEARCH_CLAUSE = `(c.searchText LIKE :q OR LOWER(c.caseNo) LIKE :q
  OR c.cadreId IN (SELECT k.id FROM cadres k WHERE k.search_text LIKE :q)
  OR c.cadreId IN (SELECT u.id FROM users u WHERE LOWER(u.display_name) LIKE :q)
  OR c.unitId IN (SELECT n.id FROM units n WHERE LOWER(n.name) LIKE :q))`;

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '');
}
