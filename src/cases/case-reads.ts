import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ProcedureRegistry } from '../../workflows/core';
import { runSql } from '../database/sql';
import { TransactionRunner } from '../database/transaction-runner';
import type { AuthUser } from '../identity/auth-user';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import { ReadsOnRecord } from '../trail/reads-on-record';
import { readerRole, STAFF_ROLES } from './case-access.policy';
import type { CaseEntity } from './case.entity';

/**
 * A full case file (the case or its trail) read by someone for whom it is not their own work is
 * on the record (the `audit-reads` chain, src/trail/reads-on-record.ts). A case file is "in one's
 * own queue" when the case's current step is for a staff role the reader holds (it is in their
 * work queue), or when they have taken a step on it. Everyone else reading it in full — auditors
 * always — is on the record; a case file reread by the same user is recorded once an hour.
 */
@Injectable()
export class CaseReads {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly reads: ReadsOnRecord,
    @Inject(PROCEDURE_REGISTRY) private readonly registry: ProcedureRegistry,
  ) {}

  async recordCaseRead(user: AuthUser, row: CaseEntity, read: 'case' | 'trail'): Promise<void> {
    await this.transactions.run(async (manager) => {
      if (await this.isOwnQueue(manager, user, row)) return;
      if (await this.reads.recentlyRecorded(manager, user.id, `case:${row.id}`)) return;
      await this.reads.append(manager, { id: user.id, role: readerRole(user) }, 'CASE_FILE_READ', {
        caseId: row.id,
        procedure: row.procedure,
        state: row.state,
        read,
      });
    });
  }

  private async isOwnQueue(manager: EntityManager, user: AuthUser, row: CaseEntity): Promise<boolean> {
    const turn = this.registry.find(row.procedure, row.procedureVersion)?.states[row.state]?.turn ?? [];
    if (user.roles.some((grant) => STAFF_ROLES.includes(grant.role) && turn.includes(grant.role))) return true;
    const { rows } = await runSql(
      manager,
      `SELECT 1 AS "acted" FROM "audit_entries" WHERE "stream_id" = ? AND "actor_id" = ? AND "outcome" = 'applied' LIMIT 1`,
      [row.id, user.id],
    );
    return rows.length > 0;
  }
}
