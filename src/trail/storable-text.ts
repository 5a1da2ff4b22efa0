/**
 * Text that the security log takes from a request it refuses (a user name, a path) may be anything
 * a client sent. Before it is hashed and stored it is made storable: cut to the column's length
 * without splitting a surrogate pair, lone surrogates and NUL replaced by U+FFFD. The entry then
 * holds exactly what was hashed, so a refused login can never make the chain look tampered.
 */
export function storableText(text: string, max = Number.POSITIVE_INFINITY): string {
  let cut = text.length > max ? text.slice(0, max) : text;
  const last = cut.charCodeAt(cut.length - 1);
  if (cut.length < text.length && last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  // eslint-disable-next-line no-control-regex -- the NUL character is what no database stores in text
  return cut.toWellFormed().replace(/\u0000/g, '\uFFFD');
}

/** A JSON value with every string in it (keys too) made storable. */
export function storableValue(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(storableValue);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [storableText(key), storableValue(inner)]));
}
