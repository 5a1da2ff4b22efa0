import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { exploreGraph, type ExploredPath, type ProcedureRegistry } from '../../workflows/core';
import { CaseEngine } from '../cases/case-engine.service';
import { CaseEntity } from '../cases/case.entity';
import { Clock } from '../identity/clock';
import { UsersService } from '../identity/users.service';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import { DEMO_USERS } from './demo-users';
import { DEMO_SAMPLES, DEMO_TARGET_STATES } from './demo-plan';

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
    private readonly engine: CaseEngine,
    private readonly clock: Clock,
  ) {}

  async loadIntoEmptyDatabase(): Promise<boolean> {
    const empty = (await this.users.count()) === 0 && (await this.dataSource.getRepository(CaseEntity).count()) === 0;
    if (!empty) return false;
    const at = this.clock.now().toISOString();
    await this.dataSource.transaction(async (manager) => {
      for (const user of DEMO_USERS) await this.users.create(user, at, manager);
    });
    let cases = 0;
    for (const [procedure, states] of Object.entries(DEMO_TARGET_STATES)) {
      const definition = this.registry.latest(procedure)!;
      const paths = exploreGraph(definition, DEMO_SAMPLES[procedure]);
      for (const state of states) {
        const path = paths.get(state);
        if (!path) throw new Error(`demo plan: ${procedure} cannot reach ${state} with its samples`);
        await this.drive(procedure, path);
        cases += 1;
      }
    }
    this.logger.log(`Loaded ${DEMO_USERS.length} demo users and ${cases} demo cases`);
    return true;
  }

  private async drive(procedure: string, path: ExploredPath): Promise<void> {
    const input = DEMO_SAMPLES[procedure].creations[path.creation];
    const render = async (id: string) => ({ id });
    let caseId: string;
    if (input.actor.role === 'system') {
      // Follow-up procedures are opened by their origin's machine; the demo reaches them that way.
      throw new Error(`demo plan: ${procedure} samples must start from a creation a person makes`);
    } else {
      const creator = (await this.users.findAuthUser(input.actor.id))!;
      caseId = (await this.engine.create(creator, { procedure, payload: input.data }, render)).caseId;
    }
    for (const step of path.steps) {
      if (step.sample.actor.role === 'system') {
        await this.engine.applyAsSystem(caseId, step.type, step.sample.data);
        continue;
      }
      const user = (await this.users.findAuthUser(step.sample.actor.id))!;
      const row = (await this.dataSource.getRepository(CaseEntity).findOneBy({ id: caseId }))!;
      await this.engine.apply(user, caseId, { type: step.type, expectedVersion: row.version, payload: step.sample.data }, render);
    }
  }
}
