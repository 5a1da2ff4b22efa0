import { condition, DomainError } from '../common/domain-error';

/** Visible ASCII, as HTTP header values are written; the column holds 200 characters. */
const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * An Idempotency-Key is stored with the first answer: one the column cannot hold (PostgreSQL
 * refuses more than 200 characters, so a valid step was a 500 there) is refused before the step.
 */
export function assertIdempotencyKey(key: string | undefined): void {
  if (key === undefined || KEY.test(key)) return;
  const en = 'Idempotency-Key: 1 to 200 visible ASCII characters (a UUID is usual)';
  throw new DomainError('REQUEST.INVALID', en, {
    fields: [{ field: 'Idempotency-Key', messages: [en] }],
    conditions: [condition('input.idempotencyKey', '请求头 Idempotency-Key 应为 1 至 200 个可见的 ASCII 字符（通常用 UUID）', en, 'Idempotency-Key')],
  });
}
