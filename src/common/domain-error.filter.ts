import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { DomainError, ERROR_STATUS } from './domain-error';

/** Turns every error into `{statusCode, code, message, details, correlationId}`. */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const correlationId = randomUUID();
    const body = this.describe(error);
    if (body.statusCode >= 500) {
      this.logger.error(`${correlationId} ${error instanceof Error ? error.stack : String(error)}`);
    }
    void reply.status(body.statusCode).send({ ...body, correlationId });
  }

  private describe(error: unknown): { statusCode: number; code: string; message: string; details?: unknown } {
    if (error instanceof DomainError) {
      return { statusCode: ERROR_STATUS[error.code], code: error.code, message: error.message, details: error.details };
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const response = error.getResponse();
      const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? error.message);
      return { statusCode: status, code: httpCode(status), message: Array.isArray(message) ? message.join('; ') : String(message) };
    }
    // Fastify's own errors (body too large, malformed JSON) carry their status code.
    const statusCode = (error as { statusCode?: number })?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      return { statusCode, code: httpCode(statusCode), message: (error as Error).message };
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
