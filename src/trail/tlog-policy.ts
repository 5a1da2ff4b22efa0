import { parseVkey, SIGNATURE_TYPE_COSIGNATURE_V1, SIGNATURE_TYPE_ED25519, SIGNATURE_TYPE_SM2, type Verifier } from './signed-note';

/**
 * C2SP tlog-policy (https://c2sp.org/tlog-policy): which log keys an auditor trusts, which
 * witnesses, and the quorum of witnesses a checkpoint needs.
 *
 *   log <vkey> [<url>]
 *   witness <name> <vkey> [<url>]
 *   group <name> all|any|<k> <name>...
 *   quorum <name>|none
 *
 * Log keys are Ed25519 (0x01) or SM2 (0xff "sm2-sm3-emptyid/v1", signed-note.ts) vkeys whose name
 * is the log's origin: the vkey itself names the key type. Witness keys are Ed25519 cosignature
 * (0x04) vkeys. Errors name the line.
 */
export interface TlogPolicy {
  logs: Verifier[];
  witnesses: Map<string, Verifier>;
  /** The quorum rule; `none` needs no cosignature. */
  quorum: QuorumRule;
}

export type QuorumRule = { kind: 'none' } | { kind: 'witness'; name: string } | { kind: 'group'; name: string; threshold: number; members: QuorumRule[] };

export class PolicyError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export function parsePolicy(text: string): TlogPolicy {
  const logs: Verifier[] = [];
  const witnesses = new Map<string, Verifier>();
  const rules = new Map<string, QuorumRule>();
  let quorum: QuorumRule | undefined;
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const number = i + 1;
    // eslint-disable-next-line no-control-regex -- a policy line may hold no control character but tab (C2SP tlog-policy)
    if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(raw.replace(/\r$/, '')))
      throw new PolicyError(number, 'control characters other than tab and newline are not allowed');
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const words = line.split(/[ \t]+/);
    const key = (text: string, types: number[], what: string): Verifier => {
      let verifier: Verifier;
      try {
        verifier = parseVkey(text);
      } catch (error) {
        throw new PolicyError(number, `${what} key: ${(error as Error).message}`);
      }
      if (!types.includes(verifier.type))
        throw new PolicyError(
          number,
          types.includes(SIGNATURE_TYPE_ED25519)
            ? `${what} key must be of type 0x01 (Ed25519) or 0xff sm2-sm3-emptyid/v1 (SM2)`
            : `${what} key must be of type 0x04 (Ed25519 cosignature)`,
        );
      const duplicate = [...logs, ...witnesses.values()].find((known) => known.publicKey.equals(verifier.publicKey));
      if (duplicate) throw new PolicyError(number, `the key of ${verifier.name} is listed twice`);
      return verifier;
    };
    switch (words[0]) {
      case 'log':
        if (words.length < 2 || words.length > 3) throw new PolicyError(number, 'log <vkey> [<url>]');
        logs.push(key(words[1], [SIGNATURE_TYPE_ED25519, SIGNATURE_TYPE_SM2], 'a log'));
        return;
      case 'witness': {
        if (words.length < 3 || words.length > 4) throw new PolicyError(number, 'witness <name> <vkey> [<url>]');
        const name = words[1];
        if (name === 'none' || rules.has(name)) throw new PolicyError(number, `the name ${name} is already defined`);
        witnesses.set(name, key(words[2], [SIGNATURE_TYPE_COSIGNATURE_V1], 'a witness'));
        rules.set(name, { kind: 'witness', name });
        return;
      }
      case 'group': {
        if (words.length < 4) throw new PolicyError(number, 'group <name> all|any|<k> <name>...');
        const [, name, thresholdText, ...memberNames] = words;
        if (name === 'none' || rules.has(name)) throw new PolicyError(number, `the name ${name} is already defined`);
        if (new Set(memberNames).size !== memberNames.length) throw new PolicyError(number, 'a member is listed twice');
        const members = memberNames.map((member) => {
          const rule = rules.get(member);
          if (!rule) throw new PolicyError(number, `${member} is not defined on a line before`);
          return rule;
        });
        const threshold =
          thresholdText === 'all' ? members.length : thresholdText === 'any' ? 1 : /^[1-9][0-9]*$/.test(thresholdText) ? Number(thresholdText) : NaN;
        if (!(threshold >= 1 && threshold <= members.length)) throw new PolicyError(number, `the threshold must be all, any or 1 to ${members.length}`);
        rules.set(name, { kind: 'group', name, threshold, members });
        return;
      }
      case 'quorum': {
        if (words.length !== 2) throw new PolicyError(number, 'quorum <name>');
        if (quorum) throw new PolicyError(number, 'a policy has exactly one quorum line');
        if (words[1] === 'none') quorum = { kind: 'none' };
        else {
          const rule = rules.get(words[1]);
          if (!rule) throw new PolicyError(number, `${words[1]} is not defined on a line before`);
          quorum = rule;
        }
        return;
      }
      default:
        throw new PolicyError(number, `unknown line type ${JSON.stringify(words[0])} (log, witness, group, quorum)`);
    }
  });
  if (!quorum) throw new PolicyError(lines.length, 'a policy needs a quorum line (quorum none when no witness is required)');
  return { logs, witnesses, quorum };
}

/** Whether the witnesses whose cosignatures verified satisfy the quorum. */
export function quorumMet(rule: QuorumRule, cosigned: Set<string>): boolean {
  switch (rule.kind) {
    case 'none':
      return true;
    case 'witness':
      return cosigned.has(rule.name);
    case 'group':
      return rule.members.filter((member) => quorumMet(member, cosigned)).length >= rule.threshold;
  }
}

/** Every key of the policy, for checking a note's signatures. */
export function policyKeys(policy: TlogPolicy): Verifier[] {
  return [...policy.logs, ...policy.witnesses.values()];
}

/** The names of the policy's witnesses whose keys are among these verifiers. */
export function witnessNamesOf(policy: TlogPolicy, verified: Verifier[]): Set<string> {
  const names = new Set<string>();
  for (const [name, key] of policy.witnesses) if (verified.some((v) => v.vkey === key.vkey)) names.add(name);
  return names;
}
