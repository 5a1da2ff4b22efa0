import { isEnvelope, type SealedBox, type SealedEnvelope } from './sealed-box';

/** What a case context holds under `sealed` once stored: the ciphertext of the protected part. */
export const SEALED_KEY = '$sealed';

interface ProtectedPart {
  sealed: Record<string, unknown>;
  accuserUserId?: string;
}

type Context = Record<string, unknown> & { sealed?: unknown; parties?: Record<string, unknown> };

/** The associated data of a case's sealed part: its ciphertext opens only on its own case. */
export const caseAssociatedData = (caseId: string) => `case:${caseId}`;

/**
 * The context as stored in `cases.context`: the machine's sealed values (reporter's or accuser's
 * name, contact, account) and the accuser's account id in `parties` leave as one ciphertext under
 * `sealed.$sealed`; the rest stays readable for views, lists and deadlines. A context with nothing
 * to protect is stored as it is.
 */
export function storedContextOf(box: SealedBox, caseId: string, context: Context, pseudonym?: string): Context {
  const sealed = (context.sealed ?? {}) as Record<string, unknown>;
  const { accuserUserId, ...parties } = context.parties ?? {};
  if (isSealedForm(sealed)) return context;
  const hasSealed = Object.keys(sealed).length > 0;
  if (!hasSealed && accuserUserId === undefined) return context;
  const part: ProtectedPart = { sealed, ...(typeof accuserUserId === 'string' ? { accuserUserId } : {}) };
  const { sealed: _sealed, parties: _parties, ...record } = context;
  // Where the machine stamped the protected person as who acted (`by`), the record keeps the pseudonym.
  const scrubbed = typeof accuserUserId === 'string' && pseudonym ? (replaceExactly(record, accuserUserId, pseudonym) as Context) : record;
  return { ...scrubbed, parties, sealed: { [SEALED_KEY]: box.sealJson(part, caseAssociatedData(caseId)) } };
}

/** Every string equal to `value` replaced, in a JSON value; nothing else touched. */
function replaceExactly(json: unknown, value: string, by: string): unknown {
  if (json === value) return by;
  if (Array.isArray(json)) return json.map((item) => replaceExactly(item, value, by));
  if (json && typeof json === 'object') return Object.fromEntries(Object.entries(json).map(([key, item]) => [key, replaceExactly(item, value, by)]));
  return json;
}

/** The context the machine works on: the stored one with its protected part decrypted and put back. */
export function machineContextOf(box: SealedBox, caseId: string, stored: Context): Context {
  const sealed = stored.sealed as Record<string, unknown> | undefined;
  if (!sealed || !isSealedForm(sealed)) return stored;
  const part = box.openJson<ProtectedPart>(sealed[SEALED_KEY] as SealedEnvelope, caseAssociatedData(caseId));
  const parties = { ...(stored.parties ?? {}), ...(part.accuserUserId !== undefined ? { accuserUserId: part.accuserUserId } : {}) };
  return { ...stored, parties, sealed: part.sealed };
}

/** The sealed values alone (for a granted reveal). */
export function sealedValuesOf(box: SealedBox, caseId: string, stored: Context): Record<string, unknown> {
  return (machineContextOf(box, caseId, stored).sealed as Record<string, unknown> | undefined) ?? {};
}

export function isSealedForm(sealed: unknown): boolean {
  return typeof sealed === 'object' && sealed !== null && isEnvelope((sealed as Record<string, unknown>)[SEALED_KEY]);
}

/** A context written before sealing at rest: sealed values or an accuser's id in plain text. */
export function holdsPlaintext(stored: Context): boolean {
  const sealed = (stored.sealed ?? {}) as Record<string, unknown>;
  if (!isSealedForm(sealed) && Object.keys(sealed).length > 0) return true;
  return typeof stored.parties?.accuserUserId === 'string';
}

/** The key id a stored context's sealed part is encrypted under, if any. */
export function keyIdOfContext(stored: Context): string | undefined {
  const sealed = stored.sealed as Record<string, unknown> | undefined;
  return sealed && isSealedForm(sealed) ? (sealed[SEALED_KEY] as SealedEnvelope).kid : undefined;
}
