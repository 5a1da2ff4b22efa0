import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomInt } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { condition, DomainError } from '../common/domain-error';
import { TransactionRunner } from '../database/transaction-runner';
import type { AuthUser } from '../identity/auth-user';
import { passwordProblems } from '../identity/password-policy';
import { hashPassword } from '../identity/password-hasher';
import { UserEntity } from '../identity/user.entity';
import { UsersService } from '../identity/users.service';
import { BodyEntity } from '../org/body.entity';
import { CadreEntity } from '../org/cadre.entity';
import { cadreSearchText } from '../org/directory.service';
import { searchTextOf } from '../common/pinyin-initials';
import { UnitEntity } from '../org/unit.entity';
import { ADMIN_STREAM, TrailWriter } from '../trail/trail-writer';
import { MAX_NEW_ACCOUNTS, SHEET_ORDER, type SheetKind } from './import-format';
import { planImport, type ExistingDirectory, type ImportReport, type ImportWrites } from './import-plan';
import { fileRefusal, readSpreadsheet, type ParsedFile } from './spreadsheet-reader';

export interface InitialPassword {
  id: string;
  displayName: string;
  password: string;
}

export interface ImportResult extends ImportReport {
  /** Something was created; false when the directory already held every row (a second import). */
  changed: boolean;
  /** Each new account's generated password, shown this once: never stored, logged or on the trail. */
  initialPasswords: InitialPassword[];
}

/** Inserted this many rows at a time: one statement's parameters stay within every database's limit. */
const CHUNK = 200;

/**
 * Brings an existing directory in from a spreadsheet (issue 18 §4): bodies, units, cadres and staff
 * accounts. The dry run reports each row; the import writes every new row, or none, in one
 * transaction with its entry on the `admin` chain (the file's SHA-256, the counts, who imported).
 * A row the directory already holds unchanged is left; one it holds with other values is a
 * conflict, reported and left as the directory has it (never overwritten); any row with a problem
 * stops the whole import. New accounts get no roles (the security administrator grants them) and
 * a generated initial password handed back once.
 */
@Injectable()
export class DirectoryImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly transactions: TransactionRunner,
    private readonly writer: TrailWriter,
    private readonly clock: Clock,
  ) {}

  async dryRun(body: Buffer, format: 'xlsx' | 'csv'): Promise<ImportReport> {
    const file = await readSpreadsheet(body, format);
    const { report, writes } = planImport(file, sha256(body), await this.existing(this.dataSource.manager, file));
    assertAccountLimit(writes);
    return report;
  }

  async import(admin: AuthUser, body: Buffer, format: 'xlsx' | 'csv'): Promise<ImportResult> {
    const file = await readSpreadsheet(body, format);
    const digest = sha256(body);
    const first = planImport(file, digest, await this.existing(this.dataSource.manager, file));
    assertImportable(first.report, first.writes);
    // The slow hashes before the transaction, so it does not hold the database meanwhile.
    const initialPasswords = first.writes.accounts.map((account) => ({
      id: account.id,
      displayName: account.displayName,
      password: initialPassword(account.id),
    }));
    const hashes = new Map<string, string>();
    for (const account of initialPasswords) hashes.set(account.id, await hashPassword(account.password));

    const report = await this.transactions.run(async (manager) => {
      // Planned again inside the transaction: what another administrator added meanwhile counts.
      const { report, writes } = planImport(file, digest, await this.existing(manager, file));
      assertImportable(report, writes);
      if (writes.accounts.some((account) => !hashes.has(account.id))) {
        throw new DomainError('ADMIN.CONFLICT', 'The directory changed while the file was imported', {
          conditions: [
            condition(
              'import.changedMeanwhile',
              '导入期间名录已被他人修改：请重新预检后再导入',
              'The directory changed during the import: run the dry run again, then import',
            ),
          ],
        });
      }
      if (!hasWrites(writes)) return report;
      await this.write(manager, writes, hashes);
      await this.writer.record(manager, ADMIN_STREAM, {
        event: 'DIRECTORY_IMPORTED',
        actorId: admin.id,
        actorRole: 'sysAdmin',
        outcome: 'applied',
        data: {
          sha256: digest,
          format,
          counts: Object.fromEntries(
            SHEET_ORDER.map((kind) => [
              kind,
              { created: report.counts[kind].create, unchanged: report.counts[kind].unchanged, conflicting: report.counts[kind].conflict },
            ]),
          ),
        },
      });
      return report;
    });
    const created = report.counts.total.create > 0;
    return { ...report, changed: created, initialPasswords: created ? initialPasswords : [] };
  }

  private async write(manager: EntityManager, writes: ImportWrites, hashes: Map<string, string>): Promise<void> {
    const at = this.clock.now().toISOString();
    const bodies: BodyEntity[] = writes.bodies.map((body) => ({ ...body, searchText: searchTextOf(body.name), createdAt: at }));
    const units: UnitEntity[] = writes.units.map((unit) => ({ ...unit, searchText: searchTextOf(unit.name), createdAt: at }));
    const cadres: CadreEntity[] = writes.cadres.map(({ initials, ...cadre }) => ({
      ...cadre,
      searchText: cadreSearchText(cadre.name, initials),
      createdAt: at,
    }));
    for (const part of chunks(bodies)) await manager.getRepository(BodyEntity).insert(part);
    for (const part of chunks(units)) await manager.getRepository(UnitEntity).insert(part);
    for (const account of writes.accounts) {
      await this.users.insert(
        manager,
        {
          id: account.id,
          displayName: account.displayName,
          unitId: account.unitId,
          passwordHash: hashes.get(account.id)!,
          roles: [],
          mustChangePassword: true,
        },
        at,
      );
    }
    for (const part of chunks(cadres)) await manager.getRepository(CadreEntity).insert(part);
  }

  /** The directory's records for every id the file names. */
  private async existing(manager: EntityManager, file: ParsedFile): Promise<ExistingDirectory> {
    const ids = (kind: SheetKind, key = 'id') =>
      file.sheets.filter((sheet) => sheet.kind === kind).flatMap((sheet) => sheet.rows.map((row) => row.values[key] ?? ''));
    const bodies = new Map<string, ExistingDirectory['bodies'] extends Map<string, infer V> ? V : never>();
    // Every body: short names are unique across the whole tree, and parents are walked for cycles.
    for (const body of await manager.getRepository(BodyEntity).find()) bodies.set(body.id, body);
    const units: ExistingDirectory['units'] = new Map();
    const unitIds = [...ids('units'), ...ids('cadres', 'unitId'), ...ids('accounts', 'unitId')];
    for (const unit of await findIn(manager, UnitEntity, unitIds)) units.set(unit.id, unit);
    const cadres: ExistingDirectory['cadres'] = new Map();
    for (const cadre of await findIn(manager, CadreEntity, ids('cadres'))) cadres.set(cadre.id, cadre);
    const users: ExistingDirectory['users'] = new Map();
    const userIds = [...ids('accounts'), ...ids('cadres'), ...ids('cadres', 'userId')];
    for (const user of await findIn(manager, UserEntity, userIds)) users.set(user.id, user);
    return { bodies, units, cadres, users };
  }
}

async function findIn<T extends { id: string }>(manager: EntityManager, entity: new () => T, ids: string[]): Promise<T[]> {
  const found: T[] = [];
  for (const part of chunks([...new Set(ids.filter(Boolean))])) {
    found.push(...(await manager.getRepository(entity).findBy({ id: In(part) } as never)));
  }
  return found;
}

function assertImportable(report: ImportReport, writes: ImportWrites): void {
  if (!report.ok) {
    const bad = report.counts.total.invalid;
    throw new DomainError('IMPORT.ROWS_INVALID', `${bad} row(s) have problems; nothing was imported`, {
      conditions: [
        condition(
          'import.rowsInvalid',
          `文件中有 ${bad} 行不符合要求，未导入任何内容：请按预检报告修改后重新导入`,
          `${bad} row(s) have problems; nothing was imported. Correct them as the report says and import again`,
        ),
      ],
      report,
    });
  }
  assertAccountLimit(writes);
}

function assertAccountLimit(writes: ImportWrites): void {
  if (writes.accounts.length > MAX_NEW_ACCOUNTS) {
    throw fileRefusal(
      'import.tooManyAccounts',
      `一次最多导入 ${MAX_NEW_ACCOUNTS} 个新账号，本文件有 ${writes.accounts.length} 个：请分成几个文件导入`,
      `At most ${MAX_NEW_ACCOUNTS} new accounts per file, this one has ${writes.accounts.length}: split it into several files`,
    );
  }
}

const hasWrites = (writes: ImportWrites) => writes.bodies.length + writes.units.length + writes.accounts.length + writes.cadres.length > 0;

function sha256(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

function chunks<T>(items: T[]): T[][] {
  const parts: T[][] = [];
  for (let index = 0; index < items.length; index += CHUNK) parts.push(items.slice(index, index + CHUNK));
  return parts;
}

/** Letters and digits that cannot be mistaken for one another when read out or copied by hand. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const SYMBOLS = '!#%+-=?@';

/** 16 characters from a cryptographic source, meeting the password policy (four classes). */
export function initialPassword(userId: string): string {
  for (;;) {
    const chars = Array.from({ length: 14 }, () => ALPHABET[randomInt(ALPHABET.length)]);
    chars.splice(randomInt(chars.length + 1), 0, SYMBOLS[randomInt(SYMBOLS.length)]);
    chars.splice(randomInt(chars.length + 1), 0, String(2 + randomInt(8)));
    const password = chars.join('');
    if (passwordProblems(password, userId).length === 0 && /[a-z]/.test(password) && /[A-Z]/.test(password)) return password;
  }
}
