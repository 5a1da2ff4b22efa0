import { existsSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { runSql } from '../database/sql';
import { SealedBox, SealedKeyMissingError, type SealedEnvelope } from '../sealed/sealed-box';
import { caseAssociatedData, SEALED_KEY } from '../sealed/sealed-context';
import { addKeyToFile, createKeyFile, loadKeyRing } from '../sealed/sealed-keys';
import { setKeysInUse } from '../sealed/sealed-storage.service';
import { openAsIs } from './open-as-is';

export interface RotationReport {
  /** Where the keys are: the key file, or SEALED_KEY. */
  keys: string;
  /** A key file created by this run (there was none). */
  createdKeyFile?: boolean;
  /** The key this run added and made current (key file only). */
  addedKey?: string;
  current: string;
  reencrypted: { cases: number; actors: number };
  /** Values still under another key: changed by the running service meanwhile, or under a key not configured. */
  left: { cases: number; actors: number };
  /** Every key a stored ciphertext still uses: a key not listed can be removed from the file. */
  keysInUse: string[];
}

const BATCH = 200;

/**
 * `npm run rotate-sealed-key`: with a key file, adds a fresh key and makes it current (the older
 * keys stay in the file); with SEALED_KEY, the operator has already made the new key SEALED_KEY
 * and the old one SEALED_PREVIOUS_KEYS. Either way every sealed value (the sealed part of case
 * contexts, the sealed actors) not under the current key is decrypted and encrypted again under
 * it, row by row with a check that the row did not change meanwhile, so it may run while the
 * service runs. What the service wrote meanwhile under its old key is left and reported: restart
 * the service (it then seals under the new key) and run the command again with `--reencrypt-only`.
 */
export async function rotateSealedKey(config: AppConfig, options: { reencryptOnly?: boolean } = {}): Promise<RotationReport> {
  const report: Partial<RotationReport> = {};
  if (!config.sealed.key) {
    const file = config.sealed.keyFile;
    if (!existsSync(file)) {
      createKeyFile(file, config.sealed.cipher);
      report.createdKeyFile = true;
    } else if (!options.reencryptOnly) {
      report.addedKey = addKeyToFile(file, config.sealed.cipher);
    }
  }
  const box = new SealedBox(loadKeyRing({ ...config.sealed, production: true }));
  const dataSource = await openAsIs(config);
  try {
    const cases = await reencryptCases(dataSource, box);
    const actors = await reencryptActors(dataSource, box);
    const keysInUse = [...new Set([box.currentKeyId, ...cases.keys, ...actors.keys])].sort();
    await dataSource.transaction((manager) => setKeysInUse(manager, keysInUse));
    return {
      ...report,
      keys: box.source,
      current: box.currentKeyId,
      reencrypted: { cases: cases.done, actors: actors.done },
      left: { cases: cases.left, actors: actors.left },
      keysInUse,
    };
  } finally {
    await dataSource.destroy();
  }
}

interface Pass {
  done: number;
  left: number;
  /** Key ids still in use after the pass (other than the current one). */
  keys: Set<string>;
}

async function reencryptCases(dataSource: DataSource, box: SealedBox): Promise<Pass> {
  const pass: Pass = { done: 0, left: 0, keys: new Set() };
  let cursor = '';
  for (;;) {
    const { rows } = await runSql(
      dataSource.manager,
      `SELECT "id", "context" FROM "cases" WHERE "id" > ? AND "context" LIKE '%"$sealed"%' ORDER BY "id" LIMIT ${BATCH}`,
      [cursor],
    );
    for (const row of rows) {
      const id = String(row.id);
      const text = String(row.context);
      const context = JSON.parse(text) as { sealed: Record<string, SealedEnvelope> };
      const envelope = context.sealed[SEALED_KEY];
      if (envelope.kid === box.currentKeyId) continue;
      const again = reseal(box, envelope, caseAssociatedData(id));
      const written =
        again &&
        (
          await runSql(dataSource.manager, 'UPDATE "cases" SET "context" = ? WHERE "id" = ? AND "context" = ?', [
            JSON.stringify({ ...context, sealed: { [SEALED_KEY]: again } }),
            id,
            text,
          ])
        ).affected === 1;
      if (written) pass.done += 1;
      else {
        pass.left += 1;
        pass.keys.add(envelope.kid);
      }
    }
    if (rows.length < BATCH) break;
    cursor = String(rows[rows.length - 1].id);
  }
  return pass;
}

async function reencryptActors(dataSource: DataSource, box: SealedBox): Promise<Pass> {
  const pass: Pass = { done: 0, left: 0, keys: new Set() };
  let cursor = '';
  for (;;) {
    const { rows } = await runSql(
      dataSource.manager,
      `SELECT "commitment", "key_id", "sealed" FROM "sealed_actors" WHERE "commitment" > ? ORDER BY "commitment" LIMIT ${BATCH}`,
      [cursor],
    );
    for (const row of rows) {
      const commitment = String(row.commitment);
      const keyId = String(row.key_id);
      if (keyId === box.currentKeyId) continue;
      const again = reseal(box, JSON.parse(String(row.sealed)) as SealedEnvelope, `actor:${commitment}`);
      const written =
        again &&
        (
          await runSql(dataSource.manager, 'UPDATE "sealed_actors" SET "sealed" = ?, "key_id" = ? WHERE "commitment" = ? AND "key_id" = ?', [
            JSON.stringify(again),
            again.kid,
            commitment,
            keyId,
          ])
        ).affected === 1;
      if (written) pass.done += 1;
      else {
        pass.left += 1;
        pass.keys.add(keyId);
      }
    }
    if (rows.length < BATCH) break;
    cursor = String(rows[rows.length - 1].commitment);
  }
  return pass;
}

/** The value under the current key, or undefined when its key is not configured. */
function reseal(box: SealedBox, envelope: SealedEnvelope, associatedData: string): SealedEnvelope | undefined {
  try {
    return box.seal(box.open(envelope, associatedData), associatedData);
  } catch (error) {
    if (error instanceof SealedKeyMissingError) return undefined;
    throw error;
  }
}
