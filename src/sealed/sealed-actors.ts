import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Label, ProcedureRegistry } from '../../workflows/core';
import { canonicalJson } from '../trail/canonical-json';
import { digest } from '../trail/chain-hash';
import type { AppendedEntry, ChainHead, TrailRecord, TrailWriter } from '../trail/trail-writer';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { runSql } from '../database/sql';
import { PROCEDURE_REGISTRY } from '../procedures/procedure-registry.token';
import { SealedBox, type SealedEnvelope } from './sealed-box';

/** Actor ids written in place of a protected person's account: `sealed:reporter`, `sealed:accuser`. */
export const PSEUDONYM_PREFIX = 'sealed:';
export const pseudonymId = (role: string) => `${PSEUDONYM_PREFIX}${role}`;
export const isPseudonym = (actorId: string | null | undefined) => typeof actorId === 'string' && actorId.startsWith(PSEUDONYM_PREFIX);

/** The pseudonym role of a procedure without one declared (none ships without). */
const FALLBACK_ROLE = 'protected';
const FALLBACK_LABEL: Label = { zh: '受保护人', en: 'Protected person' };

/** Who a case protects: the blind index of their account (cases.accuser_user_id) and their pseudonym. */
export interface ProtectedPerson {
  index: string;
  role: string;
}

/** What the sealed row of a pseudonymised entry holds once decrypted. */
interface SealedActorPlain {
  nonce: string;
  actorId: string;
  actorRole: string;
  /** The client address of a security-chain refusal: it could point to a desk. */
  ip?: string;
}

/** The real actor behind a pseudonymised entry, for a granted reveal. */
export interface RevealedActor {
  streamId: string;
  position: number;
  event: string;
  at: string;
  outcome: string;
  pseudonym: string;
  actorId: string;
  actorRole: string;
  ip?: string;
  /** The decrypted account and salt reproduce the commitment the chain holds for that entry. */
  verified: boolean;
}

const INSERT_SEALED_ACTOR = `INSERT INTO "sealed_actors" ("commitment", "stream_id", "position", "case_id", "key_id", "sealed", "created_at")
  VALUES (?, ?, ?, ?, ?, ?, ?)`;

const actorAssociatedData = (commitment: string) => `actor:${commitment}`;

/**
 * One rule for identity (domain.md §4): wherever the account of a case's protected person acts on
 * it (the accuser asking for review, a staff member who reported the cadre being refused), the
 * trail entry's actor columns hold the case's pseudonym, and its data a salted commitment
 * H(salt ‖ account ‖ role) that the chain's hash covers. The salt and the account are stored
 * encrypted in `sealed_actors`; a granted reveal decrypts them and checks them against the
 * commitment. An unsalted hash would not do: it could be recomputed for every name on the user list.
 */
@Injectable()
export class SealedActors {
  private readonly labels = new Map<string, Label>();
  private readonly roles = new Map<string, string>();

  constructor(
    private readonly box: SealedBox,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PROCEDURE_REGISTRY) registry: ProcedureRegistry,
  ) {
    for (const definition of registry.all()) {
      const person = definition.protectedPerson ?? { role: FALLBACK_ROLE, label: FALLBACK_LABEL };
      this.roles.set(definition.id, person.role);
      this.labels.set(person.role, person.label);
    }
    this.labels.set(FALLBACK_ROLE, FALLBACK_LABEL);
  }

  /** The person a case protects, from its row; undefined for a case that names none. */
  protectedPersonOf(row: { procedure: string; accuserUserId: string | null }): ProtectedPerson | undefined {
    if (!row.accuserUserId) return undefined;
    return { index: row.accuserUserId, role: this.roles.get(row.procedure) ?? FALLBACK_ROLE };
  }

  /** Whether this account is the case's protected person. */
  isProtected(person: ProtectedPerson | undefined, accountId: string): boolean {
    return person !== undefined && !isPseudonym(accountId) && this.box.blind(accountId) === person.index;
  }

  /** The pseudonym of a procedure's protected person, whether or not a case names an account for them. */
  pseudonymOf(procedure: string): { role: string; label: Label } {
    const role = this.roles.get(procedure) ?? FALLBACK_ROLE;
    return { role, label: this.labelOf(role) };
  }

  /** The pseudonym's label in both languages, from its role (`reporter` → 举报人). */
  labelOf(role: string): Label {
    return this.labels.get(role) ?? FALLBACK_LABEL;
  }

  /**
   * Appends `record`, under the pseudonym when its actor is the protected person, with the sealed
   * actor stored in the same transaction. Every append of a case's chain goes through here.
   */
  async append(
    manager: EntityManager,
    trail: TrailWriter,
    record: TrailRecord,
    head: ChainHead | undefined,
    person: ProtectedPerson | undefined,
    secrets: { ip?: string } = {},
  ): Promise<AppendedEntry> {
    if (!this.isProtected(person, record.actorId)) return trail.append(manager, record, head);
    const sealed = this.seal(record, person!.role, secrets);
    const appended = await trail.append(manager, sealed.record, head);
    await sealed.store(manager, appended);
    return appended;
  }

  /**
   * The record as written under the pseudonym, and how to store its sealed actor once the entry's
   * position is known (inside the same transaction).
   */
  seal(
    record: TrailRecord,
    role: string,
    secrets: { ip?: string } = {},
    aboutCaseId: string | null = record.caseId,
  ): { record: TrailRecord; store: (manager: EntityManager, appended: AppendedEntry) => Promise<void> } {
    const plain: SealedActorPlain = { nonce: randomBytes(32).toString('hex'), actorId: record.actorId, actorRole: record.actorRole, ...secrets };
    // The trail's algorithm, which the entry records: a reveal recomputes the commitment with it.
    const commitment = commitmentOf(this.config.hashAlgorithm, plain);
    const data = { ...((record.data ?? {}) as Record<string, unknown>), sealedActor: { commitment } };
    const pseudonymised: TrailRecord = { ...record, actorId: pseudonymId(role), actorRole: role, data };
    const store = async (manager: EntityManager, appended: AppendedEntry) => {
      const envelope = this.box.sealJson(plain, actorAssociatedData(commitment));
      await runSql(manager, INSERT_SEALED_ACTOR, [
        commitment,
        record.streamId,
        appended.position,
        aboutCaseId,
        envelope.kid,
        JSON.stringify(envelope),
        record.at,
      ]);
    };
    return { record: pseudonymised, store };
  }

  /**
   * The real actors behind the pseudonymised entries about a case (on its own chain and on the
   * security chain), each checked against the commitment its entry holds. For a granted reveal only.
   */
  async reveal(manager: EntityManager, caseId: string): Promise<RevealedActor[]> {
    const { rows } = await runSql(
      manager,
      `SELECT s."commitment", s."stream_id", s."position", s."sealed", e."event", e."at", e."outcome", e."actor_id", e."data", e."algorithm"
        FROM "sealed_actors" s JOIN "audit_entries" e ON e."stream_id" = s."stream_id" AND e."position" = s."position"
        WHERE s."case_id" = ? ORDER BY e."at", e."id"`,
      [caseId],
    );
    return rows.map((row) => {
      const commitment = String(row.commitment);
      const plain = this.box.openJson<SealedActorPlain>(JSON.parse(String(row.sealed)) as SealedEnvelope, actorAssociatedData(commitment));
      const recorded = (JSON.parse(String(row.data)) as { sealedActor?: { commitment?: string } }).sealedActor?.commitment;
      const entryAlgorithm = String(row.algorithm) as AppConfig['hashAlgorithm'];
      return {
        streamId: String(row.stream_id),
        position: Number(row.position),
        event: String(row.event),
        at: String(row.at),
        outcome: String(row.outcome),
        pseudonym: String(row.actor_id),
        actorId: plain.actorId,
        actorRole: plain.actorRole,
        ...(plain.ip ? { ip: plain.ip } : {}),
        verified: recorded === commitment && commitmentOf(entryAlgorithm, plain) === commitment,
      };
    });
  }
}

/** H(salt ‖ account ‖ role) in canonical form, with the trail's hash algorithm. */
export function commitmentOf(algorithm: AppConfig['hashAlgorithm'], plain: Pick<SealedActorPlain, 'nonce' | 'actorId' | 'actorRole'>): string {
  return digest(algorithm, canonicalJson({ nonce: plain.nonce, actorId: plain.actorId, actorRole: plain.actorRole }));
}
