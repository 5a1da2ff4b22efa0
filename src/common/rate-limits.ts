import { SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import type { AppConfig } from '../config/app-config';

const MINUTE_MS = 60_000;

const LOGIN_ROUTE = 'rateLimits:login';

/** Marks the login route (identity's `AuthController.login`): the `login` and `loginAccount` limits count it. */
export const LoginRoute = () => SetMetadata(LOGIN_ROUTE, true);

const isLogin = (context: ExecutionContext) => Reflect.getMetadata(LOGIN_ROUTE, context.getHandler()) === true;

type Request = { headers?: Record<string, string | string[] | undefined>; body?: unknown };

const bearerOf = (request: Request): string | undefined => {
  const header = request.headers?.authorization;
  return typeof header === 'string' && header.startsWith('Bearer ') ? header : undefined;
};

/** The account a login names: the same name however it is written. */
const loginNameOf = (request: Request): string => {
  const username = (request.body as { username?: unknown } | undefined)?.username;
  return `login:${typeof username === 'string' ? username.trim().toLowerCase().slice(0, 64) : ''}`;
};

/**
 * Limits that fit an office (issue 15): the people of one office reach the service from one
 * address (NAT), so what stops one account from flooding or guessing is counted per account, and
 * the per-address limits are generous, there for a runaway script rather than for the office.
 * - `api`: requests per client address (default 6 000 a minute);
 * - `account`: requests per bearer token, i.e. per login session (default 600 a minute);
 * - `login`: login attempts per client address (default 600 a minute: a whole office at 08:30);
 * - `loginAccount`: login attempts per account name (default 10 a minute), on top of the lock-out
 *   after 5 wrong passwords (AuthService).
 * Counts are per instance: behind a load balancer each instance applies them to what it receives.
 */
export function rateLimits(config: AppConfig): ThrottlerModuleOptions {
  const off = () => !config.rateLimit.enabled;
  return {
    errorMessage: 'Too many requests; slow down and retry after the Retry-After seconds',
    throttlers: [
      { name: 'api', ttl: MINUTE_MS, limit: config.rateLimit.perMinute, skipIf: off },
      {
        name: 'account',
        ttl: MINUTE_MS,
        limit: config.rateLimit.perAccountPerMinute,
        skipIf: (context) => off() || bearerOf(context.switchToHttp().getRequest<Request>()) === undefined,
        getTracker: (request) =>
          `bearer:${createHash('sha256')
            .update(bearerOf(request as Request) ?? '')
            .digest('hex')}`,
      },
      { name: 'login', ttl: MINUTE_MS, limit: config.rateLimit.loginPerMinute, skipIf: (context) => off() || !isLogin(context) },
      {
        name: 'loginAccount',
        ttl: MINUTE_MS,
        limit: config.rateLimit.loginPerAccountPerMinute,
        skipIf: (context) => off() || !isLogin(context),
        getTracker: (request) => loginNameOf(request as Request),
      },
    ],
  };
}
