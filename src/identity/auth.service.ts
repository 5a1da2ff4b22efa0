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
import { UsersService } from './users.service';

const MAX_FAILED_LOGINS = 5;
const LOCK_MINUTES = 15;

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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.tokenKey = tokenKeyOf(config);
  }

  /** One answer for an unknown user and a wrong password, so names cannot be probed. */
  async login(username: string, password: string): Promise<{ accessToken: string; expiresIn: number }> {
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
    return { accessToken, expiresIn: this.config.tokenTtlSeconds };
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

  /** A new password ends every session of the user, this one included: they log in again. */
  async changePassword(user: AuthUser, currentPassword: string, newPassword: string): Promise<void> {
    const entity = await this.users.findEntity(user.id);
    if (!entity || !(await verifyPassword(entity.passwordHash, currentPassword))) {
      throw new DomainError('AUTH.INVALID_CREDENTIALS', 'The current password is wrong');
    }
    assertStrongPassword(newPassword, user.id);
    await this.users.setPassword(user.id, newPassword);
    await this.sessions.revokeAllOf(user.id, this.clock.now());
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
