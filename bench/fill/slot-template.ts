/**
 * A text with holes: built once from a real serialisation in which placeholder values stand where
 * per-case values go, then rendered millions of times by concatenation. Rendering must give the
 * very string the real serialiser would have produced with the real values, which holds because
 * every placeholder is a whole JSON string token and every value is plain ASCII that JSON writes
 * without escapes (ids, ISO times, hex hashes). `assertPlainValue` keeps it so.
 */
export interface SlotTemplate {
  parts: string[];
  slots: number[];
}

/** Where a placeholder (the text inside a JSON string token) is to be replaced by slot `slot`. */
export interface Placeholder {
  text: string;
  slot: number;
}

export function compileTemplate(serialised: string, placeholders: Placeholder[]): SlotTemplate {
  const hits: Array<{ at: number; length: number; slot: number }> = [];
  for (const { text, slot } of placeholders) {
    const token = `"${text}"`;
    for (let at = serialised.indexOf(token); at >= 0; at = serialised.indexOf(token, at + token.length)) {
      hits.push({ at: at + 1, length: text.length, slot });
    }
  }
  hits.sort((a, b) => a.at - b.at);
  const parts: string[] = [];
  const slots: number[] = [];
  let from = 0;
  for (const hit of hits) {
    parts.push(serialised.slice(from, hit.at));
    slots.push(hit.slot);
    from = hit.at + hit.length;
  }
  parts.push(serialised.slice(from));
  return { parts, slots };
}

export function renderTemplate(template: SlotTemplate, values: readonly string[]): string {
  const { parts, slots } = template;
  let text = parts[0];
  for (let i = 0; i < slots.length; i += 1) text += values[slots[i]] + parts[i + 1];
  return text;
}

const PLAIN = /^[\w.:+-]*$/;

export function assertPlainValue(value: string): string {
  if (!PLAIN.test(value)) throw new Error(`template values must be plain ASCII ids or times, not ${JSON.stringify(value)}`);
  return value;
}
