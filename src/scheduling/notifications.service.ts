import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ProcedureRegistry } from '../../workflows/core';
import { CaseEntity } from '../cases/case.entity';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import type { DeadlineEntity } from '../deadlines/deadline.entity';
import { NotificationEntity, type NotificationKind } from './notification.entity';

/**
 * In-app notices to the party whose turn it is: the cadre by name, staff by role. A notice about a
 * provisional due date says so, and a due date the official calendar moved gives the old one too.
 * Users read them through RemindersService (src/scheduling), with their read state.
 */
@Injectable()
export class NotificationsService {
  constructor(@Inject(PROCEDURE_REGISTRY) private readonly registry: ProcedureRegistry) {}

  async notifyTurn(
    manager: EntityManager,
    deadline: DeadlineEntity,
    kind: NotificationKind,
    now: string,
    extra: { previousDueAt?: string } = {},
  ): Promise<void> {
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

  /**
   * The roles the state's table tells when its limit ran out and moved the case (`notifyOnExpiry`:
   * the organisation department when an impact period ends). The access policy decides later who
   * holding the role reads it: a grant that covers the case's jurisdiction.
   */
  async notifyExpiry(manager: EntityManager, deadline: DeadlineEntity, now: string): Promise<number> {
    const row = await manager.getRepository(CaseEntity).findOneBy({ id: deadline.caseId });
    const roles = (row && this.registry.find(row.procedure, row.procedureVersion)?.states[deadline.state]?.deadline?.notifyOnExpiry) ?? [];
    if (roles.length === 0) return 0;
    await this.notifyRoles(manager, deadline, 'periodEnded', roles, now);
    return roles.length;
  }
}
