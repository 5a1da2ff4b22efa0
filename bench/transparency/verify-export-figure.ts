import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryHash, GENESIS_HASH } from '../../src/trail/chain-hash';
import { checkpointText } from '../../src/trail/checkpoint-format';
import { CompactRange, entryLeafHash } from '../../src/trail/merkle-tree';
import { signerFromSeed, signNote } from '../../src/trail/signed-note';
import { verifyExport } from '../../src/operations/verify-export';

/**
 * A first figure for issue 22 §5, outside the bench table: a synthetic export (valid chains, a
 * checkpoint every 10 000 entries) verified offline by the same code as `npm run verify-export`,
 * beside the raw SHA-256 rate of 400-byte messages on the same machine.
 * `npx ts-node --transpile-only bench/transparency/verify-export-figure.ts [entries]`
 */
async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 100000);
  const dir = mkdtempSync(join(tmpdir(), 'verify-figure-'));
  const signer = signerFromSeed('bench/case-trail', randomBytes(32));
  const out = createWriteStream(join(dir, 'export.ndjson'));
  const heads = new Map<string, [number, string]>();
  const range = CompactRange.empty();
  const notes: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const streamId = `case-${i % 5000}`;
    const head = heads.get(streamId);
    const fields = {
      streamId,
      position: (head?.[0] ?? 0) + 1,
      caseId: null,
      procedure: 'tolerance',
      procedureVersion: 1,
      fromState: 'a',
      event: 'STEP',
      toState: 'b',
      outcome: 'applied' as const,
      refusalCode: null,
      actorId: 'officer1',
      actorRole: 'officer',
      at: new Date(1_700_000_000_000 + i * 1000).toISOString(),
      reason: null,
      data: { note: `step ${i}` },
      prevHash: head?.[1] ?? GENESIS_HASH,
      algorithm: 'sha256' as const,
    };
    const hash = entryHash(fields);
    heads.set(streamId, [fields.position, hash]);
    range.append(entryLeafHash(hash));
    if (!out.write(JSON.stringify({ logIndex: i, ...fields, hash }) + '\n')) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    if ((i + 1) % 10000 === 0 || i === n - 1) notes.push(signNote(checkpointText('bench/case-trail', range.treeSize, range.root()), [signer]));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  writeFileSync(join(dir, 'checkpoints.json'), JSON.stringify(notes));
  writeFileSync(join(dir, 'policy.txt'), `log ${signer.vkey}\nquorum none\n`);
  const started = process.hrtime.bigint();
  const result = await verifyExport({
    exportFile: join(dir, 'export.ndjson'),
    checkpointFiles: [join(dir, 'checkpoints.json')],
    policyFile: join(dir, 'policy.txt'),
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rssMb = process.memoryUsage().rss / 1e6;
  // The raw hash rate: SHA-256 over the same canonical texts would need one digest per entry plus the tree's.
  const sample = Buffer.alloc(400, 1);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i += 1) createHash('sha256').update(sample).digest();
  const hashSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(
    JSON.stringify({
      ok: result.ok,
      entries: n,
      checkpoints: notes.length,
      seconds: seconds.toFixed(2),
      perSecond: Math.round(n / seconds),
      rssMb: rssMb.toFixed(0),
      rawSha256PerSecond400B: Math.round(n / hashSeconds),
    }),
  );
}
void main();
