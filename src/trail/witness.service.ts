import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Clock } from '../common/clock';
import { lockNameUntilCommit } from '../database/row-locks';
import { runSql } from '../database/sql';
import { TransactionRunner } from '../database/transaction-runner';
import { readSignedCheckpoint } from './checkpoint-format';
import { hashFromBase64, verifyConsistency } from './merkle-tree';
import { cosignText, parseVkey, SIGNATURE_TYPE_ED25519, SIGNATURE_TYPE_SM2, type Verifier } from './signed-note';
import { TransparencyLog } from './transparency-log.service';

export type WitnessRefusalKind = 'malformed' | 'unknown-log' | 'bad-signature' | 'sizes-reversed' | 'conflict' | 'bad-proof';

/** Why the witness does not cosign: the controller answers 400, 404, 403, 400, 409 or 422. */
export class WitnessRefusal extends Error {
  constructor(
    readonly kind: WitnessRefusalKind,
    message: string,
    /** With a conflict: the size the witness holds for that log, from which the log must prove. */
    readonly treeSize?: number,
  ) {
    super(message);
  }
}

/**
 * This deployment as a witness of other bodies' logs (C2SP tlog-witness, issue 22 §4): the upper-
 * level body cosigns the checkpoints of the lower bodies' logs it is configured for
 * (`TLOG_WITNESS_LOGS`), only when each new checkpoint is consistent with the last one it cosigned
 * for that log, so a log cannot roll back or show two histories to two parties without a witness
 * refusing. The new checkpoint is stored before the cosignature is given.
 *
 * A request: `old <size>`, the consistency proof from that size (base64, one hash a line), a blank
 * line, the signed checkpoint. The answer: the cosignature line(s) for the log to append to its note.
 */
@Injectable()
export class TransparencyWitness {
  private readonly logger = new Logger('TransparencyWitness');
  private readonly logs: Verifier[];

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly transactions: TransactionRunner,
    private readonly clock: Clock,
    private readonly log: TransparencyLog,
  ) {
    this.logs = config.transparency.witnessedLogs.map((vkey, i) => {
      const verifier = parseVkeyNamed(vkey, `TLOG_WITNESS_LOGS[${i}]`);
      if (verifier.type !== SIGNATURE_TYPE_ED25519 && verifier.type !== SIGNATURE_TYPE_SM2)
        throw new Error(`TLOG_WITNESS_LOGS[${i}] must be a log's vkey (Ed25519, type 0x01, or SM2, type 0xff sm2-sm3-emptyid/v1)`);
      return verifier;
    });
  }

  async addCheckpoint(body: string): Promise<string> {
    const { old, proof, note } = parseRequest(body);
    const origin = note.slice(0, note.indexOf('\n'));
    const keys = this.logs.filter((key) => key.name === origin);
    if (keys.length === 0) throw new WitnessRefusal('unknown-log', `this witness does not witness the log ${JSON.stringify(origin)}`);
    let checkpoint;
    try {
      checkpoint = readSignedCheckpoint(note, keys);
    } catch (error) {
      throw new WitnessRefusal('malformed', `the checkpoint is malformed: ${(error as Error).message}`);
    }
    if (checkpoint.note.failed.length > 0 || checkpoint.note.verified.length === 0) {
      throw new WitnessRefusal('bad-signature', `the checkpoint of ${origin} is not signed by its known key`);
    }
    if (old > checkpoint.size) throw new WitnessRefusal('sizes-reversed', `the old size ${old} is greater than the checkpoint's size ${checkpoint.size}`);
    const now = this.clock.now();
    await this.transactions.run(async (manager) => {
      await lockNameUntilCommit(manager, `tlog:witness:${origin}`);
      const { rows } = await runSql(manager, 'SELECT "tree_size", "root_hash" FROM "tlog_witnessed" WHERE "origin" = ?', [origin]);
      const known = rows.length === 0 ? { size: 0, root: undefined } : { size: Number(rows[0].tree_size), root: Buffer.from(String(rows[0].root_hash), 'hex') };
      if (old !== known.size) {
        throw new WitnessRefusal('conflict', `this witness holds ${origin} at size ${known.size}, not ${old}: a rollback, a fork, or a log behind`, known.size);
      }
      if (known.root && old === checkpoint.size && !known.root.equals(checkpoint.root)) {
        throw new WitnessRefusal('conflict', `a fork: ${origin} at size ${old} has another root than the one this witness cosigned`, known.size);
      }
      if (known.root && !verifyConsistency(old, checkpoint.size, known.root, checkpoint.root, proof)) {
        throw new WitnessRefusal('bad-proof', `the consistency proof from size ${old} to ${checkpoint.size} does not verify`);
      }
      if (!known.root && proof.length > 0) throw new WitnessRefusal('bad-proof', 'a first checkpoint comes with no consistency proof');
      const values = [checkpoint.size, checkpoint.root.toString('hex'), note, now.toISOString(), origin];
      if (rows.length === 0) {
        await runSql(manager, 'INSERT INTO "tlog_witnessed" ("tree_size", "root_hash", "checkpoint", "updated_at", "origin") VALUES (?, ?, ?, ?, ?)', values);
      } else {
        await runSql(manager, 'UPDATE "tlog_witnessed" SET "tree_size" = ?, "root_hash" = ?, "checkpoint" = ?, "updated_at" = ? WHERE "origin" = ?', values);
      }
    });
    this.logger.log(`cosigned ${origin} at tree size ${checkpoint.size}`);
    return `${cosignText(checkpoint.note.note.text, this.log.keys.witness, BigInt(Math.floor(now.getTime() / 1000)))}\n`;
  }
}

function parseRequest(body: string): { old: number; proof: Buffer[]; note: string } {
  const split = body.indexOf('\n\n');
  if (split < 0) throw new WitnessRefusal('malformed', 'a request is "old <size>", the proof lines, a blank line and the checkpoint');
  const [first, ...proofLines] = body.slice(0, split).split('\n');
  const old = /^old (0|[1-9][0-9]{0,15})$/.exec(first ?? '');
  if (!old || !Number.isSafeInteger(Number(old[1]))) throw new WitnessRefusal('malformed', 'the first line is "old <size>"');
  if (proofLines.length > 63) throw new WitnessRefusal('malformed', 'a consistency proof has at most 63 hashes');
  const proof = proofLines.map((line, i) => {
    const hash = hashFromBase64(line);
    if (!hash) throw new WitnessRefusal('malformed', `proof line ${i + 1} is not base64 of 32 bytes`);
    return hash;
  });
  return { old: Number(old[1]), proof, note: body.slice(split + 2) };
}

/** A vkey from the configuration; a bad one stops the start naming the setting. */
export function parseVkeyNamed(vkey: string, setting: string): Verifier {
  try {
    return parseVkey(vkey);
  } catch (error) {
    throw new Error(`${setting}: ${(error as Error).message}`);
  }
}
