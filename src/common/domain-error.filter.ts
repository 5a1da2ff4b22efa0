import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SecurityLog, SECURITY_STREAM } from '../trail/trail-writer';
import { storableText } from '../trail/storable-text';
import type { AuthUser } from '../identity/auth-user';
import { Clock } from './clock';
import { condition, DomainError, ERROR_STATUS } from './domain-error';
import { frameworkCondition } from './request-edge';
import { retryAfterSeconds } from './retry-after';
import { ProtectedRefusals } from '../sealed/protected-refusals';

/** Refusals an auditor must be able to see (probing, wrong role, recusal, bad tokens, lockouts). */
const LOGGED_STATUSES = new Set([401, 403, 404]);

/** Turns every error into `{statusCode, code, message, details, correlationId}`. */
@Catch()
@Injectable()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(
    private readonly securityLog: SecurityLog,
    private readonly protectedRefusals: ProtectedRefusals,
    private readonly clock: Clock,
  ) {}

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest & { user?: AuthUser }>();
    const correlationId = randomUUID();
    const body = this.describe(error);
    if (body.statusCode >= 500) {
      this.logger.error(`${correlationId} ${error instanceof Error ? error.stack : String(error)}`);
    }
    await this.recordRefusal(error, body, request, correlationId);
    if (body.statusCode === 429) this.sayWhenToRetry(reply, body);
    void reply.status(body.statusCode).send({ ...body, correlationId });
  }

  /** Every 429 carries the standard Retry-After (seconds) and says it in both languages. */
  private sayWhenToRetry(reply: FastifyReply, body: { code: string; details?: unknown }): void {
    const seconds = retryAfterSeconds(reply, body.details, this.clock.now());
    void reply.header('Retry-After', String(seconds));
    const details = (body.details ?? {}) as Record<string, unknown>;
    if (Array.isArray(details.conditions)) return;
    body.details = {
      ...details,
      retryAfterSeconds: seconds,
      conditions: [
        body.code === 'AUTH.LOCKED'
          ? condition('auth.locked', `登录失败次数过多，账户已暂时锁定，请在 ${seconds} 秒后再试`, `Too many failed logins; the account is locked, retry after ${seconds} seconds`)
          : condition('request.retryLater', `请求过于频繁，请在 ${seconds} 秒后再试`, `Too many requests; retry after ${seconds} seconds`),
      ],
    };
  }

  /**
   * Every authorization refusal on the API lands on the `security` chain with who, what and when.
   * Refusals the case engine already wrote onto a case's own chain are not written twice, and
   * rate-limited requests are not written at all (logging them would let a flood fill the trail).
   */
  private async recordRefusal(
    error: unknown,
    body: { statusCode: number; code: string },
    request: FastifyRequest & { user?: AuthUser },
    correlationId: string,
  ): Promise<void> {
    if (!LOGGED_STATUSES.has(body.statusCode) && body.code !== 'AUTH.LOCKED') return;
    if (error instanceof DomainError && error.recorded) return;
    const path = (request.url ?? '').split('?')[0];
    if (!path.startsWith('/api/')) return;
    const user = request.user;
    const attemptedUser = path === '/api/auth/login' ? storableText(String((request.body as { username?: unknown })?.username ?? ''), 64) : undefined;
    try {
      // A case's protected person refused on a route naming that case is written under its pseudonym.
      const sealing = await this.protectedRefusals.sealingFor(user, (request as { params?: Record<string, unknown> }).params, request.ip);
      await this.securityLog.record(SECURITY_STREAM, {
        event: `${request.method} ${routeOf(request) ?? path}`,
        actorId: user?.id ?? (attemptedUser ? `anonymous:${attemptedUser}` : 'anonymous'),
        actorRole: user?.roles[0]?.role ?? 'anonymous',
        outcome: 'refused',
        refusalCode: body.code,
        data: { path: path.slice(0, 200), ip: request.ip, correlationId },
      }, sealing);
    } catch (logError) {
      // The caller still gets their answer; the operator sees why the log failed.
      this.logger.error(`security log failed for ${correlationId}: ${String(logError)}`);
    }
  }

  private describe(error: unknown): { statusCode: number; code: string; message: string; details?: unknown } {
    if (error instanceof DomainError) {
      return { statusCode: ERROR_STATUS[error.code], code: error.code, message: error.message, details: error.details };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const response = error.getResponse();
      const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? error.message);
      const found = frameworkCondition(error, status);
      return {
        statusCode: status,
        code: httpCode(status),
        message: Array.isArray(message) ? message.join('; ') : String(message),
        ...(found ? { details: { conditions: [found] } } : {}),
      };
    }
    // Fastify's own errors (body too large, malformed JSON) carry their status code.
    const statusCode = (error as { statusCode?: number })?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      const found = frameworkCondition(error, statusCode);
      return { statusCode, code: httpCode(statusCode), message: (error as Error).message, ...(found ? { details: { conditions: [found] } } : {}) };
    }
    return { statusCode: 500, code: 'INTERNAL', message: 'Internal error' };
  }
}

/** A refusal says why in both languages, this one too (a pasted file far too large, say). */
/** The route pattern (`/api/cases/:id`), so the log groups probes of many ids under one name. */
function routeOf(request: FastifyRequest): string | undefined {
  return (request as { routeOptions?: { url?: string } }).routeOptions?.url;
}

function httpCode(status: number): string {
  if (status === 400) return 'REQUEST.INVALID';
  if (status === 401) return 'AUTH.UNAUTHENTICATED';
  if (status === 403) return 'AUTH.FORBIDDEN';
  if (status === 404) return 'REQUEST.NOT_FOUND';
  if (status === 413) return 'REQUEST.TOO_LARGE';
  if (status === 429) return 'REQUEST.TOO_MANY';
  return `HTTP.${status}`;
}
