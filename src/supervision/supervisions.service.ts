import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CaseAccessPolicy } from '../cases/case-access.policy';
import { CaseChain } from '../cases/case-chain';
import { CaseEngine } from '../cases/case-engine.service';
import { assertIdempotencyKey } from '../cases/idempotency-key';
import { IdempotencyStore } from '../cases/idempotency-store';
import { TransactionRunner } from '../database/transaction-runner';
import { CaseEntity } from '../cases/case.entity';
import { Clock } from '../common/clock';
import { condition, DomainError } from '../common/domain-error';
import type { AuthUser, RoleGrant } from '../identity/auth-user';
import { DirectoryService } from '../org/directory.service';
import { Refusals } from '../trail/refusals';
import type { AssignNewMatterDto, OpenSupervisionDto } from './supervision.dto';
import { SupervisionEntity } from './supervision.entity';

export interface SupervisionView {
  id: string;
  caseId: string;
  kind: 'supervise' | 'assign';
  byBody: { id: string; name: string };
  toBody: { id: string; name: string };
  dueOn: string;
  instructions: string;
  status: 'open' | 'reported';
  /** Open past its due date (China time): shown red in the higher body's queue. */
  overdue: boolean;
  createdBy: string;
  createdAt: string;
  report: string | null;
  reportedBy: string | null;
  reportedAt: string | null;
}

/** The day in China (UTC+8) for an instant: due dates are office days there. */
const chinaDay = (at: Date) => new Date(at.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);

/**
 * 上级督办 / 交办 (issue 18 §3). A leader of a body above the case's own body opens a supervision
 * (督办) or an assignment (交办) with a due date; the case's own body's officer or leader reports
 * back. Each step is an entry on the case's chain in the step's transaction (both bodies read it);
 * a refused attempt is recorded there after the rollback and changes nothing.
 */
/** What handing down a new matter answers: the 交办 record on the case it opened, and that case's number. */
export type AssignedMatter = SupervisionView & { caseNo: string | null };

@Injectable()
export class SupervisionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly refusals: Refusals,
    private readonly chain: CaseChain,
    private readonly access: CaseAccessPolicy,
    private readonly directory: DirectoryService,
    private readonly clock: Clock,
    private readonly transactions: TransactionRunner,
    private readonly engine: CaseEngine,
    private readonly idempotency: IdempotencyStore,
  ) {}

  open(user: AuthUser, caseId: string, body: OpenSupervisionDto): Promise<SupervisionView> {
    return this.audited(user, caseId, 'SUPERVISION_OPENED', async (manager, row) => {
      const byBody = await this.higherBodyOf(manager, user, row);
      if (row.status === 'done') {
        throw new DomainError('SUPERVISION.CLOSED', 'The case is concluded', {
          conditions: [condition('supervision.caseConcluded', '本案已办结，不能再督办或交办', 'The case is concluded; it cannot be supervised or assigned')],
        });
      }
      this.assertDueOn(body.dueOn);
      const supervision = this.newRecord(user, caseId, body.kind, byBody, row.jurisdiction, body.dueOn, body.instructions);
      await manager.getRepository(SupervisionEntity).insert(supervision);
      const { id, kind, toBody, dueOn, instructions } = supervision;
      return { result: (await this.views(manager, [supervision]))[0], data: { supervisionId: id, kind, byBody, toBody, dueOn, instructions } };
    });
  }

  /**
   * 交办新事项 (issue 18 §3): a leader of a higher body opens a case in a lower body and hands it
   * down, in one transaction: the case opened through the normal opening (CaseEngine), then the
   * 交办 record on it and its SUPERVISION_OPENED entry, the leader the actor of both. A refusal
   * rolls everything back; with no case yet there is no chain to record it on.
   */
  /** A retry with the same Idempotency-Key (a double click, a lost answer) replays the first answer: one case, not two. */
  assignNew(user: AuthUser, body: AssignNewMatterDto, idempotencyKey?: string): Promise<AssignedMatter> {
    assertIdempotencyKey(idempotencyKey);
    const keyed = { target: 'POST /supervisions/assignments', body: { ...body } as Record<string, unknown> };
    return this.transactions.run(async (manager) => {
      const replay = await this.idempotency.replay(manager, user.accountIndex, idempotencyKey, keyed);
      if (replay) return replay.body as AssignedMatter;
      const byBody = await this.assigningBodyOf(manager, user, body.bodyId);
      this.assertDueOn(body.dueOn);
      const byBodyName = (await this.directory.body(byBody, manager))?.name ?? byBody;
      const row = await this.engine.openOnAssignment(manager, user, body.procedure, body.opening, { lowerBody: body.bodyId, byBodyName });
      const supervision = this.newRecord(user, row.id, 'assign', byBody, body.bodyId, body.dueOn, body.instructions);
      await manager.getRepository(SupervisionEntity).insert(supervision);
      const { id, kind, toBody, dueOn, instructions } = supervision;
      await this.chain.recordOnCase(manager, row.id, {
        ...actorOf(user),
        event: 'SUPERVISION_OPENED',
        outcome: 'applied',
        reason: null,
        data: { supervisionId: id, kind, byBody, toBody, dueOn, instructions, newMatter: true },
      });
      const assigned = { ...(await this.views(manager, [supervision]))[0], caseNo: row.caseNo };
      await this.idempotency.save(manager, user.accountIndex, idempotencyKey, keyed, 201, assigned);
      return assigned;
    });
  }

  report(user: AuthUser, caseId: string, supervisionId: string, report: string): Promise<SupervisionView> {
    return this.audited(user, caseId, 'SUPERVISION_REPORTED', async (manager, row) => {
      const found = await manager.getRepository(SupervisionEntity).findOneBy({ id: supervisionId, caseId });
      if (!found) {
        throw new DomainError('SUPERVISION.NOT_FOUND', `No supervision ${supervisionId} on this case`, {
          conditions: [condition('supervision.notFound', '本案没有这项督办或交办', 'There is no such supervision or assignment on this case')],
        });
      }
      if (!ownBodyStaff(user, row.jurisdiction)) {
        throw new DomainError('SUPERVISION.NOT_OWN_BODY', 'Only the case’s own body reports back', {
          conditions: [
            condition(
              'supervision.reportByOwnBody',
              '督办、交办事项由本案办理机关的承办人或领导报告办理情况',
              'The officer or leader of the body handling the case reports back',
            ),
          ],
        });
      }
      if (found.status !== 'open') {
        throw new DomainError('SUPERVISION.CLOSED', 'Already reported', {
          conditions: [condition('supervision.alreadyReported', '该事项已经报告过办理情况', 'This has already been reported on')],
        });
      }
      const reported = { ...found, status: 'reported' as const, report, reportedBy: user.id, reportedAt: this.clock.now().toISOString() };
      await manager
        .getRepository(SupervisionEntity)
        .update({ id: found.id, status: 'open' }, { status: 'reported', report, reportedBy: user.id, reportedAt: reported.reportedAt });
      return { result: (await this.views(manager, [reported]))[0], data: { supervisionId: found.id, kind: found.kind, report } };
    });
  }

  /**
   * The supervisions of a case, for those who see it whole (staff and auditors of either body), with
   * what the caller may do: open one (a leader above the case's body), report back (its own body).
   */
  async listForCase(user: AuthUser, caseId: string): Promise<{ items: SupervisionView[]; mayOpen: boolean; mayReport: boolean }> {
    const manager = this.dataSource.manager;
    const row = await manager.getRepository(CaseEntity).findOneBy({ id: caseId });
    if (!row || this.access.viewLevel(user, row) !== 'full') throw new DomainError('CASE.NOT_FOUND', `No case ${caseId}`);
    const items = await this.views(manager, await manager.getRepository(SupervisionEntity).find({ where: { caseId }, order: { createdAt: 'ASC', id: 'ASC' } }));
    const mayOpen =
      row.status !== 'done' &&
      (await this.higherBodyOf(manager, user, row).then(
        () => true,
        () => false,
      ));
    return { items, mayOpen, mayReport: ownBodyStaff(user, row.jurisdiction) && items.some((item) => item.status === 'open') };
  }

  /** Open supervisions on the cases the caller sees whole: the queue marks those rows (red when overdue). */
  async openForQueue(user: AuthUser): Promise<SupervisionView[]> {
    const manager = this.dataSource.manager;
    const full = this.access.fullViewCondition(user);
    if (!full) return [];
    const query = manager
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .select('c.id', 'id')
      .innerJoin(SupervisionEntity, 's', 's.caseId = c.id')
      .where("s.status = 'open'")
      .andWhere(full.sql, full.params);
    const ids = [...new Set((await query.getRawMany<{ id: string }>()).map((r) => r.id))];
    if (ids.length === 0) return [];
    const rows = await manager
      .getRepository(SupervisionEntity)
      .createQueryBuilder('s')
      .where('s.caseId IN (:...ids)', { ids })
      .andWhere("s.status = 'open'")
      .orderBy('s.dueOn', 'ASC')
      .getMany();
    return this.views(manager, rows);
  }

  private assertDueOn(dueOn: string): void {
    if (Number.isNaN(Date.parse(`${dueOn}T00:00:00Z`)) || dueOn < chinaDay(this.clock.now())) {
      throw new DomainError('SUPERVISION.INVALID', 'dueOn is not a date from today on', {
        fields: [{ field: 'dueOn', messages: ['dueOn must be a real date, today or later'] }],
        conditions: [condition('supervision.dueOnPast', '“办理时限”须为今天或以后的日期', 'The due date must be today or later', 'dueOn')],
      });
    }
  }

  private newRecord(
    user: AuthUser,
    caseId: string,
    kind: SupervisionEntity['kind'],
    byBody: string,
    toBody: string,
    dueOn: string,
    instructions: string,
  ): SupervisionEntity {
    return {
      id: randomUUID(),
      caseId,
      kind,
      byBody,
      toBody,
      dueOn,
      instructions,
      status: 'open',
      createdBy: user.id,
      createdAt: this.clock.now().toISOString(),
      report: null,
      reportedBy: null,
      reportedAt: null,
    };
  }

  /**
   * The body whose leader hands a new matter down to `lowerBody`: the caller's leader grant for a
   * body strictly above it (or one for the whole service, acting for its parent body). A body that
   * is not below the caller's (unknown, the caller's own, above or beside) is a 400 naming bodyId;
   * a caller who leads no body is a 403.
   */
  private async assigningBodyOf(manager: EntityManager, user: AuthUser, lowerBody: string): Promise<string> {
    const leads = user.roles.filter((g: RoleGrant) => g.role === 'leader');
    if (leads.length === 0) {
      throw new DomainError('SUPERVISION.NOT_HIGHER', 'Only a leader of a higher body assigns a new matter', {
        conditions: [condition('assignment.leaderOnly', '交办新事项须由上级机关领导提出', 'A new matter is assigned by a leader of a higher body')],
      });
    }
    const grant = leads.find((g) => g.scope !== lowerBody && (g.scope === '*' || g.below?.includes(lowerBody)));
    const parent = grant?.scope === '*' ? (await this.directory.body(lowerBody, manager))?.parentId : grant?.scope;
    if (grant && parent) return parent;
    throw new DomainError('SUPERVISION.INVALID', `bodyId ${lowerBody.slice(0, 64)} is not a body below yours`, {
      fields: [{ field: 'bodyId', messages: ['bodyId must name a body below yours'] }],
      conditions: [
        condition(
          'assignment.bodyNotBelow',
          '所选“承办机关”不是本机关的下级机关：只能向下级机关交办',
          'The body chosen is not below yours: a matter is assigned only to a lower body',
          'bodyId',
        ),
      ],
    });
  }

  /**
   * The body above the case's own that the caller leads: a leader's grant for an ancestor body (or
   * for the whole service, acting for the parent body). Otherwise 403 with the condition named.
   */
  private async higherBodyOf(manager: EntityManager, user: AuthUser, row: CaseEntity): Promise<string> {
    const grant = user.roles.find(
      (g: RoleGrant) => g.role === 'leader' && g.scope !== row.jurisdiction && (g.scope === '*' || g.below?.includes(row.jurisdiction)),
    );
    const parent = grant?.scope === '*' ? (await this.directory.body(row.jurisdiction, manager))?.parentId : grant?.scope;
    if (grant && parent) return parent;
    throw new DomainError('SUPERVISION.NOT_HIGHER', 'Only a leader of a higher body supervises or assigns', {
      conditions: [
        condition(
          'supervision.higherBodyOnly',
          '督办、交办须由本案办理机关的上级机关领导提出',
          'Supervision and assignment come from a leader of a body above the one handling the case',
        ),
      ],
    });
  }

  private async views(manager: EntityManager, rows: SupervisionEntity[]): Promise<SupervisionView[]> {
    const { bodies } = await this.directory.names(
      manager,
      [],
      [],
      rows.flatMap((row) => [row.byBody, row.toBody]),
    );
    const today = chinaDay(this.clock.now());
    return rows.map((row) => ({
      id: row.id,
      caseId: row.caseId,
      kind: row.kind,
      byBody: { id: row.byBody, name: bodies.get(row.byBody) ?? row.byBody },
      toBody: { id: row.toBody, name: bodies.get(row.toBody) ?? row.toBody },
      dueOn: row.dueOn,
      instructions: row.instructions,
      status: row.status,
      overdue: row.status === 'open' && row.dueOn < today,
      createdBy: row.createdBy,
      createdAt: row.createdAt,
      report: row.report,
      reportedBy: row.reportedBy,
      reportedAt: row.reportedAt,
    }));
  }

  /** One step with the case locked and its entry written in the same transaction; a refusal recorded after the rollback. */
  private async audited<T>(
    user: AuthUser,
    caseId: string,
    event: string,
    step: (manager: EntityManager, row: CaseEntity) => Promise<{ result: T; data: Record<string, unknown> }>,
  ): Promise<T> {
    const actor = actorOf(user);
    return this.refusals.change(
      async (manager) => {
        const row = await manager.getRepository(CaseEntity).findOneBy({ id: caseId });
        if (!row || this.access.viewLevel(user, row) !== 'full') throw new DomainError('CASE.NOT_FOUND', `No case ${caseId}`);
        const { result, data } = await step(manager, row);
        await this.chain.recordOnCase(manager, caseId, { ...actor, event, outcome: 'applied', reason: null, data });
        return result;
      },
      async (manager, error) => {
        if (error.code === 'CASE.NOT_FOUND') return false;
        await this.chain.recordOnCase(manager, caseId, { ...actor, event, outcome: 'refused', refusalCode: error.code, data: { message: error.message } });
        return true;
      },
    );
  }
}

/** The caller as a supervision entry names them: their staff role. */
function actorOf(user: AuthUser): { actorId: string; actorRole: string } {
  return { actorId: user.id, actorRole: user.roles.find((g) => g.role === 'leader' || g.role === 'officer')?.role ?? user.roles[0]?.role ?? 'unknown' };
}

/** Staff who report back for the case's own body: its officer or leader (or one for the whole service). */
function ownBodyStaff(user: AuthUser, jurisdiction: string): boolean {
  return user.roles.some((g) => (g.role === 'officer' || g.role === 'leader') && (g.scope === '*' || g.scope === jurisdiction));
}
