// @ts-check
import { h, replace } from './dom.js';
import { lang, setLang, t } from './i18n.js';
import { navigate } from './router.js';
import { roleName } from './format.js';
import {
  getUser,
  hasAnyRole,
  isAuditor,
  isOrgDeptOnly,
  isResultsReader,
  isStaff,
  isStatsReader,
  isSysAdmin,
  keepsAccounts,
  logout,
  PARTY_ROLES,
  rolesOf,
  seesApprovals,
} from './session.js';
import { renderCalendarBanner } from './components/calendar-banner.js';
import { unreadReminders } from './components/reminders-badge.js';
import { renderTrainingBanner } from './components/training-banner.js';

/** The header: where one can go with one's roles, who is signed in, language and logout. */
export function renderHeader() {
  const header = document.getElementById('app-header');
  const user = getUser();
  const current = location.pathname;
  const link = (href, key) => h('a', { href, 'data-link': true, class: 'nav-link', 'aria-current': current.startsWith(href) ? 'page' : undefined }, t(key));
  const nav = user
    ? h(
        'nav',
        { class: 'main-nav', 'aria-label': t('nav.label') },
        isOrgDeptOnly(user) && link('/app/results', 'nav.results'),
        isStaff(user) && link('/app/queue', 'nav.queue'),
        hasAnyRole(user, PARTY_ROLES) && link('/app/my', 'nav.myCases'),
        isAuditor(user) && link('/app/audit', 'nav.audit'),
        isStatsReader(user) && link('/app/stats', 'nav.stats'),
        hasAnyRole(user, ['leader']) && link('/app/reveals', 'nav.pendingReveals'),
        hasAnyRole(user, ['leader']) && link('/app/assign', 'nav.assign'),
        isResultsReader(user) && !isOrgDeptOnly(user) && link('/app/results', 'nav.results'),
        isSysAdmin(user) && link('/app/admin/calendar', 'nav.calendar'),
        receivesReminders(user) && remindersLink(current),
        isSysAdmin(user) && link('/app/admin/catalogues', 'nav.catalogues'),
        isSysAdmin(user) && link('/app/admin/directory-import', 'nav.directoryImport'),
        hasAnyRole(user, ['officer']) && link('/app/backlog-import', 'nav.backlogImport'),
        isSysAdmin(user) && link('/app/admin/time-limits', 'nav.timeLimits'),
        isSysAdmin(user) && link('/app/admin/document-templates', 'nav.documentTemplates'),
        keepsAccounts(user) && link('/app/admin/accounts', 'nav.accounts'),
        seesApprovals(user) && link('/app/admin/approvals', 'nav.approvals'),
        hasAnyRole(user, ['auditAdmin']) && link('/app/admin/integrity', 'nav.integrity'),
      )
    : null;
  const langButton = h(
    'button',
    {
      type: 'button',
      class: 'button-quiet lang-switch',
      lang: lang() === 'zh' ? 'en' : 'zh-CN',
      'aria-label': t('lang.switchLabel'),
      onClick: () => setLang(lang() === 'zh' ? 'en' : 'zh'),
    },
    t('lang.other'),
  );
  const who = user
    ? h(
        'div',
        { class: 'who' },
        h('span', { class: 'who-name', 'data-testid': 'user-name' }, user.displayName),
        h('span', { class: 'who-roles', 'data-testid': 'user-roles' }, rolesBeside(user)),
        h('a', { href: '/app/password', 'data-link': true, class: 'nav-link who-password', 'data-testid': 'change-password' }, t('nav.password')),
        h(
          'button',
          {
            type: 'button',
            class: 'button-quiet',
            'data-testid': 'logout',
            onClick: async () => {
              await logout();
              await navigate('/app/login', { replace: true });
            },
          },
          t('nav.logout'),
        ),
      )
    : null;
  replace(
    header,
    h('a', { href: '/', 'data-link': true, class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), t('app.title')),
    nav,
    h('div', { class: 'header-tools' }, who, langButton),
  );
  document.getElementById('skip-link').textContent = t('nav.skip');
  renderCalendarBanner(user);
  renderTrainingBanner();
}

/**
 * The roles beside the name, in the language's list form; a role the name already states (an
 * initial administrator's account is named 系统管理员) is not repeated.
 */
function rolesBeside(user) {
  return rolesOf(user)
    .map(roleName)
    .filter((name) => !String(user.displayName ?? '').includes(name))
    .join(t('list.separator'));
}

/** Staff and parties get notices; auditors and administrators none. */
const receivesReminders = (user) => isStaff(user) || hasAnyRole(user, PARTY_ROLES);

/** 待办提醒, with the number of unread reminders filled in when it arrives. */
function remindersLink(current) {
  const badge = h('span', { class: 'nav-badge', 'data-testid': 'reminders-badge', hidden: true });
  const link = h(
    'a',
    {
      href: '/app/reminders',
      'data-link': true,
      class: 'nav-link nav-reminders',
      'data-testid': 'reminders-link',
      'aria-current': current.startsWith('/app/reminders') ? 'page' : undefined,
    },
    t('nav.reminders'),
    badge,
  );
  unreadReminders().then((count) => {
    badge.hidden = count === 0;
    badge.textContent = count > 99 ? '99+' : String(count);
    badge.dataset.count = String(count);
    link.setAttribute('aria-label', count > 0 ? t('reminders.linkLabel', { count }) : t('nav.reminders'));
  });
  return link;
}
