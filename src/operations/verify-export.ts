import { createReadStream, existsSync, openSync, readFileSync, readSync, readdirSync, closeSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { GENESIS_HASH, storedEntryHash, type HashedEntryFields } from '../trail/chain-hash';
import { RETIREMENT_EVENT } from '../trail/payload-retirement';
import { readSignedCheckpoint, type VerifiedCheckpoint } from '../trail/checkpoint-format';
import {
  CompactRange,
  consistencyRanges,
  entryLeafHash,
  foldRange,
  hashFromBase64,
  perfectNodesOf,
  toBase64,
  verifyConsistency,
  type NodeId,
} from '../trail/merkle-tree';
import { ChainHeads, type Head } from './chain-heads-file';
import { parsePolicy, policyKeys, quorumMet, witnessNamesOf, type TlogPolicy } from '../trail/tlog-policy';

/**
 * The offline verifier of an exported trail (issue 22; `npm run verify-export`): no service, no
 * database, only the export (NDJSON in log order, GET /api/audit/export), the signed checkpoints and
 * the auditor's policy of trusted keys. It streams the export once, in memory that does not grow
 * with the number of entries (the tree is a compact range of O(log n) hashes; per-case chains keep
 * one head per chain), and checks:
 *
 * 1. every checkpoint: signed by a log key of the policy for its origin, cosigned as the quorum asks;
 *    two checkpoints of one size with different roots are a fork (both reported as evidence);
 * 2. every line: JSON, complete, `logIndex` the next one (a gap is a deleted entry, a step back an
 *    inserted or reordered one);
 * 3. every entry: its hash recomputed from its fields (except where the export shows it otherwise
 *    than stored: a protected person under the pseudonym, or a payload retired under retention),
 *    its chain (position the next one, `prevHash` the hash before it);
 * 4. the tree: the root recomputed at every checkpoint size equals the signed root;
 * 5. the consistency of the auditor's previous checkpoint with the newest (a proof given, or
 *    computed from the export), and, in incremental mode (a state file from the last run), only the
 *    new entries are read: the state's right edge and chain heads carry the rest.
 *
 * The first problem found is named with its log index (and the export's line number); the result is
 * a JSON object and a report in Chinese (zh-CN).
 */

export interface VerifyExportOptions {
  exportFile: string;
  checkpointFiles: string[];
  policyFile: string;
  /** The auditor's previous checkpoint (a signed note file): the newest must be consistent with it. */
  previousFile?: string;
  /** A consistency proof (JSON of GET /api/transparency/proofs/consistency) from the previous checkpoint to the newest. */
  consistencyFile?: string;
  /** Incremental mode: read (when it exists) and write the state of the last successful verification. */
  stateFile?: string;
}

export type ProblemKind =
  | 'policy'
  | 'checkpoint-file'
  | 'checkpoint-signature'
  | 'checkpoint-untrusted'
  | 'checkpoint-quorum'
  | 'fork'
  | 'line-not-json'
  | 'line-truncated'
  | 'line-invalid'
  | 'entry-missing'
  | 'entry-out-of-order'
  | 'content-mismatch'
  | 'chain-position'
  | 'chain-link'
  | 'root-mismatch'
  | 'entries-missing-at-end'
  | 'consistency'
  | 'retirement'
  | 'state';

export interface Problem {
  kind: ProblemKind;
  message: string;
  zh: string;
  index?: number;
  line?: number;
  streamId?: string;
  position?: number;
  treeSize?: number;
}

export interface VerifyExportResult {
  ok: boolean;
  /** Entries read from the export (new entries only, in incremental mode). */
  entries: number;
  /** The tree size the export reaches. */
  treeSize: number;
  rootHash?: string;
  checkpoints: { read: number; verified: number; sizes: number[]; newest?: { treeSize: number; rootHash: string } };
  /** The first problem, naming the first bad index where there is one. */
  firstProblem?: Problem;
  problems: Problem[];
  /** The first log index that is not what the signed checkpoints say (modified, deleted, inserted, reordered). */
  firstBadIndex?: number;
  /** When only a range is known (the root differs at a checkpoint, every line being well formed). */
  firstBadIndexRange?: [number, number];
  fork?: { treeSize: number; checkpoints: string[] };
  consistency?: { from: number; to: number; ok: boolean; source: 'proof' | 'export' };
  /** Entries whose hash could not be recomputed from the line: shown under a pseudonym. */
  shownUnderPseudonym: number;
  /** Entries whose payload was retired under retention (leaf present, payload retired by a decision): the first 100. */
  retired: Array<{ index: number; decision: string }>;
  /** How many entries were read with their payload retired. */
  retiredCount: number;
  /** The retirement decisions read (entries of the admin chain), each with the entries of the export it retired. */
  retirementDecisions: Array<{ decision: string; index: number; retired: number; kind: string }>;
  incremental: boolean;
}

/**
 * The state of the last successful run: the tree's right edge and, beside it in `<state>.heads`,
 * every chain's head (src/operations/chain-heads-file.ts). Format 1 held the heads in the JSON.
 */
interface State {
  format: 'verify-export-state/1' | 'verify-export-state/2';
  origin: string;
  treeSize: number;
  rootHash: string;
  rightEdge: string[];
  heads?: Record<string, Head>;
  /** Format 2: the chain-heads files, beside the state file, base first. */
  headsFiles?: string[];
  checkpoint: string;
}

export async function verifyExport(options: VerifyExportOptions): Promise<VerifyExportResult> {
  const result: VerifyExportResult = {
    ok: false,
    entries: 0,
    treeSize: 0,
    checkpoints: { read: 0, verified: 0, sizes: [] },
    problems: [],
    shownUnderPseudonym: 0,
    retired: [],
    retiredCount: 0,
    retirementDecisions: [],
    incremental: false,
  };
  // The chain-heads files of an incremental run stay open for its lookups: closed on every way out.
  let releaseHeads = (): void => undefined;
  const fail = (problem: Problem): VerifyExportResult => {
    releaseHeads();
    result.problems.push(problem);
    result.firstProblem ??= problem;
    if (problem.index !== undefined && result.firstBadIndex === undefined && result.firstBadIndexRange === undefined) result.firstBadIndex = problem.index;
    return result;
  };

  let policy: TlogPolicy;
  try {
    policy = parsePolicy(readFileSync(options.policyFile, 'utf8'));
  } catch (error) {
    return fail({
      kind: 'policy',
      message: `policy ${options.policyFile}: ${(error as Error).message}`,
      zh: `信任策略文件 ${options.policyFile} 有误：${(error as Error).message}`,
    });
  }
  if (policy.logs.length === 0) return fail({ kind: 'policy', message: 'the policy names no log key', zh: '信任策略文件中没有日志公钥（log 行）' });

  // 1. Checkpoints.
  const checkpoints: VerifiedCheckpoint[] = [];
  for (const file of options.checkpointFiles) {
    let notes: string[];
    try {
      notes = notesOf(readFileSync(file, 'utf8'));
    } catch (error) {
      return fail({ kind: 'checkpoint-file', message: `${file}: ${(error as Error).message}`, zh: `检查点文件 ${file} 无法读取：${(error as Error).message}` });
    }
    for (const note of notes) {
      result.checkpoints.read += 1;
      const checked = checkCheckpoint(note, policy);
      if ('problem' in checked) return fail(checked.problem);
      checkpoints.push(checked.checkpoint);
    }
  }
  let previous: VerifiedCheckpoint | undefined;
  if (options.previousFile) {
    const checked = checkCheckpoint(readFileSync(options.previousFile, 'utf8'), policy);
    if ('problem' in checked) return fail(checked.problem);
    previous = checked.checkpoint;
    checkpoints.push(previous);
  }
  const bySize = new Map<number, VerifiedCheckpoint>();
  for (const checkpoint of checkpoints) {
    const same = bySize.get(checkpoint.size);
    if (same && !same.root.equals(checkpoint.root)) {
      result.fork = { treeSize: checkpoint.size, checkpoints: [same.signed, checkpoint.signed] };
      return fail({
        kind: 'fork',
        treeSize: checkpoint.size,
        message: `fork: two checkpoints signed for tree size ${checkpoint.size} with different roots (${toBase64(same.root)} and ${toBase64(checkpoint.root)})`,
        zh: `日志分叉：同一规模 ${checkpoint.size} 有两个已签名检查点，根哈希不同（${toBase64(same.root)} 与 ${toBase64(checkpoint.root)}），两者均作为证据附上`,
      });
    }
    bySize.set(checkpoint.size, checkpoint);
  }
  const sizes = [...bySize.keys()].sort((a, b) => a - b);
  result.checkpoints.verified = bySize.size;
  result.checkpoints.sizes = sizes;
  const newest = sizes.length > 0 ? bySize.get(sizes[sizes.length - 1])! : undefined;
  if (newest) result.checkpoints.newest = { treeSize: newest.size, rootHash: toBase64(newest.root) };

  // Incremental mode: resume from the state of the last run.
  let range = CompactRange.empty();
  let heads = ChainHeads.empty();
  let state: State | undefined;
  if (options.stateFile && existsSync(options.stateFile)) {
    try {
      state = JSON.parse(readFileSync(options.stateFile, 'utf8')) as State;
      if (state.format !== 'verify-export-state/1' && state.format !== 'verify-export-state/2') throw new Error('not a verify-export state file');
      range = CompactRange.of(
        state.treeSize,
        state.rightEdge.map((hash) => hashFromBase64(hash)!),
      );
      if (toBase64(range.root()) !== state.rootHash) throw new Error('its right edge does not give its root');
      heads =
        state.format === 'verify-export-state/1'
          ? ChainHeads.fromRecord(state.heads ?? {})
          : ChainHeads.read(dirname(options.stateFile), state.headsFiles ?? []);
      const opened = heads;
      releaseHeads = () => opened.close();
      result.incremental = true;
    } catch (error) {
      return fail({
        kind: 'state',
        message: `state ${options.stateFile}: ${(error as Error).message}`,
        zh: `上次核验的状态文件 ${options.stateFile} 无法使用：${(error as Error).message}`,
      });
    }
    const known = bySize.get(state.treeSize);
    if (known && !known.root.equals(range.root())) {
      return fail({
        kind: 'fork',
        treeSize: state.treeSize,
        message: `fork: the checkpoint of size ${state.treeSize} differs from the one verified last time`,
        zh: `日志分叉：规模 ${state.treeSize} 的检查点与上次核验的不同`,
      });
    }
  }
  const startSize = range.treeSize;

  // The consistency proof from the previous checkpoint (or the state's) to the newest.
  const previousSize = previous?.size ?? state?.treeSize;
  const previousRoot = previous?.root ?? (state ? hashFromBase64(state.rootHash) : undefined);
  if (newest && previousSize !== undefined && previousRoot && options.consistencyFile) {
    const given = JSON.parse(readFileSync(options.consistencyFile, 'utf8')) as { from: number; to: number; proof: string[] };
    const proof = (given.proof ?? []).map((hash) => hashFromBase64(hash));
    const ok =
      given.from === previousSize &&
      given.to === newest.size &&
      proof.every(Boolean) &&
      verifyConsistency(previousSize, newest.size, previousRoot, newest.root, proof as Buffer[]);
    result.consistency = { from: previousSize, to: newest.size, ok, source: 'proof' };
    if (!ok) {
      return fail({
        kind: 'consistency',
        message: `the newest checkpoint (${newest.size}) is not consistent with the previous one (${previousSize}): the consistency proof does not verify`,
        zh: `最新检查点（规模 ${newest.size}）与上次的检查点（规模 ${previousSize}）不一致：一致性证明验证失败`,
      });
    }
  }
  // Without a proof file, the proof is computed from the export itself: capture the nodes it needs.
  const wanted = new Map<string, Buffer | undefined>();
  // (In incremental mode the state's right edge extended by the new leaves to the newest root is itself that proof.)
  const computeProof = newest !== undefined && previousSize !== undefined && !options.consistencyFile;
  const proofRanges = computeProof && startSize === 0 ? consistencyRanges(previousSize, newest.size) : [];
  const proofNodes = proofRanges.map(([a, b]) => perfectNodesOf(a, b));
  for (const node of proofNodes.flat()) wanted.set(key(node), undefined);

  // 2–4. The export, line by line.
  const endsWithNewline = lastByteIsNewline(options.exportFile);
  const lines = createInterface({ input: createReadStream(options.exportFile, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNumber = 0;
  let expected = startSize;
  const sizeSet = new Set(sizes);
  let lastGoodSize = startSize;
  let stopped = false;
  let pendingLine: string | undefined;
  // Retention: per decision named by retired lines, how many and which indexes (few decisions: memory stays flat).
  const retiredBy = new Map<string, { count: number; first: number; last: number }>();
  const decisions = new Map<string, { index: number; data: Record<string, unknown> }>();
  const handle = (text: string, number: number, isLast: boolean): Problem | undefined => {
    if (text.trim() === '') return { kind: 'line-invalid', line: number, index: expected, message: `line ${number}: empty`, zh: `第 ${number} 行为空行` };
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(text) as Record<string, unknown>;
    } catch {
      if (isLast && !endsWithNewline)
        return {
          kind: 'line-truncated',
          line: number,
          index: expected,
          message: `line ${number}: truncated (the file ends in the middle of a line)`,
          zh: `第 ${number} 行不完整（文件在一行中间结束，导出被截断）`,
        };
      return { kind: 'line-not-json', line: number, index: expected, message: `line ${number}: not JSON`, zh: `第 ${number} 行不是 JSON` };
    }
    const index = entry.logIndex;
    if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0)
      return { kind: 'line-invalid', line: number, index: expected, message: `line ${number}: no logIndex`, zh: `第 ${number} 行缺少日志序号（logIndex）` };
    if (index > expected) {
      return {
        kind: 'entry-missing',
        line: number,
        index: expected,
        message: `line ${number}: log index ${index} where ${expected} was expected: the entries from ${expected} to ${index - 1} are missing here (deleted, or moved later)`,
        zh: `第 ${number} 行：日志序号为 ${index}，应为 ${expected}；序号 ${expected} 至 ${index - 1} 的条目不在此处（被删除或被移后）`,
      };
    }
    if (index < expected) {
      return {
        kind: 'entry-out-of-order',
        line: number,
        // The line stands where log index `expected` belongs: that is the first bad place.
        index: expected,
        message: `line ${number}: log index ${index} where ${expected} was expected: an entry inserted, repeated or out of order`,
        zh: `第 ${number} 行：日志序号为 ${index}，应为 ${expected}：条目被插入、重复或顺序被打乱`,
      };
    }
    const hash = entry.hash;
    if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash))
      return { kind: 'line-invalid', line: number, index, message: `line ${number}: the entry has no hash`, zh: `第 ${number} 行：条目缺少哈希值` };
    const streamId = String(entry.streamId);
    const position = Number(entry.position);
    // The entry's own content, where the line shows it as it was hashed.
    const retired = entry.payloadRetired as { decision?: unknown } | undefined;
    if (retired) {
      const problem = retiredLineProblem(entry, retired, index, number);
      if (problem) return problem;
      const decision = String(retired.decision);
      if (result.retired.length < 100) result.retired.push({ index, decision });
      result.retiredCount += 1;
      const seen = retiredBy.get(decision);
      if (seen) {
        seen.count += 1;
        seen.last = index;
      } else retiredBy.set(decision, { count: 1, first: index, last: index });
    } else if (Array.isArray(entry.shownDiffersFromStored)) result.shownUnderPseudonym += 1;
    else if (recomputedHash(entry) !== hash) {
      return {
        kind: 'content-mismatch',
        line: number,
        index,
        streamId,
        position,
        message: `log index ${index} (line ${number}, ${streamId} #${position}): content does not match its hash`,
        zh: `日志序号 ${index}（第 ${number} 行，链 ${streamId} 第 ${position} 条）：内容与其哈希不符（条目被修改）`,
      };
    }
    // Its chain.
    const head = heads.get(streamId);
    const expectedPosition = (head?.[0] ?? 0) + 1;
    if (position !== expectedPosition) {
      return {
        kind: 'chain-position',
        line: number,
        index,
        streamId,
        position,
        message: `log index ${index} (line ${number}): ${streamId} position ${position} where ${expectedPosition} was expected`,
        zh: `日志序号 ${index}（第 ${number} 行）：链 ${streamId} 的位置为 ${position}，应为 ${expectedPosition}（链中条目被删除、插入或调换）`,
      };
    }
    if (entry.prevHash !== (head?.[1] ?? GENESIS_HASH)) {
      return {
        kind: 'chain-link',
        line: number,
        index,
        streamId,
        position,
        message: `log index ${index} (line ${number}): ${streamId} #${position} does not chain to the entry before it`,
        zh: `日志序号 ${index}（第 ${number} 行）：链 ${streamId} 第 ${position} 条未链接到前一条目`,
      };
    }
    heads.set(streamId, [position, hash]);
    if (streamId === 'admin' && entry.event === RETIREMENT_EVENT && !retired) {
      decisions.set(`admin#${position}`, { index, data: (entry.data ?? {}) as Record<string, unknown> });
    }
    // The tree.
    const leaf = entryLeafHash(hash);
    if (wanted.has(`0:${index}`)) wanted.set(`0:${index}`, leaf);
    range.append(leaf, (node, nodeHash) => {
      const k = key(node);
      if (wanted.has(k)) wanted.set(k, nodeHash);
    });
    expected += 1;
    result.entries += 1;
    if (sizeSet.has(range.treeSize)) {
      const signed = bySize.get(range.treeSize)!;
      if (!range.root().equals(signed.root)) {
        result.firstBadIndexRange = [lastGoodSize, range.treeSize - 1];
        return {
          kind: 'root-mismatch',
          treeSize: range.treeSize,
          message: `the root recomputed at tree size ${range.treeSize} differs from the signed checkpoint: the first bad entry is between log index ${lastGoodSize} and ${range.treeSize - 1} (the entries were rewritten with valid hashes)`,
          zh: `在规模 ${range.treeSize} 处重新计算的根哈希与已签名检查点不符：第一个被篡改的条目位于日志序号 ${lastGoodSize} 至 ${range.treeSize - 1} 之间（条目被整体改写且哈希自洽）`,
        };
      }
      lastGoodSize = range.treeSize;
    }
    return undefined;
  };
  for await (const text of lines) {
    lineNumber += 1;
    if (stopped) continue;
    // Each line is handled once the next is known, so the last line can be told apart (a truncated file).
    if (pendingLine !== undefined) {
      const problem = handle(pendingLine, lineNumber - 1, false);
      if (problem) {
        fail(problem);
        stopped = true;
      }
    }
    pendingLine = text;
  }
  if (!stopped && pendingLine !== undefined) {
    const problem = handle(pendingLine, lineNumber, true);
    if (problem) {
      fail(problem);
      stopped = true;
    }
  }
  result.treeSize = range.treeSize;
  result.rootHash = toBase64(range.root());
  if (stopped) {
    releaseHeads();
    return result;
  }

  const beyond = sizes.filter((size) => size > range.treeSize);
  if (beyond.length > 0) {
    return fail({
      kind: 'entries-missing-at-end',
      index: range.treeSize,
      treeSize: beyond[beyond.length - 1],
      message: `the export ends at ${range.treeSize} entries but a signed checkpoint covers ${beyond[beyond.length - 1]}: entries from log index ${range.treeSize} are missing`,
      zh: `导出文件只有 ${range.treeSize} 条，但已签名检查点覆盖到 ${beyond[beyond.length - 1]} 条：自日志序号 ${range.treeSize} 起的条目缺失`,
    });
  }
  const retirementProblem = checkRetirements(retiredBy, decisions, startSize === 0, result);
  if (retirementProblem) return fail(retirementProblem);
  if (computeProof && previousRoot) {
    const proof = proofNodes.map((nodes) => foldRange(nodes.map((node) => wanted.get(key(node))!)));
    const ok = startSize === 0 ? verifyConsistency(previousSize, newest.size, previousRoot, newest.root, proof) : newest.size === range.treeSize;
    result.consistency = { from: previousSize, to: newest.size, ok, source: 'export' };
    if (!ok) {
      return fail({
        kind: 'consistency',
        message: `the newest checkpoint (${newest.size}) is not consistent with the previous one (${previousSize})`,
        zh: `最新检查点（规模 ${newest.size}）与上次的检查点（规模 ${previousSize}）不一致`,
      });
    }
  }
  result.ok = true;
  if (options.stateFile && newest && newest.size === range.treeSize) saveState(options.stateFile, newest, range, heads, state?.headsFiles);
  else heads.close();
  return result;
}

/**
 * Writes the state of a successful run: the new heads under a new name, then the state naming them
 * (replaced whole), so a run stopped anywhere leaves a state and the heads it names. The previous
 * run's heads are kept too (a copy of the previous state still works); older ones are removed.
 */
export function saveState(stateFile: string, newest: VerifiedCheckpoint, range: CompactRange, heads: ChainHeads, previousHeadsFiles: string[] = []): void {
  const folder = dirname(stateFile);
  const headsFiles = heads.write(folder, `${basename(stateFile)}.${range.treeSize}`);
  const next: State = {
    format: 'verify-export-state/2',
    origin: newest.origin,
    treeSize: range.treeSize,
    rootHash: toBase64(range.root()),
    rightEdge: range.hashes().map(toBase64),
    headsFiles,
    checkpoint: newest.signed,
  };
  writeFileSync(`${stateFile}.tmp`, JSON.stringify(next));
  renameSync(`${stateFile}.tmp`, stateFile);
  const keep = new Set([...headsFiles, ...previousHeadsFiles]);
  const prefix = `${basename(stateFile)}.`;
  for (const name of readdirSync(folder)) {
    // A layer and its sparse index (`….heads.idx`) go together.
    const layer = name.endsWith('.heads.idx') ? name.slice(0, -'.idx'.length) : name;
    if (name.startsWith(prefix) && layer.endsWith('.heads') && !keep.has(layer)) rmSync(join(folder, name), { force: true });
  }
}

/**
 * A retired line shows no payload (what it shows could not be checked against its hash) and names a
 * decision on the admin chain.
 */
function retiredLineProblem(entry: Record<string, unknown>, retired: { decision?: unknown }, index: number, line: number): Problem | undefined {
  const data = entry.data as Record<string, unknown> | null | undefined;
  const showsNoPayload =
    (data === null || data === undefined || (Object.keys(data).length === 1 && data.payloadRetired === true)) && (entry.reason ?? null) === null;
  if (typeof retired.decision !== 'string' || !/^admin#\d+$/.test(retired.decision)) {
    return {
      kind: 'retirement',
      line,
      index,
      message: `log index ${index} (line ${line}): marked as retired without naming a decision on the admin chain`,
      zh: `日志序号 ${index}（第 ${line} 行）：标为内容已清除，但未指明审计管理员的清除决定`,
    };
  }
  if (!showsNoPayload) {
    return {
      kind: 'retirement',
      line,
      index,
      message: `log index ${index} (line ${line}): marked as retired but shows a payload, which its hash cannot vouch for`,
      zh: `日志序号 ${index}（第 ${line} 行）：标为内容已清除，却仍显示内容，而这些内容无法由其哈希核验`,
    };
  }
  return undefined;
}

/**
 * Every decision named by a retired line is a retirement entry of the export, after the lines it
 * retired, and those lines are within the range of log indexes it recorded; read in full (not
 * incrementally), their number is the number it recorded.
 */
function checkRetirements(
  retiredBy: Map<string, { count: number; first: number; last: number }>,
  decisions: Map<string, { index: number; data: Record<string, unknown> }>,
  full: boolean,
  result: VerifyExportResult,
): Problem | undefined {
  for (const [name, decision] of decisions) {
    result.retirementDecisions.push({ decision: name, index: decision.index, retired: retiredBy.get(name)?.count ?? 0, kind: String(decision.data.kind) });
  }
  for (const [name, lines] of retiredBy) {
    const decision = decisions.get(name);
    const recorded = decision?.data;
    const problem = (message: string, zh: string): Problem => ({ kind: 'retirement', index: lines.first, message, zh });
    if (!decision || !recorded) {
      return problem(
        `log index ${lines.first}: its payload is marked retired by ${name}, which is not a retirement decision in the export`,
        `日志序号 ${lines.first}：标为依决定 ${name} 清除内容，但导出中没有这一清除决定`,
      );
    }
    if (lines.last >= decision.index || lines.first < Number(recorded.firstLogIndex) || lines.last > Number(recorded.lastLogIndex)) {
      return problem(
        `log indexes ${lines.first}–${lines.last} are marked retired by ${name}, which retired log indexes ${String(recorded.firstLogIndex)}–${String(recorded.lastLogIndex)} only`,
        `日志序号 ${lines.first} 至 ${lines.last} 标为依决定 ${name} 清除内容，但该决定只清除日志序号 ${String(recorded.firstLogIndex)} 至 ${String(recorded.lastLogIndex)} 的内容`,
      );
    }
    if (full ? lines.count !== Number(recorded.retired) : lines.count > Number(recorded.retired)) {
      return problem(
        `${lines.count} entries are marked retired by ${name}, which recorded ${String(recorded.retired)}`,
        `标为依决定 ${name} 清除内容的条目有 ${lines.count} 条，而该决定记载清除 ${String(recorded.retired)} 条`,
      );
    }
  }
  return undefined;
}

function key(node: NodeId): string {
  return `${node.level}:${node.index}`;
}

/** A checkpoint is trusted when a log key of the policy for its origin signed it and the witnesses' quorum cosigned it. */
export function checkCheckpoint(note: string, policy: TlogPolicy): { checkpoint: VerifiedCheckpoint } | { problem: Problem } {
  let checkpoint: VerifiedCheckpoint;
  try {
    checkpoint = readSignedCheckpoint(note, policyKeys(policy));
  } catch (error) {
    return {
      problem: {
        kind: 'checkpoint-file',
        message: `a checkpoint is malformed: ${(error as Error).message}`,
        zh: `检查点格式有误：${(error as Error).message}`,
      },
    };
  }
  const size = checkpoint.size;
  if (checkpoint.note.failed.length > 0) {
    return {
      problem: {
        kind: 'checkpoint-signature',
        treeSize: size,
        message: `the checkpoint of size ${size} has a signature of ${checkpoint.note.failed[0].verifier.name} that does not verify`,
        zh: `规模 ${size} 的检查点上 ${checkpoint.note.failed[0].verifier.name} 的签名验证失败（检查点被改动或伪造）`,
      },
    };
  }
  const verified = checkpoint.note.verified.map((signature) => signature.verifier);
  if (!verified.some((key) => policy.logs.some((log) => log.vkey === key.vkey && log.name === checkpoint.origin))) {
    return {
      problem: {
        kind: 'checkpoint-untrusted',
        treeSize: size,
        message: `the checkpoint of size ${size} (origin ${checkpoint.origin}) is not signed by a log key of the policy`,
        zh: `规模 ${size} 的检查点（来源 ${checkpoint.origin}）没有信任策略中日志公钥的有效签名`,
      },
    };
  }
  if (!quorumMet(policy.quorum, witnessNamesOf(policy, verified))) {
    return {
      problem: {
        kind: 'checkpoint-quorum',
        treeSize: size,
        message: `the checkpoint of size ${size} lacks the witnesses' cosignatures the policy requires`,
        zh: `规模 ${size} 的检查点缺少信任策略要求的见证方联署签名`,
      },
    };
  }
  return { checkpoint };
}

/**
 * The signed notes in a checkpoints file: one note as text, or the JSON of
 * GET /api/transparency/checkpoints (`{items: [{note}]}`), or a JSON array of notes or of such items.
 */
function notesOf(text: string): string[] {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return [text];
  const parsed = JSON.parse(text) as unknown;
  const items = Array.isArray(parsed) ? parsed : ((parsed as { items?: unknown[] }).items ?? []);
  return items.map((item) => (typeof item === 'string' ? item : String((item as { note?: unknown }).note)));
}

export function recomputedHash(entry: Record<string, unknown>): string {
  const fields: HashedEntryFields = {
    streamId: entry.streamId as string,
    position: entry.position as number,
    caseId: (entry.caseId ?? null) as string | null,
    procedure: (entry.procedure ?? null) as string | null,
    procedureVersion: (entry.procedureVersion ?? null) as number | null,
    fromState: (entry.fromState ?? null) as string | null,
    event: entry.event as string,
    toState: (entry.toState ?? null) as string | null,
    outcome: entry.outcome as HashedEntryFields['outcome'],
    refusalCode: (entry.refusalCode ?? null) as string | null,
    actorId: entry.actorId as string,
    actorRole: entry.actorRole as string,
    at: entry.at as string,
    reason: (entry.reason ?? null) as string | null,
    data: entry.data,
    prevHash: entry.prevHash as string,
    algorithm: entry.algorithm as HashedEntryFields['algorithm'],
  };
  try {
    return storedEntryHash(fields);
  } catch {
    return '';
  }
}

function lastByteIsNewline(file: string): boolean {
  const size = statSync(file).size;
  if (size === 0) return true;
  const fd = openSync(file, 'r');
  try {
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, size - 1);
    return byte[0] === 0x0a;
  } finally {
    closeSync(fd);
  }
}

/** The report in Chinese, for the auditor. */
export function reportZh(result: VerifyExportResult): string {
  const lines: string[] = [];
  lines.push(result.ok ? '核验通过：导出的审计日志与已签名检查点一致。' : '核验未通过。');
  lines.push(
    `${result.incremental ? '本次增量核验读取新增条目' : '读取条目'} ${result.entries} 条，日志规模 ${result.treeSize}${result.rootHash ? `，根哈希 ${result.rootHash}` : ''}。`,
  );
  lines.push(
    `检查点：读取 ${result.checkpoints.read} 个，签名有效 ${result.checkpoints.verified} 个${result.checkpoints.newest ? `，最新规模 ${result.checkpoints.newest.treeSize}` : ''}。`,
  );
  if (result.consistency)
    lines.push(
      `一致性：自规模 ${result.consistency.from} 至 ${result.consistency.to} ${result.consistency.ok ? '一致' : '不一致'}（${result.consistency.source === 'proof' ? '服务提供的一致性证明' : '由导出文件重新计算'}）。`,
    );
  if (result.shownUnderPseudonym > 0) lines.push(`另有 ${result.shownUnderPseudonym} 条以化名显示，无法由导出行重算其哈希，已核对其叶节点与链接。`);
  for (const retired of result.retired.slice(0, 20)) lines.push(`日志序号 ${retired.index}：叶节点在，内容已依决定 ${retired.decision} 按保存期限清除。`);
  if (result.retiredCount > 20) lines.push(`……共 ${result.retiredCount} 条内容已按保存期限清除。`);
  if (result.firstProblem) {
    lines.push(`问题：${result.firstProblem.zh}`);
    if (result.firstBadIndex !== undefined) lines.push(`第一个有问题的日志序号：${result.firstBadIndex}`);
    if (result.firstBadIndexRange) lines.push(`第一个有问题的日志序号在 ${result.firstBadIndexRange[0]} 至 ${result.firstBadIndexRange[1]} 之间`);
  }
  if (result.fork) lines.push(`分叉证据：\n${result.fork.checkpoints.join('\n')}`);
  return lines.join('\n');
}
