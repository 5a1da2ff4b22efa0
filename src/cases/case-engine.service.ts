import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { openingConditions, type ProcedureRegistry } from '../../workflows/core';
import { AttachmentCitations } from '../attachments/attachment-citations';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import type { DeadlineEntity } from '../deadlines/deadline.entity';
import { DeadlineStore } from '../deadlines/deadline-store.service';
import type { AuthUser } from '../identity/auth-user';
import { UnitsService } from '../org/units.service';
import { RenderThread } from '../documents/render-thread';
import { withRendersOutside } from '../documents/renders-outside';
import { PayloadValidator } from '../procedures/payload-validator';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import { Refusals } from '../trail/refusals';
import { actingRole, actorFor, SYSTEM_ACTOR } from './actor-policy';
import { CaseAccessPolicy } from './case-access.policy';
import { CaseChain } from './case-chain';
import { allowedNow, assertStateTakes, conflictDetails } from './case-checks';
import { CaseRenderer } from './case-renderer';
import { CaseRowIntegrity } from './case-row-integrity';
import { lockCase } from './case-rows';
import { CaseCommandHandler } from './command-handler';
import { creationRoleFor, unitOutsideBody, unitOutsideGrant, unknownUnit } from './creation-scope';
import type { CaseEntity } from './case.entity';
import { IdempotencyStore } from './idempotency-store';
import { rolesPlayed } from './separation-of-duties';

export interface EventRequest {
  type: string;
  expectedVersion: number;
  payload: Record<string, unknown>;
  idempotencyKey?: string;
  /** Ids of files uploaded to this case that the event cites (src/attachments): its trail entry records each one's digest. */
  attachments?: string[];
}

export interface CreateRequest {
  procedure: string;
  payload: Record<string, unknown>;
  idempotencyKey?: string;
}

/** The outcome of a change: the answer rendered from the case as committed, or the replayed first answer. */
export interface EngineResult {
  caseId: string;
  body: unknown;
}

/**
 * The one path for every state change (architecture.md): staff and applicant requests, deadline
 * expiries and follow-ups all come through here, each in one transaction that runs the command
 * loop (CaseCommandHandler). Around the loop: the replay of an Idempotency-Key (IdempotencyStore),
 * the case loaded and locked, who may act (actor-policy.ts), the payload validated, the answer
 * rendered inside the transaction (CaseRenderer). A refused attempt changes nothing and is itself
 * recorded in the trail (Refusals, CaseChain).
 */
@Injectable()
export class CaseEngine {
  private readonly validator = new PayloadValidator();

  constructor(
    @Inject(PROCEDURE_REGISTRY) private readonly registry: ProcedureRegistry,
    private readonly transactions: TransactionRunner,
    private readonly refusals: Refusals,
    private readonly clock: Clock,
    private readonly access: CaseAccessPolicy,
    private readonly deadlines: DeadlineStore,
    private readonly integrity: CaseRowIntegrity,
    private readonly handler: CaseCommandHandler,
    private readonly chain: CaseChain,
    private readonly idempotency: IdempotencyStore,
    private readonly units: UnitsService,
    private readonly renderer: CaseRenderer,
    private readonly citations: AttachmentCitations,
    private readonly renderThread: RenderThread,
  ) {}

  /** A change whose documents are rendered outside its transaction (renders-outside.ts). */
  private withDocuments<T>(change: () => Promise<T>): Promise<T> {
    return withRendersOutside((inputs) => this.renderThread.render(inputs), change);
  }

  async create(user: AuthUser, request: CreateRequest, renderer: CaseRenderer = this.renderer): Promise<EngineResult> {
    const definition = this.registry.latest(request.procedure);
    if (!definition) throw new DomainError('PROCEDURE.NOT_FOUND', `No procedure ${request.procedure}`);
    const role = actingRole(user, definition.creation.roles);
    if (!role) {
      throw new DomainError('PROCEDURE.CREATION_NOT_ALLOWED', `Your roles may not open a ${definition.id} case`);
    }
    const data = await this.validator.validate(`${definition.id}@${definition.version}:create`, definition.creation.fields, request.payload);
    const keyed = { target: 'POST /cases', body: request as unknown as Record<string, unknown> };
    // An opening's effects may step its origin case, and that step may issue a document.
    return this.withDocuments(() =>
      this.transactions.run(async (manager) => {
        const replay = await this.idempotency.replay(manager, user.accountIndex, request.idempotencyKey, keyed);
        if (replay) return replay;
        const at = this.now();
        // The unit is checked against the grant of every creator before anything is written.
        const unit = typeof data.unitId === 'string' ? await this.units.find(data.unitId, manager) : null;
        if (typeof data.unitId === 'string' && !unit) throw unknownUnit(data.unitId);
        const scopedRole = unit ? creationRoleFor(user, definition.creation.roles, unit) : role;
        if (!scopedRole) throw unitOutsideGrant(String(data.unitId));
        // The opening's own rules (a date received that lies in the future): refused before anything is written.
        const unmet = openingConditions(definition, { at, actor: { id: user.id, role: scopedRole }, data });
        if (unmet.length > 0) {
          throw new DomainError('CASE.GUARD_REFUSED', `The procedure's rules refuse this opening: ${unmet.map((c) => c.code).join(', ')}`, {
            conditions: unmet,
          });
        }
        const row = await this.handler.open(manager, definition, { id: user.id, role: scopedRole }, data, at);
        if (!this.access.canSee(user, row)) {
          throw new DomainError('PROCEDURE.CREATION_NOT_ALLOWED', 'You may open cases only for yourself or your own unit');
        }
        const body = await renderer.render(user, row, manager);
        await this.idempotency.save(manager, user.accountIndex, request.idempotencyKey, keyed, 201, body);
        return { caseId: row.id, body };
      }),
    );
  }

  /**
   * 交办 of a new matter (issue 18 §3): a leader of a higher body opens a case in a lower body, in
   * the caller's transaction, through the same opening as `create`: the payload validated against
   * the procedure's creation fields, the unit known and in the lower body, the opening's own rules,
   * the number from the lower body's series, the sealed identities sealed. The machine opens it as
   * the procedure's opening role (the officer who registers a lead); the entry names the leader.
   */
  async openOnAssignment(
    manager: EntityManager,
    user: AuthUser,
    procedure: string,
    payload: Record<string, unknown>,
    assigned: { lowerBody: string; byBodyName: string },
  ): Promise<CaseEntity> {
    const definition = this.registry.latest(procedure);
    if (!definition) throw new DomainError('PROCEDURE.NOT_FOUND', `No procedure ${procedure}`);
    const openingRole = definition.creation.roles.find((role) => role === 'officer');
    if (!openingRole) throw new DomainError('PROCEDURE.CREATION_NOT_ALLOWED', `A ${definition.id} case is not opened by an officer`);
    const data = await this.validator.validate(`${definition.id}@${definition.version}:create`, definition.creation.fields, payload);
    const unit = typeof data.unitId === 'string' ? await this.units.find(data.unitId, manager) : null;
    if (typeof data.unitId === 'string' && !unit) throw unknownUnit(data.unitId);
    if (unit && unit.jurisdiction !== assigned.lowerBody) throw unitOutsideBody(unit.id);
    const at = this.now();
    const actor = { id: user.id, role: openingRole };
    const unmet = openingConditions(definition, { at, actor, data });
    if (unmet.length > 0) {
      throw new DomainError('CASE.GUARD_REFUSED', `The procedure's rules refuse this opening: ${unmet.map((c) => c.code).join(', ')}`, { conditions: unmet });
    }
    const row = await this.handler.open(manager, definition, actor, data, at, undefined, [], {
      byBodyName: assigned.byBodyName,
      actorRole: 'leader',
    });
    if (row.jurisdiction !== assigned.lowerBody) throw unitOutsideBody(row.unitId);
    return row;
  }

  async apply(user: AuthUser, caseId: string, request: EventRequest, renderer: CaseRenderer = this.renderer): Promise<EngineResult> {
    const keyed = { target: caseId, body: request as unknown as Record<string, unknown> };
    return this.withDocuments(() => this.applyOnce(user, caseId, request, renderer, keyed));
  }

  private applyOnce(user: AuthUser, caseId: string, request: EventRequest, renderer: CaseRenderer, keyed: { target: string; body: Record<string, unknown> }) {
    return this.refusals.change<EngineResult>(
      async (manager) => {
        const replay = await this.idempotency.replay(manager, user.accountIndex, request.idempotencyKey, keyed);
        if (replay) return replay;
        const row = await lockCase(manager, caseId);
        if (!row || !this.access.canSee(user, row)) throw new DomainError('CASE.NOT_FOUND', `No case ${caseId}`);
        await this.integrity.assertMatches(manager, row);
        const definition = this.handler.definitionOf(row);
        if (request.expectedVersion !== row.version) {
          throw new DomainError('CASE.STALE_VERSION', 'The case changed since you loaded it', conflictDetails(definition, row));
        }
        const spec = definition.events[request.type];
        if (!spec) throw new DomainError('REQUEST.INVALID', `${definition.id} has no event ${request.type}`, { allowedEvents: allowedNow(definition, row) });
        const actor = actorFor(user, row, request.type, spec, (await rolesPlayed(manager, [row.id], user)).get(row.id)!);
        assertStateTakes(definition, row, request.type);
        const data = await this.validator.validate(`${definition.id}@${definition.version}:${request.type}`, spec.fields, request.payload);
        // The files the event cites: of this case, in the store, recorded with their digests by the entry.
        const cited = await this.citations.cite(manager, row.id, request.attachments ?? [], request.type, this.now());
        const note = cited.length > 0 ? { attachments: cited } : {};
        const changed = await this.handler.handle(manager, row, definition, { type: request.type, actor, data }, note);
        const body = await renderer.render(user, changed, manager);
        await this.idempotency.save(manager, user.accountIndex, request.idempotencyKey, keyed, 200, body);
        return { caseId, body };
      },
      async (manager, error) => {
        await this.chain.recordRefusal(manager, user, caseId, request, error);
        return true;
      },
    );
  }

  /**
   * Sends an event as the service itself (a deadline's expiry), through the same checks of state
   * and guards. The deadline is closed in the same transaction, so it fires once even when two
   * schedulers claimed it. Returns false, with the refusal in the trail, when the case no longer
   * takes the event.
   */
  async applyAsSystem(caseId: string, type: string, data: Record<string, unknown>, deadline?: DeadlineEntity): Promise<boolean> {
    try {
      await this.withDocuments(() => this.applyAsSystemOnce(caseId, type, data, deadline));
      return true;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.code === 'CASE.TRAIL_MISMATCH' && deadline) await this.transactions.run((manager) => this.integrity.holdDeadline(manager, deadline.id));
      return false;
    }
  }

  private applyAsSystemOnce(caseId: string, type: string, data: Record<string, unknown>, deadline?: DeadlineEntity): Promise<void> {
    return this.refusals.change(
      async (manager) => {
        const row = await lockCase(manager, caseId);
        if (!row) throw new DomainError('CASE.NOT_FOUND', `No case ${caseId}`);
        const note = deadline ? { deadline: { rule: deadline.rule, dueAt: deadline.dueAt } } : {};
        if (deadline && !(await this.deadlines.close(manager, deadline.id, 'fired', this.now()))) {
          throw new DomainError('CASE.EVENT_NOT_ALLOWED', `deadline ${deadline.id} is already closed`);
        }
        await this.handler.handle(manager, row, this.handler.definitionOf(row), { type, actor: SYSTEM_ACTOR, data }, note);
      },
      async (manager, error) => {
        await this.chain.recordRefusal(manager, undefined, caseId, { type, expectedVersion: -1, payload: data }, error);
        return true;
      },
    );
  }

  /**
   * A staff duty's deadline passed (no event to send): the case stays where it is, the deadline is
   * marked missed and the trail says so. False when another instance already did.
   */
  async flagMissedDeadline(deadline: DeadlineEntity): Promise<boolean> {
    return this.transactions.run(async (manager) => {
      const at = this.now();
      // The case first, then its deadline, in the order every other change takes them: no deadlock.
      const row = await lockCase(manager, deadline.caseId);
      if (!row) return false;
      // Nothing is appended to a chain whose case row does not match it: the deadline is set aside.
      if (await this.integrity.mismatch(manager, row)) {
        await this.integrity.holdDeadline(manager, deadline.id);
        return false;
      }
      if (!(await this.deadlines.close(manager, deadline.id, 'overdue', at))) return false;
      await this.chain.append(manager, row, {
        event: 'DEADLINE_MISSED',
        toState: row.state,
        outcome: 'applied',
        actorId: SYSTEM_ACTOR.id,
        actorRole: SYSTEM_ACTOR.role,
        at,
        data: { deadline: { rule: deadline.rule, dueAt: deadline.dueAt } },
      });
      return true;
    });
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
