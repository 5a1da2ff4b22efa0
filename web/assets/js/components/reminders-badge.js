import { api } from '../api.js';

/**
 * The header's count of unread reminders (GET /api/notifications/summary), read at most every
 * 20 seconds while pages change, and at once after the reminders page marked some read.
 */
const FRESH_MS = 20_000;
let cached = null;

export async function unreadReminders({ force = false } = {}) {
  if (!force && cached && Date.now() - cached.at < FRESH_MS) return cached.unread;
  try {
    const { unread } = await api('/api/notifications/summary');
    cached = { at: Date.now(), unread };
    return unread;
  } catch {
    // The badge is a courtesy: the reminders page says the same from its own list.
    return cached?.unread ?? 0;
  }
}

/** After marking read, the next header render asks again. */
export function forgetUnreadCount() {
  cached = null;
}
