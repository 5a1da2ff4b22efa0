// @ts-check
import { lang, t } from './i18n.js';

/** Dates and times are shown in China time (the service counts deadlines to the end of the day there). */
const TIME_ZONE = 'Asia/Shanghai';

const locale = () => (lang() === 'zh' ? 'zh-CN' : 'en-GB');

export function dateTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return new Intl.DateTimeFormat(locale(), {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(date);
}

export function dateOnly(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return new Intl.DateTimeFormat(locale(), { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
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
