/**
 * A serialisation that gives one string per value whatever the key order, so that a hash computed
 * today is recomputed identically by an auditor's verification tomorrow or on another database.
 */
export function canonicalJson(value: unknown): string {
  if (value instanceof CanonicalText) return value.text;
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite numbers cannot be hashed');
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

/**
 * A value already in canonical form, taken as it is: a stored entry's data was written as
 * `canonicalJson` text, so verification hashes that text instead of parsing and re-serialising it.
 * Text that is not canonical (altered in the database, even to equivalent JSON) then no longer
 * gives the recorded hash, which is what verification is for.
 */
export class CanonicalText {
  constructor(readonly text: string) {}
}
