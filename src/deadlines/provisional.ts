/**
 * A due date counted Monday to Friday for a year whose holiday schedule is not loaded yet is
 * provisional (domain.md §4): it says so wherever it appears and is recomputed when the year arrives.
 */

/** Provisional years as the columns keep them: `2027` or `2027,2028`; null when none. */
export function provisionalText(years: readonly number[]): string | null {
  return years.length > 0 ? years.join(',') : null;
}

export function provisionalList(text: string | null): number[] {
  return text ? text.split(',').map(Number) : [];
}

/** Why a due date is provisional, in both languages, as the pages and notices say it. */
export function provisionalReason(years: readonly number[]): { zh: string; en: string } {
  const zh = years.map((year) => `${year}年`).join('、');
  const en = years.join(' and ');
  return {
    zh: `暂按周一至周五计算，待公布${zh}节假日安排后自动重算`,
    en: `Counted Monday to Friday for now; recomputed automatically once the ${en} public holiday schedule is published`,
  };
}

/** The provisional mark of a deadline or a notice, as the API shows it. */
export function provisionalOf(years: string | null): { provisional: boolean; provisionalYears?: number[]; provisionalReason?: { zh: string; en: string } } {
  const list = provisionalList(years);
  return list.length > 0 ? { provisional: true, provisionalYears: list, provisionalReason: provisionalReason(list) } : { provisional: false };
}
