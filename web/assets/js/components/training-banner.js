import { h, replace } from '../dom.js';
import { lang, t } from '../i18n.js';
import { dateTime } from '../format.js';

/**
 * A training instance (培训环境: CLOCK_OFFSET or CLOCK_START) says so on every page, before and
 * after login, so nobody mistakes it for the real system. `GET /api/health` is public and tells;
 * the moved time is shown as the service's clock runs, read once per page load.
 */
let health = null;

export async function renderTrainingBanner() {
  const banner = document.getElementById('training-banner');
  if (!banner) return;
  if (!health) {
    try {
      const answer = await fetch('/api/health', { headers: { accept: 'application/json' } });
      health = { at: Date.now(), body: answer.ok ? await answer.json() : {} };
    } catch {
      return;
    }
  }
  const training = health.body?.training;
  banner.hidden = !training;
  if (!training) return replace(banner);
  const now = new Date(Date.parse(training.now) + (Date.now() - health.at)).toISOString();
  replace(
    banner,
    h('strong', { class: 'training-label', lang: lang() === 'zh' ? undefined : 'zh-CN' }, '培训环境'),
    ' ',
    h('span', { 'data-testid': 'training-banner', 'data-setting': training.clock }, t('training.banner', { setting: training.clock, now: dateTime(now) })),
  );
}
