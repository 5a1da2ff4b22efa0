import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TransactionRunner } from '../database/transaction-runner';
import { Clock } from '../common/clock';
import { AuditTrailService, type AppendedEntry, type TrailRecord } from '../audit/audit-trail.service';
import { storableText, storableValue } from './storable-text';

/** Rewrites an entry before it is appended and stores what it took out (src/sealed: a protected actor). */
export type EntrySealing = (record: TrailRecord) => { record: TrailRecord; store: (manager: EntityManager, appended: AppendedEntry) => Promise<void> };

export const SECURITY_STREAM = 'security';
export const ADMIN_STREAM = 'admin';

export interface SecurityEvent {
  /** What was attempted: `GET /api/cases/:id`, `LOGIN`, `ROLES_CHANGED` … */
  event: string;
  actorId: string;
  actorRole: string;
  outcome: 'applied' | 'refused';
  refusalCode?: string;
  data: Record<string, unknown>;
}

/**
 * The two chains that belong to no case: `security` (refusals, probing, lockouts) and `admin`
 * (what the administrators changed). Both are hash-chained like a case's trail, so an auditor can
 * see who probed what and who granted which role, and verify that nothing was removed.
 */
@Injectable()
export class SecurityLog {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly trail: AuditTrailService,
    private readonly clock: Clock,
  ) {}

  record(stream: typeof SECURITY_STREAM | typeof ADMIN_STREAM, entry: SecurityEvent, sealing?: EntrySealing): Promise<void> {
    return this.transactions.run((manager) => this.recordWithin(manager, stream, entry, sealing));
  }

  /** The same entry inside the caller's transaction: a change and its entry commit together or not at all. */
  async recordWithin(manager: EntityManager, stream: typeof SECURITY_STREAM | typeof ADMIN_STREAM, entry: SecurityEvent, sealing?: EntrySealing): Promise<void> {
    const record: TrailRecord = {
      streamId: stream,
      caseId: null,
      procedure: null,
      procedureVersion: null,
      fromState: null,
      toState: null,
      event: storableText(entry.event, 60),
      outcome: entry.outcome,
      refusalCode: entry.refusalCode ?? null,
      actorId: storableText(entry.actorId, 64),
      actorRole: storableText(entry.actorRole, 20),
      at: this.clock.now().toISOString(),
      data: storableValue(entry.data) as Record<string, unknown>,
    };
    const sealed = sealing?.(record);
    const appended = await this.trail.append(manager, sealed?.record ?? record);
    await sealed?.store(manager, appended);
  }
}
