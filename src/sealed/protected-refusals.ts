import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RefusalSealing } from '../trail/request-refusals';
import type { EntrySealing } from '../trail/trail-writer';
import { runSql } from '../database/sql';
import { SealedActors } from './sealed-actors';

/**
 * Refusals on the `security` chain (a 404 for a case one may not see, a reveal one may not ask
 * for) name who was refused and the path, which names the case. When the refused caller is that
 * case's protected person (a reporter probing the case about the cadre they reported), the entry
 * would link their account to the case: it is written under the case's pseudonym instead, with
 * the account and the client address sealed (src/sealed/sealed-actors.ts).
 */
@Injectable()
export class ProtectedRefusals extends RefusalSealing {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly actors: SealedActors,
  ) {
    super();
  }

  /** How to seal the refusal's entry, or undefined when the caller is no protected person of the case the route names. */
  async sealingFor(user: { id: string } | undefined, params: Record<string, unknown> | undefined, ip: string | undefined): Promise<EntrySealing | undefined> {
    if (!user || !params) return undefined;
    const caseId = await this.caseNamed(params);
    if (!caseId) return undefined;
    const { rows } = await runSql(this.dataSource.manager, 'SELECT "procedure", "accuser_user_id" FROM "cases" WHERE "id" = ?', [caseId]);
    if (rows.length === 0) return undefined;
    const found = rows[0] as { procedure: string; accuser_user_id: string | null };
    const person = this.actors.protectedPersonOf({ procedure: found.procedure, accuserUserId: found.accuser_user_id });
    if (!person || !this.actors.isProtected(person, user.id)) return undefined;
    return (record) => {
      const { ip: _ip, ...data } = (record.data ?? {}) as Record<string, unknown>;
      return this.actors.seal({ ...record, data }, person.role, ip ? { ip } : {}, caseId);
    };
  }

  /** The case a route names: `/api/cases/:id/...`, or the case of `/api/reveals/:revealId/...`. */
  private async caseNamed(params: Record<string, unknown>): Promise<string | undefined> {
    const uuid = (value: unknown) => (typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value) ? value : undefined);
    if (uuid(params.id)) return uuid(params.id);
    const revealId = uuid(params.revealId);
    if (!revealId) return undefined;
    const { rows } = await runSql(this.dataSource.manager, 'SELECT "case_id" FROM "identity_reveals" WHERE "id" = ?', [revealId]);
    return rows.length > 0 ? String(rows[0].case_id) : undefined;
  }
}
