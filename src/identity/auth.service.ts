import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { KeyObject } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { condition, DomainError } from '../common/domain-error';
import type { AuthUser } from './auth-user';
import { Clock } from '../common/clock';
import { hashPassword, verifyPassword } from './password-hasher';
import { PASSWORD_MIN_LENGTH, passwordProblems } from './password-policy';
import { SessionsService } from './sessions.service';
import { tokenKeyOf } from './token-key';
import { verifyServiceToken } from './token-verifier';
import { TransactionRunner } from '../database/transaction-runner';
import { ADMIN_STREAM, TrailWriter } from '../trail/trail-writer';
import { UsersService } from './users.service';

const MAX_FAILED_LOGINS = 5;
const LOCK_MINUTES = 15;

export interface TokenAnswer {
  accessToken: string;
  expiresIn: number;
  /** Present when the password was set by someone else: nothing works until it is changed. */
  mustChangePassword?: true;
}

interface TokenClaims {
  sub: string;
  sid: string;
}

@Injectable()
export class AuthService {
  /** Verified against when the user does not exist, so both answers take the same time. */
  private readonly decoyHash = hashPassword('decoy password never used to log in');
  private readonly tokenKey: KeyObject;

  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    private readonly transactions: TransactionRunner,
    private readonly writer: TrailWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.tokenKey = tokenKeyOf(config);
  }

  /** One answer for an unknown user and a wrong password, so names cannot be probed. */
  async login(username: string, password: string): Promise<TokenAnswer> {
    const user = await this.users.findEntity(username);
    const now = this.clock.now();
    if (user?.lockedUntil && new Date(user.lockedUntil) > now) {
      throw new DomainError('AUTH.LOCKED', 'Too many failed attempts; try again later', { lockedUntil: user.lockedUntil });
    }
    const passwordMatches = await verifyPassword(user?.passwordHash ?? (await this.decoyHash), password);
    if (!user || !user.active || !passwordMatches) {
      if (user) await this.recordFailure(user.id, user.failedLogins + 1, now);
      throw new DomainError('AUTH.INVALID_CREDENTIALS', 'Wrong username or password');
    }
    if (user.failedLogins > 0 || user.lockedUntil) await this.users.recordLoginResult(user.id, 0, null);
    const session = await this.sessions.open(user.id, now, this.config.tokenTtlSeconds);
    const claims: TokenClaims = { sub: user.id, sid: session.id };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: this.config.tokenTtlSeconds });
    // The page goes straight to the change form; the guard refuses everything else meanwhile.
    return { accessToken, expiresIn: this.config.tokenTtlSeconds, ...(user.mustChangePassword ? { mustChangePassword: true } : {}) };
  }

  /** The user behind a bearer token; undefined when the token is bad, expired, logged out or the user gone. */
  async authenticate(token: string): Promise<AuthUser | undefined> {
    // Token expiry runs on the real clock, as the signing library's does; sessions on the service's.
    const claims = verifyServiceToken(token, this.tokenKey, Math.floor(Date.now() / 1000));
    if (!claims || typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return undefined;
    return this.sessions.openSessionUser(claims.sid, claims.sub, this.clock.now());
  }

  async logout(user: AuthUser): Promise<void> {
    if (user.sessionId) await this.sessions.revoke(user.sessionId, this.clock.now());
  }

  /**
   * A new password ends every session of the user, this one included: they log in again. The
   * change lifts a forced change (an administrator's or the import's password) and goes on the
   * `admin` chain with its holder as the actor, in the same transaction.
   */
  async changePassword(user: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    const entity = await this.users.findEntity(user.id);
    if (!entity || !(await verifyPassword(entity.passwordHash, currentPassword))) {
      throw new DomainError('AUTH.INVALID_CREDENTIALS', 'The current password is wrong', {
        conditions: [condition('password.currentWrong', '当前密码不正确', 'The current password is wrong', 'currentPassword')],
      });
    }
    if (newPassword === currentPassword) {
      throw new DomainError('AUTH.WEAK_PASSWORD', 'The new password must differ from the current one', {
        problems: ['must differ from the current password'],
        conditions: [condition('password.sameAsOld', '新密码不得与当前密码相同', 'The new password must differ from the current one', 'newPassword')],
      });
    }
    assertStrongPassword(newPassword, user.id);
    const passwordHash = await hashPassword(newPassword);
    await this.transactions.run(async (manager) => {
      await this.users.setPasswordHash(manager, user.id, passwordHash, true);
      await this.sessions.revokeAllOf(user.id, this.clock.now(), manager);
      await this.writer.record(manager, ADMIN_STREAM, {
        event: 'PASSWORD_CHANGED',
        actorId: user.id,
        actorRole: user.roles[0]?.role ?? 'unknown',
        outcome: 'applied',
        data: { target: user.id, forced: entity.mustChangePassword },
      });
    });
  }

  private async recordFailure(id: string, failures: number, now: Date): Promise<void> {
    const locked = failures >= MAX_FAILED_LOGINS;
    const lockedUntil = locked ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() : null;
    await this.users.recordLoginResult(id, locked ? 0 : failures, lockedUntil);
  }
}

export function assertStrongPassword(password: string, userId: string): void {
  const problems = passwordProblems(password, userId);
  if (problems.length > 0) {
    // The page shows the policy in the reader's language next to the form (issue 23: refusals say why).
    throw new DomainError('AUTH.WEAK_PASSWORD', `The password needs ${problems.join('; ')}`, {
      problems,
      conditions: [
        condition(
          'password.policy',
          `密码须至少 ${PASSWORD_MIN_LENGTH} 位，包含大写字母、小写字母、数字、符号中的至少三类，且不得包含账户名`,
          `The password needs at least ${PASSWORD_MIN_LENGTH} characters, three of upper-case, lower-case, digit and symbol, and must not contain the account name`,
          'password',
        ),
      ],
    });
  }
}
