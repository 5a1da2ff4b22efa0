import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { Clock } from './clock';
import { condition, DomainError, ERROR_STATUS } from './domain-error';
import { RefusalRecorder, type RefusedRequest } from './refusal-recorder';
import { frameworkCondition } from './request-edge';
import { retryAfterSeconds } from './retry-after';

/** Refusals an auditor must be able to see (probing, wrong role, recusal, bad tokens, lockouts). */
const LOGGED_STATUSES = new Set([401, 403, 404]);

/** Turns every error into `{statusCode, code, message, details, correlationId}`. */
@Catch()
@Injectable()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(
    private readonly refusals: RefusalRecorder,
    private readonly clock: Clock,
  ) {}

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<RefusedRequest>();
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
          ? condition(
              'auth.locked',
              `登录失败次数过多，账户已暂时锁定，请在 ${seconds} 秒后再试`,
              `Too many failed logins; the account is locked, retry after ${seconds} seconds`,
            )
          : condition('request.retryLater', `请求过于频繁，请在 ${seconds} 秒后再试`, `Too many requests; retry after ${seconds} seconds`),
      ],
    };
  }

  /**
   * Every authorization refusal on the API is handed to the trail (the `security` chain). Refusals
   * the case engine already wrote onto a case's own chain are not written twice, and rate-limited
   * requests are not written at all (logging them would let a flood fill the trail).
   */
  private async recordRefusal(error: unknown, body: { statusCode: number; code: string }, request: RefusedRequest, correlationId: string): Promise<void> {
    if (!LOGGED_STATUSES.has(body.statusCode) && body.code !== 'AUTH.LOCKED') return;
    if (error instanceof DomainError && error.recorded) return;
    if (!(request.url ?? '').split('?')[0].startsWith('/api/')) return;
    try {
      await this.refusals.record(request, { code: body.code, correlationId });
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
        // Nest's messages are text or a list of texts; anything else is printed as JavaScript prints it.
        // eslint-disable-next-line @typescript-eslint/no-base-to-string
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

function httpCode(status: number): string {
  if (status === 400) return 'REQUEST.INVALID';
  if (status === 401) return 'AUTH.UNAUTHENTICATED';
  if (status === 403) return 'AUTH.FORBIDDEN';
  if (status === 404) return 'REQUEST.NOT_FOUND';
  if (status === 413) return 'REQUEST.TOO_LARGE';
  if (status === 429) return 'REQUEST.TOO_MANY';
  return `HTTP.${status}`;
}
