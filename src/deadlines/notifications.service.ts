import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import type { ProcedureRegistry } from '../../workflows/core';
import { CaseAccessPolicy } from '../cases/case-access.policy';
import { CaseEntity } from '../cases/case.entity';
import type { AuthUser } from '../identity/auth-user';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import type { DeadlineEntity } from './deadline.entity';
import { NotificationEntity, type NotificationKind } from './notification.entity';
import { provisionalOf } from './provisional';

export interface NotificationView {
  id: string;
  caseId: string;
  procedure: string;
  state: string;
  kind: NotificationKind;
  rule: string;
  dueAt: string;
  /** For `deadlineMoved`: the due date before the official calendar arrived. */
  previousDueAt?: string;
  /** The due date was counted Monday to Friday for a year not yet loaded (see the case view). */
  provisional: boolean;
  provisionalYears?: number[];
  provisionalReason?: { zh: string; en: string };
  createdAt: string;
}

/**
 * In-app notices to the party whose turn it is: the cadre by name, staff by role. A notice about a
 * provisional due date says so, and a due date the official calendar moved gives the old one too.
 */
@Injectable()
export class NotificationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PROCEDURE_REGISTRY) private readonly registry: ProcedureRegistry,
    private readonly access: CaseAccessPolicy,
  ) {}

  async notifyTurn(manager: EntityManager, deadline: DeadlineEntity, kind: NotificationKind, now: string, extra: { previousDueAt?: string } = {}): Promise<void> {
    const row = await manager.getRepository(CaseEntity).findOneBy({ id: deadline.caseId });
    if (!row) return;
    const turn = this.registry.find(row.procedure, row.procedureVersion)?.states[deadline.state]?.turn ?? [];
    const rows = turn
      .filter((role) => role !== 'system')
      .map((role) => ({
        id: randomUUID(),
        caseId: row.id,
        recipientRole: role,
        // The applicant's turn is the cadre's own (or the unit's that filed); staff share a role queue.
        recipientUserId: role === 'applicant' ? row.cadreId : null,
        kind,
        rule: deadline.rule,
        dueAt: deadline.dueAt,
        createdAt: now,
        previousDueAt: extra.previousDueAt ?? null,
        provisionalYears: deadline.provisionalYears ?? null,
      }));
    if (rows.length > 0) await manager.getRepository(NotificationEntity).insert(rows);
  }

  /**
   * A notice about a deadline to the given roles (the warning ladder's: staff whose turn it is, the
   * leaders); each role once. Never to a party: the ladder is the body's own supervision.
   */
  async notifyRoles(manager: EntityManager, deadline: DeadlineEntity, kind: NotificationKind, roles: readonly string[], now: string): Promise<void> {
    const rows = [...new Set(roles)].map((role) => ({
      id: randomUUID(),
      caseId: deadline.caseId,
      recipientRole: role,
      recipientUserId: null,
      kind,
      rule: deadline.rule,
      dueAt: deadline.dueAt,
      createdAt: now,
      previousDueAt: null,
      provisionalYears: deadline.provisionalYears ?? null,
    }));
    if (rows.length > 0) await manager.getRepository(NotificationEntity).insert(rows);
  }

  async forUser(user: AuthUser, limit = 50): Promise<NotificationView[]> {
    const roles = user.roles.map((grant) => grant.role);
    const query = this.dataSource
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .innerJoin(NotificationEntity, 'n', 'n.caseId = c.id')
      .select([
        'n.id AS id',
        'c.id AS "caseId"',
        'c.procedure AS procedure',
        'c.state AS state',
        'n.kind AS kind',
        'n.rule AS rule',
        'n.dueAt AS "dueAt"',
        'n.previousDueAt AS "previousDueAt"',
        'n.provisionalYears AS "provisionalYears"',
        'n.createdAt AS "createdAt"',
      ])
      .where(
        new Brackets((where) => {
          where.where('n.recipientUserId = :me', { me: user.id });
          where.orWhere('(n.recipientUserId IS NULL AND n.recipientRole IN (:...roles))', { roles });
        }),
      );
    this.access.restrictToVisible(query, user);
    const rows = await query.orderBy('n.createdAt', 'DESC').limit(limit).getRawMany<Omit<NotificationView, 'provisional' | 'provisionalYears' | 'previousDueAt'> & { previousDueAt: string | null; provisionalYears: string | null }>();
    return rows.map(({ previousDueAt, provisionalYears, ...notice }) => ({
      ...notice,
      ...(previousDueAt ? { previousDueAt } : {}),
      ...provisionalOf(provisionalYears),
    }));
  }
}
