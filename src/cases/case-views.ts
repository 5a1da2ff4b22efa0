import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type { ProcedureDefinition, ProcedureRegistry, StoredSnapshot } from '../../workflows/core';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import type { DeadlineEntity } from '../deadlines/deadline.entity';
import { DeadlineStore } from '../deadlines/deadline-store.service';
import type { AuthUser } from '../identity/auth-user';
import { DirectoryService } from '../org/directory.service';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import { pseudonymId, SealedActors } from '../sealed/sealed-actors';
import { AuditEntryEntity } from '../trail/audit-entry.entity';
import { CaseAccessPolicy, isAccuser, type CaseViewLevel } from './case-access.policy';
import { CaseRenderer } from './case-renderer';
import { childCases } from './case-rows';
import { CaseSealing } from './case-sealing';
import { storedSnapshotOf } from './case-snapshot';
import { caseView, deadlineView, type CaseLinkView, type CaseNames, type CaseView } from './case-view';
import { CaseEntity } from './case.entity';
import { partyStateOf } from './party-state';
import { partyTimes, type PartyTimelineContext } from './party-timeline';
import { rolesPlayed } from './separation-of-duties';

/**
 * A case as one caller may see it (case-view.ts), with what the view needs read around the row:
 * its running deadlines, the roles the caller played, a party's own times, the linked cases the
 * caller may see. The engine renders its answers with it inside the change's transaction.
 */
@Injectable()
export class CaseViews extends CaseRenderer {
  constructor(
    @Inject(PROCEDURE_REGISTRY) private readonly registry: ProcedureRegistry,
    private readonly access: CaseAccessPolicy,
    private readonly deadlines: DeadlineStore,
    private readonly clock: Clock,
    private readonly actors: SealedActors,
    private readonly sealing: CaseSealing,
    private readonly directory: DirectoryService,
  ) {
    super();
  }

  /** The names of the cadres, units and bodies of these cases, for their views (one query each). */
  async namesOf(rows: CaseEntity[], manager: EntityManager): Promise<Map<string, CaseNames>> {
    const { cadres, units, bodies } = await this.directory.names(
      manager,
      rows.map((row) => row.cadreId),
      rows.map((row) => row.unitId),
      rows.flatMap((row) => (row.appealBody ? [row.jurisdiction, row.appealBody] : [row.jurisdiction])),
    );
    return new Map(
      rows.map((row) => [
        row.id,
        {
          cadre: cadres.get(row.cadreId),
          unit: units.get(row.unitId),
          jurisdiction: bodies.get(row.jurisdiction),
          appealBody: row.appealBody ? bodies.get(row.appealBody) : undefined,
        },
      ]),
    );
  }

  /** The case as the caller may see it, from a row already read (or just written in this transaction). */
  async render(user: AuthUser, row: CaseEntity, manager: EntityManager): Promise<CaseView> {
    const level = this.access.viewLevel(user, row);
    if (!level) throw new DomainError('CASE.NOT_FOUND', `No case ${row.id}`);
    const definition = this.registry.find(row.procedure, row.procedureVersion)!;
    const deadlines = visibleDeadlines(level, definition, await this.deadlines.current(manager, row)).map((d) =>
      deadlineView(d, definition, this.clock.now(), level),
    );
    const played = (await rolesPlayed(manager, [row.id], user)).get(row.id);
    const times = level === 'party' ? (await this.partyTimesOf(user, [row], manager)).get(row.id) : undefined;
    return caseView(user, row, definition, {
      level,
      deadlines,
      played,
      times,
      machine: this.machineOf(row),
      names: (await this.namesOf([row], manager)).get(row.id),
      children: await this.children(user, row.id, manager),
      origin: await this.origin(user, row, manager),
    });
  }

  /**
   * The snapshot the machine runs on, for offering only the events its rules could take now. A
   * case whose sealed part this service cannot open (a key missing) is offered by its stored
   * snapshot: an attempt is then refused with SEALED.KEY_MISSING and its reason.
   */
  machineOf(row: CaseEntity): { snapshot: StoredSnapshot; at: string } {
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
  async partyTimesOf(user: AuthUser, rows: CaseEntity[], manager: EntityManager): Promise<Map<string, { updatedAt: string; stateEnteredAt: string }>> {
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
  partyContext(user: AuthUser, row: CaseEntity): PartyTimelineContext {
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

  async visibleRow(user: AuthUser, caseId: string, manager: EntityManager): Promise<{ row: CaseEntity; level: CaseViewLevel }> {
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
    return {
      caseId: origin.id,
      caseNo: origin.caseNo ?? null,
      procedure: origin.procedure,
      relation: row.originRelation ?? '',
      state: this.linkedState(user, origin),
    };
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
      .map((row) => ({
        caseId: row.id,
        caseNo: row.caseNo ?? null,
        procedure: row.procedure,
        relation: row.originRelation ?? '',
        state: this.linkedState(user, row),
      }));
  }
}

/** Limits that only a signed report has (or whose timing would tell) are not the parties' business. */
export function visibleDeadlines(level: CaseViewLevel, definition: ProcedureDefinition, deadlines: DeadlineEntity[]): DeadlineEntity[] {
  return level === 'full' ? deadlines : deadlines.filter((d) => definition.states[d.state]?.deadline?.hiddenFromParties !== true);
}
