import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { runSql } from '../database/sql';
import type { Role } from '../../workflows/core';
import type { AuthUser } from './auth-user';
import { SessionEntity } from './session.entity';
import { withBodiesBelow } from './bodies-below';
import { SealedBox } from '../sealed/sealed-box';

interface SessionUserRow {
  display_name: string;
  unit_id: string | null;
  active: boolean | number;
  must_change_password: boolean | number;
  role: string | null;
  scope: string | null;
  principal: boolean | number | null;
}

/**
 * Login sessions. A signed token alone cannot be taken back before it expires, so every token
 * names its session and the guard checks that the session is still open: logout, a password
 * change or an administrator's action closes it at once.
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly box: SealedBox,
  ) {}

  async open(userId: string, now: Date, ttlSeconds: number): Promise<SessionEntity> {
    const session: SessionEntity = {
      id: randomUUID(),
      userId,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000).toISOString(),
      revokedAt: null,
    };
    await this.repository().insert(session);
    return session;
  }

  /**
   * The active user behind an open session, with their roles: asked on every request, so one
   * statement (src/database/sql.ts) answers whether the session is open, who the user is and
   * what they may do. Undefined when the session is closed or expired or the user deactivated.
   */
  async openSessionUser(id: string, userId: string, now: Date): Promise<AuthUser | undefined> {
    const { rows } = await runSql(
      this.dataSource.manager,
      `SELECT u."display_name", u."unit_id", u."active", u."must_change_password", r."role", r."scope", r."principal"
        FROM "sessions" s JOIN "users" u ON u."id" = s."user_id" LEFT JOIN "user_roles" r ON r."user_id" = u."id"
        WHERE s."id" = ? AND s."user_id" = ? AND s."revoked_at" IS NULL AND s."expires_at" > ?
        ORDER BY r."role", r."scope"`,
      [id, userId, now.toISOString()],
    );
    const found = rows as unknown as SessionUserRow[];
    const user = found[0];
    if (!user || !user.active) return undefined;
    const grants = found
      .filter((row) => row.role !== null)
      .map((row) => ({ role: row.role as Role, scope: String(row.scope), ...(row.principal === true || row.principal === 1 ? { principal: true } : {}) }));
    return {
      id: userId,
      displayName: user.display_name,
      unitId: user.unit_id,
      roles: await withBodiesBelow(this.dataSource.manager, grants),
      sessionId: id,
      accountIndex: this.box.blind(userId),
      ...(user.must_change_password === true || user.must_change_password === 1 ? { mustChangePassword: true } : {}),
    };
  }

  async revoke(id: string, now: Date): Promise<void> {
    await this.repository().update({ id, revokedAt: IsNull() }, { revokedAt: now.toISOString() });
  }

  async revokeAllOf(userId: string, now: Date, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.getRepository(SessionEntity).update({ userId, revokedAt: IsNull() }, { revokedAt: now.toISOString() });
  }

  private repository() {
    return this.dataSource.getRepository(SessionEntity);
  }
}
