import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { runSql } from '../database/sql';
import { SessionEntity } from './session.entity';

/**
 * Login sessions. A signed token alone cannot be taken back before it expires, so every token
 * names its session and the guard checks that the session is still open: logout, a password
 * change or an administrator's action closes it at once.
 */
@Injectable()
export class SessionsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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

  /** Asked on every request, so written as one statement (src/database/sql.ts). */
  async isOpen(id: string, userId: string, now: Date): Promise<boolean> {
    const { rows } = await runSql(
      this.dataSource.manager,
      'SELECT 1 AS "open" FROM "sessions" WHERE "id" = ? AND "user_id" = ? AND "revoked_at" IS NULL AND "expires_at" > ?',
      [id, userId, now.toISOString()],
    );
    return rows.length === 1;
  }

  async revoke(id: string, now: Date): Promise<void> {
    await this.repository().update({ id, revokedAt: IsNull() }, { revokedAt: now.toISOString() });
  }

  async revokeAllOf(userId: string, now: Date): Promise<void> {
    await this.repository().update({ userId, revokedAt: IsNull() }, { revokedAt: now.toISOString() });
  }

  private repository() {
    return this.dataSource.getRepository(SessionEntity);
  }
}
