import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';
import type { Label, ProcedureRegistry } from '../../workflows/core';
import { CaseAccessPolicy } from '../cases/case-access.policy';
import { CaseEntity } from '../cases/case.entity';
import { partyStateOf } from '../cases/party-state';
import { condition, DomainError } from '../common/domain-error';
import { NotificationEntity, type NotificationKind } from './notification.entity';
import { provisionalOf } from '../deadlines/provisional';
import type { AuthUser } from '../identity/auth-user';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import { NotificationReadEntity } from './notification-read.entity';

export interface ReminderView {
  id: string;
  caseId: string;
  /** 案件编号 (src/cases/case-numbers.ts). */
  caseNo: string | null;
  procedure: string;
  procedureLabel: Label;
  /** The case's state now, as the reader sees it (a party sees a signed-only state as its party view). */
  state: string;
  stateLabel: Label;
  kind: NotificationKind;
  rule: string;
  /** The deadline's name, as the case page shows it. */
  ruleLabel: Label;
  dueAt: string;
  /** For `deadlineMoved`: the due date before the official calendar arrived. */
  previousDueAt?: string;
  /** The due date was counted Monday to Friday for a year not yet loaded (see the case view). */
  provisional: boolean;
  provisionalYears?: number[];
  provisionalReason?: { zh: string; en: string };
  createdAt: string;
  /** Read by this user (each user who shares a role's notice reads it for themselves). */
  read: boolean;
  readAt?: string;
}

export interface ReminderQuery {
  /** Only notices this user has not read. */
  unread?: boolean;
  /** At most this many, newest first (default 50). */
  limit?: number;
  /** Older than this instant: the next page after the last `createdAt` shown. */
  before?: string;
}

/** A grant's scope names a unit for these roles, a jurisdiction for the others. */
const UNIT_SCOPED = new Set(['unit', 'applicant']);

/**
 * The reminders a user reads (issue 14 §4): the notices addressed to them by name (the cadre) or to
 * a role they hold within that grant's scope (a Qingdao leader is not told of a Jinan case), on
 * cases they may see, each with whether this user has read it, and the labels the page shows. A
 * notice names the case, the deadline and the dates, never a reporter or an accuser.
 */
@Injectable()
export class RemindersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PROCEDURE_REGISTRY) private readonly registry: ProcedureRegistry,
    private readonly access: CaseAccessPolicy,
  ) {}

  async list(user: AuthUser, options: ReminderQuery = {}): Promise<ReminderView[]> {
    const query = this.visible(user).select([
      'n.id AS id',
      'c.id AS "caseId"',
      'c.caseNo AS "caseNo"',
      'c.procedure AS procedure',
      'c.procedureVersion AS "procedureVersion"',
      'c.state AS state',
      'c.status AS status',
      'c.context AS context',
      'c.cadreId AS "cadreId"',
      'c.applicantId AS "applicantId"',
      'c.unitId AS "unitId"',
      'c.accuserUserId AS "accuserUserId"',
      'c.jurisdiction AS jurisdiction',
      'n.kind AS kind',
      'n.rule AS rule',
      'n.dueAt AS "dueAt"',
      'n.previousDueAt AS "previousDueAt"',
      'n.provisionalYears AS "provisionalYears"',
      'n.createdAt AS "createdAt"',
      'r.readAt AS "readAt"',
    ]);
    if (options.unread) query.andWhere('r.readAt IS NULL');
    if (options.before) query.andWhere('n.createdAt < :before', { before: options.before });
    const rows = await query
      .orderBy('n.createdAt', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(options.limit ?? 50)
      .getRawMany<Record<string, string | null>>();
    return rows.map((row) => this.view(user, row));
  }

  /** What the header's badge shows: how many notices this user has not read. */
  async summary(user: AuthUser): Promise<{ unread: number }> {
    const row = await this.visible(user).select('COUNT(*)', 'unread').andWhere('r.readAt IS NULL').getRawOne<{ unread: string | number }>();
    return { unread: Number(row?.unread ?? 0) };
  }

  /** Marks one notice read for this user; a notice they were not sent is not found. */
  async markRead(user: AuthUser, id: string, now: string): Promise<{ id: string; read: true; readAt: string }> {
    const found = await this.visible(user)
      .select('n.id', 'id')
      .addSelect('r.readAt', 'readAt')
      .andWhere('n.id = :id', { id })
      .getRawOne<{ id: string; readAt: string | null }>();
    if (!found) {
      throw new DomainError('NOTIFICATION.NOT_FOUND', `No notice ${id} for this user`, {
        conditions: [condition('notification.notFound', '没有这条提醒，或这条提醒不是发给您的', 'There is no such notice for you')],
      });
    }
    if (found.readAt) return { id, read: true, readAt: found.readAt };
    await this.insertReads(user, [id], now);
    return { id, read: true, readAt: now };
  }

  /** Marks every notice this user has not read as read. */
  async markAllRead(user: AuthUser, now: string): Promise<{ marked: number }> {
    const ids = (await this.visible(user).select('n.id', 'id').andWhere('r.readAt IS NULL').getRawMany<{ id: string }>()).map((row) => row.id);
    await this.insertReads(user, ids, now);
    return { marked: ids.length };
  }

  private async insertReads(user: AuthUser, ids: string[], now: string): Promise<void> {
    for (let start = 0; start < ids.length; start += 200) {
      const chunk = ids.slice(start, start + 200).map((notificationId) => ({ notificationId, reader: user.accountIndex, readAt: now }));
      // Read twice at once (two tabs): one row stands.
      await this.dataSource.createQueryBuilder().insert().into(NotificationReadEntity).values(chunk).orIgnore().execute();
    }
  }

  /** Notices addressed to this user, on cases they may see, with their read mark. */
  private visible(user: AuthUser): SelectQueryBuilder<CaseEntity> {
    const query = this.dataSource
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .innerJoin(NotificationEntity, 'n', 'n.caseId = c.id')
      .leftJoin(NotificationReadEntity, 'r', 'r.notificationId = n.id AND r.reader = :reader', { reader: user.accountIndex })
      .where(
        new Brackets((where: WhereExpressionBuilder) => {
          where.where('n.recipientUserId = :me', { me: user.id });
          user.roles.forEach((grant, index) => {
            const scope =
              grant.scope === '*' ? '1 = 1' : UNIT_SCOPED.has(grant.role) ? `c.unitId = :noticeScope${index}` : `c.jurisdiction = :noticeScope${index}`;
            where.orWhere(`(n.recipientUserId IS NULL AND n.recipientRole = :noticeRole${index} AND ${scope})`, {
              [`noticeRole${index}`]: grant.role,
              [`noticeScope${index}`]: grant.scope,
            });
          });
        }),
      );
    this.access.restrictToVisible(query, user);
    return query;
  }

  private view(user: AuthUser, row: Record<string, string | null>): ReminderView {
    const definition = this.registry.find(String(row.procedure), Number(row.procedureVersion));
    const scope = {
      procedure: String(row.procedure),
      state: String(row.state),
      status: String(row.status),
      cadreId: String(row.cadreId),
      applicantId: row.applicantId,
      unitId: String(row.unitId),
      accuserUserId: row.accuserUserId,
      jurisdiction: String(row.jurisdiction),
    };
    // A party sees a state only signed reports pass through as the anonymous report's (domain.md §4).
    const state =
      definition && this.access.viewLevel(user, scope) === 'party'
        ? (partyStateOf(definition, scope.state, JSON.parse(String(row.context)) as Record<string, unknown>) ?? scope.state)
        : scope.state;
    const deadline = definition && Object.values(definition.states).find((spec) => spec.deadline?.rule === row.rule)?.deadline;
    return {
      id: String(row.id),
      caseId: String(row.caseId),
      caseNo: row.caseNo ? String(row.caseNo) : null,
      procedure: scope.procedure,
      procedureLabel: definition?.label ?? { zh: scope.procedure, en: scope.procedure },
      state,
      stateLabel: definition?.states[state]?.label ?? { zh: state, en: state },
      kind: row.kind as NotificationKind,
      rule: String(row.rule),
      ruleLabel: deadline?.label ?? { zh: String(row.rule), en: String(row.rule) },
      dueAt: String(row.dueAt),
      ...(row.previousDueAt ? { previousDueAt: row.previousDueAt } : {}),
      ...provisionalOf(row.provisionalYears),
      createdAt: String(row.createdAt),
      read: row.readAt !== null && row.readAt !== undefined,
      ...(row.readAt ? { readAt: row.readAt } : {}),
    };
  }
}
