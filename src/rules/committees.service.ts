import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { defaultQuorum, type CommitteeRoster } from '../../workflows/core';
import { ADMIN_STREAM, TrailWriter } from '../trail/trail-writer';
import { condition, DomainError, type RefusalCondition } from '../common/domain-error';
import { lockNameUntilCommit } from '../database/row-locks';
import { runSql } from '../database/sql';
import { TransactionRunner } from '../database/transaction-runner';
import type { AuthUser } from '../identity/auth-user';
import { Clock } from '../common/clock';
import { committeeJurisdictions } from './rules-sql';

export interface CommitteeView {
  jurisdiction: string;
  /** null: none configured yet (its collective decisions are refused until there is one). */
  members: string[] | null;
  /** The fewest members who must attend. */
  quorum: number | null;
  /** Whether the quorum is the default, more than half of the members. */
  defaultQuorum: boolean;
  version: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

const MAX_MEMBERS = 50;
const MAX_NAME = 50;

/**
 * The committee each jurisdiction's collective decisions are held by (issue 19 §2): its members by
 * name and its quorum (by default more than half of the members). Until a directory of bodies and
 * their people exists, the system administrator keeps this list per jurisdiction; every change is
 * on the `admin` chain in the same transaction, and each decision records the version it was held
 * under. The engine hands the roster to the machine (`event.facts.committee`), which checks the
 * attendees against it.
 */
@Injectable()
export class CommitteesService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly trail: TrailWriter,
    private readonly clock: Clock,
  ) {}

  list(): Promise<CommitteeView[]> {
    return this.transactions.run(async (manager) =>
      Promise.all((await committeeJurisdictions(manager)).map((jurisdiction) => this.view(manager, jurisdiction))),
    );
  }

  /** The roster a collective decision of this jurisdiction is checked against; null when none is configured. */
  async roster(manager: EntityManager, jurisdiction: string): Promise<CommitteeRoster | null> {
    const view = await this.view(manager, jurisdiction);
    return view.members ? { jurisdiction, members: view.members, quorum: view.quorum!, version: view.version } : null;
  }

  set(admin: AuthUser, jurisdiction: string, body: unknown, manager?: EntityManager): Promise<CommitteeView> {
    const input = parseCommittee(body);
    const work = async (tx: EntityManager) => {
      if (!(await committeeJurisdictions(tx)).includes(jurisdiction)) {
        throw new DomainError('ADMIN.NOT_FOUND', `No jurisdiction ${jurisdiction}`, {
          conditions: [
            condition('committee.noSuchJurisdiction', `没有名为“${jurisdiction.slice(0, 64)}”的辖区`, `No jurisdiction ${jurisdiction.slice(0, 64)}`),
          ],
        });
      }
      await lockNameUntilCommit(tx, `committee:${jurisdiction}`);
      const before = await this.view(tx, jurisdiction);
      if (input.expectedVersion !== before.version) {
        throw new DomainError('ADMIN.CONFLICT', `The committee is at version ${before.version}`, {
          currentVersion: before.version,
          conditions: [
            condition(
              'committee.changed',
              `委员会组成已被修改为第${before.version}版，请在最新版本的基础上修改`,
              `The committee is now at version ${before.version}: edit the latest`,
            ),
          ],
        });
      }
      if (input.quorum !== null && input.quorum > input.members.length) {
        throw invalid([
          condition(
            'committee.quorumTooHigh',
            `法定到会人数（${input.quorum}）不能超过委员人数（${input.members.length}）`,
            `The quorum (${input.quorum}) exceeds the members (${input.members.length})`,
            'quorum',
          ),
        ]);
      }
      const version = before.version + 1;
      const at = this.clock.now().toISOString();
      const params = [JSON.stringify(input.members), input.quorum, version, admin.id, at, jurisdiction];
      if (before.version === 0) {
        await runSql(
          tx,
          'INSERT INTO "committees" ("members", "quorum", "version", "updated_by", "updated_at", "jurisdiction") VALUES (?, ?, ?, ?, ?, ?)',
          params,
        );
      } else {
        await runSql(
          tx,
          'UPDATE "committees" SET "members" = ?, "quorum" = ?, "version" = ?, "updated_by" = ?, "updated_at" = ? WHERE "jurisdiction" = ?',
          params,
        );
      }
      await this.trail.record(tx, ADMIN_STREAM, {
        event: 'COMMITTEE_CHANGED',
        actorId: admin.id,
        actorRole: admin.roles[0]?.role ?? 'system',
        outcome: 'applied',
        data: { jurisdiction, version, before: before.members ?? [], after: input.members, quorum: input.quorum ?? 'moreThanHalf' },
      });
      return this.view(tx, jurisdiction);
    };
    return manager ? work(manager) : this.transactions.run(work);
  }

  /** The committees the demo (and a test's fresh database) starts with, set by the service itself. */
  async seed(committees: Record<string, { members: string[]; quorum: number }>): Promise<void> {
    const system: AuthUser = { id: 'system', displayName: 'system', unitId: null, roles: [], accountIndex: 'system' };
    for (const [jurisdiction, { members }] of Object.entries(committees)) {
      await this.transactions.run(async (manager) => {
        if (!(await committeeJurisdictions(manager)).includes(jurisdiction)) return;
        const current = await this.view(manager, jurisdiction);
        if (current.version === 0) await this.set(system, jurisdiction, { members, expectedVersion: 0 }, manager);
      });
    }
  }

  private async view(manager: EntityManager, jurisdiction: string): Promise<CommitteeView> {
    const { rows } = await runSql(manager, 'SELECT "members", "quorum", "version", "updated_by", "updated_at" FROM "committees" WHERE "jurisdiction" = ?', [
      jurisdiction,
    ]);
    if (rows.length === 0) return { jurisdiction, members: null, quorum: null, defaultQuorum: true, version: 0, updatedBy: null, updatedAt: null };
    const members = JSON.parse(String(rows[0].members)) as string[];
    const configured = rows[0].quorum === null ? null : Number(rows[0].quorum);
    return {
      jurisdiction,
      members,
      quorum: configured ?? defaultQuorum(members.length),
      defaultQuorum: configured === null,
      version: Number(rows[0].version),
      updatedBy: String(rows[0].updated_by),
      updatedAt: String(rows[0].updated_at),
    };
  }
}

function invalid(conditions: RefusalCondition[]): DomainError {
  return new DomainError('ADMIN.INVALID', conditions[0].en, { fields: conditions.map((c) => ({ field: c.field ?? '(body)', messages: [c.en] })), conditions });
}

/** `{members, quorum?, expectedVersion}`: named members, each once; a quorum, or null for more than half. */
export function parseCommittee(body: unknown): { members: string[]; quorum: number | null; expectedVersion: number } {
  const record = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const problems: RefusalCondition[] = [];
  for (const key of Object.keys(record)) {
    if (!['members', 'quorum', 'expectedVersion'].includes(key))
      problems.push(condition('committee.unknownField', `不认识的字段“${key.slice(0, 40)}”`, `Unknown field ${key.slice(0, 40)}`, key.slice(0, 40)));
  }
  const list = record.members;
  const members = Array.isArray(list) ? list.map((name) => (typeof name === 'string' ? name.trim() : '')) : [];
  if (!Array.isArray(list) || members.length === 0 || members.length > MAX_MEMBERS) {
    problems.push(condition('committee.members', `请列出委员会委员（1至${MAX_MEMBERS}人）`, `List the committee's members (1 to ${MAX_MEMBERS})`, 'members'));
    // eslint-disable-next-line no-control-regex -- control characters are what a member's name may not hold
  } else if (members.some((name) => name.length === 0 || name.length > MAX_NAME || /[\u0000-\u001f]/.test(name))) {
    problems.push(
      condition(
        'committee.memberName',
        `每位委员的姓名应为不超过${MAX_NAME}个字的一行文字`,
        `Each member's name is one line of at most ${MAX_NAME} characters`,
        'members',
      ),
    );
  } else if (new Set(members).size !== members.length) {
    problems.push(condition('committee.duplicateMember', '委员名单中有重复的姓名', 'A member is listed twice', 'members'));
  }
  const quorum = record.quorum === undefined || record.quorum === null ? null : record.quorum;
  if (quorum !== null && (!Number.isInteger(quorum) || (quorum as number) < 1)) {
    problems.push(
      condition('committee.quorum', '法定到会人数应为正整数，或不填（默认过半数）', 'The quorum is a positive integer, or absent (more than half)', 'quorum'),
    );
  }
  if (!Number.isInteger(record.expectedVersion) || (record.expectedVersion as number) < 0) {
    problems.push(
      condition(
        'committee.expectedVersion',
        '请注明所修改的版本（尚未配置时为0）',
        'Give the version you edited (0 when none is configured)',
        'expectedVersion',
      ),
    );
  }
  if (problems.length > 0) throw invalid(problems);
  return { members, quorum: quorum as number | null, expectedVersion: record.expectedVersion as number };
}
