import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChainHeads } from '../../src/operations/chain-heads-file';
import { saveState, verifyExport } from '../../src/operations/verify-export';
import { entryHash } from '../../src/trail/chain-hash';
import { checkpointText, readSignedCheckpoint } from '../../src/trail/checkpoint-format';
import { CompactRange, entryLeafHash } from '../../src/trail/merkle-tree';
import { signerFromSeed, signNote, type Signer } from '../../src/trail/signed-note';
import { ratePerSecond } from '../stats';

const ORIGIN = 'bench/case-trail';

/**
 * Issue 22 §5, incremental verification at the scale of a province, without filling a database of
 * a million cases (the bench's fill of a million takes minutes to hours on a shared machine): the
 * offline verifier's state as a full run at `chains` chains would leave it (the tree's right edge
 * over one leaf per chain, every chain's head in the heads file), then `new` entries appended on
 * random chains, correctly chained and hashed, with a signed checkpoint at the new size. Timed: the
 * incremental run (`npm run verify-export -- new.ndjson --checkpoints … --state …`), beside the raw
 * rate of the same work's hashing (entryHash of those entries) measured in the same run.
 * `npx ts-node --transpile-only bench/transparency/incremental-figure.ts [chains=1000000] [new=10000]`
 */
async function main(): Promise<void> {
  const chains = Number(process.argv[2] ?? 1_000_000);
  const added = Number(process.argv[3] ?? 10_000);
  const dir = mkdtempSync(join(tmpdir(), 'incremental-figure-'));
  try {
    const signer = signerFromSeed(ORIGIN, randomBytes(32));
    const policyFile = join(dir, 'policy.txt');
    writeFileSync(policyFile, `log ${signer.vkey}\nquorum none\n`);
    const stateFile = join(dir, 'state.json');

    // Built in a function of its own: its million-entry maps are garbage by the timed run, as in
    // the verifier's own process (left reachable, they made every collection during the run mark them).
    const { setupSeconds, fields, exportFile, checkpointFile } = prepare(dir, signer, stateFile, chains, added);

    // The ceiling: hashing those entries and nothing else, just before the run.
    let next = 0;
    const rawRate = ratePerSecond(2, () => {
      for (let i = 0; i < 100; i += 1) entryHash(fields[next++ % fields.length]);
      return 100;
    });
    const t0 = process.hrtime.bigint();
    const result = await verifyExport({ exportFile, checkpointFiles: [checkpointFile], policyFile, stateFile });
    const runSeconds = seconds(t0);
    if (!result.ok || !result.incremental) throw new Error(`incremental verification failed: ${JSON.stringify(result.firstProblem)}`);
    console.log(
      JSON.stringify({
        chains,
        newEntries: result.entries,
        treeSize: result.treeSize,
        setupSeconds: setupSeconds.toFixed(1),
        incrementalSeconds: runSeconds.toFixed(3),
        rawHashPerSecond: Math.round(rawRate),
        hashingAloneSeconds: (added / rawRate).toFixed(3),
        ratioToRawRate: (added / rawRate / runSeconds).toFixed(2),
        rssMb: Math.round(process.memoryUsage().rss / 1e6),
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The state a full run at `chains` chains leaves, the `added` new entries after it, and their checkpoint. */
function prepare(dir: string, signer: Signer, stateFile: string, chains: number, added: number) {
  // The state of a full run: one entry per chain so far (the heads are what matters, not their depth).
  const t0 = process.hrtime.bigint();
  const range = CompactRange.empty();
  const heads = ChainHeads.empty();
  const chainId = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
  const current: Array<[number, string]> = [];
  for (let i = 0; i < chains; i += 1) {
    const hash = randomBytes(32).toString('hex');
    heads.set(chainId(i), [1, hash]);
    current.push([1, hash]);
    range.append(entryLeafHash(hash));
  }
  const base = readSignedCheckpoint(signNote(checkpointText(ORIGIN, range.treeSize, range.root()), [signer]), [signer]);
  saveState(stateFile, base, range, heads);
  const setupSeconds = seconds(t0);

  // The new entries, on random chains, and the checkpoint after them.
  const lines: string[] = [];
  const fields: Array<Parameters<typeof entryHash>[0]> = [];
  for (let n = 0; n < added; n += 1) {
    const chain = Math.floor(Math.random() * chains);
    const [position, prevHash] = current[chain];
    const entry = {
      streamId: chainId(chain),
      position: position + 1,
      caseId: chainId(chain),
      procedure: 'tolerance',
      procedureVersion: 1,
      fromState: 'reviewing',
      event: 'DECIDE',
      toState: 'decided',
      outcome: 'applied' as const,
      refusalCode: null,
      actorId: 'bench-officer',
      actorRole: 'officer',
      at: new Date(1_790_000_000_000 + n * 1000).toISOString(),
      reason: null,
      data: { decision: 'tolerated', basis: ['第一项'], note: `step ${n}` },
      prevHash,
      algorithm: 'sha256' as const,
    };
    const hash = entryHash(entry);
    current[chain] = [entry.position, hash];
    range.append(entryLeafHash(hash));
    fields.push(entry);
    lines.push(JSON.stringify({ logIndex: range.treeSize - 1, ...entry, hash }));
  }
  const exportFile = join(dir, 'new.ndjson');
  writeFileSync(exportFile, lines.join('\n') + '\n');
  const checkpointFile = join(dir, 'newest.checkpoint');
  writeFileSync(checkpointFile, signNote(checkpointText(ORIGIN, range.treeSize, range.root()), [signer]));

  return { setupSeconds, fields, exportFile, checkpointFile };
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
