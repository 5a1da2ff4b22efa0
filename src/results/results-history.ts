import type { EntityManager } from 'typeorm';
import { In, LessThan } from 'typeorm';
import type { ProcedureRegistry } from '../../workflows/core';
import { impactPeriod } from '../../workflows/tolerance/tolerance.rules';
import type { OutcomeRecord } from '../../workflows/tolerance/tolerance.model';
import type { CaseEntity } from '../cases/case.entity';
import { isSettledState } from '../cases/concluded-states';
import { AuditEntryEntity } from '../trail/audit-entry.entity';
import type { ResultSource } from './result-effect';

/**
 * "In force on a day" from the trail (issue 21 §3): what each case held on day D is read from its
 * applied trail entries up to the end of D in China time, not from the row as it is now. A decision
 * changed on review or appeal after D, a revocation after D or a conclusion after D does not show
 * on D; an impact period is judged on D by `resultEffect`.
 *
 * The projection reads only what the register shows: the state the case was in (and since when),
 * the tolerance outcome in force (DECIDE, then a changed DECIDE_REVIEW or RECORD_APPEAL_DECISION),
 * the closure with its impact period (CLOSE, computed as the machine computes it), and the 文号 the
 * record names. A field whose payload was retired from the trail (retention) is taken from the
 * case's current record, which is what it was when written.
 */

/** The first instant after day `day` (YYYY-MM-DD) in China (UTC+8), as stored trail times sort. */
export function endOfChinaDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000+08:00`) + 24 * 3600_000).toISOString();
}

type Data = Record<string, unknown>;

/** The events whose payload the projection reads (tolerance: the outcome, its service, the closure). */
const PROJECTED_EVENTS = ['DECIDE', 'DECIDE_REVIEW', 'RECORD_APPEAL_DECISION', 'SERVE_DECISION', 'CLOSE'];
const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** A case as it stood on a day: the source `resultEffect` reads, or null if it held no result then. */
export type SourceOnDay = ResultSource | null;

export class ResultsHistory {
  constructor(private readonly registry: ProcedureRegistry) {}

  /** For each row, the case as it stood at the end of `day` (China time); null: no result then. */
  async onDay(manager: EntityManager, rows: readonly CaseEntity[], day: string): Promise<Map<string, SourceOnDay>> {
    const byCase = new Map<string, AuditEntryEntity[]>();
    const ids = rows.map((row) => row.id);
    const before = LessThan(endOfChinaDay(day));
    const repository = manager.getRepository(AuditEntryEntity);
    for (let i = 0; i < ids.length; i += 500) {
      const streamId = In(ids.slice(i, i + 500));
      // Every entry's state, but the payload only of the few events the projection reads: a
      // case's other payloads (the application, the evidence…) are large and not needed here.
      const entries = await repository.find({
        select: { streamId: true, position: true, event: true, toState: true, at: true },
        where: { streamId, outcome: 'applied', at: before },
        order: { streamId: 'ASC', position: 'ASC' },
      });
      const payloads = await repository.find({
        select: { streamId: true, position: true, data: true },
        where: { streamId, outcome: 'applied', at: before, event: In(PROJECTED_EVENTS) },
      });
      const data = new Map(payloads.map((entry) => [`${entry.streamId}:${entry.position}`, entry.data]));
      for (const entry of entries) {
        entry.data = data.get(`${entry.streamId}:${entry.position}`) ?? '{}';
        const list = byCase.get(entry.streamId) ?? [];
        list.push(entry);
        byCase.set(entry.streamId, list);
      }
    }
    return new Map(rows.map((row) => [row.id, this.replay(row, byCase.get(row.id) ?? [])]));
  }

  private replay(row: CaseEntity, entries: readonly AuditEntryEntity[]): SourceOnDay {
    let state: string | null = null;
    let stateEnteredAt = '';
    const current = JSON.parse(row.context) as Data;
    const context: Data = {};
    let outcome: Pick<OutcomeRecord, 'outcome' | 'decidedOn' | 'impactMonths'> | undefined;
    for (const entry of entries) {
      if (entry.toState && entry.toState !== state) {
        state = entry.toState;
        stateEnteredAt = entry.at;
      }
      const data = JSON.parse(entry.data) as Data;
      if (row.procedure !== 'tolerance') continue;
      const retired = data.payloadRetired === true;
      const currentOutcome = current.outcome as Data | undefined;
      if (entry.event === 'DECIDE') {
        outcome = retired
          ? {
              outcome: str(currentOutcome?.outcome) as OutcomeRecord['outcome'],
              decidedOn: str(currentOutcome?.decidedOn) ?? '',
              impactMonths: num(currentOutcome?.impactMonths),
            }
          : {
              outcome: data.outcome as OutcomeRecord['outcome'],
              decidedOn: str(data.meetingDate) ?? entry.at.slice(0, 10),
              impactMonths: num(data.impactMonths),
            };
      }
      if ((entry.event === 'DECIDE_REVIEW' || entry.event === 'RECORD_APPEAL_DECISION') && (retired || data.result === 'changed')) {
        outcome = retired
          ? {
              outcome: str(currentOutcome?.outcome) as OutcomeRecord['outcome'],
              decidedOn: str(currentOutcome?.decidedOn) ?? '',
              impactMonths: num(currentOutcome?.impactMonths),
            }
          : {
              outcome: data.newOutcome as OutcomeRecord['outcome'],
              decidedOn: str(data.meetingDate) ?? str(data.decidedOn) ?? entry.at.slice(0, 10),
              impactMonths: num(data.impactMonths),
            };
      }
      if (entry.event === 'SERVE_DECISION')
        context.service = { documentNo: retired ? str((current.service as Data | undefined)?.documentNo) : str(data.documentNo) };
      if (entry.event === 'RECORD_APPEAL_DECISION') {
        context.appealDecision = { documentNo: retired ? str((current.appealDecision as Data | undefined)?.documentNo) : str(data.documentNo) };
      }
      if (entry.event === 'CLOSE' && outcome) {
        const impactFrom = retired ? str((current.closure as Data | undefined)?.impactFrom) : str(data.impactFrom);
        context.closure = { finalOutcome: outcome.outcome, ...impactPeriod(outcome as OutcomeRecord, impactFrom) };
      }
    }
    if (state === null || !this.heldResult(row, state, outcome !== undefined)) return null;
    if (outcome) context.outcome = outcome;
    // A decision in force before closure: its impact period counts from the decision (the
    // machine's default); the closure may later name another first day.
    if (outcome && !context.closure) context.closure = { finalOutcome: outcome.outcome, ...impactPeriod(outcome as OutcomeRecord, undefined) };
    return {
      id: row.id,
      caseNo: row.caseNo,
      procedure: row.procedure,
      state,
      stateEnteredAt,
      context: row.procedure === 'tolerance' ? context : {},
    };
  }

  /**
   * The register's rule, applied to the case as it stood on the day. A tolerance decision is in
   * force from the day it is made (a review or appeal may change it later, which the trail shows
   * from that day): a tolerance case holds a result once decided, unless withdrawn or rejected.
   * Any other case holds one in its procedure's last phase or finished, once settled.
   */
  private heldResult(row: CaseEntity, state: string, decided: boolean): boolean {
    const definition = this.registry.find(row.procedure, row.procedureVersion);
    if (!definition) return false;
    if (row.procedure === 'tolerance') return decided && !['withdrawn', 'rejected'].includes(state);
    const spec = definition.states[state];
    const machineStates = (definition.machine as { config?: { states?: Record<string, { type?: string }> } }).config?.states ?? {};
    const finished = machineStates[state]?.type === 'final';
    const lastPhase = spec !== undefined && spec.phase === definition.phases.length - 1;
    return finished || (lastPhase && isSettledState(definition, state));
  }

  /**
   * Which cases may have held a result on some day, as a condition on the case alias besides the
   * concluded ones: tolerance cases past the collective decision (served, in review or appeal).
   */
  candidates(alias = 'c'): { sql: string; params: Record<string, unknown> } {
    const states = new Set<string>();
    for (const definition of this.registry.all().filter((d) => d.id === 'tolerance')) {
      const decisionPhase = definition.states[DECISION_STATE]?.phase;
      if (decisionPhase === undefined) continue;
      for (const [state, spec] of Object.entries(definition.states)) if (spec.phase > decisionPhase) states.add(state);
    }
    if (states.size === 0) return { sql: '1 = 0', params: {} };
    return { sql: `${alias}.procedure = 'tolerance' AND ${alias}.state IN (:...decidedToleranceStates)`, params: { decidedToleranceStates: [...states] } };
  }
}

/** The tolerance state that awaits the collective decision: every later phase has one in force (or none, if withdrawn). */
const DECISION_STATE = 'awaitingDecision';
