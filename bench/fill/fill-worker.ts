import { parentPort, workerData } from 'node:worker_threads';
import { CaseRowFactory, type RowPlan } from './case-rows';

/** Makes rows in a second thread while the first one inserts: hashing and inserting overlap. */
const factory = new CaseRowFactory(workerData as RowPlan);
parentPort!.on('message', ({ from, to }: { from: number; to: number }) => {
  parentPort!.postMessage({ from, ...factory.rows(from, to) });
});
