import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { parseCheckpointText } from './checkpoint-format';
import { toBase64 } from './merkle-tree';
import { parseNote, parseSignatureLine, SIGNATURE_TYPE_COSIGNATURE_V1, verifySignature, type Verifier } from './signed-note';
import { parseVkeyNamed } from './witness.service';
import { TransparencyLog, type StoredCheckpoint } from './transparency-log.service';

interface Witness {
  url: string;
  key: Verifier;
}

/**
 * The log's side of witnessing (C2SP tlog-witness, issue 22 §4): each new checkpoint goes to every
 * witness of `TLOG_WITNESSES` (the upper-level body's deployment) with the consistency proof from
 * the size that witness last cosigned; the cosignature that comes back is checked against the
 * witness's key and stored with the checkpoint, so verifiers whose policy requires that witness
 * accept it. A witness that holds another size (409) is asked once more from its size; a refusal
 * or an unreachable witness is logged and leaves the checkpoint without that cosignature.
 */
@Injectable()
export class WitnessClient implements OnModuleInit {
  private readonly logger = new Logger('WitnessClient');
  private readonly witnesses: Witness[];

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly log: TransparencyLog,
  ) {
    this.witnesses = config.transparency.witnesses.map(({ url, vkey }, i) => {
      const key = parseVkeyNamed(vkey, `TLOG_WITNESSES[${i}]`);
      if (key.type !== SIGNATURE_TYPE_COSIGNATURE_V1) throw new Error(`TLOG_WITNESSES[${i}] needs a witness cosignature vkey (type 0x04)`);
      return { url, key };
    });
  }

  onModuleInit(): void {
    if (this.witnesses.length > 0) this.log.onCheckpoint((checkpoint) => this.submit(checkpoint));
  }

  async submit(checkpoint: StoredCheckpoint): Promise<void> {
    for (const witness of this.witnesses) {
      try {
        await this.submitTo(witness, checkpoint);
      } catch (error) {
        this.logger.warn(`witness ${witness.key.name} did not cosign tree size ${checkpoint.treeSize}: ${(error as Error).message}`);
      }
    }
  }

  private async submitTo(witness: Witness, checkpoint: StoredCheckpoint): Promise<void> {
    let old = await this.log.cosignedSize(witness.key.vkey);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      if (old > checkpoint.treeSize) throw new Error(`the witness holds size ${old}, beyond this checkpoint's ${checkpoint.treeSize}`);
      const proof = await this.log.consistencyProofBetween(old, checkpoint.treeSize);
      const body = `old ${old}\n${proof.map((hash) => `${toBase64(hash)}\n`).join('')}\n${checkpoint.note}`;
      const response = await fetch(`${witness.url}/add-checkpoint`, { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body });
      const text = await response.text();
      if (response.status === 409 && attempt === 0) {
        const size = Number((JSON.parse(text) as { details?: { treeSize?: unknown } }).details?.treeSize);
        if (!Number.isSafeInteger(size) || size === old) throw new Error(`409 ${text.slice(0, 200)}`);
        old = size;
        continue;
      }
      if (!response.ok) throw new Error(`${response.status} ${text.slice(0, 300)}`);
      const signed = parseNote(checkpoint.note).text;
      parseCheckpointText(signed);
      for (const line of text.split('\n').filter((l) => l.length > 0)) {
        const signature = parseSignatureLine(line);
        if (signature.name !== witness.key.name || signature.keyId !== witness.key.keyId || !verifySignature(signed, signature, witness.key)) {
          throw new Error('the cosignature returned does not verify under the witness key');
        }
        await this.log.storeCosignature(checkpoint.treeSize, witness.key.vkey, line);
      }
      return;
    }
  }
}
