import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteOptions } from '../../src/database/data-source-options';
import { openDataSource } from '../../src/database/open-data-source';
import { checkpointText } from '../../src/trail/checkpoint-format';
import { DatabaseNodeReader, treeSizeOf } from '../../src/trail/log-store';
import { inclusionProof, treeRoot, consistencyProof } from '../../src/trail/merkle-tree';
import { signerFromSeed, signNote } from '../../src/trail/signed-note';
import { fillDatabase } from '../fill/fill-database';

/**
 * A first figure for issue 22 §5, outside the bench table: on a SQLite database filled by the
 * bench's fill (its trail put into the log), the time to compute and sign a checkpoint of the whole
 * tree, and the p50 / p95 of inclusion and consistency proofs read from the stored nodes.
 * `npx ts-node --transpile-only bench/transparency/proof-figure.ts [cases]`
 */
async function main(): Promise<void> {
  const cases = Number(process.argv[2] ?? 20000);
  const path = join(mkdtempSync(join(tmpdir(), 'proof-figure-')), 'cases.sqlite');
  const fill = await fillDatabase({ path, cases, algorithm: 'sha256', now: new Date('2026-11-21T00:00:00.000Z') });
  const source = await openDataSource(sqliteOptions(path));
  try {
    const manager = source.manager;
    const size = await treeSizeOf(manager);
    const reader = new DatabaseNodeReader(manager);
    const signer = signerFromSeed('bench/case-trail', randomBytes(32));
    const issue: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const t0 = process.hrtime.bigint();
      signNote(checkpointText('bench/case-trail', size, await treeRoot(reader, size)), [signer]);
      issue.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const inclusion: number[] = [];
    const consistency: number[] = [];
    for (let i = 0; i < 500; i += 1) {
      const index = Math.floor(Math.random() * size);
      let t0 = process.hrtime.bigint();
      await inclusionProof(reader, index, size);
      inclusion.push(Number(process.hrtime.bigint() - t0) / 1e6);
      t0 = process.hrtime.bigint();
      await consistencyProof(reader, 1 + index, size);
      consistency.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const at = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.floor(values.length * p)].toFixed(2);
    console.log(
      JSON.stringify({
        cases,
        leaves: size,
        fillSeconds: fill.seconds,
        checkpointMs: { p50: at(issue, 0.5), p95: at(issue, 0.95) },
        inclusionMs: { p50: at(inclusion, 0.5), p95: at(inclusion, 0.95) },
        consistencyMs: { p50: at(consistency, 0.5), p95: at(consistency, 0.95) },
      }),
    );
  } finally {
    await source.destroy();
  }
}
void main();
