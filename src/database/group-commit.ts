import { AsyncResource } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

type Work<T> = (manager: EntityManager) => Promise<T>;

interface Pending {
  work: Work<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Enough to amortise the durable commit; small enough that the first in a group never waits long. */
const MAX_GROUP = 64;

/**
 * Group commit for the single SQLite writer: units of work that arrive while a group is being
 * written share its successor's transaction, so one durable commit (one WAL fsync) serves many.
 * Nothing an individual caller relies on is weakened:
 * - each unit runs inside its own SAVEPOINT; a unit that throws (a refused transition, a failed
 *   one) is rolled back to that savepoint alone and the others in the group carry on;
 * - no caller hears back before the COMMIT that made its unit durable has returned; if that
 *   commit fails, every unit of the group fails with it, as a lost single commit would;
 * - units run one after another in arrival order, never interleaved, as with one transaction each.
 */
export class GroupCommit {
  private readonly queue: Pending[] = [];
  private writing = false;

  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // Each unit runs in its caller's async context, not in that of whoever started the drain:
      // what a caller keeps there (the demo loader's replayed clock, `Clock.runAt`) must hold for
      // its own unit even when it joins a drain another caller began.
      this.queue.push({ work: AsyncResource.bind(work), resolve: resolve as (value: unknown) => void, reject });
      if (!this.writing) {
        this.writing = true;
        // Let the rest of this event-loop turn arrive before the group closes.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.writeGroup(this.queue.splice(0, MAX_GROUP));
    } finally {
      this.writing = false;
    }
  }

  private async writeGroup(group: Pending[]): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    const outcomes: Outcome[] = [];
    try {
      await runner.startTransaction();
      for (const unit of group) outcomes.push(await this.runUnit(runner, unit.work));
      await runner.commitTransaction();
    } catch (error) {
      // The group as a whole did not reach the disk: nobody may be told otherwise.
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
      for (const unit of group) unit.reject(error);
      return;
    }
    await runner.release();
    group.forEach((unit, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) unit.resolve(outcome.value);
      else unit.reject(outcome.error);
    });
  }

  /** One unit in its own savepoint (TypeORM's nested transaction): its failure undoes only itself. */
  private async runUnit(runner: QueryRunner, work: Work<unknown>): Promise<Outcome> {
    await runner.startTransaction();
    try {
      const value = await work(runner.manager);
      await runner.commitTransaction();
      return { ok: true, value };
    } catch (error) {
      await runner.rollbackTransaction();
      return { ok: false, error };
    }
  }
}
