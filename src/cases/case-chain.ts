import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import type { AuthUser } from '../identity/auth-user';
import { GENESIS_HASH } from '../trail/chain-hash';
import type { ChainHead, TrailRecord } from '../trail/trail-writer';
import { SYSTEM_ACTOR } from './actor-policy';
import type { CaseEntity } from './case.entity';
import { CaseRowIntegrity } from './case-row-integrity';
import { lockCase, moveTrailHead } from './case-rows';
import { CaseSealing } from './case-sealing';

/** An entry on a case's chain that is not a state change: the writer adds the case, its state and the time. */
export type CaseNote = Omit<TrailRecord, 'streamId' | 'caseId' | 'procedure' | 'procedureVersion' | 'fromState' | 'toState' | 'at'>;

/** What a refused attempt on a case was: recorded with its code after the rollback. */
export interface RefusedAttempt {
  type: string;
  expectedVersion: number;
  payload: Record<string, unknown>;
}

/**
 * The trail writer of the cases: every entry on a case's own chain goes through the engine's
 * transitions or through here, inside the caller's transaction, with the case row locked, checked
 * against its chain (CaseRowIntegrity) and its recorded head moved, and under the case's pseudonym
 * when its protected person acted (CaseSealing).
 */
@Injectable()
export class CaseChain {
  constructor(
    private readonly sealing: CaseSealing,
    private readonly integrity: CaseRowIntegrity,
    private readonly clock: Clock,
  ) {}

  /**
   * Writes a step that is not a state change onto the case's own chain, with the case row locked,
   * so it interleaves with transitions without forking the chain (identity reveal requests,
   * decisions and reads; recomputed due dates).
   */
  async recordOnCase(manager: EntityManager, caseId: string, entry: CaseNote): Promise<void> {
    const row = await lockCase(manager, caseId);
    if (!row) throw new DomainError('CASE.NOT_FOUND', `No case ${caseId}`);
    await this.append(manager, row, { ...entry, toState: row.state, at: this.now() });
  }

  /** An entry on a locked case's chain that is not a state change (a refusal, a missed deadline). */
  async append(
    manager: EntityManager,
    row: CaseEntity,
    entry: Omit<TrailRecord, 'streamId' | 'caseId' | 'procedure' | 'procedureVersion' | 'fromState'>,
  ): Promise<void> {
    await this.integrity.assertMatches(manager, row);
    const appended = await this.sealing.append(
      manager,
      row,
      {
        ...entry,
        data: { ...(entry.data as Record<string, unknown>), caseRow: this.integrity.record(row) },
        streamId: row.id,
        caseId: row.id,
        procedure: row.procedure,
        procedureVersion: row.procedureVersion,
        fromState: row.state,
      },
      headOf(row),
    );
    await moveTrailHead(manager, row.id, appended);
  }

  /**
   * A refused attempt leaves the case as it was and is recorded after the rollback (src/trail/
   * refusals.ts): on the case's own chain when the case exists, else on the `security` stream, so
   * auditors see probing too.
   */
  async recordRefusal(manager: EntityManager, user: AuthUser | undefined, caseId: string, attempt: RefusedAttempt, error: DomainError): Promise<void> {
    if (error.code === 'AUTH.UNAUTHENTICATED') return;
    // Locked like any change: the refusal moves the case's trail head.
    const row = await lockCase(manager, caseId);
    const actor = user ? { id: user.id, role: user.roles[0]?.role ?? 'applicant' } : SYSTEM_ACTOR;
    const refusal = {
      event: attempt.type.slice(0, 60),
      toState: row?.state ?? null,
      outcome: 'refused' as const,
      refusalCode: error.code,
      actorId: actor.id,
      actorRole: actor.role,
      at: this.now(),
      data: {
        message: error.message,
        attemptedCaseId: row ? undefined : caseId.slice(0, 64),
        expectedVersion: attempt.expectedVersion,
        fields: Object.keys(attempt.payload ?? {}).slice(0, 50),
      },
    };
    // A case whose row does not match its chain gets nothing appended (CaseRowIntegrity): the
    // attempt is on the security chain instead, naming the case.
    const intact = row && !(await this.integrity.mismatch(manager, row));
    if (row && intact) await this.append(manager, row, refusal);
    else {
      const data = row ? { ...refusal.data, attemptedCaseId: caseId.slice(0, 64) } : refusal.data;
      const security = { ...refusal, data, streamId: 'security', caseId: null, procedure: null, procedureVersion: null, fromState: null };
      // The case's protected person stays under its pseudonym there too.
      await this.sealing.append(manager, row ?? NO_CASE, security);
    }
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

/** The chain head a locked case row records: its trail continues from there. */
export function headOf(row: CaseEntity): ChainHead {
  return { hash: row.trailHead, position: row.trailLength };
}

/** A new case's trail starts from the genesis hash: nobody else can know its stream id yet. */
export const NEW_STREAM: ChainHead = { position: 0, hash: GENESIS_HASH };

/** A refusal naming no existing case protects nobody. */
const NO_CASE = { procedure: '', accuserUserId: null };
