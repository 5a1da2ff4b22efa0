import { pinyin } from 'pinyin-pro';

/**
 * The pinyin initials of a Chinese name (张明 → zm; 济南市纪委监委 → jnsjwjw), for the pickers'
 * search (issue 18 §1). pinyin-pro reads a surname in its surname reading (单 → s, 曾 → z); a
 * character that is not Chinese is kept as it is (letters lower-cased), spaces dropped. Stored in
 * the rows' `search_text`, so a plain LIKE finds it on SQLite and PostgreSQL alike.
 */
export function initialsOf(name: string, { personal = false } = {}): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', ...(personal ? { surname: 'head' as const } : {}) })
    .join('')
    .replace(/\s+/g, '')
    .toLowerCase();
}

/** What the pickers search for an entry: its name as typed, its initials (computed, and any given), lower-cased. */
export function searchTextOf(name: string, options: { initials?: string; personal?: boolean } = {}): string {
  const computed = initialsOf(name, { personal: options.personal });
  const given = options.initials?.trim().toLowerCase();
  return [name, computed, ...(given && given !== computed ? [given] : [])].join(' ').trim().toLowerCase().slice(0, 300);
}
