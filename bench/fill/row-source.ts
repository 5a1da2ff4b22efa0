import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CaseRowFactory, type CaseRows, type RowPlan } from './case-rows';

const CHUNK = 5_000;
/** Below this a second thread costs more to start than it saves. */
const WORKER_THRESHOLD = 50_000;
const CHUNKS_PER_COMMIT = 10;

/** Where a fill puts its rows: one database's inserts, in transactions of several chunks. */
export interface RowSink {
  begin(): void | Promise<void>;
  insert(rows: CaseRows): void | Promise<void>;
  commit(): void | Promise<void>;
}

/**
 * All the rows of `plan.total` cases into `sink`, chunk by chunk, the next two chunks made ahead
 * (in a second thread for large fills, so hashing and inserting overlap). Returns the number of
 * trail entries written.
 */
export async function loadRows(plan: RowPlan, sink: RowSink, log?: (line: string) => void): Promise<number> {
  const producer = plan.total >= WORKER_THRESHOLD ? new RowProducer(plan) : new InlineRows(plan);
  let entries = 0;
  try {
    const chunks = Math.ceil(plan.total / CHUNK);
    const request = (chunk: number) => producer.request(chunk * CHUNK, Math.min(plan.total, (chunk + 1) * CHUNK));
    for (let chunk = 0; chunk < Math.min(2, chunks); chunk += 1) request(chunk);
    await sink.begin();
    for (let chunk = 0; chunk < chunks; chunk += 1) {
      const rows = await producer.next();
      if (chunk + 2 < chunks) request(chunk + 2);
      await sink.insert(rows);
      entries += rows.entries.length;
      if ((chunk + 1) % CHUNKS_PER_COMMIT === 0) {
        await sink.commit();
        if ((chunk + 1) % (CHUNKS_PER_COMMIT * 10) === 0) log?.(`  filled ${(chunk + 1) * CHUNK} of ${plan.total} cases`);
        await sink.begin();
      }
    }
    await sink.commit();
  } finally {
    await producer.close();
  }
  return entries;
}

interface Rows {
  request(from: number, to: number): void;
  next(): Promise<CaseRows>;
  close(): Promise<void>;
}

/** Rows made on demand in this thread. */
class InlineRows implements Rows {
  private readonly factory: CaseRowFactory;
  private readonly requested: Array<[number, number]> = [];

  constructor(plan: RowPlan) {
    this.factory = new CaseRowFactory(plan);
  }

  request(from: number, to: number): void {
    this.requested.push([from, to]);
  }

  async next(): Promise<CaseRows> {
    const [from, to] = this.requested.shift()!;
    return this.factory.rows(from, to);
  }

  async close(): Promise<void> {}
}

/** Rows made in a worker thread, handed over in the order they were requested. */
class RowProducer implements Rows {
  private readonly worker: Worker;
  private readonly waiting: Array<{ resolve: (rows: CaseRows) => void; reject: (error: Error) => void }> = [];
  private readonly ready: CaseRows[] = [];
  private failure: Error | undefined;

  constructor(plan: RowPlan) {
    const typescript = __filename.endsWith('.ts');
    this.worker = new Worker(join(__dirname, `fill-worker.${typescript ? 'ts' : 'js'}`), {
      workerData: plan,
      execArgv: typescript ? ['-r', 'ts-node/register/transpile-only'] : [],
    });
    this.worker.on('message', (rows: CaseRows) => {
      const waiter = this.waiting.shift();
      if (waiter) waiter.resolve(rows);
      else this.ready.push(rows);
    });
    this.worker.on('error', (error) => {
      this.failure = error;
      for (const waiter of this.waiting.splice(0)) waiter.reject(error);
    });
  }

  request(from: number, to: number): void {
    this.worker.postMessage({ from, to });
  }

  next(): Promise<CaseRows> {
    if (this.failure) return Promise.reject(this.failure);
    const rows = this.ready.shift();
    if (rows) return Promise.resolve(rows);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
