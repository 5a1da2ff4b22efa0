import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, EventSubscriber, type EntitySubscriberInterface, type QueryRunner, type TransactionCommitEvent } from 'typeorm';
import { sqliteOptions } from './data-source-options';
import { GroupCommit } from './group-commit';

/** What happened, in order: durable commits of the outer transaction and replies to callers. */
let events: string[] = [];
let failNextCommit = false;

/** TypeORM counts nesting on the runner (savepoints are depth > 1); the outer COMMIT is depth 1 → 0. */
const depth = (runner: QueryRunner): number => (runner as QueryRunner & { transactionDepth: number }).transactionDepth;

@EventSubscriber()
class CommitWatcher implements EntitySubscriberInterface {
  beforeTransactionCommit(event: TransactionCommitEvent): void {
    // Depth 1 is the outer transaction about to COMMIT (savepoint releases run deeper).
    if (depth(event.queryRunner) === 1 && failNextCommit) {
      failNextCommit = false;
      throw new Error('disk full');
    }
  }
  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (depth(event.queryRunner) === 0) events.push('commit');
  }
}

describe('GroupCommit on a real SQLite file (WAL, synchronous=FULL)', () => {
  let dataSource: DataSource;
  let group: GroupCommit;

  beforeAll(async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'group-commit-')), 'cases.sqlite');
    dataSource = new DataSource({ ...sqliteOptions(path), subscribers: [CommitWatcher] });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE items (name varchar PRIMARY KEY)');
    group = new GroupCommit(dataSource);
  });

  afterAll(() => dataSource.destroy());

  beforeEach(() => {
    events = [];
  });

  const insert = (name: string, fail = false) =>
    group
      .run(async (manager) => {
        await manager.query('INSERT INTO items (name) VALUES (?)', [name]);
        if (fail) throw new Error(`${name} refused`);
        return name;
      })
      .then(
        (value) => {
          events.push(`reply ${value}`);
          return value;
        },
        (error: Error) => {
          events.push(`refusal ${name}`);
          throw error;
        },
      );

  const names = async () => ((await dataSource.query('SELECT name FROM items ORDER BY name')) as Array<{ name: string }>).map((row) => row.name);

  it('commits units that arrive together once, and answers each only after that commit', async () => {
    await expect(Promise.all([insert('a1'), insert('a2'), insert('a3')])).resolves.toEqual(['a1', 'a2', 'a3']);
    expect(events).toEqual(['commit', 'reply a1', 'reply a2', 'reply a3']);
    expect(await names()).toEqual(['a1', 'a2', 'a3']);
  });

  it('rolls back a refused unit alone: the others in its group commit', async () => {
    const results = await Promise.allSettled([insert('b1'), insert('b2', true), insert('b3')]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('b2 refused');
    expect(events).toEqual(['commit', 'reply b1', 'refusal b2', 'reply b3']);
    expect(await names()).toEqual(expect.not.arrayContaining(['b2']));
    expect(await names()).toEqual(expect.arrayContaining(['b1', 'b3']));
  });

  it('fails every unit of a group whose commit fails, and keeps none of them', async () => {
    failNextCommit = true;
    const results = await Promise.allSettled([insert('c1'), insert('c2')]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason.message).toBe('disk full');
    expect(events).not.toContain('commit');
    expect(await names()).toEqual(expect.not.arrayContaining(['c1', 'c2']));
    // The writer is usable again afterwards.
    await expect(insert('c3')).resolves.toBe('c3');
  });

  it('runs units one after another in arrival order, a later group after the earlier one committed', async () => {
    const order: string[] = [];
    const slow = group.run(async (manager) => {
      order.push('d1 start');
      await new Promise((resolve) => setTimeout(resolve, 20));
      await manager.query('INSERT INTO items (name) VALUES (?)', ['d1']);
      order.push('d1 end');
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    // Arrives while the first group is being written: it goes into the next group.
    const late = group.run(async (manager) => {
      order.push('d2 start');
      const seen = (await manager.query("SELECT count(*) AS n FROM items WHERE name = 'd1'")) as Array<{ n: number }>;
      order.push(`d2 sees d1: ${seen[0].n}`);
    });
    await Promise.all([slow, late]);
    expect(order).toEqual(['d1 start', 'd1 end', 'd2 start', 'd2 sees d1: 1']);
  });

  it("runs each unit in its own caller's async context, also when it joins a drain another caller began", async () => {
    // The demo loader replays histories through an AsyncLocalStorage clock (Clock.runAt): a unit
    // that read the context of whoever started the drain would stamp its step with another time.
    const context = new AsyncLocalStorage<string>();
    const seen: string[] = [];
    let started!: () => void;
    const firstStarted = new Promise<void>((resolve) => (started = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = context.run('first caller', () =>
      group.run(async () => {
        seen.push(`unit 1 in ${context.getStore()}`);
        started();
        await gate;
      }),
    );
    await firstStarted;
    // The drain begun for the first caller is still running: this unit joins its queue.
    const second = context.run('second caller', () =>
      group.run(async () => {
        seen.push(`unit 2 in ${context.getStore()}`);
      }),
    );
    release();
    await Promise.all([first, second]);
    expect(seen).toEqual(['unit 1 in first caller', 'unit 2 in second caller']);
  });
});
