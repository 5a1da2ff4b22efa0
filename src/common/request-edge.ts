import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { condition, DomainError, type RefusalCondition } from './domain-error';
import { findInputProblem, inputRefusal } from './input-integrity';

/**
 * The edge of the service: what a request carries is checked before any guard, pipe or service
 * sees it. A JSON body must be UTF-8, valid JSON, nest at most MAX_JSON_DEPTH levels, and hold only
 * text a database stores unchanged; query strings and path parameters likewise. Every refusal is
 * a 400 naming the value, in both languages. Only JSON bodies are taken (the API and its pages
 * speak nothing else): another content type is 415.
 */
export function guardRequestInput(app: NestFastifyApplication, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  // Fastify takes text/plain bodies by default: a route without a body would then act on one.
  fastify.removeContentTypeParser('text/plain');
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  app.useBodyParser('application/json', { bodyLimit }, (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      return done(bodyRefusal('input.notUtf8', '请求内容不是有效的 UTF-8 编码', 'The body is not valid UTF-8'), undefined);
    }
    void parseJson(request as FastifyRequest, text, (error: Error | null, value: unknown) => {
      if (error) {
        const empty = (error as { code?: string }).code === 'FST_ERR_CTP_EMPTY_JSON_BODY';
        return done(
          empty
            ? bodyRefusal('input.emptyJson', '请求内容为空，应为 JSON', 'The body is empty; JSON was expected')
            : bodyRefusal('input.invalidJson', '请求内容不是有效的 JSON', 'The body is not valid JSON'),
          undefined,
        );
      }
      const problem = findInputProblem(value, 'body');
      if (problem) return done(inputRefusal(problem), undefined);
      done(null, value);
    });
  });
  // The one exception: the C2SP witness protocol (issue 22 §4, POST /api/witness/add-checkpoint)
  // speaks text/plain. Taken on that route only; anywhere else it is the 415 it always was.
  app.useBodyParser('text/plain', { bodyLimit }, (request, body, done) => {
    if (!(request.url ?? '').startsWith(TEXT_BODY_ROUTE)) {
      return done(Object.assign(new Error('Unsupported Media Type'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }), undefined);
    }
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      return done(bodyRefusal('input.notUtf8', '请求内容不是有效的 UTF-8 编码', 'The body is not valid UTF-8'), undefined);
    }
    const problem = findInputProblem(text, 'body');
    done(problem ? inputRefusal(problem) : null, problem ? undefined : text);
  });
  fastify.addHook('preValidation', (request, _reply, done) => {
    const problem = findInputProblem(request.params ?? {}, 'path') ?? findInputProblem(request.query ?? {}, 'query');
    done(problem ? inputRefusal(problem) : undefined);
  });
}

const TEXT_BODY_ROUTE = '/api/witness/';

function bodyRefusal(code: string, zh: string, en: string): DomainError {
  return new DomainError('REQUEST.INVALID', en, { fields: [{ field: '(body)', messages: [en] }], conditions: [condition(code, zh, en)] });
}

/** Conditions for the refusals Fastify itself makes before any of the service's code runs. */
const FRAMEWORK_CONDITIONS: Record<string, RefusalCondition> = {
  FST_ERR_CTP_BODY_TOO_LARGE: condition(
    'REQUEST.TOO_LARGE',
    '提交的内容超过 256 KB 上限，未作任何处理，请删减后重新提交。',
    'The request is larger than the 256 KiB limit; nothing was done. Shorten it and send it again.',
  ),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: condition(
    'input.mediaType',
    '请求内容应为 JSON（Content-Type: application/json）',
    'The body must be JSON (Content-Type: application/json)',
  ),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: condition('input.contentLength', '请求内容的长度与 Content-Length 不符', 'The body does not match its Content-Length'),
  FST_ERR_CTP_EMPTY_JSON_BODY: condition('input.emptyJson', '请求内容为空，应为 JSON', 'The body is empty; JSON was expected'),
  FST_ERR_CTP_INVALID_JSON_BODY: condition('input.invalidJson', '请求内容不是有效的 JSON', 'The body is not valid JSON'),
  FST_ERR_BAD_URL: condition('input.badUrl', '请求地址含有无效的百分号编码', 'The address holds an invalid percent-encoding'),
  FST_ERR_MAX_PARAM_LENGTH: condition('input.paramTooLong', '请求地址中的参数过长', 'A parameter in the address is too long'),
};

const BY_STATUS: Record<number, RefusalCondition> = {
  413: FRAMEWORK_CONDITIONS.FST_ERR_CTP_BODY_TOO_LARGE,
  414: FRAMEWORK_CONDITIONS.FST_ERR_MAX_PARAM_LENGTH,
  415: FRAMEWORK_CONDITIONS.FST_ERR_CTP_INVALID_MEDIA_TYPE,
};

/**
 * The unmet condition of a refusal Fastify made (body too large, wrong content type…), if it is
 * one. Nest hands such errors on as an HttpException with Fastify's status and message only.
 */
export function frameworkCondition(error: unknown, statusCode?: number): RefusalCondition | undefined {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && FRAMEWORK_CONDITIONS[code]) return FRAMEWORK_CONDITIONS[code];
  if (statusCode !== undefined && BY_STATUS[statusCode]) return BY_STATUS[statusCode];
  const message = (error as Error)?.message ?? '';
  if (statusCode === 400 && /Content-Length/.test(message)) return FRAMEWORK_CONDITIONS.FST_ERR_CTP_INVALID_CONTENT_LENGTH;
  // Nest's ParseUUIDPipe, on the ids in addresses (cases, reveal and approval requests).
  if (statusCode === 400 && /uuid is expected/.test(message))
    return condition('input.uuid', '地址中的编号应为 UUID 格式', 'The id in the address must be a UUID');
  return undefined;
}

/**
 * Fastify answers a malformed address (`/api/admin/users/%FF`) before routing, so before the
 * service's hooks and error filter: this gives that answer the service's own shape and headers.
 */
export function frameworkErrorHandler(headers: () => Record<string, string>) {
  return (error: Error & { statusCode?: number }, _request: FastifyRequest, reply: FastifyReply): void => {
    const statusCode = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
    const found = frameworkCondition(error);
    void reply
      .headers(headers())
      .status(statusCode)
      .send({
        statusCode,
        code: 'REQUEST.INVALID',
        message: found?.en ?? 'The address is not valid',
        details: { conditions: found ? [found] : [] },
        correlationId: randomUUID(),
      });
  };
}
