import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CatalogueEntry, CatalogueFact, CatalogueKind } from '../../workflows/core';
import { DEFAULT_CATALOGUE } from '../../workflows/tolerance/tolerance.catalogue';
import { ADMIN_STREAM, TrailWriter } from '../trail/trail-writer';
import { condition, DomainError, type RefusalCondition } from '../common/domain-error';
import { lockNameUntilCommit } from '../database/row-locks';
import { runSql } from '../database/sql';
import { TransactionRunner } from '../database/transaction-runner';
import type { AuthUser } from '../identity/auth-user';
import { Clock } from '../common/clock';
import { dbBool, knownJurisdictions } from './rules-sql';

/** One version of a jurisdiction's catalogue, as the API gives it. */
export interface CatalogueVersionView {
  jurisdiction: string;
  version: number;
  createdBy: string;
  createdAt: string;
  note: string | null;
  entries: CatalogueEntry[];
}

/** An entry as the system administrator sends it. */
interface EntryInput {
  code: string;
  kind: CatalogueKind;
  zh: string;
  en: string;
  legalBasis: string;
  describe: boolean;
}

const CODE = /^[A-Z][A-Z0-9]{1,15}$/;
const MAX_ENTRIES = 200;
const MAX_TEXT = 500;
const KINDS: CatalogueKind[] = ['tolerance', 'exclusion'];
const KIND_ZH: Record<CatalogueKind, string> = { tolerance: '容错情形', exclusion: '不予容错情形' };

/**
 * The catalogues of tolerance situations (容错情形) and exclusion situations (不予容错情形), per
 * jurisdiction and versioned (issue 19 §1). Every jurisdiction starts from the shipped defaults
 * (domain.md §3.6, 问责条例 2019 art. 17) as version 1, written the first time its catalogue is
 * needed; each edit by the system administrator stores a whole new version, with its entry on the
 * `admin` chain in the same transaction. Versions are never changed afterwards: a case keeps the
 * version it was first assessed under (the engine hands the machine that version's entries).
 */
@Injectable()
export class CataloguesService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly trail: TrailWriter,
    private readonly clock: Clock,
  ) {}

  /** Every jurisdiction with its current version. */
  overview(): Promise<Array<{ jurisdiction: string; version: number; entries: number; updatedAt: string; updatedBy: string }>> {
    return this.transactions.run(async (manager) => {
      const result = [];
      for (const jurisdiction of await knownJurisdictions(manager)) {
        const current = await this.current(manager, jurisdiction);
        result.push({ jurisdiction, version: current.version, entries: current.entries.length, updatedAt: current.createdAt, updatedBy: current.createdBy });
      }
      return result;
    });
  }

  /** The version in force, or a given one; with the list of all versions. */
  read(jurisdiction: string, version?: number): Promise<CatalogueVersionView & { versions: Array<Omit<CatalogueVersionView, 'entries' | 'jurisdiction'>> }> {
    return this.transactions.run(async (manager) => {
      await this.assertKnown(manager, jurisdiction);
      const current = await this.current(manager, jurisdiction);
      const shown = version === undefined || version === current.version ? current : await this.version(manager, jurisdiction, version);
      if (!shown) {
        throw new DomainError('CATALOGUE.NOT_FOUND', `No version ${version} of ${jurisdiction}'s catalogue`, {
          conditions: [
            condition('catalogue.noSuchVersion', `${jurisdiction}辖区的目录没有第${version}版`, `The ${jurisdiction} catalogue has no version ${version}`),
          ],
        });
      }
      const { rows } = await runSql(
        manager,
        'SELECT "version", "created_by", "created_at", "note" FROM "catalogue_versions" WHERE "jurisdiction" = ? ORDER BY "version" DESC',
        [jurisdiction],
      );
      const versions = rows.map((row) => ({
        version: Number(row.version),
        createdBy: String(row.created_by),
        createdAt: String(row.created_at),
        note: row.note === null ? null : (row.note as string),
      }));
      return { ...shown, versions };
    });
  }

  /** The entries of the codes asked for, from the given version (the case's) or the one in force. */
  async resolve(manager: EntityManager, jurisdiction: string, codes: string[], version?: number): Promise<CatalogueFact> {
    const found = (version !== undefined ? await this.version(manager, jurisdiction, version) : undefined) ?? (await this.current(manager, jurisdiction));
    return { jurisdiction, version: found.version, entries: found.entries.filter((entry) => codes.includes(entry.code)) };
  }

  /**
   * A new version of a jurisdiction's catalogue: the whole list as it is to be. `expectedVersion`
   * is the version the administrator edited, so a concurrent edit is not overwritten.
   */
  edit(admin: AuthUser, jurisdiction: string, body: unknown): Promise<CatalogueVersionView> {
    const input = parseCatalogue(body);
    return this.transactions.run(async (manager) => {
      await this.assertKnown(manager, jurisdiction);
      await lockNameUntilCommit(manager, `catalogue:${jurisdiction}`);
      const current = await this.current(manager, jurisdiction);
      if (input.expectedVersion !== current.version) {
        throw new DomainError('CATALOGUE.CHANGED', `The catalogue is at version ${current.version}, not ${input.expectedVersion}`, {
          currentVersion: current.version,
          conditions: [
            condition(
              'catalogue.changed',
              `目录已被修改为第${current.version}版，请在最新版本的基础上修改`,
              `The catalogue is now at version ${current.version}: edit the latest version`,
            ),
          ],
        });
      }
      const entries = input.entries.map(toEntry);
      const changes = differences(current.entries, entries);
      if (changes.added.length + changes.removed.length + changes.changed.length === 0) {
        throw new DomainError('CATALOGUE.UNCHANGED', 'Nothing changed', {
          conditions: [condition('catalogue.unchanged', '目录内容没有变化，无需保存新版本', 'Nothing changed: no new version is stored')],
        });
      }
      const version = current.version + 1;
      const at = this.clock.now().toISOString();
      await this.store(manager, jurisdiction, version, entries, admin.id, at, input.note ?? null);
      await this.trail.record(manager, ADMIN_STREAM, {
        event: 'CATALOGUE_CHANGED',
        actorId: admin.id,
        actorRole: 'sysAdmin',
        outcome: 'applied',
        data: { jurisdiction, version, previousVersion: current.version, ...changes, ...(input.note ? { note: input.note } : {}) },
      });
      return { jurisdiction, version, createdBy: admin.id, createdAt: at, note: input.note ?? null, entries };
    });
  }

  /** The version in force; a jurisdiction without one gets the shipped defaults as version 1. */
  private async current(manager: EntityManager, jurisdiction: string): Promise<CatalogueVersionView> {
    const { rows } = await runSql(manager, 'SELECT max("version") AS "version" FROM "catalogue_versions" WHERE "jurisdiction" = ?', [jurisdiction]);
    const latest = rows[0]?.version;
    if (latest !== null && latest !== undefined) return (await this.version(manager, jurisdiction, Number(latest)))!;
    await lockNameUntilCommit(manager, `catalogue:${jurisdiction}`);
    const again = await runSql(manager, 'SELECT 1 AS "found" FROM "catalogue_versions" WHERE "jurisdiction" = ? AND "version" = 1', [jurisdiction]);
    if (again.rows.length === 0)
      await this.store(manager, jurisdiction, 1, DEFAULT_CATALOGUE, 'system', this.clock.now().toISOString(), '随系统提供的默认目录');
    return (await this.version(manager, jurisdiction, 1))!;
  }

  private async version(manager: EntityManager, jurisdiction: string, version: number): Promise<CatalogueVersionView | undefined> {
    const head = await runSql(manager, 'SELECT "created_by", "created_at", "note" FROM "catalogue_versions" WHERE "jurisdiction" = ? AND "version" = ?', [
      jurisdiction,
      version,
    ]);
    if (head.rows.length === 0) return undefined;
    const { rows } = await runSql(
      manager,
      'SELECT "code", "kind", "wording_zh", "wording_en", "legal_basis", "describe" FROM "catalogue_entries" WHERE "jurisdiction" = ? AND "version" = ? ORDER BY "position"',
      [jurisdiction, version],
    );
    return {
      jurisdiction,
      version,
      createdBy: String(head.rows[0].created_by),
      createdAt: String(head.rows[0].created_at),
      note: head.rows[0].note === null ? null : (head.rows[0].note as string),
      entries: rows.map((row) => ({
        code: String(row.code),
        kind: row.kind as CatalogueKind,
        wording: { zh: String(row.wording_zh), en: String(row.wording_en) },
        legalBasis: String(row.legal_basis),
        describe: row.describe === true || row.describe === 1,
      })),
    };
  }

  private async store(
    manager: EntityManager,
    jurisdiction: string,
    version: number,
    entries: CatalogueEntry[],
    by: string,
    at: string,
    note: string | null,
  ): Promise<void> {
    await runSql(manager, 'INSERT INTO "catalogue_versions" ("jurisdiction", "version", "created_by", "created_at", "note") VALUES (?, ?, ?, ?, ?)', [
      jurisdiction,
      version,
      by,
      at,
      note,
    ]);
    for (const [position, entry] of entries.entries()) {
      await runSql(
        manager,
        'INSERT INTO "catalogue_entries" ("jurisdiction", "version", "code", "position", "kind", "wording_zh", "wording_en", "legal_basis", "describe") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [jurisdiction, version, entry.code, position, entry.kind, entry.wording.zh, entry.wording.en, entry.legalBasis, dbBool(manager, entry.describe)],
      );
    }
  }

  private async assertKnown(manager: EntityManager, jurisdiction: string): Promise<void> {
    if ((await knownJurisdictions(manager)).includes(jurisdiction)) return;
    throw new DomainError('CATALOGUE.NOT_FOUND', `No jurisdiction ${jurisdiction}`, {
      conditions: [
        condition(
          'catalogue.noSuchJurisdiction',
          `没有名为“${jurisdiction.slice(0, 64)}”的辖区（辖区随单位登记）`,
          `No jurisdiction ${jurisdiction.slice(0, 64)} (jurisdictions come with the units)`,
        ),
      ],
    });
  }
}

function toEntry(input: EntryInput): CatalogueEntry {
  return { code: input.code, kind: input.kind, wording: { zh: input.zh, en: input.en || input.zh }, legalBasis: input.legalBasis, describe: input.describe };
}

/** Codes added, removed, or whose kind, wording, basis or "other" flag changed. */
function differences(before: CatalogueEntry[], after: CatalogueEntry[]): { added: string[]; removed: string[]; changed: string[] } {
  const old = new Map(before.map((entry) => [entry.code, JSON.stringify(entry)]));
  const next = new Map(after.map((entry) => [entry.code, JSON.stringify(entry)]));
  return {
    added: [...next.keys()].filter((code) => !old.has(code)),
    removed: [...old.keys()].filter((code) => !next.has(code)),
    changed: [...next.keys()].filter((code) => old.has(code) && old.get(code) !== next.get(code)),
  };
}

/**
 * The body of an edit, checked in full: every problem is named with its entry and field, in both
 * languages, and nothing is stored while any remains.
 */
export function parseCatalogue(body: unknown): { expectedVersion: number; note?: string; entries: EntryInput[] } {
  const problems: RefusalCondition[] = [];
  const fields: Array<{ field: string; messages: string[] }> = [];
  const problem = (code: string, zh: string, en: string, field: string) => {
    problems.push(condition(code, zh, en, field));
    fields.push({ field, messages: [en] });
  };
  const record = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!['expectedVersion', 'note', 'entries'].includes(key))
      problem('catalogue.unknownField', `不认识的字段“${key.slice(0, 40)}”`, `Unknown field ${key.slice(0, 40)}`, key.slice(0, 40));
  }
  if (!Number.isInteger(record.expectedVersion) || (record.expectedVersion as number) < 1) {
    problem('catalogue.expectedVersion', '请注明所修改的目录版本（正整数）', 'Give the version you edited (a positive integer)', 'expectedVersion');
  }
  if (record.note !== undefined && (typeof record.note !== 'string' || record.note.length > MAX_TEXT)) {
    problem('catalogue.note', `修改说明应为不超过${MAX_TEXT}个字的文字`, `The note must be text of at most ${MAX_TEXT} characters`, 'note');
  }
  const list = Array.isArray(record.entries) ? record.entries : undefined;
  if (!list || list.length === 0 || list.length > MAX_ENTRIES) {
    problem('catalogue.entries', `目录应有1至${MAX_ENTRIES}条情形`, `The catalogue holds 1 to ${MAX_ENTRIES} situations`, 'entries');
  }
  const entries: EntryInput[] = [];
  for (const [index, raw] of (list ?? []).slice(0, MAX_ENTRIES).entries()) {
    const at = `entries[${index}]`;
    const item = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
    const text = (key: string, required: boolean): string => {
      const value = item[key];
      if (value === undefined || value === null || value === '') {
        if (required) problem('catalogue.required', `第${index + 1}条缺少${LABELS_ZH[key]}`, `Entry ${index + 1}: ${key} is required`, `${at}.${key}`);
        return '';
      }
      // eslint-disable-next-line no-control-regex -- control characters are what a catalogue entry may not hold
      if (typeof value !== 'string' || value.length > MAX_TEXT || !/\S/.test(value) || /[\u0000-\u001f]/.test(value)) {
        problem(
          'catalogue.text',
          `第${index + 1}条的${LABELS_ZH[key]}应为不超过${MAX_TEXT}个字的一行文字`,
          `Entry ${index + 1}: ${key} must be one line of at most ${MAX_TEXT} characters`,
          `${at}.${key}`,
        );
        return '';
      }
      return value.trim();
    };
    const code = text('code', true);
    if (code && !CODE.test(code))
      problem(
        'catalogue.code',
        `第${index + 1}条的编号“${code.slice(0, 20)}”应为大写字母开头、2至16位的大写字母或数字（如T08）`,
        `Entry ${index + 1}: a code is 2–16 capital letters or digits starting with a letter (e.g. T08)`,
        `${at}.code`,
      );
    const kind = item.kind as CatalogueKind;
    if (!KINDS.includes(kind))
      problem('catalogue.kind', `第${index + 1}条的类别应为容错情形或不予容错情形`, `Entry ${index + 1}: kind is tolerance or exclusion`, `${at}.kind`);
    if (item.describe !== undefined && typeof item.describe !== 'boolean')
      problem('catalogue.describe', `第${index + 1}条“须具体说明”应为是或否`, `Entry ${index + 1}: describe is true or false`, `${at}.describe`);
    entries.push({ code, kind, zh: text('zh', true), en: text('en', false), legalBasis: text('legalBasis', true), describe: item.describe === true });
  }
  const codes = entries.map((entry) => entry.code).filter(Boolean);
  const twice = [...new Set(codes.filter((code, index) => codes.indexOf(code) !== index))];
  if (twice.length > 0) problem('catalogue.duplicateCode', `编号${twice.join('、')}重复`, `Codes used twice: ${twice.join(', ')}`, 'entries');
  if (list && list.length > 0) {
    for (const kind of KINDS) {
      const ofKind = entries.filter((entry) => entry.kind === kind);
      if (ofKind.length === 0)
        problem('catalogue.kindMissing', `目录须至少有一条${KIND_ZH[kind]}`, `The catalogue needs at least one ${kind} situation`, 'entries');
      else if (ofKind.filter((entry) => entry.describe).length !== 1) {
        problem(
          'catalogue.otherEntry',
          `${KIND_ZH[kind]}须有且只有一条“其他（须具体说明）”情形`,
          `The ${kind} situations need exactly one “other, described” entry`,
          'entries',
        );
      }
    }
  }
  if (problems.length > 0) throw new DomainError('CATALOGUE.INVALID', problems[0].en, { fields, conditions: problems });
  return {
    expectedVersion: record.expectedVersion as number,
    ...(typeof record.note === 'string' && record.note.trim() ? { note: record.note.trim() } : {}),
    entries,
  };
}

const LABELS_ZH: Record<string, string> = { code: '编号', zh: '情形（中文）', en: '情形（英文）', legalBasis: '依据' };
