import { textProblem } from '../common/input-integrity';

/**
 * A serialisation that gives one string per value whatever the key order, so that a hash computed
 * today is recomputed identically by an auditor's verification tomorrow or on another database.
 *
 * It is the one encoding every hashed value goes through, and it takes only what both databases
 * store and give back unchanged: a string that is not well-formed Unicode (a lone surrogate) or
 * holds a NUL character is refused with an error, never hashed. The edge refuses such input with
 * a 400 first (src/common/request-edge.ts); text the service takes from refused requests for its
 * security log is made storable before it gets here (storable-text.ts).
 */
export function canonicalJson(value: unknown): string {
  return encode(value, true);
}

/**
 * The same encoding without the check, for verification only: an entry is recomputed from what
 * the database gives back, whatever that holds, and so an entry written before the check (SQLite
 * stores a NUL) still verifies under the rule it was written with.
 */
export function canonicalJsonOfStored(value: unknown): string {
  return encode(value, false);
}

function encode(value: unknown, strict: boolean): string {
  if (value instanceof CanonicalText) return value.text;
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite numbers cannot be hashed');
    if (strict && typeof value === 'string') assertStorable(value);
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) return `[${value.map((item) => encode(item, strict)).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => {
      if (strict) assertStorable(key);
      return `${JSON.stringify(key)}:${encode((value as Record<string, unknown>)[key], strict)}`;
    });
  return `{${entries.join(',')}}`;
}

function assertStorable(text: string): void {
  const problem = textProblem(text);
  if (problem === 'notWellFormed')
    throw new Error('text that is not well-formed Unicode (a lone surrogate) cannot be hashed: it would not read back as written');
  if (problem === 'nul') throw new Error('text holding a NUL character cannot be hashed: PostgreSQL cannot store it');
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
