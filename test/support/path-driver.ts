import { exploreGraph, routeOpening, SAMPLE_TIME, type ExploredPath, type ProcedureDefinition } from '../../workflows/core';
import { PROCEDURE_SAMPLES, procedureRegistry } from '../../workflows';
import { CaseEngine } from '../../src/cases/case-engine.service';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app';

/** A test app and a driver on it: what a suite that replays paths starts before its tests. */
export async function drivenApp(options?: TestAppOptions): Promise<{ t: TestApp; driver: PathDriver }> {
  const t = await startTestApp(options);
  return { t, driver: new PathDriver(t) };
}

/**
 * Replays paths generated from a machine's graph through the public API as the sample actors (the
 * demo users), and deadline expiries through the engine's system path, so end-to-end tests cover
 * every state without hand-written scripts.
 */
export class PathDriver {
  private readonly registry = procedureRegistry();
  private readonly explored = new Map<string, Map<string, ExploredPath>>();

  constructor(private readonly t: TestApp) {}

  paths(procedure: string): Map<string, ExploredPath> {
    if (!this.explored.has(procedure)) this.explored.set(procedure, exploreGraph(this.definition(procedure), PROCEDURE_SAMPLES[procedure]));
    return this.explored.get(procedure)!;
  }

  /**
   * Opens a case the way the path starts and takes each step; returns the case id. `standIns`
   * replaces sample actors by other users (`{officer1: 'someoneElse'}`).
   */
  async drive(procedure: string, path: ExploredPath, standIns: Record<string, string> = {}): Promise<string> {
    const input = PROCEDURE_SAMPLES[procedure].creations[path.creation];
    // Each step happens at the time the graph walk gave it, so time-dependent guards agree.
    this.t.clock.set(input.at);
    const opener = standIns[input.actor.id] ?? input.actor.id;
    const caseId =
      input.actor.role === 'system' ? await this.openThroughOrigin(procedure, input.origin!.procedure) : await this.open(procedure, opener, input.data);
    for (const step of path.steps) {
      const actor = { ...step.sample.actor, id: standIns[step.sample.actor.id] ?? step.sample.actor.id };
      await this.step(caseId, step.type, actor, step.sample.data, step.sample.at);
    }
    return caseId;
  }

  async view(caseId: string): Promise<Record<string, any>> {
    return (
      await this.t
        .http()
        .get(`/api/cases/${caseId}`)
        .set(await this.t.as('auditor1'))
        .expect(200)
    ).body;
  }

  private async open(procedure: string, userId: string, data: Record<string, unknown>): Promise<string> {
    const response = await this.t
      .http()
      .post('/api/cases')
      .set(await this.t.as(userId))
      .send({ procedure, ...data });
    if (response.status !== 201) throw new Error(`opening ${procedure} as ${userId}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.id;
  }

  /** One step as `actor`, at `at` (the sample's time): system steps go through the engine's system path. */
  async step(caseId: string, type: string, actor: { id: string; role: string }, data: Record<string, unknown>, at = SAMPLE_TIME): Promise<void> {
    this.t.clock.set(at);
    if (actor.role === 'system') {
      if (!(await this.t.app.get(CaseEngine).applyAsSystem(caseId, type, data))) throw new Error(`system event ${type} refused on ${caseId}`);
      return;
    }
    const { version, state } = await this.view(caseId);
    const response = await this.t
      .http()
      .post(`/api/cases/${caseId}/events`)
      .set(await this.t.as(actor.id))
      .send({ type, expectedVersion: version, ...data });
    if (response.status !== 200) throw new Error(`${type} as ${actor.id} in ${state}: ${response.status} ${JSON.stringify(response.body)}`);
  }

  /** Follow-up procedures are opened only by their origin's machine: take a route that opens one. */
  private async openThroughOrigin(procedure: string, originProcedure: string): Promise<string> {
    const route = routeOpening(this.definition(originProcedure), PROCEDURE_SAMPLES[originProcedure], procedure);
    if (!route) throw new Error(`no path of ${originProcedure} opens a ${procedure} case`);
    const originId = await this.drive(originProcedure, route);
    return (await this.view(originId)).links.children.find((link: { procedure: string }) => link.procedure === procedure).caseId;
  }

  private definition(procedure: string): ProcedureDefinition {
    return this.registry.latest(procedure)!;
  }
}
