import { readFileSync } from 'node:fs';
import { entryLeafHash, verifyInclusion } from '../trail/merkle-tree';
import { attestationText, RECEIPT_FORMAT, type ReceiptPayload } from '../trail/receipt-attestation';
import { checkNote } from '../trail/signed-note';
import { parsePolicy, type TlogPolicy } from '../trail/tlog-policy';
import { parseTlogProof } from '../trail/tlog-proof-format';
import { checkCheckpoint, recomputedHash } from './verify-export';

export interface VerifyReceiptResult {
  ok: boolean;
  origin?: string;
  logIndex?: number;
  treeSize?: number;
  entry?: Record<string, unknown>;
  withheld?: string[];
  /** True when nothing was withheld and the entry's hash was recomputed from the receipt's entry. */
  boundByHash?: boolean;
  problem?: { message: string; zh: string };
}

/**
 * Verifies an applicant's receipt offline (issue 22 §3): the checkpoint against the policy, the
 * inclusion proof of the entry's leaf in it, the log's attestation of the entry as shown, and the
 * entry's hash itself when the receipt shows the whole entry.
 */
export async function verifyReceipt(receiptFile: string, policyFile: string): Promise<VerifyReceiptResult> {
  const fail = (message: string, zh: string, partial: Partial<VerifyReceiptResult> = {}): VerifyReceiptResult => ({
    ok: false,
    ...partial,
    problem: { message, zh },
  });
  let policy: TlogPolicy;
  try {
    policy = parsePolicy(readFileSync(policyFile, 'utf8'));
  } catch (error) {
    return fail(`policy: ${(error as Error).message}`, `信任策略文件有误：${(error as Error).message}`);
  }
  let proof;
  let payload: ReceiptPayload;
  try {
    proof = parseTlogProof(readFileSync(receiptFile, 'utf8'));
    payload = JSON.parse(proof.extra?.toString('utf8') ?? 'null') as ReceiptPayload;
    if ((payload as Partial<ReceiptPayload> | null)?.format !== RECEIPT_FORMAT) throw new Error(`the extra data is not a ${RECEIPT_FORMAT} payload`);
  } catch (error) {
    return fail(`the receipt is malformed: ${(error as Error).message}`, `回执格式有误：${(error as Error).message}`);
  }
  const checked = checkCheckpoint(proof.checkpoint, policy);
  if ('problem' in checked) return fail(checked.problem.message, checked.problem.zh);
  const checkpoint = checked.checkpoint;
  const partial = { origin: checkpoint.origin, logIndex: proof.index, treeSize: checkpoint.size, entry: payload.entry, withheld: payload.withheld };
  if (payload.logIndex !== proof.index || !/^[0-9a-f]{64}$/.test(String(payload.entryHash))) {
    return fail('the receipt names another entry than its proof', '回执所列条目与其证明不符', partial);
  }
  if (!verifyInclusion(proof.index, checkpoint.size, entryLeafHash(payload.entryHash), proof.proof, checkpoint.root)) {
    return fail(
      `the entry is not proven to be at log index ${proof.index} of the checkpoint of size ${checkpoint.size}`,
      `包含证明验证失败：无法证明该条目位于规模 ${checkpoint.size} 的日志的第 ${proof.index} 号`,
      partial,
    );
  }
  let attestation;
  try {
    attestation = checkNote(String(payload.attestation), policy.logs);
  } catch (error) {
    return fail(`the attestation is malformed: ${(error as Error).message}`, `回执签注格式有误：${(error as Error).message}`, partial);
  }
  const expected = attestationText(checkpoint.origin, proof.index, payload.entryHash, payload.entry ?? {}, payload.withheld ?? []);
  const signedByLog = attestation.failed.length === 0 && attestation.verified.some((signature) => signature.verifier.name === checkpoint.origin);
  if (!signedByLog || attestation.note.text !== expected) {
    return fail('the entry shown is not the one the log signed for this receipt', '回执中显示的条目内容与日志签注不符（内容被改动）', partial);
  }
  const boundByHash = (payload.withheld ?? []).length === 0;
  if (boundByHash && recomputedHash(payload.entry) !== payload.entryHash) {
    return fail('the entry does not match its hash', '条目内容与其哈希不符', partial);
  }
  return { ok: true, ...partial, boundByHash };
}

export function receiptReportZh(result: VerifyReceiptResult): string {
  if (!result.ok) return `回执核验未通过：${result.problem?.zh ?? ''}`;
  const lines = [
    '回执核验通过。',
    `日志 ${result.origin} 在规模为 ${result.treeSize} 的已签名检查点中包含第 ${result.logIndex} 号条目。`,
    `条目：${textOf(result.entry?.event)}，时间 ${textOf(result.entry?.at)}。`,
  ];
  if (result.withheld && result.withheld.length > 0) lines.push(`按当事方视图未显示的字段：${result.withheld.join('、')}（所显示内容由日志签注担保）。`);
  return lines.join('\n');
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
