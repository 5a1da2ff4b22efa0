import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import type { AuthUser } from './auth-user';
import { Clock } from './clock';
import { verifyPassword } from './password-hasher';
import { UsersService } from './users.service';

const MAX_FAILED_LOGINS = 5;
const LOCK_MINUTES = 15;

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** One answer for an unknown user and a wrong password, so names cannot be probed. */
  async login(username: string, password: string): Promise<{ accessToken: string; expiresIn: number }> {
    const user = await this.users.findEntity(username);
    const now = this.clock.now();
    if (user?.lockedUntil && new Date(user.lockedUntil) > now) {
      throw new DomainError('AUTH.LOCKED', 'Too many failed attempts; try again later', { lockedUntil: user.lockedUntil });
    }
    if (!user || !user.active || !(await verifyPassword(user.passwordHash, password))) {
      if (user) await this.recordFailure(user.id, user.failedLogins + 1, now);
      throw new DomainError('AUTH.INVALID_CREDENTIALS', 'Wrong username or password');
    }
    if (user.failedLogins > 0 || user.lockedUntil) await this.users.recordLoginResult(user.id, 0, null);
    const accessToken = await this.jwt.signAsync({ sub: user.id }, { expiresIn: this.config.tokenTtlSeconds });
    return { accessToken, expiresIn: this.config.tokenTtlSeconds };
  }

  /** The user behind a bearer token; undefined when the token is bad, expired or the user gone. */
  async authenticate(token: string): Promise<AuthUser | undefined> {
    try {
      const payload = await this.jwt.verifyAsync<{ sub: string }>(token);
      return await this.users.findAuthUser(payload.sub);
    } catch {
      return undefined;
    }
  }

  private async recordFailure(id: string, failures: number, now: Date): Promise<void> {
    const locked = failures >= MAX_FAILED_LOGINS;
    const lockedUntil = locked ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() : null;
    await this.users.recordLoginResult(id, locked ? 0 : failures, lockedUntil);
  }
}
