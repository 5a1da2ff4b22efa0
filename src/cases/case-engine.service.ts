import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import {
  acceptedEventTypes,
  applyEvent,
  explainRefusal,
  openingConditions,
  startCase,
  type Actor,
  type Effect,
  type ProcedureDefinition,
  type ProcedureRegistry,
} from '../../workflows/core';
import { AuditTrailService, type ChainHead, type TrailRecord } from '../audit/audit-trail.service';
import { GENESIS_HASH } from '../audit/chain-hash';
import { DomainError } from '../common/domain-error';
import { lockNameUntilCommit } from '../database/row-locks';
import { TransactionRunner } from '../database/transaction-runner';
import type { AuthUser } from '../identity/auth-user';
import { Clock } from '../identity/clock';
import { PayloadValidator } from '../procedures/payload-validator';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import { redactSealed, SEALED_MARK } from '../procedures/sealing';
import { DeadlineStore } from '../deadlines/deadline-store.service';
import type { DeadlineEntity } from '../deadlines/deadline.entity';
import { UnitEntity } from '../admin/unit.entity';
import { CaseAccessPolicy } from './case-access.policy';
import { CaseRowIntegrity } from './case-row-integrity';
import { creationRoleFor, foreignCadre, unitOutsideGrant } from './creation-scope';
import { actingRole, chooseActingRole, rememberSnapshot, storedSnapshotOf } from './case-view';
import { lockCase, moveTrailHead, saveCaseChange } from './case-rows';
import { rolesPlayed } from './separation-of-duties';
import { CaseEntity } from './case.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { CaseSealing } from './case-sealing';
import { actorFor } from './acting-actor';
import { FactResolver } from '../rules/fact-resolver.service';
import { RegisterEffects } from '../registers/register-effects';

export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'system' };

export interface EventRequest {
  type: string;
  expectedVersion: number;
  payload: Record<string, unknown>;
  idempotencyKey?: string;
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
  replay?: { statusCode: number; body: unknown };
}

/**
 * Renders the answer inside the transaction, from the row as the change left it: the caller sees
 * exactly the state their change committed, with no second read, and a retry with the same
 * idempotency key gets the same answer.
 */
export type ResponseRenderer = (row: CaseEntity, manager: EntityManager) => Promise<unknown>;

/**
 * The one path for every state change (architecture.md): staff and applicant requests, deadline
 * expiries and follow-ups all come through `apply`/`create`, each in one transaction that saves the
 * snapshot with version + 1, appends the hash-chained trail entry and carries out the effects.
 * A refused attempt changes nothing and is itself recorded in the trail.
 */
@Injectable()
export class CaseEngine {
  private readonly validator = new PayloadValidator();

  constructor(
    @Inject(PROCEDURE_REGISTRY) private readonly registry: ProcedureRegistry,
    private readonly transactions: TransactionRunner,
    private readonly trail: AuditTrailService,
    private readonly clock: Clock,
    private readonly access: CaseAccessPolicy,
    private readonly deadlines: DeadlineStore,
    private readonly sealing: CaseSealing,
    private readonly integrity: CaseRowIntegrity,
    private readonly facts: FactResolver,
    private readonly registers: RegisterEffects,
  ) {}

  async create(user: AuthUser, request: CreateRequest, render: ResponseRenderer): Promise<EngineResult> {
    const definition = this.registry.latest(request.procedure);
    if (!definition) throw new DomainError('PROCEDURE.NOT_FOUND', `No procedure ${request.procedure}`);
    const role = actingRole(user, definition.creation.roles);
    if (!role) {
      throw new DomainError('PROCEDURE.CREATION_NOT_ALLOWED', `Your roles may not open a ${definition.id} case`);
    }
    const data = await this.validator.validate(`${definition.id}@${definition.version}:create`, definition.creation.fields, request.payload);
    return this.transactions.run(async (manager) => {
      const replay = await this.findReplay(manager, user.accountIndex, request.idempotencyKey, ['POST /cases', request]);
      if (replay) return replay;
      const at = this.now();
      // The unit is checked against the grant of every creator before anything is written.
      const unit = typeof data.unitId === 'string' ? await manager.getRepository(UnitEntity).findOneBy({ id: data.unitId }) : null;
      const scopedRole = unit ? creationRoleFor(user, definition.creation.roles, unit) : role;
      if (!scopedRole) throw unitOutsideGrant(String(data.unitId));
      // The opening's own rules (a date received that lies in the future): refused before anything is written.
      const unmet = openingConditions(definition, { at, actor: { id: user.id, role: scopedRole }, data });
      if (unmet.length > 0) {
        throw new DomainError('CASE.GUARD_REFUSED', `The procedure's rules refuse this opening: ${unmet.map((c) => c.code).join(', ')}`, { conditions: unmet });
      }
      const row = await this.insertCase(manager, definition, { id: user.id, role: scopedRole }, data, at);
      if (!this.access.canSee(user, row)) {
        throw new DomainError('PROCEDURE.CREATION_NOT_ALLOWED', 'You may open cases only for yourself or your own unit');
      }
      const body = await render(row, manager);
      await this.saveReplay(manager, user.accountIndex, request.idempotencyKey, ['POST /cases', request], 201, body);
      return { caseId: row.id, body };
    });
  }

  async apply(user: AuthUser, caseId: string, request: EventRequest, render: ResponseRenderer): Promise<EngineResult> {
    try {
      return await this.transactions.run(async (manager) => {
        const replay = await this.findReplay(manager, user.accountIndex, request.idempotencyKey, [caseId, request]);
        if (replay) return replay;
        const row = await this.loadForUpdate(manager, caseId);
        if (!row || !this.access.canSee(user, row)) throw new DomainError('CASE.NOT_FOUND', `No case ${caseId}`);
        await this.integrity.assertMatches(manager, row);
        const definition = this.definitionOf(row);
        const actor = await this.checkActor(manager, user, row, definition, request);
        this.assertStateTakes(definition, row, request.type);
        const data = await this.validator.validate(
          `${definition.id}@${definition.version}:${request.type}`,
          definition.events[request.type].fields,
          request.payload,
        );
        const changed = await this.applyWithin(manager, row, definition, { type: request.type, actor, data });
        const body = await render(changed, manager);
        await this.saveReplay(manager, user.accountIndex, request.idempotencyKey, [caseId, request], 200, body);
        return { caseId, body };
      });
    } catch (error) {
      if (error instanceof DomainError) {
        await this.recordRefusal(user, caseId, request, error);
        error.recorded = true;
      }
      throw error;
    }
  }

  /**
   * Sends an event as the service itself (a deadline's expiry), through the same checks of state
   * and guards. The deadline is closed in the same transaction, so it fires once even when two
   * schedulers claimed it. Returns false, with the refusal in the trail, when the case no longer
   * takes the event.
   */
  async applyAsSystem(caseId: string, type: string, data: Record<string, unknown>, deadline?: DeadlineEntity): Promise<boolean> {
    try {
      await this.transactions.run(async (manager) => {
        const row = await this.loadForUpdate(manager, caseId);
        if (!row) throw new DomainError('CASE.NOT_FOUND', `No case ${caseId}`);
        const note = deadline ? { deadline: { rule: deadline.rule, dueAt: deadline.dueAt } } : {};
        if (deadline && !(await this.deadlines.close(manager, deadline.id, 'fired', this.now()))) {
          throw new DomainError('CASE.EVENT_NOT_ALLOWED', `deadline ${deadline.id} is already closed`);
        }
        await this.applyWithin(manager, row, this.definitionOf(row), { type, actor: SYSTEM_ACTOR, data }, note);
      });
      return true;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await this.recordRefusal(undefined, caseId, { type, expectedVersion: -1, payload: data }, error);
      if (error.code === 'CASE.TRAIL_MISMATCH' && deadline) await this.transactions.run((manager) => this.integrity.holdDeadline(manager, deadline.id));
      return false;
    }
  }

  /**
   * A staff duty's deadline passed (no event to send): the case stays where it is, the deadline is
   * marked missed and the trail says so. False when another instance already did.
   */
  async flagMissedDeadline(deadline: DeadlineEntity): Promise<boolean> {
    return this.transactions.run(async (manager) => {
      const at = this.now();
      // The case first, then its deadline, in the order every other change takes them: no deadlock.
      const row = await this.loadForUpdate(manager, deadline.caseId);
      if (!row) return false;
      // Nothing is appended to a chain whose case row does not match it: the deadline is set aside.
      if (await this.integrity.mismatch(manager, row)) {
        await this.integrity.holdDeadline(manager, deadline.id);
        return false;
      }
      if (!(await this.deadlines.close(manager, deadline.id, 'overdue', at))) return false;
      await this.appendAndMoveHead(manager, row, {
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

  private async checkActor(manager: EntityManager, user: AuthUser, row: CaseEntity, definition: ProcedureDefinition, request: EventRequest): Promise<Actor> {
    if (request.expectedVersion !== row.version) {
      throw new DomainError('CASE.STALE_VERSION', 'The case changed since you loaded it', this.conflictDetails(definition, row));
    }
    const spec = definition.events[request.type];
    if (!spec) {
      throw new DomainError('REQUEST.INVALID', `${definition.id} has no event ${request.type}`, {
        allowedEvents: this.allowedNow(definition, row),
      });
    }
    const played = (await rolesPlayed(manager, [row.id], user)).get(row.id)!;
    const choice = chooseActingRole(user, row, spec.roles, played);
    if ('role' in choice) return actorFor(user, choice.role, row.jurisdiction);
    if (choice.refusal === 'CASE.ROLE_NOT_ALLOWED') {
      throw new DomainError('CASE.ROLE_NOT_ALLOWED', `Your roles may not send ${request.type}`, { roles: spec.roles });
    }
    // domain.md §2: nobody acts as staff on a case in which they are the cadre, applicant or accuser.
    if (choice.refusal === 'CASE.RECUSED') {
      throw new DomainError('CASE.RECUSED', 'You are a party to this case and must recuse yourself (回避)');
    }
    throw new DomainError('CASE.DUTY_CONFLICT', `Separation of duties: ${choice.rule}`, { rolesPlayed: [...played] });
  }

  private async applyWithin(
    manager: EntityManager,
    row: CaseEntity,
    definition: ProcedureDefinition,
    event: { type: string; actor: Actor; data: Record<string, unknown> },
    note: Record<string, unknown> = {},
  ): Promise<CaseEntity> {
    await this.integrity.assertMatches(manager, row);
    this.assertStateTakes(definition, row, event.type);
    const at = this.now();
    const snapshot = this.sealing.machineSnapshot(row);
    // What lives outside the case (the committee, the catalogue, the filing register), looked up as the event's table asks.
    const facts = await this.facts.resolve(manager, row, definition.events[event.type]?.facts, snapshot.context, event.data, at);
    const machineEvent = { ...event, at, ...(facts ? { facts } : {}) };
    const result = applyEvent(definition, snapshot, machineEvent);
    if (!result.accepted) {
      const conditions = explainRefusal(definition, snapshot, machineEvent);
      throw new DomainError('CASE.GUARD_REFUSED', `The procedure's rules refuse ${event.type} in state ${row.state}: ${conditions.map((c) => c.code).join(', ')}`, {
        ...this.conflictDetails(definition, row),
        conditions,
      });
    }
    const links = await this.carryOut(manager, row, result.effects, at, result.snapshot.context, event.actor.id);
    const spec = definition.events[event.type];
    const stateEnteredAt = result.snapshot.value !== row.state ? at : row.stateEnteredAt;
    // What the row will hold: the context with its sealed part encrypted, recorded by the entry.
    const stored = this.sealing.storedContext(row.id, row.procedure, result.snapshot.context);
    const caseRow = this.integrity.record({ ...row, state: result.snapshot.value, status: result.snapshot.status, context: stored.text, version: row.version + 1, stateEnteredAt });
    const entry = await this.sealing.append(manager, row, {
      streamId: row.id,
      caseId: row.id,
      procedure: row.procedure,
      procedureVersion: row.procedureVersion,
      fromState: row.state,
      event: event.type,
      toState: result.snapshot.value,
      outcome: 'applied',
      actorId: event.actor.id,
      actorRole: event.actor.role,
      at,
      reason: typeof event.data.reason === 'string' ? event.data.reason : null,
      data: { ...redactSealed(spec.fields, event.data), ...note, ...(facts ? { facts } : {}), ...(links.length > 0 ? { links } : {}), caseRow },
    }, headOf(row));
    const changed = await saveCaseChange(manager, row, {
      state: result.snapshot.value,
      status: result.snapshot.status,
      context: stored.text,
      updatedAt: at,
      stateEnteredAt,
      trailHead: entry.hash,
      trailLength: entry.position,
    });
    if (!changed) {
      throw new DomainError('CASE.STALE_VERSION', 'The case changed while the event was applied', { state: row.state });
    }
    rememberSnapshot(changed, { ...result.snapshot, context: stored.context });
    const timing = { id: row.id, state: result.snapshot.value, stateEnteredAt, context: result.snapshot.context };
    this.deadlines.remember(changed, await this.deadlines.sync(manager, timing, row.state, definition, at));
    return changed;
  }

  /** Follow-ups in the same transaction: linked cases opened, events sent to the origin case. */
  private async carryOut(
    manager: EntityManager,
    row: CaseEntity,
    effects: Effect[],
    at: string,
    context: Record<string, unknown> = {},
    actorId = SYSTEM_ACTOR.id,
  ): Promise<Array<Record<string, string | number>>> {
    const links: Array<Record<string, string | number>> = [];
    for (const effect of effects) {
      if (effect.type === 'register') {
        // The person an entry names comes from the case's sealed part, never through the trail.
        links.push(await this.registers.apply(manager, row, effect.params, (context.sealed ?? {}) as Record<string, unknown>, actorId));
        continue;
      }
      if (effect.type === 'openCase') {
        const definition = this.registry.latest(effect.params.procedure);
        if (!definition) throw new Error(`effect names unknown procedure ${effect.params.procedure}`);
        const child = await this.insertCase(
          manager,
          definition,
          SYSTEM_ACTOR,
          { ...effect.params.data, ...effect.params.sealed },
          at,
          { caseId: row.id, procedure: row.procedure, relation: effect.params.relation },
          Object.keys(effect.params.sealed ?? {}),
        );
        links.push({ opened: child.id, procedure: child.procedure, relation: effect.params.relation });
      } else {
        const origin = row.originCaseId ? await this.loadForUpdate(manager, row.originCaseId) : null;
        if (!origin) throw new DomainError('CASE.EVENT_NOT_ALLOWED', 'This case has no origin case to notify');
        await this.applyWithin(manager, origin, this.definitionOf(origin), {
          type: effect.params.type,
          actor: SYSTEM_ACTOR,
          data: { ...effect.params.data, fromCaseId: row.id },
        });
        links.push({ sent: effect.params.type, to: origin.id });
      }
    }
    return links;
  }

  private async insertCase(
    manager: EntityManager,
    definition: ProcedureDefinition,
    actor: Actor,
    data: Record<string, unknown>,
    at: string,
    origin?: { caseId: string; procedure: string; relation: string },
    sealedKeys: string[] = [],
  ): Promise<CaseEntity> {
    // Identities handed on by another case are sealed whether or not this procedure declares them.
    const recorded = Object.fromEntries(
      Object.entries(redactSealed(definition.creation.fields, data)).map(([key, value]) => [key, sealedKeys.includes(key) ? SEALED_MARK : value]),
    );
    const started = startCase(definition, { at, actor, data, origin: origin && { caseId: origin.caseId, procedure: origin.procedure } });
    const id = randomUUID();
    const parties = (started.snapshot.context as { parties: CaseEntity & { applicantId?: string; accuserUserId?: string } }).parties;
    // The CREATE entry records the payload: it must not name a cadre the case does not record.
    if (typeof data.cadreId === 'string' && data.cadreId !== '' && parties?.cadreId && data.cadreId !== parties.cadreId) {
      throw foreignCadre(data.cadreId, parties.cadreId);
    }
    // The creation fields are the same for every role, but who the case concerns must be known:
    // an applicant is the cadre, a unit or officer must name one (the machine derives the parties).
    const missing = (['cadreId', 'unitId'] as const).filter((key) => !parties?.[key]);
    if (missing.length > 0) {
      throw new DomainError('CASE.INVALID_PAYLOAD', `Invalid payload: ${missing.join(', ')}`, {
        fields: missing.map((field) => ({ field, messages: [`${field} is required when you open a case for someone else`] })),
      });
    }
    const unit = await manager.getRepository(UnitEntity).findOneBy({ id: parties.unitId });
    if (!unit) {
      throw new DomainError('CASE.INVALID_PAYLOAD', 'Invalid payload: unitId', {
        fields: [{ field: 'unitId', messages: [`unitId names no known unit: ${String(parties.unitId).slice(0, 64)}`] }],
      });
    }
    const accuserIndex = this.sealing.accuserIndex(parties.accuserUserId);
    const protection = { procedure: definition.id, accuserUserId: accuserIndex };
    const row = manager.getRepository(CaseEntity).create({
      id,
      procedure: definition.id,
      procedureVersion: definition.version,
      state: started.snapshot.value,
      status: started.snapshot.status,
      context: this.sealing.storedContext(id, definition.id, started.snapshot.context).text,
      version: 1,
      cadreId: parties.cadreId,
      applicantId: parties.applicantId ?? null,
      unitId: parties.unitId,
      jurisdiction: unit.jurisdiction,
      accuserUserId: accuserIndex,
      originCaseId: origin?.caseId ?? null,
      originRelation: origin?.relation ?? null,
      searchText: searchTextOf(recorded, parties),
      createdBy: this.sealing.columnActor(protection, actor.id),
      createdAt: at,
      updatedAt: at,
      stateEnteredAt: at,
      integritySalt: this.integrity.newSalt(),
    });
    const entry = await this.sealing.append(manager, protection, {
      streamId: id,
      caseId: id,
      procedure: definition.id,
      procedureVersion: definition.version,
      fromState: null,
      event: 'CREATE',
      toState: started.snapshot.value,
      outcome: 'applied',
      actorId: actor.id,
      actorRole: actor.role,
      at,
      data: { ...recorded, ...(origin ? { origin } : {}), caseRow: this.integrity.record(row) },
    }, NEW_STREAM);
    row.trailHead = entry.hash;
    row.trailLength = entry.position;
    await manager.getRepository(CaseEntity).insert(row);
    await this.deadlines.sync(manager, { id, state: row.state, stateEnteredAt: at, context: started.snapshot.context }, null, definition, at);
    if (started.effects.length > 0) await this.carryOut(manager, row, started.effects, at);
    return row;
  }

  /**
   * A refused attempt leaves the case as it was and is logged after the rollback: on the case's own
   * chain when the case exists, else on the `security` stream, so auditors see probing too.
   */
  private async recordRefusal(user: AuthUser | undefined, caseId: string, request: EventRequest, error: DomainError): Promise<void> {
    if (error.code === 'AUTH.UNAUTHENTICATED') return;
    await this.transactions.run(async (manager) => {
      // Locked like any change: the refusal moves the case's trail head.
      const row = await this.loadForUpdate(manager, caseId);
      const actor = user ? { id: user.id, role: user.roles[0]?.role ?? 'applicant' } : SYSTEM_ACTOR;
      const refusal = {
        event: request.type.slice(0, 60),
        toState: row?.state ?? null,
        outcome: 'refused' as const,
        refusalCode: error.code,
        actorId: actor.id,
        actorRole: actor.role,
        at: this.now(),
        data: {
          message: error.message,
          attemptedCaseId: row ? undefined : caseId.slice(0, 64),
          expectedVersion: request.expectedVersion,
          fields: Object.keys(request.payload ?? {}).slice(0, 50),
        },
      };
      // A case whose row does not match its chain gets nothing appended (CaseRowIntegrity): the
      // attempt is on the security chain instead, naming the case.
      const intact = row && !(await this.integrity.mismatch(manager, row));
      if (row && intact) await this.appendAndMoveHead(manager, row, refusal);
      else {
        const data = row ? { ...refusal.data, attemptedCaseId: caseId.slice(0, 64) } : refusal.data;
        const security = { ...refusal, data, streamId: 'security', caseId: null, procedure: null, procedureVersion: null, fromState: null };
        // The case's protected person stays under its pseudonym there too.
        if (row) await this.sealing.append(manager, row, security);
        else await this.trail.append(manager, security);
      }
    });
  }

  /**
   * Writes a step that is not a state change onto the case's own chain inside the caller's
   * transaction, with the case row locked, so it interleaves with transitions without forking the
   * chain (identity reveal requests, decisions and reads).
   */
  async recordOnCase(
    manager: EntityManager,
    caseId: string,
    entry: Omit<TrailRecord, 'streamId' | 'caseId' | 'procedure' | 'procedureVersion' | 'fromState' | 'toState' | 'at'>,
  ): Promise<void> {
    const row = await this.loadForUpdate(manager, caseId);
    if (!row) throw new DomainError('CASE.NOT_FOUND', `No case ${caseId}`);
    await this.appendAndMoveHead(manager, row, { ...entry, toState: row.state, at: this.now() });
  }

  /** An entry on a case's chain that is not a state change (a refusal, a missed deadline). */
  private async appendAndMoveHead(
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

  private loadForUpdate(manager: EntityManager, caseId: string): Promise<CaseEntity | null> {
    return lockCase(manager, caseId);
  }

  /** 409 before anything else is looked at: in this state the event cannot happen at all. */
  private assertStateTakes(definition: ProcedureDefinition, row: CaseEntity, type: string): void {
    if (!acceptedEventTypes(definition, storedSnapshotOf(row)).includes(type)) {
      throw new DomainError('CASE.EVENT_NOT_ALLOWED', `${type} is not possible in state ${row.state}`, this.conflictDetails(definition, row));
    }
  }

  private conflictDetails(definition: ProcedureDefinition, row: CaseEntity): Record<string, unknown> {
    return { state: row.state, currentVersion: row.version, allowedEvents: this.allowedNow(definition, row) };
  }

  private definitionOf(row: CaseEntity): ProcedureDefinition {
    const definition = this.registry.find(row.procedure, row.procedureVersion);
    if (!definition) throw new Error(`procedure ${row.procedure} v${row.procedureVersion} is not registered`);
    return definition;
  }

  private allowedNow(definition: ProcedureDefinition, row: CaseEntity): string[] {
    return acceptedEventTypes(definition, storedSnapshotOf(row));
  }

  private async findReplay(manager: EntityManager, actorId: string, key: string | undefined, request: unknown): Promise<EngineResult | undefined> {
    if (!key) return undefined;
    // Two instances given one key at once: the second waits for the first to commit, then replays it.
    await lockNameUntilCommit(manager, `idempotency:${actorId}:${key}`);
    const found = await manager.getRepository(IdempotencyKeyEntity).findOneBy({ actorId, key });
    if (!found) return undefined;
    if (found.requestHash !== requestHash(request)) {
      throw new DomainError('IDEMPOTENCY.KEY_REUSED', 'This Idempotency-Key was used for a different request');
    }
    const body = JSON.parse(found.response) as { id: string };
    return { caseId: body.id, body, replay: { statusCode: found.statusCode, body } };
  }

  private async saveReplay(manager: EntityManager, actorId: string, key: string | undefined, request: unknown, statusCode: number, body: unknown): Promise<void> {
    if (!key) return;
    await manager.getRepository(IdempotencyKeyEntity).insert({
      actorId,
      key,
      requestHash: requestHash(request),
      statusCode,
      response: JSON.stringify(body),
      createdAt: this.now(),
    });
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

/** The chain head a locked case row records: its trail continues from there. */
function headOf(row: CaseEntity): ChainHead {
  return { hash: row.trailHead, position: row.trailLength };
}

/** A new case's trail starts from the genesis hash: nobody else can know its stream id yet. */
const NEW_STREAM: ChainHead = { position: 0, hash: GENESIS_HASH };

function requestHash(request: unknown): string {
  const { idempotencyKey: _key, ...rest } = (Array.isArray(request) ? request[1] : request) as Record<string, unknown>;
  return createHash('sha256').update(JSON.stringify([Array.isArray(request) ? request[0] : '', rest])).digest('hex');
}

function searchTextOf(data: Record<string, unknown>, parties: { cadreId: string; unitId: string }): string {
  const texts = Object.values(data).filter((value): value is string => typeof value === 'string' && value !== SEALED_MARK && value.length <= 500);
  return [parties.cadreId, parties.unitId, ...texts].join(' ').toLowerCase().slice(0, 2000);
}
