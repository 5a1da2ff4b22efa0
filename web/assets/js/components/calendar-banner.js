// @ts-check
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { lang, t } from '../i18n.js';
import { isSysAdmin } from '../session.js';

/**
 * The banner the system administrator sees on every page while the holiday schedule of a year
 * deadlines need is not loaded (from 1 November for the next year). It reads `GET /api/health`,
 * which says so from memory, at most once a minute.
 */
const FRESH_MS = 60_000;
let cached = null;

export async function renderCalendarBanner(user, { force = false } = {}) {
  const banner = document.getElementById('app-banner');
  if (!banner) return;
  if (!user || !isSysAdmin(user)) {
    banner.hidden = true;
    return;
  }
  try {
    if (force || !cached || Date.now() - cached.at > FRESH_MS) cached = { at: Date.now(), health: await api('/api/health') };
  } catch {
    return; // The banner is a courtesy: the calendar page says the same from its own status.
  }
  const warning = cached.health?.calendar;
  banner.hidden = !warning;
  if (!warning) return replace(banner);
  const onCalendarPage = location.pathname === '/app/admin/calendar';
  replace(
    banner,
    h('span', { 'data-testid': 'calendar-banner', 'data-year': warning.year }, lang() === 'en' ? warning.en : warning.zh),
    onCalendarPage ? null : [' ', h('a', { href: '/app/admin/calendar', 'data-link': true }, t('calendar.bannerLink'))],
  );
}
