import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { exploreGraph, routeOpening, SAMPLE_TIME, type Actor, type ExploredPath, type ProcedureRegistry } from '../../workflows/core';
import type { AuthUser } from '../identity/auth-user';
import { CaseEngine } from '../cases/case-engine.service';
import { ID_ONLY } from '../cases/case-renderer';
import { CaseEntity } from '../cases/case.entity';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { UsersService } from '../identity/users.service';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import { DirectoryService } from '../org/directory.service';
import { UnitsService } from '../org/units.service';
import { CommitteesService } from '../rules/committees.service';
import { SAMPLE_WORLD } from '../../workflows/sample-world';
import { DEMO_BODIES, DEMO_BODIES_BELOW, DEMO_CADRE_ACCOUNTS, DEMO_CADRES, DEMO_CASE_CADRES, DEMO_UNITS, DEMO_UNITS_BELOW, DEMO_USERS } from './demo-users';
import { DEMO_DATED_LIKE, DEMO_SAMPLES, DEMO_TARGET_STATES } from './demo-plan';
import { daysToBringForward, shiftDates } from './shift-dates';

/**
 * Demo users and a dozen cases spread over the four procedures and many states. Every case is
 * driven through the real engine along a path found in its machine's graph, so the demo trail is
 * a real, verifiable trail. Loaded only into an empty database.
 */
@Injectable()
export class DemoDataService {
  private readonly logger = new Logger('Demo');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PROCEDURE_REGISTRY) private readonly registry: ProcedureRegistry,
    private readonly users: UsersService,
    private readonly units: UnitsService,
    private readonly engine: CaseEngine,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly committees: CommitteesService,
    private readonly directory: DirectoryService,
  ) {}

  /** Never in production (src/config: DEMO_DATA): the demo accounts' password is public. */
  async loadIntoEmptyDatabase(): Promise<boolean> {
    if (this.config.production) throw new Error('Demo data is never loaded with NODE_ENV=production: the demo accounts share a published password');
    const empty = (await this.users.count()) === 0 && (await this.dataSource.getRepository(CaseEntity).count()) === 0;
    if (!empty) return false;
    const at = this.clock.now().toISOString();
    await this.dataSource.transaction(async (manager) => {
      for (const body of [...DEMO_BODIES, ...DEMO_BODIES_BELOW]) await this.directory.createBody(body, at, manager);
      for (const unit of [...DEMO_UNITS, ...DEMO_UNITS_BELOW]) await this.units.create(unit, at, manager);
      for (const user of [...DEMO_USERS, ...DEMO_CADRE_ACCOUNTS]) await this.users.create(user, at, manager);
      for (const cadre of DEMO_CADRES) await this.directory.createCadre(cadre, at, manager);
    });
    // The committees the demo's collective decisions are held by (the samples' world).
    await this.committees.seed(SAMPLE_WORLD.committees);
    let cases = 0;
    for (const [procedure, states] of Object.entries(DEMO_TARGET_STATES)) {
      const definition = this.registry.latest(procedure)!;
      const paths = exploreGraph(definition, DEMO_SAMPLES[procedure]);
      const datedLike = DEMO_DATED_LIKE[procedure];
      const shift = datedLike ? this.shiftOfLatest(datedLike) : undefined;
      for (const state of states) {
        const path = paths.get(state);
        if (!path) throw new Error(`demo plan: ${procedure} cannot reach ${state} with its samples`);
        // The cases are spread over the demo's cadres, in turn (issue 18 §5).
        await this.drive(procedure, path, shift, DEMO_CASE_CADRES[cases % DEMO_CASE_CADRES.length]);
        cases += 1;
      }
    }
    this.logger.log(`Loaded ${DEMO_USERS.length + DEMO_CADRE_ACCOUNTS.length} demo users and ${cases} demo cases`);
    return true;
  }

  /**
   * Opens the case as the path starts (a follow-up through its origin) and takes every step, at
   * the sample times moved forward so that the history ends a day ago, payload dates included.
   */
  private async drive(procedure: string, path: ExploredPath, days: number | undefined, cadre: string): Promise<string> {
    // The samples' cadre is applicant1: this case's cadre takes that place, in its data and its steps.
    const input = asCadre(DEMO_SAMPLES[procedure].creations[path.creation], cadre);
    const route = input.origin ? this.routeTo(procedure, input.origin.procedure) : undefined;
    const times = [input.at, ...path.steps.map((step) => step.sample.at ?? SAMPLE_TIME)];
    // One shift for the origin's route and this path, so that neither ends in the future.
    const latest = [...times, ...(route ? this.timesOf(route.procedure, route.path) : [])].reduce((a, b) => (a > b ? a : b));
    const shift = days ?? daysToBringForward(latest, this.clock.now());
    const at = (iso: string) => new Date(shiftDates(iso, shift));
    const caseId = route
      ? await this.childOf(await this.drive(route.procedure, route.path, shift, cadre), procedure)
      : await this.clock.runAt(at(input.at), () => this.open(procedure, input.actor.id, shiftDates(input.data, shift)));
    for (const [index, step] of path.steps.entries()) {
      const sample = asCadre(step.sample, cadre);
      await this.clock.runAt(at(times[index + 1]), () => this.step(caseId, step.type, sample.actor, shiftDates(sample.data, shift)));
    }
    return caseId;
  }

  /** The shift that brings the latest of a procedure's demo histories to a day ago. */
  private shiftOfLatest(procedure: string): number {
    const paths = exploreGraph(this.registry.latest(procedure)!, DEMO_SAMPLES[procedure]);
    const times = (DEMO_TARGET_STATES[procedure] ?? []).flatMap((state) => (paths.get(state) ? this.timesOf(procedure, paths.get(state)!) : []));
    return daysToBringForward(
      times.reduce((a, b) => (a > b ? a : b)),
      this.clock.now(),
    );
  }

  private timesOf(procedure: string, path: ExploredPath): string[] {
    return [DEMO_SAMPLES[procedure].creations[path.creation].at, ...path.steps.map((step) => step.sample.at ?? SAMPLE_TIME)];
  }

  /** Follow-ups exist only because their origin opened them: the route through the origin that does. */
  private routeTo(procedure: string, originProcedure: string): { procedure: string; path: ExploredPath } {
    const path = routeOpening(this.registry.latest(originProcedure)!, DEMO_SAMPLES[originProcedure], procedure);
    if (!path) throw new Error(`demo plan: no route of ${originProcedure} opens a ${procedure} case`);
    return { procedure: originProcedure, path };
  }

  private async childOf(originId: string, procedure: string): Promise<string> {
    const child = await this.dataSource.getRepository(CaseEntity).findOneBy({ originCaseId: originId, procedure });
    return child!.id;
  }

  private async open(procedure: string, userId: string, data: Record<string, unknown>): Promise<string> {
    const creator = await this.user(userId);
    return (await this.engine.create(creator, { procedure, payload: data }, ID_ONLY)).caseId;
  }

  private async step(caseId: string, type: string, actor: Actor, data: Record<string, unknown>): Promise<void> {
    if (actor.role === 'system') {
      if (!(await this.engine.applyAsSystem(caseId, type, data))) throw new Error(`demo plan: ${type} refused`);
      return;
    }
    const row = (await this.dataSource.getRepository(CaseEntity).findOneBy({ id: caseId }))!;
    await this.engine.apply(await this.user(actor.id), caseId, { type, expectedVersion: row.version, payload: data }, ID_ONLY);
  }

  private async user(id: string): Promise<AuthUser> {
    const user = await this.users.findAuthUser(id);
    if (!user) throw new Error(`demo plan: no demo user ${id}`);
    return user;
  }
}

/** The samples' cadre (applicant1) replaced by another demo cadre, wherever a value is exactly that id. */
const SAMPLE_CADRE = 'applicant1';
function asCadre<T>(value: T, cadre: string): T {
  if (cadre === SAMPLE_CADRE) return value;
  if (value === SAMPLE_CADRE) return cadre as T;
  if (Array.isArray(value)) return value.map((item: unknown) => asCadre(item, cadre)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, asCadre(inner, cadre)])) as T;
  }
  return value;
}
