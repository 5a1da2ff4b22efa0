import type { ExecutionContext } from '@nestjs/common';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { AppConfig } from '../config/app-config';
import { AuthController } from '../identity/auth.controller';

const MINUTE_MS = 60_000;

const isLogin = (context: ExecutionContext) => context.getClass() === AuthController && context.getHandler() === AuthController.prototype.login;

/**
 * Two limits per client address: one for the whole API, and a tight one for login that slows
 * password guessing across accounts (each account also locks after 5 failures). Counts are per
 * instance: behind a load balancer each instance applies them to what it receives.
 */
export function rateLimits(config: AppConfig): ThrottlerModuleOptions {
  return {
    errorMessage: 'Too many requests; slow down and retry after the Retry-After seconds',
    throttlers: [
      { name: 'api', ttl: MINUTE_MS, limit: config.rateLimit.perMinute, skipIf: () => !config.rateLimit.enabled },
      {
        name: 'login',
        ttl: MINUTE_MS,
        limit: config.rateLimit.loginPerMinute,
        skipIf: (context) => !config.rateLimit.enabled || !isLogin(context),
      },
    ],
  };
}
