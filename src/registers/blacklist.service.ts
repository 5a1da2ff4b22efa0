import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { officeDayOf, type RegisterParams } from '../../workflows/core';
import { AUDIT_READS_STREAM } from '../trail/reads-on-record';
import { TrailWriter } from '../trail/trail-writer';
import type { RegisterCase } from './register-case';
import { runSql } from '../database/sql';
import type { AuthUser } from '../identity/auth-user';
import { Clock } from '../common/clock';
import { SealedBox } from '../sealed/sealed-box';

/** An entry as staff may read it: the decision and its period, never the person. */
export interface BlacklistEntryView {
  id: string;
  caseId: string;
  jurisdiction: string;
  decidingBody: string;
  decidedOn: string;
  measures: string[];
  stage: string;
  from: string;
  until: string;
  /** `expired` once `until` has passed, `withdrawn` when a review changed the decision. */
  status: 'active' | 'expired' | 'withdrawn';
  withdrawnAt: string | null;
}

/** A person as a case's sealed part names them. */
export interface SealedPerson {
  name?: string;
  contact?: string;
  account?: string;
}

const COLUMNS = '"id", "case_id", "jurisdiction", "deciding_body", "decided_on", "measures", "stage", "from_date", "until_date", "status", "withdrawn_at"';

/**
 * The credit blacklist (失信黑名单, Qingdao §12; issue 19 §5). A false-accusation decision that
 * lists the blacklist measure enters the accuser (the machine's `register` effect, in the
 * decision's transaction): the person sealed like any accuser identity (encrypted, and found
 * again only through keyed blind indexes of the account and of name with contact), the deciding
 * body and decision, from and until. A review that changes the decision withdraws its entry;
 * an entry expires after its last day. Every read of the register is on the `audit-reads`
 * chain: the list, and each check of a reporter a granted reveal makes.
 */
@Injectable()
export class BlacklistRegister {
  constructor(
    private readonly box: SealedBox,
    private readonly trail: TrailWriter,
    private readonly clock: Clock,
  ) {}

  async add(manager: EntityManager, row: RegisterCase, params: RegisterParams, sealed: Record<string, unknown>): Promise<number> {
    const keys = params.sealedPerson!;
    const person: SealedPerson = {
      name: text(sealed[keys.name]),
      contact: keys.contact ? text(sealed[keys.contact]) : undefined,
      account: keys.account ? text(sealed[keys.account]) : undefined,
    };
    const entry = params.entry as { decidingBody: string; decidedOn: string; measures: string[]; from: string; until: string; stage: string };
    const id = randomUUID();
    await runSql(
      manager,
      `INSERT INTO "blacklist_entries" ("id", "case_id", "jurisdiction", "person_sealed", "account_index", "name_index", "deciding_body", "decided_on", "measures", "stage", "from_date", "until_date", "status", "created_at")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?)`,
      [
        id,
        row.id,
        row.jurisdiction,
        JSON.stringify(this.box.sealJson(person, `blacklist:${id}`)),
        person.account ? this.box.blind(person.account) : null,
        this.nameIndex(person),
        entry.decidingBody,
        entry.decidedOn,
        JSON.stringify(entry.measures),
        entry.stage,
        entry.from,
        entry.until,
        this.clock.now().toISOString(),
      ],
    );
    return 1;
  }

  /** A review changed the decision: the case's active entries leave the register. */
  async withdraw(manager: EntityManager, caseId: string): Promise<number> {
    const { affected } = await runSql(
      manager,
      `UPDATE "blacklist_entries" SET "status" = 'withdrawn', "withdrawn_at" = ? WHERE "case_id" = ? AND "status" = 'active'`,
      [this.clock.now().toISOString(), caseId],
    );
    return affected;
  }

  /** The register as staff of these jurisdictions may read it; the read is on the record. */
  async list(manager: EntityManager, user: AuthUser, jurisdictions: string[] | '*'): Promise<BlacklistEntryView[]> {
    const { rows } = await runSql(manager, `SELECT ${COLUMNS} FROM "blacklist_entries" ORDER BY "created_at" DESC`, []);
    const entries = rows.map((row) => this.view(row)).filter((entry) => jurisdictions === '*' || jurisdictions.includes(entry.jurisdiction));
    await this.recordRead(manager, user, 'BLACKLIST_READ', { entries: entries.length });
    return entries;
  }

  /**
   * The entries in force that name the person a case's sealed part holds (a reporter): by their
   * account, or by name and contact. Only a granted reveal asks, and the check is on the record.
   */
  async entriesFor(manager: EntityManager, user: AuthUser, caseId: string, sealed: Record<string, unknown>): Promise<BlacklistEntryView[]> {
    const person = personOf(sealed);
    const account = person.account ? this.box.blind(person.account) : null;
    const name = this.nameIndex(person);
    const { rows } = await runSql(
      manager,
      `SELECT ${COLUMNS} FROM "blacklist_entries" WHERE "case_id" <> ? AND (("account_index" IS NOT NULL AND "account_index" = ?) OR ("name_index" IS NOT NULL AND "name_index" = ?)) ORDER BY "from_date"`,
      [caseId, account ?? '', name ?? ''],
    );
    const listed = rows.map((row) => this.view(row)).filter((entry) => entry.status === 'active');
    await this.recordRead(manager, user, 'BLACKLIST_CHECKED', { caseId, listed: listed.length });
    return listed;
  }

  private view(row: Record<string, unknown>): BlacklistEntryView {
    const today = officeDayOf(this.clock.now().toISOString());
    const until = String(row.until_date);
    const from = String(row.from_date);
    const stored = String(row.status);
    return {
      id: String(row.id),
      caseId: String(row.case_id),
      jurisdiction: String(row.jurisdiction),
      decidingBody: String(row.deciding_body),
      decidedOn: String(row.decided_on),
      measures: JSON.parse(String(row.measures)) as string[],
      stage: String(row.stage),
      from,
      until,
      // An entry is in force from its first to its last day; after that it has expired.
      status: stored === 'withdrawn' ? 'withdrawn' : today > until || today < from ? 'expired' : 'active',
      withdrawnAt: row.withdrawn_at === null ? null : (row.withdrawn_at as string),
    };
  }

  private nameIndex(person: SealedPerson): string | null {
    if (!person.name || !person.contact) return null;
    return this.box.blindPerson(person.name.replace(/\s+/g, ''), normaliseContact(person.contact));
  }

  /** Reads of the register are on the record (检举控告工作规则 art. 52: the trail shows who read what). */
  private async recordRead(manager: EntityManager, user: AuthUser, event: string, data: Record<string, unknown>): Promise<void> {
    await this.trail.append(manager, {
      streamId: AUDIT_READS_STREAM,
      caseId: null,
      procedure: null,
      procedureVersion: null,
      fromState: null,
      toState: null,
      event,
      outcome: 'read',
      actorId: user.id,
      actorRole: user.roles[0]?.role ?? 'unknown',
      at: this.clock.now().toISOString(),
      data: { register: 'creditBlacklist', ...data },
    });
  }
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/** A phone number written with or without separators is the same number. */
const normaliseContact = (contact: string): string => (/^[\d\s+()-]+$/.test(contact) ? contact.replace(/[^\d+]/g, '') : contact.trim());

/** The person a case's sealed part holds (`reporterName`, `accuserContact`, `…UserId`). */
export function personOf(sealed: Record<string, unknown>): SealedPerson {
  const pick = (suffix: string) => text(Object.entries(sealed).find(([key]) => key.endsWith(suffix))?.[1]);
  return { name: pick('Name'), contact: pick('Contact'), account: pick('UserId') };
}
