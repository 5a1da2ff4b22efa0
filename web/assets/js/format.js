// @ts-check
import { lang, t } from './i18n.js';

/** Dates and times are shown in China time (the service counts deadlines to the end of the day there). */
const TIME_ZONE = 'Asia/Shanghai';

/**
 * Chinese dates read 2026/12/07; English ones spell the month (7 Dec 2026), since 07/12/2026 reads
 * as July to some and December to others (issue 23 §17).
 */
const DATE = { zh: { year: 'numeric', month: '2-digit', day: '2-digit' }, en: { year: 'numeric', month: 'short', day: 'numeric' } };

const format = (options) => new Intl.DateTimeFormat(lang() === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: TIME_ZONE, ...options });

export function dateTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return format({ ...DATE[lang()], hour: '2-digit', minute: '2-digit', hour12: false }).format(date);
}

export function dateOnly(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return format(DATE[lang()]).format(date);
}

/** `YYYY-MM-DD` in China time: the start of that day, as the ISO instant the API compares with. */
export const chinaDayStart = (day) => new Date(`${day}T00:00:00+08:00`).toISOString();
export const chinaDayEnd = (day) => new Date(new Date(`${day}T00:00:00+08:00`).getTime() + 24 * 3600 * 1000).toISOString();

export const roleName = (role) => t(`role.${role}`);

/** Case ids are UUIDs; people read the first block, the page keeps the whole. */
export const shortId = (id) => (id ? String(id).slice(0, 8) : '');

/**
 * How a case is named to people: its number (案件编号, e.g. 济纪容〔2026〕3号), or the start of its
 * id for a case without one.
 * @param {{ id: string, caseNo?: string | null }} item
 */
export const caseRef = (item) => item.caseNo || `#${shortId(item.id)}`;

export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
