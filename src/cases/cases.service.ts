import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import type { ProcedureDefinition, ProcedureRegistry, StoredSnapshot } from '../../workflows/core';
import { AuditTrailService } from '../audit/audit-trail.service';
import { DomainError } from '../common/domain-error';
import type { AuthUser } from '../identity/auth-user';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import { CaseAccessPolicy, type CaseViewLevel } from './case-access.policy';
import { partyTimeline, partyTimes, type PartyTimelineContext } from './party-timeline';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { partyStateOf } from './party-state';
import { isAccuser } from './case-access.policy';
import { storedSnapshotOf } from './case-view';
import { TrailPresenter } from '../sealed/trail-presenter';
import { AuditReads } from '../audit/audit-reads.service';
import { pseudonymId, SealedActors } from '../sealed/sealed-actors';
import { rolesPlayed } from './separation-of-duties';
import { CaseEngine, type EngineResult } from './case-engine.service';
import { caseView, deadlineView, type CaseLinkView, type CaseView } from './case-view';
import { DeadlineStore } from '../deadlines/deadline-store.service';
import { DeadlineEntity } from '../deadlines/deadline.entity';
import { Clock } from '../identity/clock';
import { CaseEntity } from './case.entity';
import { childCases } from './case-rows';
import { assertIdempotencyKey } from './idempotency-key';
import type { ListCasesQuery } from './list-cases.query';
import { CaseSealing } from './case-sealing';

export interface CasePage {
  items: CaseView[];
  total: number;
  page: number;
  pageSize: number;
}

/** Reads cases as the caller may see them, and hands changes to the engine. */
@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PROCEDURE_REGISTRY) private readonly registry: ProcedureRegistry,
    private readonly engine: CaseEngine,
    private readonly trail: AuditTrailService,
    private readonly access: CaseAccessPolicy,
    private readonly deadlines: DeadlineStore,
    private readonly clock: Clock,
    private readonly presenter: TrailPresenter,
    private readonly actors: SealedActors,
    private readonly reads: AuditReads,
    private readonly sealing: CaseSealing,
  ) {}

  async create(user: AuthUser, body: Record<string, unknown>, idempotencyKey?: string): Promise<{ statusCode: number; body: unknown }> {
    const { procedure, ...payload } = body;
    if (typeof procedure !== 'string') throw new DomainError('REQUEST.INVALID', 'procedure is required');
    assertIdempotencyKey(idempotencyKey);
    const result = await this.engine.create(user, { procedure, payload, idempotencyKey }, (row, manager) => this.render(user, row, manager));
    return answer(result, 201);
  }

  async sendEvent(user: AuthUser, caseId: string, body: Record<string, unknown>, idempotencyKey?: string): Promise<{ statusCode: number; body: unknown }> {
    const { type, expectedVersion, ...payload } = body;
    if (typeof type !== 'string' || type.length === 0 || type.length > 60) throw new DomainError('REQUEST.INVALID', 'type is required');
    if (!Number.isInteger(expectedVersion)) {
      throw new DomainError('REQUEST.INVALID', 'expectedVersion (the version you loaded) is required');
    }
    assertIdempotencyKey(idempotencyKey);
    const result = await this.engine.apply(
      user,
      caseId,
      { type, expectedVersion: expectedVersion as number, payload, idempotencyKey },
      (row, manager) => this.render(user, row, manager),
    );
    return answer(result, 200);
  }

  /** The case as the caller may see it; a full case file read outside one's own queue is on the record. */
  async view(user: AuthUser, caseId: string): Promise<CaseView> {
    const row = await this.dataSource.getRepository(CaseEntity).findOneBy({ id: caseId });
    if (!row) throw new DomainError('CASE.NOT_FOUND', `No case ${caseId}`);
    const view = await this.render(user, row, this.dataSource.manager);
    if (view.view === 'full') await this.reads.recordCaseRead(user, row, 'case');
    return view;
  }

  /** The case as the caller may see it, from a row already read (or just written in this transaction). */
  private async render(user: AuthUser, row: CaseEntity, manager: EntityManager): Promise<CaseView> {
    const level = this.access.viewLevel(user, row);
    if (!level) throw new DomainError('CASE.NOT_FOUND', `No case ${row.id}`);
    const definition = this.registry.find(row.procedure, row.procedureVersion)!;
    const deadlines = visibleDeadlines(level, definition, await this.deadlines.current(manager, row)).map((d) => deadlineView(d, definition, this.clock.now()));
    const played = (await rolesPlayed(manager, [row.id], user)).get(row.id);
    const times = level === 'party' ? (await this.partyTimesOf(user, [row], manager)).get(row.id) : undefined;
    return caseView(user, row, definition, {
      level,
      deadlines,
      played,
      times,
      machine: this.machineOf(row),
      children: await this.children(user, row.id, manager),
      origin: await this.origin(user, row, manager),
    });
  }

  /**
   * The snapshot the machine runs on, for offering only the events its rules could take now. A
   * case whose sealed part this service cannot open (a key missing) is offered by its stored
   * snapshot: an attempt is then refused with SEALED.KEY_MISSING and its reason.
   */
  private machineOf(row: CaseEntity): { snapshot: StoredSnapshot; at: string } {
    let snapshot: StoredSnapshot;
    try {
      snapshot = this.sealing.machineSnapshot(row);
    } catch {
      snapshot = storedSnapshotOf(row);
    }
    return { snapshot, at: this.clock.now().toISOString() };
  }

  /**
   * When each case last changed and entered its state as a party sees it (party-timeline.ts): the
   * applied entries of the cases the caller sees as a party, read in one query.
   */
  private async partyTimesOf(user: AuthUser, rows: CaseEntity[], manager: EntityManager): Promise<Map<string, { updatedAt: string; stateEnteredAt: string }>> {
    const times = new Map<string, { updatedAt: string; stateEnteredAt: string }>();
    if (rows.length === 0) return times;
    const entries = await manager.getRepository(AuditEntryEntity).find({
      where: { streamId: In(rows.map((row) => row.id)), outcome: 'applied' },
      order: { streamId: 'ASC', position: 'ASC' },
    });
    for (const row of rows) {
      const own = entries.filter((entry) => entry.streamId === row.id);
      times.set(row.id, partyTimes(user, own, this.partyContext(user, row), row.createdAt));
    }
    return times;
  }

  /** What a party's timeline and times need to know about the case and the caller. */
  private partyContext(user: AuthUser, row: CaseEntity): PartyTimelineContext {
    const person = this.actors.protectedPersonOf(row);
    const pseudonym = this.actors.pseudonymOf(row.procedure);
    return {
      definition: this.registry.find(row.procedure, row.procedureVersion)!,
      context: storedSnapshotOf(row).context,
      callerIsProtected: isAccuser(user, row),
      protectedPerson: {
        ...pseudonym,
        acted: (entry) => entry.actorId === pseudonymId(pseudonym.role) || this.actors.isProtected(person, entry.actorId),
      },
    };
  }

  async list(user: AuthUser, filters: ListCasesQuery): Promise<CasePage> {
    const page = filters.page ?? 1;
    const pageSize = filters.pageSize ?? 20;
    const query = this.dataSource.getRepository(CaseEntity).createQueryBuilder('c');
    this.access.restrictToVisible(query, user);
    if (filters.procedure) query.andWhere('c.procedure = :procedure', { procedure: filters.procedure });
    if (filters.state) query.andWhere('c.state = :state', { state: filters.state });
    if (filters.status) query.andWhere('c.status = :status', { status: filters.status });
    if (filters.cadre) query.andWhere('c.cadreId = :cadre', { cadre: filters.cadre });
    if (filters.unit) query.andWhere('c.unitId = :unit', { unit: filters.unit });
    if (filters.q) query.andWhere('c.searchText LIKE :q', { q: `%${escapeLike(filters.q.toLowerCase())}%` });
    if (filters.turn) this.whereTurn(query, filters.turn);
    if (filters.dueWithinDays !== undefined || filters.overdue) this.whereDeadline(query, filters);
    const column = filters.sort === 'createdAt' ? 'c.createdAt' : 'c.updatedAt';
    query.orderBy(column, filters.order === 'asc' ? 'ASC' : 'DESC').addOrderBy('c.id', 'ASC');
    const [rows, total] = await query.skip((page - 1) * pageSize).take(pageSize).getManyAndCount();
    const played = await rolesPlayed(this.dataSource.manager, rows.map((row) => row.id), user);
    const partyRows = rows.filter((row) => this.access.viewLevel(user, row) === 'party');
    const times = await this.partyTimesOf(user, partyRows, this.dataSource.manager);
    // The queue shows each case's running deadline (due date, days left, provisional or not).
    const deadlines = await this.deadlines.currentOfMany(this.dataSource.manager, rows);
    const now = this.clock.now();
    const items = rows.map((row) => {
      const definition = this.registry.find(row.procedure, row.procedureVersion)!;
      const level = this.access.viewLevel(user, row)!;
      const view = caseView(user, row, definition, {
        level,
        played: played.get(row.id),
        times: times.get(row.id),
        deadlines: visibleDeadlines(level, definition, deadlines.get(row.id) ?? []).map((d) => deadlineView(d, definition, now)),
        machine: this.machineOf(row),
      });
      return { ...view, data: listSummaryOf(view.data, definition) };
    });
    return { items, total, page, pageSize };
  }

  /**
   * Staff and auditors get every entry with its hashes, the protected person's steps under the
   * case's pseudonym; a party gets their timeline (party-timeline.ts).
   */
  async trailOf(user: AuthUser, caseId: string): Promise<unknown[]> {
    const { row, level } = await this.visibleRow(user, caseId, this.dataSource.manager);
    const entries = await this.trail.forStream(caseId);
    if (level === 'full') {
      await this.reads.recordCaseRead(user, row, 'trail');
      const person = this.actors.protectedPersonOf(row);
      return entries.map((entry) => this.presenter.presentOne(entry, person));
    }
    return partyTimeline(user, entries, this.partyContext(user, row));
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

  private async visibleRow(user: AuthUser, caseId: string, manager: EntityManager): Promise<{ row: CaseEntity; level: CaseViewLevel }> {
    const row = await manager.getRepository(CaseEntity).findOneBy({ id: caseId });
    const level = row ? this.access.viewLevel(user, row) : undefined;
    if (!row || !level) throw new DomainError('CASE.NOT_FOUND', `No case ${caseId}`);
    return { row, level };
  }

  /** The case this one was opened from, named only when the caller may see that case too. */
  private async origin(user: AuthUser, row: CaseEntity, manager: EntityManager): Promise<CaseLinkView | undefined> {
    if (!row.originCaseId) return undefined;
    const origin = await manager.getRepository(CaseEntity).findOneBy({ id: row.originCaseId });
    if (!origin || !this.access.canSee(user, origin)) return undefined;
    return { caseId: origin.id, procedure: origin.procedure, relation: row.originRelation ?? '', state: this.linkedState(user, origin) };
  }

  /** A linked case's state as the caller sees that case: a party sees a signed-only state as its party view. */
  private linkedState(user: AuthUser, linked: CaseEntity): string {
    if (this.access.viewLevel(user, linked) !== 'party') return linked.state;
    const definition = this.registry.find(linked.procedure, linked.procedureVersion)!;
    return partyStateOf(definition, linked.state, storedSnapshotOf(linked).context) ?? linked.state;
  }

  private async children(user: AuthUser, caseId: string, manager: EntityManager): Promise<CaseLinkView[]> {
    const rows = await childCases(manager, caseId);
    return rows
      .filter((row) => this.access.canSee(user, row))
      .map((row) => ({ caseId: row.id, procedure: row.procedure, relation: row.originRelation ?? '', state: this.linkedState(user, row) }));
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

function answer(result: EngineResult, statusCode: number): { statusCode: number; body: unknown } {
  return result.replay ?? { statusCode, body: result.body };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '');
}

/** Limits that only a signed report has (or whose timing would tell) are not the parties' business. */
function visibleDeadlines(level: CaseViewLevel, definition: ProcedureDefinition, deadlines: DeadlineEntity[]): DeadlineEntity[] {
  return level === 'full' ? deadlines : deadlines.filter((d) => definition.states[d.state]?.deadline?.hiddenFromParties !== true);
}
