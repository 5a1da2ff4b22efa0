import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  applyEvent,
  explainRefusal,
  startCase,
  type Actor,
  type Effect,
  type ProcedureDefinition,
  type ProcedureRegistry,
  type TransitionResult,
} from '../../workflows/core';
import { Clock } from '../common/clock';
import { condition, DomainError } from '../common/domain-error';
import { LimitsInForce } from '../deadlines/limits-in-force';
import { DeadlineStore } from '../deadlines/deadline-store.service';
import { DirectoryService } from '../org/directory.service';
import { DocumentIssuer } from '../documents/document-issuer';
import { UnitsService } from '../org/units.service';
import { RegisterEffects } from '../registers/register-effects';
import { FactResolver } from '../rules/fact-resolver.service';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import { redactSealed, SEALED_MARK } from '../procedures/sealing';
import { SYSTEM_ACTOR } from './actor-policy';
import { headOf, NEW_STREAM } from './case-chain';
import { assertStateTakes, conflictDetails } from './case-checks';
import { CaseNumbers } from './case-numbers';
import { CaseEntity } from './case.entity';
import { CaseRowIntegrity } from './case-row-integrity';
import { lockCase, saveCaseChange } from './case-rows';
import { CaseSealing } from './case-sealing';
import { rememberSnapshot } from './case-snapshot';
import { foreignCadre } from './creation-scope';

/** An event as the machine gets it: who sends it (already checked) and its validated data. */
export interface CaseCommand {
  type: string;
  actor: Actor;
  data: Record<string, unknown>;
}

/** Where a follow-up case comes from, as its CREATE entry records it. */
export interface CaseOrigin {
  caseId: string;
  procedure: string;
  relation: string;
  /** The body the new case belongs to when not its unit's (an appeal case: the origin's parent body). */
  body?: string;
}

/**
 * A case opened on a higher body's 交办 (issue 18 §3): its CREATE entry names the assigning leader
 * as actor (role leader) and records 「上级交办」 with the assigning body; the machine opens it as
 * the procedure's opening role, so the lower body's officer takes it up in its first step as usual.
 */
export interface AssignedOpening {
  /** The assigning body's name, as the entry shows it (its id is on the 交办 entry that follows). */
  byBodyName: string;
  /** The role the entry records for the assigning actor. */
  actorRole: Actor['role'];
}

type Links = Array<Record<string, string | number>>;

/**
 * The loop every state change runs, in the caller's transaction (in the spirit of emmett's
 * `handle`: read the stream, decide, append): check the row against its chain and the state
 * against the event → the pure transition (workflows/core/runtime.ts) → its effects (follow-up
 * cases opened, events sent to the origin case, through this same loop) → persist (the entry,
 * which records the effects' links, then the row at version + 1) → the case's deadlines. Opening
 * a case is the same steps from no row. Who may send the event and whether its data is valid
 * were settled before (CaseEngine); a refusal anywhere undoes everything (src/trail/refusals.ts).
 */
@Injectable()
export class CaseCommandHandler {
  constructor(
    @Inject(PROCEDURE_REGISTRY) private readonly registry: ProcedureRegistry,
    private readonly sealing: CaseSealing,
    private readonly integrity: CaseRowIntegrity,
    private readonly deadlines: DeadlineStore,
    private readonly units: UnitsService,
    private readonly clock: Clock,
    private readonly limits: LimitsInForce,
    private readonly facts: FactResolver,
    private readonly registers: RegisterEffects,
    private readonly directory: DirectoryService,
    private readonly numbers: CaseNumbers,
    private readonly documents: DocumentIssuer,
  ) {}

  async handle(
    manager: EntityManager,
    row: CaseEntity,
    definition: ProcedureDefinition,
    command: CaseCommand,
    note: Record<string, unknown> = {},
  ): Promise<CaseEntity> {
    await this.integrity.assertMatches(manager, row);
    assertStateTakes(definition, row, command.type);
    const at = this.now();
    const snapshot = this.sealing.machineSnapshot(row);
    // What lives outside the case (the committee, the catalogue, the filing register), looked up as the event's table asks.
    const facts = await this.facts.resolve(manager, row, definition.events[command.type]?.facts, snapshot.context, command.data, at);
    // The lengths in force travel with the event: a window the machine checks is the jurisdiction's.
    const machineEvent = { ...command, at, limits: this.limits.lengthsOf(definition), ...(facts ? { facts } : {}) };
    const result = applyEvent(definition, snapshot, machineEvent);
    if (!result.accepted) {
      const conditions = explainRefusal(definition, snapshot, machineEvent);
      throw new DomainError(
        'CASE.GUARD_REFUSED',
        `The procedure's rules refuse ${command.type} in state ${row.state}: ${conditions.map((c) => c.code).join(', ')}`,
        {
          ...conflictDetails(definition, row),
          conditions,
        },
      );
    }
    // An appeal goes to the parent body (issue 18 §3): its staff see the case and decide the appeal.
    const appealBody = definition.events[command.type]?.oneLevelUp === 'refer' ? await this.parentBodyOf(manager, row, definition) : undefined;
    const links = await this.carryOut(manager, row, result.effects, at, result.snapshot.context, command.actor.id);
    // The step's documents (文书): numbered, rendered and stored here, recorded by the step's entry.
    const documents = await this.documents.issueForStep(manager, row, command.type, command.data, result.snapshot.context, command.actor.role, at);
    const recorded = {
      ...note,
      ...(facts ? { facts } : {}),
      ...(links.length > 0 ? { links } : {}),
      ...(appealBody ? { appealBody } : {}),
      ...(documents.length > 0 ? { documents } : {}),
    };
    const changed = await this.persist(manager, row, definition, command, result, recorded, at, appealBody);
    const timing = { id: row.id, state: result.snapshot.value, stateEnteredAt: changed.stateEnteredAt, context: result.snapshot.context };
    this.deadlines.remember(changed, await this.deadlines.sync(manager, timing, row.state, definition, at));
    return changed;
  }

  /** A new case: its CREATE entry, the row, its first deadlines and the effects of its opening. */
  async open(
    manager: EntityManager,
    definition: ProcedureDefinition,
    actor: Actor,
    data: Record<string, unknown>,
    at: string,
    origin?: CaseOrigin,
    sealedKeys: string[] = [],
    assigned?: AssignedOpening,
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
        // A name typed in a picker but not picked sends no id: the page says which, in Chinese.
        conditions: missing.map((field) =>
          field === 'cadreId'
            ? condition(
                'creation.cadreMissing',
                '未选定“当事干部”：为他人提出申请或登记启动程序须从干部名录中选择当事干部',
                'No cadre picked: a case opened for someone else names the cadre from the directory',
                field,
              )
            : condition(
                'creation.unitMissing',
                '未选定“所在单位”：为他人提出申请或登记启动程序须从单位名录中选择所在单位',
                'No unit picked: a case opened for someone else names the unit from the directory',
                field,
              ),
        ),
      });
    }
    const unit = await this.units.find(parties.unitId, manager);
    if (!unit) {
      throw new DomainError('CASE.INVALID_PAYLOAD', 'Invalid payload: unitId', {
        fields: [{ field: 'unitId', messages: [`unitId names no known unit: ${String(parties.unitId).slice(0, 64)}`] }],
      });
    }
    // The cadre must be in the directory (a case for nobody could never be answered); a follow-up
    // case concerns the cadre its origin case already named.
    if (!origin) await this.directory.knownCadre(parties.cadreId, manager);
    // Numbered last, just before the row is written: the series row stays locked for the shortest time.
    // An appeal case is the parent body's (issue 18 §3): its series, its queue, its staff.
    const jurisdiction = origin?.body ?? unit.jurisdiction;
    const caseNo = await this.numbers.allocate(manager, jurisdiction, definition.id, at);
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
      jurisdiction,
      accuserUserId: accuserIndex,
      originCaseId: origin?.caseId ?? null,
      originRelation: origin?.relation ?? null,
      caseNo,
      searchText: searchTextOf(recorded, parties),
      createdBy: this.sealing.columnActor(protection, actor.id),
      createdAt: at,
      updatedAt: at,
      stateEnteredAt: at,
      integritySalt: this.integrity.newSalt(),
    });
    const entry = await this.sealing.append(
      manager,
      protection,
      {
        streamId: id,
        caseId: id,
        procedure: definition.id,
        procedureVersion: definition.version,
        fromState: null,
        event: 'CREATE',
        toState: started.snapshot.value,
        outcome: 'applied',
        actorId: actor.id,
        actorRole: assigned?.actorRole ?? actor.role,
        at,
        data: {
          ...recorded,
          caseNo,
          ...(assigned ? { openedAs: 'assignment', assignedBy: assigned.byBodyName } : {}),
          ...(origin ? { origin: { caseId: origin.caseId, procedure: origin.procedure, relation: origin.relation } } : {}),
          ...(origin?.body ? { body: origin.body } : {}),
          caseRow: this.integrity.record(row),
        },
      },
      NEW_STREAM,
    );
    row.trailHead = entry.hash;
    row.trailLength = entry.position;
    await manager.getRepository(CaseEntity).insert(row);
    await this.deadlines.sync(manager, { id, state: row.state, stateEnteredAt: at, context: started.snapshot.context }, null, definition, at);
    if (started.effects.length > 0) await this.carryOut(manager, row, started.effects, at);
    return row;
  }

  /**
   * A case brought in from the backlog (src/backlog-import): its snapshot was built by running the
   * procedure's own machine over the source row. Written as an opening is (number, sealed context,
   * row digest, deadlines), except that its chain starts with an `IMPORTED` entry naming the
   * source (the row's and the file's SHA-256, the row, the original number) instead of `CREATE`,
   * and its current step was entered on the day the row states: a deadline already past is due.
   * No effects are carried out and no documents issued: what happened before was done on paper.
   */
  async importCase(
    manager: EntityManager,
    definition: ProcedureDefinition,
    imported: {
      snapshot: { value: string; status: 'active' | 'done'; context: Record<string, unknown> };
      cadreId: string;
      unitId: string;
      jurisdiction: string;
      stateEnteredAt: string;
      record: Record<string, unknown>;
    },
    actor: Actor,
    at: string,
  ): Promise<CaseEntity> {
    await this.directory.knownCadre(imported.cadreId, manager);
    const caseNo = await this.numbers.allocate(manager, imported.jurisdiction, definition.id, at);
    const id = randomUUID();
    const { snapshot } = imported;
    const row = manager.getRepository(CaseEntity).create({
      id,
      procedure: definition.id,
      procedureVersion: definition.version,
      state: snapshot.value,
      status: snapshot.status,
      context: this.sealing.storedContext(id, definition.id, snapshot.context).text,
      version: 1,
      cadreId: imported.cadreId,
      applicantId: null,
      unitId: imported.unitId,
      jurisdiction: imported.jurisdiction,
      accuserUserId: null,
      originCaseId: null,
      originRelation: null,
      caseNo,
      searchText: searchTextOf({ originalNo: imported.record.originalNo }, imported),
      createdBy: actor.id,
      createdAt: at,
      updatedAt: at,
      stateEnteredAt: imported.stateEnteredAt,
      integritySalt: this.integrity.newSalt(),
    });
    const entry = await this.sealing.append(
      manager,
      { procedure: definition.id, accuserUserId: null },
      {
        streamId: id,
        caseId: id,
        procedure: definition.id,
        procedureVersion: definition.version,
        fromState: null,
        event: 'IMPORTED',
        toState: snapshot.value,
        outcome: 'applied',
        actorId: actor.id,
        actorRole: actor.role,
        at,
        data: { ...imported.record, caseNo, caseRow: this.integrity.record(row) },
      },
      NEW_STREAM,
    );
    row.trailHead = entry.hash;
    row.trailLength = entry.position;
    await manager.getRepository(CaseEntity).insert(row);
    await this.deadlines.sync(manager, { id, state: row.state, stateEnteredAt: imported.stateEnteredAt, context: snapshot.context }, null, definition, at);
    return row;
  }

  /** The body one level above the case's own; a body at the top of the tree has none to appeal to. */
  private async parentBodyOf(manager: EntityManager, row: CaseEntity, definition: ProcedureDefinition): Promise<string> {
    const body = await this.directory.body(row.jurisdiction, manager);
    if (body?.parentId) return body.parentId;
    throw new DomainError('CASE.GUARD_REFUSED', `The case's body ${row.jurisdiction} has no body one level up to appeal to`, {
      ...conflictDetails(definition, row),
      conditions: [
        condition(
          'appeal.noParentBody',
          '本案的办理机关在机关层级中没有上一级机关，无法在系统中提出申诉',
          'The body handling this case has no body one level up in the directory, so no appeal can be filed in the service',
        ),
      ],
    });
  }

  definitionOf(row: CaseEntity): ProcedureDefinition {
    const definition = this.registry.find(row.procedure, row.procedureVersion);
    if (!definition) throw new Error(`procedure ${row.procedure} v${row.procedureVersion} is not registered`);
    return definition;
  }

  /** Follow-ups in the same transaction: linked cases opened, events sent to the origin case. */
  private async carryOut(
    manager: EntityManager,
    row: CaseEntity,
    effects: Effect[],
    at: string,
    context: Record<string, unknown> = {},
    actorId = SYSTEM_ACTOR.id,
  ): Promise<Links> {
    const links: Links = [];
    for (const effect of effects) {
      if (effect.type === 'register') {
        // The person an entry names comes from the case's sealed part, never through the trail.
        links.push(await this.registers.apply(manager, row, effect.params, (context.sealed ?? {}) as Record<string, unknown>, actorId));
        continue;
      }
      if (effect.type === 'openCase') {
        const definition = this.registry.latest(effect.params.procedure);
        if (!definition) throw new Error(`effect names unknown procedure ${effect.params.procedure}`);
        const body = effect.params.body === 'parent' ? await this.parentBodyOf(manager, row, this.definitionOf(row)) : undefined;
        const child = await this.open(
          manager,
          definition,
          SYSTEM_ACTOR,
          { ...effect.params.data, ...effect.params.sealed },
          at,
          { caseId: row.id, procedure: row.procedure, relation: effect.params.relation, ...(body ? { body } : {}) },
          Object.keys(effect.params.sealed ?? {}),
        );
        links.push({ opened: child.id, procedure: child.procedure, relation: effect.params.relation, ...(child.caseNo ? { caseNo: child.caseNo } : {}) });
      } else {
        const origin = row.originCaseId ? await lockCase(manager, row.originCaseId) : null;
        if (!origin) throw new DomainError('CASE.EVENT_NOT_ALLOWED', 'This case has no origin case to notify');
        await this.handle(manager, origin, this.definitionOf(origin), {
          type: effect.params.type,
          actor: SYSTEM_ACTOR,
          data: { ...effect.params.data, fromCaseId: row.id },
        });
        links.push({ sent: effect.params.type, to: origin.id });
      }
    }
    return links;
  }

  /** The entry, recording the row as it leaves it, then the row itself, still at the version loaded. */
  private async persist(
    manager: EntityManager,
    row: CaseEntity,
    definition: ProcedureDefinition,
    command: CaseCommand,
    result: TransitionResult,
    note: Record<string, unknown>,
    at: string,
    appealBody?: string,
  ): Promise<CaseEntity> {
    const stateEnteredAt = result.snapshot.value !== row.state ? at : row.stateEnteredAt;
    // What the row will hold: the context with its sealed part encrypted, recorded by the entry.
    const stored = this.sealing.storedContext(row.id, row.procedure, result.snapshot.context);
    const caseRow = this.integrity.record({
      ...row,
      state: result.snapshot.value,
      status: result.snapshot.status,
      context: stored.text,
      version: row.version + 1,
      stateEnteredAt,
    });
    const entry = await this.sealing.append(
      manager,
      row,
      {
        streamId: row.id,
        caseId: row.id,
        procedure: row.procedure,
        procedureVersion: row.procedureVersion,
        fromState: row.state,
        event: command.type,
        toState: result.snapshot.value,
        outcome: 'applied',
        actorId: command.actor.id,
        actorRole: command.actor.role,
        at,
        reason: typeof command.data.reason === 'string' ? command.data.reason : null,
        data: { ...redactSealed(definition.events[command.type].fields, command.data), ...note, caseRow },
      },
      headOf(row),
    );
    const changed = await saveCaseChange(manager, row, {
      state: result.snapshot.value,
      status: result.snapshot.status,
      context: stored.text,
      updatedAt: at,
      stateEnteredAt,
      trailHead: entry.hash,
      trailLength: entry.position,
      ...(appealBody ? { appealBody } : {}),
    });
    if (!changed) {
      throw new DomainError('CASE.STALE_VERSION', 'The case changed while the event was applied', { state: row.state });
    }
    rememberSnapshot(changed, { ...result.snapshot, context: stored.context });
    return changed;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

function searchTextOf(data: Record<string, unknown>, parties: { cadreId: string; unitId: string }): string {
  const texts = Object.values(data).filter((value): value is string => typeof value === 'string' && value !== SEALED_MARK && value.length <= 500);
  return [parties.cadreId, parties.unitId, ...texts].join(' ').toLowerCase().slice(0, 2000);
}
