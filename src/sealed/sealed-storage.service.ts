import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { lockNameUntilCommit } from '../database/row-locks';
import { forUpdate, runSql } from '../database/sql';
import { TransactionRunner } from '../database/transaction-runner';
import { BLIND_PREFIX, SealedBox } from './sealed-box';
import { holdsPlaintext, storedContextOf } from './sealed-context';
import { pseudonymId, SealedActors } from './sealed-actors';

const KEYS_IN_USE = 'keysInUse';
const PLAINTEXT_SEALED = 'plaintextSealed';
const BATCH = 200;

/** Reads and writes the small state table of sealed storage (which keys are in use, what was upgraded). */
export async function readState(manager: EntityManager, name: string): Promise<string | undefined> {
  const { rows } = await runSql(manager, 'SELECT "value" FROM "sealed_storage_state" WHERE "name" = ?', [name]);
  return rows.length > 0 ? String(rows[0].value) : undefined;
}

/** An upsert: two instances starting at once on one PostgreSQL database may both write a state first. */
export async function writeState(manager: EntityManager, name: string, value: string): Promise<void> {
  await runSql(manager, 'INSERT INTO "sealed_storage_state" ("name", "value") VALUES (?, ?) ON CONFLICT ("name") DO UPDATE SET "value" = excluded."value"', [
    name,
    value,
  ]);
}

export async function keysInUse(manager: EntityManager): Promise<string[]> {
  return JSON.parse((await readState(manager, KEYS_IN_USE)) ?? '[]') as string[];
}

export async function setKeysInUse(manager: EntityManager, ids: string[]): Promise<void> {
  await writeState(manager, KEYS_IN_USE, JSON.stringify([...new Set(ids)].sort()));
}

/**
 * At start-up (module initialisation: before the deadline scheduler starts or a request is
 * served, so nothing else uses the database meanwhile):
 * 1. every key the database's ciphertexts use must be configured: a start without one would
 *    leave those identities unreadable and write new ones under another key, so it refuses and
 *    names the missing keys (SEALED_MISSING_KEYS=ignore starts anyway, for a key known lost);
 * 2. a database written before sealing at rest has its plaintext sealed once: the sealed part of
 *    every case context encrypted, accusers' account ids replaced by their blind index, and
 *    idempotency keys filed under the blind index. The trail itself is insert-only and keeps what
 *    it recorded; reads of older entries show the pseudonym (src/sealed/trail-presenter.ts).
 */
@Injectable()
export class SealedStorage implements OnModuleInit {
  private readonly logger = new Logger('SealedStorage');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly box: SealedBox,
    private readonly actors: SealedActors,
    private readonly transactions: TransactionRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.box.generatedKeyFile) {
      this.logger.warn(
        `generated a key file for sealed identities at ${this.box.generatedKeyFile} (development and demo only; keep it with the database's backups, never inside them)`,
      );
    }
    await this.checkKeys();
    await this.sealPlaintext();
  }

  private async checkKeys(): Promise<void> {
    await this.transactions.run(async (manager) => {
      // Instances starting together with different current keys (a rotation) each add theirs.
      await lockNameUntilCommit(manager, KEYS_IN_USE);
      const inUse = await keysInUse(manager);
      const missing = inUse.filter((id) => !this.box.hasKey(id));
      if (missing.length > 0) {
        const message = `the database holds identities sealed under key(s) ${missing.join(', ')}, which ${this.box.source} does not have`;
        if (!this.config.sealed.ignoreMissingKeys) {
          throw new Error(
            `${message}: configure the key file or SEALED_KEY/SEALED_PREVIOUS_KEYS that has them (docs/operations.md), or set SEALED_MISSING_KEYS=ignore if they are lost`,
          );
        }
        this.logger.error(`${message}; starting anyway (SEALED_MISSING_KEYS=ignore): those identities cannot be revealed`);
      }
      if (!inUse.includes(this.box.currentKeyId)) await setKeysInUse(manager, [...inUse, this.box.currentKeyId]);
    });
  }

  private async sealPlaintext(): Promise<void> {
    if ((await readState(this.dataSource.manager, PLAINTEXT_SEALED)) === 'done') return;
    let sealedCases = 0;
    let cursor = '';
    for (;;) {
      const { rows } = await runSql(
        this.dataSource.manager,
        `SELECT "id" FROM "cases" WHERE "id" > ? AND ("context" LIKE '%"sealed":{"%' OR "accuser_user_id" IS NOT NULL) ORDER BY "id" LIMIT ${BATCH}`,
        [cursor],
      );
      for (const row of rows) if (await this.sealCase(String(row.id))) sealedCases += 1;
      if (rows.length < BATCH) break;
      cursor = String(rows[rows.length - 1].id);
    }
    const rekeyed = await this.rekeyIdempotency();
    await this.transactions.run((manager) => writeState(manager, PLAINTEXT_SEALED, 'done'));
    if (sealedCases + rekeyed > 0) {
      this.logger.log(`sealed the plaintext identities of ${sealedCases} cases and filed ${rekeyed} idempotency keys under the blind index`);
      // SQLite keeps overwritten text in free pages until the file is rebuilt.
      if (this.dataSource.options.type !== 'postgres') await this.dataSource.query('VACUUM');
    }
  }

  private sealCase(id: string): Promise<boolean> {
    return this.transactions.run(async (manager) => {
      const { rows } = await runSql(
        manager,
        `SELECT "procedure", "context", "accuser_user_id", "created_by" FROM "cases" WHERE "id" = ?${forUpdate(manager)}`,
        [id],
      );
      if (rows.length === 0) return false;
      const context = JSON.parse(String(rows[0].context)) as Record<string, unknown> & { parties?: { accuserUserId?: string } };
      const column = (rows[0] as { accuser_user_id: string | null }).accuser_user_id;
      const plainAccuser = context.parties?.accuserUserId ?? (column && !column.startsWith(BLIND_PREFIX) ? column : undefined);
      if (!holdsPlaintext(context) && (column === null || column.startsWith(BLIND_PREFIX))) return false;
      const index = plainAccuser ? this.box.blind(plainAccuser) : column;
      const createdBy = String(rows[0].created_by);
      const person = this.actors.protectedPersonOf({ procedure: String(rows[0].procedure), accuserUserId: index });
      const stored = storedContextOf(this.box, id, context, person && pseudonymId(person.role));
      await runSql(manager, 'UPDATE "cases" SET "context" = ?, "accuser_user_id" = ?, "created_by" = ? WHERE "id" = ?', [
        JSON.stringify(stored),
        index,
        plainAccuser && person && createdBy === plainAccuser ? pseudonymId(person.role) : createdBy,
        id,
      ]);
      return true;
    });
  }

  private async rekeyIdempotency(): Promise<number> {
    const { rows } = await runSql(
      this.dataSource.manager,
      `SELECT DISTINCT "actor_id" FROM "idempotency_keys" WHERE "actor_id" NOT LIKE '${BLIND_PREFIX}%'`,
      [],
    );
    for (const row of rows) {
      const actor = String(row.actor_id);
      await this.transactions.run(async (manager) => {
        await runSql(manager, 'DELETE FROM "idempotency_keys" WHERE "actor_id" = ? AND "key" IN (SELECT "key" FROM "idempotency_keys" WHERE "actor_id" = ?)', [
          actor,
          this.box.blind(actor),
        ]);
        await runSql(manager, 'UPDATE "idempotency_keys" SET "actor_id" = ? WHERE "actor_id" = ?', [this.box.blind(actor), actor]);
      });
    }
    return rows.length;
  }
}
