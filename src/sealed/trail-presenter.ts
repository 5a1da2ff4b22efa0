import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Label } from '../../workflows/core';
import type { AuditEntryEntity } from '../trail/audit-entry.entity';
import { isPseudonym, pseudonymId, SealedActors, type ProtectedPerson } from './sealed-actors';

/** A trail entry as it leaves the service: its stored fields, its data parsed, a pseudonym labelled. */
export type PresentedEntry = Record<string, unknown> & { actorId: string; actorRole: string; actorLabel?: Label; actorName?: string };

/**
 * How trail entries leave the service to staff, auditors and exports. Entries written since
 * sealing at rest already carry the pseudonym; an entry written before it by a case's protected
 * person still holds their account id (the trail is insert-only and its hash covers it), so it is
 * shown under the pseudonym too. Either way the pseudonym comes with its label in both languages.
 */
@Injectable()
export class TrailPresenter {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly actors: SealedActors,
  ) {}

  async present(entries: AuditEntryEntity[], manager: EntityManager = this.dataSource.manager): Promise<PresentedEntry[]> {
    const persons = await this.protectedPersons(manager, entries);
    return entries.map((entry) => this.presentOne(entry, persons.get(entry.caseId ?? '')));
  }

  /** The protected person of each case these entries belong to. */
  async protectedPersons(manager: EntityManager, entries: Array<Pick<AuditEntryEntity, 'caseId'>>): Promise<Map<string, ProtectedPerson>> {
    const ids = [...new Set(entries.map((entry) => entry.caseId).filter((id): id is string => typeof id === 'string'))];
    const persons = new Map<string, ProtectedPerson>();
    if (ids.length === 0) return persons;
    // Plain rows of the cases table: this module sits below the cases module (src/cases).
    const rows: Array<{ id: string; procedure: string; accuserUserId: string }> = await manager
      .createQueryBuilder()
      .select(['c.id AS "id"', 'c.procedure AS "procedure"', 'c.accuser_user_id AS "accuserUserId"'])
      .from('cases', 'c')
      .where('c.id IN (:...ids)', { ids })
      .andWhere('c.accuser_user_id IS NOT NULL')
      .getRawMany();
    for (const row of rows) persons.set(row.id, this.actors.protectedPersonOf(row)!);
    return persons;
  }

  /**
   * The entries with the display name of the account that acted (issue 23 §14): staff and auditors
   * read 王强, not officer1. Only accounts shown as themselves get a name: a pseudonym stays one,
   * and the service's own steps are the service's. Not in the log's export, which is the log.
   */
  async named(entries: PresentedEntry[], manager: EntityManager = this.dataSource.manager): Promise<PresentedEntry[]> {
    const ids = [...new Set(entries.map((entry) => entry.actorId).filter((id) => id && id !== 'system' && !isPseudonym(id)))];
    if (ids.length === 0) return entries;
    // Plain rows of the users table: this module sits below the identity module.
    const rows: Array<{ id: string; name: string }> = await manager
      .createQueryBuilder()
      .select(['u.id AS "id"', 'u.display_name AS "name"'])
      .from('users', 'u')
      .where('u.id IN (:...ids)', { ids })
      .getRawMany();
    const names = new Map(rows.map((row) => [row.id, row.name]));
    return entries.map((entry) => {
      const name = isPseudonym(entry.actorId) ? undefined : names.get(entry.actorId);
      return name ? { ...entry, actorName: name } : entry;
    });
  }

  /** The accounts a name or an account id given in a search stands for (the 操作人 filter). */
  async accountsNamed(nameOrId: string, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows: Array<{ id: string }> = await manager
      .createQueryBuilder()
      .select(['u.id AS "id"'])
      .from('users', 'u')
      .where('u.display_name = :name', { name: nameOrId.trim() })
      .getRawMany();
    return [...new Set([nameOrId.trim(), ...rows.map((row) => row.id)])];
  }

  presentOne(entry: AuditEntryEntity, person: ProtectedPerson | undefined): PresentedEntry {
    const presented: PresentedEntry = { ...entry, data: JSON.parse(entry.data) };
    if (person && this.actors.isProtected(person, entry.actorId)) {
      presented.actorId = pseudonymId(person.role);
      presented.actorRole = person.role;
    }
    if (isPseudonym(presented.actorId)) presented.actorLabel = this.actors.labelOf(presented.actorRole);
    return presented;
  }
}
