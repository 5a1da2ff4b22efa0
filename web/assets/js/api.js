// @ts-check
import { getToken } from './session-store.js';

/** An answer other than 2xx: the API's `{statusCode, code, message, details}`. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.code ?? (status === 0 ? 'NETWORK' : `HTTP.${status}`);
    this.details = body?.details ?? {};
    this.body = body;
  }
}

/** @type {(error: ApiError) => void} */
let unauthorizedHandler = () => {};
/** What to do when the token stopped working (expired, logged out elsewhere): back to login. */
export const onUnauthorized = (handler) => {
  unauthorizedHandler = handler;
};

/**
 * Calls the API with the session's bearer token. JSON in, JSON out; `raw: true` hands back the
 * Response of a successful call (the NDJSON export).
 * @param {string} path
 * @param {{ method?: string, body?: unknown, headers?: Record<string, string>, raw?: boolean }} [options]
 */
export async function api(path, { method = 'GET', body, headers = {}, raw = false } = {}) {
  const token = getToken();
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new ApiError(0, { code: 'NETWORK', message: 'network error' });
  }
  if (raw && response.ok) return response;
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = new ApiError(response.status, data);
    // A wrong current password (changing one's password) is a 401 too, but the session stands.
    if (response.status === 401 && token && error.code !== 'AUTH.INVALID_CREDENTIALS') unauthorizedHandler(error);
    throw error;
  }
  return data;
}

/** A query string from the set values of an object. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '' && value !== false) search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * An Idempotency-Key: random, from crypto.getRandomValues, which (unlike randomUUID) also works
 * when the service is reached over plain HTTP on a LAN address.
 */
export function newIdempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A short digest of what a form sends, appended to the form's key: the same content retried
 * replays the first answer, while corrected content after a refusal is a new request.
 */
export function contentHash(text) {
  let value = 0;
  for (let i = 0; i < text.length; i += 1) value = (Math.imul(31, value) + text.charCodeAt(i)) | 0;
  return (value >>> 0).toString(16);
}
